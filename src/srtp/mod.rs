//! SRTP and SRTCP (RFC 3711, RFC 6188, RFC 7714).
//!
//! A [`Session`] protects or unprotects packets for one direction of a media session with
//! one crypto [`Suite`]. It holds one stream per SSRC (created from the "any SSRC" template
//! on first use, or added explicitly), the master keys (several when MKIs are used) and the
//! session keys derived from them (RFC 3711 section 4.3).
//!
//! Packets are processed in place, libsrtp style: the caller's buffer has room for the
//! trailer ([`Session::rtp_overhead`], at most [`MAX_TRAILER_LEN`]). Received packets are
//! authenticated (in constant time) before anything is decrypted, and a stream's roll-over
//! counter, highest index and replay window move only when a packet authenticated.
//!
//! Header extension elements can be encrypted (RFC 6904) with the AES-CM suites, and CSRCs
//! with the whole extension block with cryptex (RFC 9335) with every suite. Not
//! implemented: RFC 6904 with the GCM suites and the `<From,To>` key lifetime of RFC 3711
//! section 8.1.1 (keys are chosen by MKI only).
#![forbid(unsafe_code)]

mod cryptex;
pub mod header_ext;
pub mod index;
pub mod kdf;
mod keys;
pub mod replay;
pub mod rtcp;
pub mod rtp;
pub mod session;
mod stream;
pub mod suite;

pub use session::{
    Direction, KeyUsage, Session, SessionConfig, SessionKeys, SsrcPolicy, DEFAULT_MAX_STREAMS,
    MAX_MKI_LEN, MAX_TRAILER_LEN,
};
pub use suite::Suite;

/// The most SRTP packets one master key may protect (RFC 3711 section 9.2: 2^48).
pub const SRTP_KEY_LIMIT: u64 = 1 << 48;
/// The most SRTCP packets one master key may protect (RFC 3711 section 9.2: 2^31).
pub const SRTCP_KEY_LIMIT: u64 = 1 << 31;

/// Why an SRTP operation failed. No variant carries key material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The packet failed authentication.
    Auth,
    /// The packet index was already received.
    Replay,
    /// The packet index is older than the replay window.
    ReplayOld,
    /// The packet's MKI names no master key of the session.
    UnknownMki,
    /// The master key (or the index space) is used up; re-key.
    KeyExhausted,
    /// The packet is too short or its header is malformed.
    BadPacket(&'static str),
    /// No stream for the SSRC and no template applies.
    NoStream,
    /// The session already holds its maximum number of streams.
    StreamLimit,
    /// The suite name is not one sipsec knows.
    UnknownSuite,
    /// The master key or salt has the wrong length.
    BadKey(&'static str),
    /// The packet or call contradicts the session policy.
    Policy(&'static str),
    /// The buffer is too small; `needed` octets are required.
    BufferTooSmall {
        /// The capacity the operation needs.
        needed: usize,
    },
    /// An argument is out of range.
    InvalidArgument(&'static str),
    /// The requested combination is not implemented.
    Unsupported(&'static str),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Auth => f.write_str("authentication failed"),
            Error::Replay => f.write_str("replayed packet"),
            Error::ReplayOld => f.write_str("packet older than the replay window"),
            Error::UnknownMki => f.write_str("the MKI names no master key"),
            Error::KeyExhausted => f.write_str("the master key is exhausted; re-key"),
            Error::BadPacket(why) | Error::BadKey(why) | Error::Policy(why) => f.write_str(why),
            Error::InvalidArgument(why) | Error::Unsupported(why) => f.write_str(why),
            Error::NoStream => f.write_str("no stream for this SSRC"),
            Error::StreamLimit => f.write_str("the session holds its maximum number of streams"),
            Error::UnknownSuite => f.write_str("unknown crypto suite"),
            Error::BufferTooSmall { needed } => {
                write!(f, "buffer too small: {needed} octets needed")
            }
        }
    }
}

impl std::error::Error for Error {}
