//! The bounds on SDES input, so the work stays linear in its length.

/// The longest attribute accepted, in bytes, so parsing stays linear and bounded.
pub const MAX_LINE_LEN: usize = 4096;
/// The most key-params one attribute (or one `FEC_KEY`) may carry.
pub const MAX_KEY_PARAMS: usize = 16;
/// The most session parameters one attribute may carry.
pub const MAX_SESSION_PARAMS: usize = 16;
/// The most crypto lines an offer may carry.
pub const MAX_OFFER_LINES: usize = 32;
/// The largest tag: RFC 4568 section 9.1 allows 1 to 9 digits.
pub const MAX_TAG: u32 = 999_999_999;
/// The largest master key lifetime, in packets: 2^48, the SRTP limit of RFC 3711
/// section 9.2 (RFC 4568 section 6.1 forbids exceeding the suite's maximum).
pub const MAX_LIFETIME: u64 = 1 << 48;
