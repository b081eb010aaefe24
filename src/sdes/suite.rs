//! The SDES crypto-suite names (RFC 4568 section 6.2, RFC 6188 section 5, RFC 7714
//! section 14.1): which SRTP suites an `a=crypto` attribute may name.
//!
//! The SRTP module runs more suites than SDES registers (its NULL cipher has no SDES name),
//! so the names are checked here against this table rather than the SRTP one.

use super::error::SdesError;
use crate::srtp::Suite;

/// Every SRTP suite with a registered SDES name, strongest first; the default preference
/// order for answers.
pub const SUITES: [Suite; 8] = [
    Suite::AeadAes256Gcm,
    Suite::AeadAes128Gcm,
    Suite::Aes256CmHmacSha1_80,
    Suite::Aes192CmHmacSha1_80,
    Suite::AesCm128HmacSha1_80,
    Suite::Aes256CmHmacSha1_32,
    Suite::Aes192CmHmacSha1_32,
    Suite::AesCm128HmacSha1_32,
];

/// Registered in RFC 4568 but not implemented: refused with its own error, not as unknown.
const REGISTERED_UNSUPPORTED: [&str; 1] = ["F8_128_HMAC_SHA1_80"];

/// The longest suite name worth echoing in an error message.
const NAME_ECHO_LIMIT: usize = 48;

/// The suite with this registered SDES name, matched without regard to case.
///
/// Unregistered aliases seen in the field (`AES_CM_256_HMAC_SHA1_80`,
/// `AEAD_AES_128_GCM_8`) and SRTP-only suites (`NULL_HMAC_SHA1_80`) are
/// [`SdesError::UnknownSuite`]; the registered but unimplemented `F8_128_HMAC_SHA1_80` is
/// [`SdesError::UnsupportedSuite`].
pub fn suite_from_name(name: &str) -> Result<Suite, SdesError> {
    if let Some(suite) = SUITES
        .iter()
        .find(|suite| suite.name().eq_ignore_ascii_case(name))
    {
        return Ok(*suite);
    }

    let registered = REGISTERED_UNSUPPORTED
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name));
    match registered {
        Some(known) => Err(SdesError::UnsupportedSuite(known)),
        None => Err(SdesError::UnknownSuite(
            name.chars().take(NAME_ECHO_LIMIT).collect(),
        )),
    }
}

/// The length of an `inline:` key for `suite`: master key followed by master salt.
pub fn key_salt_len(suite: Suite) -> usize {
    suite.master_key_len() + suite.master_salt_len()
}
