//! The status codes every exported function returns.

use super::boundary::boundary_value;
use std::ffi::c_char;

/// The outcome of a sipsec call. `SIPSEC_OK` is 0, so `if (status)` tests for failure.
///
/// The numbers are fixed and only ever appended to, grouped by area: 1-99 general,
/// 100-199 digest authentication, 200-299 SRTP, 300-399 SDES, 400-499 validation and guards.
/// In C the type is a 32-bit signed integer. After a failure, `sipsec_last_error_message()`
/// gives the detailed reason (which parameter, which check).
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum sipsec_status {
    /// Success.
    SIPSEC_OK = 0,
    /// A required pointer was NULL.
    SIPSEC_ERR_NULL_POINTER = 1,
    /// An argument is out of range or malformed.
    SIPSEC_ERR_INVALID_ARGUMENT = 2,
    /// The caller's output buffer is too small; the required length was written to the
    /// length out-parameter.
    SIPSEC_ERR_BUFFER_TOO_SMALL = 3,
    /// A text argument is not valid UTF-8.
    SIPSEC_ERR_INVALID_UTF8 = 4,
    /// An internal error was caught at the boundary (a bug in sipsec; please report it).
    /// The handle involved remains valid to free.
    SIPSEC_ERR_INTERNAL = 5,
    /// The requested feature or combination is not supported.
    SIPSEC_ERR_UNSUPPORTED = 6,
    /// A configured limit was reached (a table is full, an input is too large).
    SIPSEC_ERR_LIMIT = 7,
    /// The number given to `sipsec_status_str()` is not a sipsec status.
    SIPSEC_ERR_UNKNOWN_STATUS = 99,

    /// A digest header value could not be parsed; the message names the problem.
    SIPSEC_ERR_DIGEST_PARSE = 100,
    /// None of the challenges offers an algorithm and qop that sipsec can answer.
    SIPSEC_ERR_DIGEST_NO_USABLE_CHALLENGE = 101,
    /// The server keeps challenging without `stale=true`: the credentials were refused.
    SIPSEC_ERR_DIGEST_TOO_MANY_CHALLENGES = 102,
    /// The digest algorithm name is not one sipsec knows.
    SIPSEC_ERR_DIGEST_UNKNOWN_ALGORITHM = 103,
    /// An HA1 is not hex of the algorithm's digest length (32 digits for MD5, 64 for the
    /// SHA-2 algorithms).
    SIPSEC_ERR_DIGEST_BAD_HA1 = 104,

    /// An SRTP or SRTCP packet failed authentication.
    SIPSEC_ERR_SRTP_AUTH = 200,
    /// An SRTP or SRTCP packet was already received (replay).
    SIPSEC_ERR_SRTP_REPLAY = 201,
    /// An SRTP or SRTCP packet is older than the replay window.
    SIPSEC_ERR_SRTP_REPLAY_OLD = 202,
    /// A packet carries an MKI that matches no master key.
    SIPSEC_ERR_SRTP_UNKNOWN_MKI = 203,
    /// The master key has protected the maximum number of packets and must be replaced.
    SIPSEC_ERR_SRTP_KEY_EXHAUSTED = 204,
    /// The packet is too short or its header is malformed.
    SIPSEC_ERR_SRTP_BAD_PACKET = 205,
    /// No stream matches the packet's SSRC and no template applies.
    SIPSEC_ERR_SRTP_NO_STREAM = 206,
    /// The session already holds its configured maximum number of streams.
    SIPSEC_ERR_SRTP_STREAM_LIMIT = 207,
    /// The crypto suite name is not one sipsec knows.
    SIPSEC_ERR_SRTP_UNKNOWN_SUITE = 208,
    /// The master key or salt has the wrong length for the suite.
    SIPSEC_ERR_SRTP_BAD_KEY = 209,
    /// The packet contradicts the session policy (for example the SRTCP E flag).
    SIPSEC_ERR_SRTP_POLICY = 210,

    /// An `a=crypto` attribute could not be parsed; the message names the problem.
    SIPSEC_ERR_SDES_PARSE = 300,
    /// The `a=crypto` suite is not a registered one sipsec supports.
    SIPSEC_ERR_SDES_UNKNOWN_SUITE = 301,
    /// An `inline:` key does not decode to the suite's key and salt length.
    SIPSEC_ERR_SDES_BAD_KEY = 302,
    /// No crypto line of the offer is acceptable.
    SIPSEC_ERR_SDES_NO_ACCEPTABLE_OFFER = 303,
    /// The answer does not match the offer (not exactly one line, a tag never offered, or
    /// another suite or `UNENCRYPTED_*` setting than the offered line's).
    SIPSEC_ERR_SDES_BAD_ANSWER = 304,
    /// The `a=crypto` suite is registered but sipsec does not implement it
    /// (`F8_128_HMAC_SHA1_80`).
    SIPSEC_ERR_SDES_UNSUPPORTED_SUITE = 305,

    /// The input failed validation; the report or message lists the problems.
    SIPSEC_ERR_VALIDATION = 400,
    /// A Via header's `received`/`rport` contradict the packet's real source.
    SIPSEC_ERR_VIA_MISMATCH = 401,
    /// A validation report has no problem at the index asked for.
    SIPSEC_ERR_VALIDATION_NO_SUCH_PROBLEM = 410,
    /// A Via header value does not follow the via-parm grammar; the message names the byte
    /// offset and the problem.
    SIPSEC_ERR_VIA_MALFORMED = 440,
}

impl sipsec_status {
    /// A short static description of the status, for logs and error messages.
    pub fn describe(self) -> &'static str {
        let text = self.describe_c();
        &text[..text.len() - 1]
    }

    /// The description with a trailing NUL, so C can use it without a copy.
    fn describe_c(self) -> &'static str {
        use sipsec_status::*;
        match self {
            SIPSEC_OK => "success\0",
            SIPSEC_ERR_NULL_POINTER => "a required pointer was NULL\0",
            SIPSEC_ERR_INVALID_ARGUMENT => "invalid argument\0",
            SIPSEC_ERR_BUFFER_TOO_SMALL => "output buffer too small\0",
            SIPSEC_ERR_INVALID_UTF8 => "text is not valid UTF-8\0",
            SIPSEC_ERR_INTERNAL => "internal error\0",
            SIPSEC_ERR_UNSUPPORTED => "not supported\0",
            SIPSEC_ERR_LIMIT => "limit reached\0",
            SIPSEC_ERR_UNKNOWN_STATUS => "unknown status code\0",
            SIPSEC_ERR_DIGEST_PARSE => "malformed digest header value\0",
            SIPSEC_ERR_DIGEST_NO_USABLE_CHALLENGE => "no usable digest challenge\0",
            SIPSEC_ERR_DIGEST_TOO_MANY_CHALLENGES => "credentials refused: repeated challenge\0",
            SIPSEC_ERR_DIGEST_UNKNOWN_ALGORITHM => "unknown digest algorithm\0",
            SIPSEC_ERR_DIGEST_BAD_HA1 => "HA1 is not hex of the digest length\0",
            SIPSEC_ERR_SRTP_AUTH => "SRTP authentication failed\0",
            SIPSEC_ERR_SRTP_REPLAY => "SRTP replay\0",
            SIPSEC_ERR_SRTP_REPLAY_OLD => "SRTP packet older than the replay window\0",
            SIPSEC_ERR_SRTP_UNKNOWN_MKI => "unknown SRTP MKI\0",
            SIPSEC_ERR_SRTP_KEY_EXHAUSTED => "SRTP master key exhausted\0",
            SIPSEC_ERR_SRTP_BAD_PACKET => "malformed SRTP or SRTCP packet\0",
            SIPSEC_ERR_SRTP_NO_STREAM => "no SRTP stream for this SSRC\0",
            SIPSEC_ERR_SRTP_STREAM_LIMIT => "SRTP stream limit reached\0",
            SIPSEC_ERR_SRTP_UNKNOWN_SUITE => "unknown SRTP crypto suite\0",
            SIPSEC_ERR_SRTP_BAD_KEY => "wrong SRTP master key or salt length\0",
            SIPSEC_ERR_SRTP_POLICY => "packet contradicts the SRTP policy\0",
            SIPSEC_ERR_SDES_PARSE => "malformed a=crypto attribute\0",
            SIPSEC_ERR_SDES_UNKNOWN_SUITE => "unknown SDES crypto suite\0",
            SIPSEC_ERR_SDES_BAD_KEY => "wrong SDES key length\0",
            SIPSEC_ERR_SDES_NO_ACCEPTABLE_OFFER => "no acceptable crypto line in the offer\0",
            SIPSEC_ERR_SDES_BAD_ANSWER => "crypto answer does not match the offer\0",
            SIPSEC_ERR_SDES_UNSUPPORTED_SUITE => "SDES crypto suite registered but not supported\0",
            SIPSEC_ERR_VALIDATION => "validation failed\0",
            SIPSEC_ERR_VIA_MISMATCH => "Via received/rport contradict the source\0",
            SIPSEC_ERR_VALIDATION_NO_SUCH_PROBLEM => "no problem at that index in the report\0",
            SIPSEC_ERR_VIA_MALFORMED => "malformed Via header value\0",
        }
    }

    /// The status with this number, or `None` when no status has it.
    pub fn from_code(code: i32) -> Option<Self> {
        ALL_STATUSES
            .iter()
            .copied()
            .find(|status| *status as i32 == code)
    }
}

/// Every status, in number order; used to map numbers back and by the tests.
pub const ALL_STATUSES: &[sipsec_status] = {
    use sipsec_status::*;
    &[
        SIPSEC_OK,
        SIPSEC_ERR_NULL_POINTER,
        SIPSEC_ERR_INVALID_ARGUMENT,
        SIPSEC_ERR_BUFFER_TOO_SMALL,
        SIPSEC_ERR_INVALID_UTF8,
        SIPSEC_ERR_INTERNAL,
        SIPSEC_ERR_UNSUPPORTED,
        SIPSEC_ERR_LIMIT,
        SIPSEC_ERR_UNKNOWN_STATUS,
        SIPSEC_ERR_DIGEST_PARSE,
        SIPSEC_ERR_DIGEST_NO_USABLE_CHALLENGE,
        SIPSEC_ERR_DIGEST_TOO_MANY_CHALLENGES,
        SIPSEC_ERR_DIGEST_UNKNOWN_ALGORITHM,
        SIPSEC_ERR_DIGEST_BAD_HA1,
        SIPSEC_ERR_SRTP_AUTH,
        SIPSEC_ERR_SRTP_REPLAY,
        SIPSEC_ERR_SRTP_REPLAY_OLD,
        SIPSEC_ERR_SRTP_UNKNOWN_MKI,
        SIPSEC_ERR_SRTP_KEY_EXHAUSTED,
        SIPSEC_ERR_SRTP_BAD_PACKET,
        SIPSEC_ERR_SRTP_NO_STREAM,
        SIPSEC_ERR_SRTP_STREAM_LIMIT,
        SIPSEC_ERR_SRTP_UNKNOWN_SUITE,
        SIPSEC_ERR_SRTP_BAD_KEY,
        SIPSEC_ERR_SRTP_POLICY,
        SIPSEC_ERR_SDES_PARSE,
        SIPSEC_ERR_SDES_UNKNOWN_SUITE,
        SIPSEC_ERR_SDES_BAD_KEY,
        SIPSEC_ERR_SDES_NO_ACCEPTABLE_OFFER,
        SIPSEC_ERR_SDES_BAD_ANSWER,
        SIPSEC_ERR_SDES_UNSUPPORTED_SUITE,
        SIPSEC_ERR_VALIDATION,
        SIPSEC_ERR_VIA_MISMATCH,
        SIPSEC_ERR_VALIDATION_NO_SUCH_PROBLEM,
        SIPSEC_ERR_VIA_MALFORMED,
    ]
};

/// A static, NUL-terminated description of a status code.
///
/// Never returns NULL. An unknown number gives the text of `SIPSEC_ERR_UNKNOWN_STATUS`.
/// The string must not be freed.
#[no_mangle]
pub extern "C" fn sipsec_status_str(status: i32) -> *const c_char {
    boundary_value("sipsec_status_str", c"internal error".as_ptr(), || {
        let known = sipsec_status::from_code(status);
        let status = known.unwrap_or(sipsec_status::SIPSEC_ERR_UNKNOWN_STATUS);
        status.describe_c().as_ptr().cast()
    })
}
