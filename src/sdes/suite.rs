//! The SDES crypto-suite names (RFC 4568 section 10.3.2.1, RFC 6188 section 7,
//! RFC 7714 section 14.2) and the key and salt lengths each one needs.

use super::error::SdesError;
use std::fmt;

/// An SRTP crypto suite that an `a=crypto` attribute can name and sipsec can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CryptoSuite {
    /// AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 4568).
    AesCm128HmacSha1_80,
    /// AES-128 counter mode with a 32-bit HMAC-SHA1 tag on SRTP (RFC 4568).
    AesCm128HmacSha1_32,
    /// AES-192 counter mode with an 80-bit HMAC-SHA1 tag (RFC 6188).
    Aes192CmHmacSha1_80,
    /// AES-192 counter mode with a 32-bit HMAC-SHA1 tag on SRTP (RFC 6188).
    Aes192CmHmacSha1_32,
    /// AES-256 counter mode with an 80-bit HMAC-SHA1 tag (RFC 6188).
    Aes256CmHmacSha1_80,
    /// AES-256 counter mode with a 32-bit HMAC-SHA1 tag on SRTP (RFC 6188).
    Aes256CmHmacSha1_32,
    /// AES-128 in Galois/Counter Mode with a 16-octet tag (RFC 7714).
    AeadAes128Gcm,
    /// AES-256 in Galois/Counter Mode with a 16-octet tag (RFC 7714).
    AeadAes256Gcm,
}

/// Every registered SDES name sipsec can run, with its key and salt length in bytes.
const SUITES: [(CryptoSuite, &str, usize, usize); 8] = [
    (
        CryptoSuite::AesCm128HmacSha1_80,
        "AES_CM_128_HMAC_SHA1_80",
        16,
        14,
    ),
    (
        CryptoSuite::AesCm128HmacSha1_32,
        "AES_CM_128_HMAC_SHA1_32",
        16,
        14,
    ),
    (
        CryptoSuite::Aes192CmHmacSha1_80,
        "AES_192_CM_HMAC_SHA1_80",
        24,
        14,
    ),
    (
        CryptoSuite::Aes192CmHmacSha1_32,
        "AES_192_CM_HMAC_SHA1_32",
        24,
        14,
    ),
    (
        CryptoSuite::Aes256CmHmacSha1_80,
        "AES_256_CM_HMAC_SHA1_80",
        32,
        14,
    ),
    (
        CryptoSuite::Aes256CmHmacSha1_32,
        "AES_256_CM_HMAC_SHA1_32",
        32,
        14,
    ),
    (CryptoSuite::AeadAes128Gcm, "AEAD_AES_128_GCM", 16, 12),
    (CryptoSuite::AeadAes256Gcm, "AEAD_AES_256_GCM", 32, 12),
];

/// Registered in RFC 4568 but not implemented: refused with its own error, not as unknown.
const REGISTERED_UNSUPPORTED: [&str; 1] = ["F8_128_HMAC_SHA1_80"];

/// The longest suite name worth echoing in an error message.
const NAME_ECHO_LIMIT: usize = 48;

impl CryptoSuite {
    /// Every suite, strongest first; the default preference order for answers.
    pub const ALL: [CryptoSuite; 8] = [
        CryptoSuite::AeadAes256Gcm,
        CryptoSuite::AeadAes128Gcm,
        CryptoSuite::Aes256CmHmacSha1_80,
        CryptoSuite::Aes192CmHmacSha1_80,
        CryptoSuite::AesCm128HmacSha1_80,
        CryptoSuite::Aes256CmHmacSha1_32,
        CryptoSuite::Aes192CmHmacSha1_32,
        CryptoSuite::AesCm128HmacSha1_32,
    ];

    /// The suite with this registered name, matched without regard to case.
    ///
    /// Unregistered aliases seen in the field (`AES_CM_256_HMAC_SHA1_80`,
    /// `AEAD_AES_128_GCM_8`) are [`SdesError::UnknownSuite`]; the registered but
    /// unimplemented `F8_128_HMAC_SHA1_80` is [`SdesError::UnsupportedSuite`].
    pub fn from_name(name: &str) -> Result<CryptoSuite, SdesError> {
        if let Some(entry) = SUITES
            .iter()
            .find(|entry| entry.1.eq_ignore_ascii_case(name))
        {
            return Ok(entry.0);
        }

        let registered = REGISTERED_UNSUPPORTED
            .iter()
            .find(|known| known.eq_ignore_ascii_case(name));
        match registered {
            Some(known) => Err(SdesError::UnsupportedSuite(known)),
            None => Err(SdesError::UnknownSuite(echo(name))),
        }
    }

    /// The registered name, in upper case as the registries spell it.
    pub fn name(self) -> &'static str {
        self.entry().1
    }

    /// The master key length in bytes.
    pub fn master_key_len(self) -> usize {
        self.entry().2
    }

    /// The master salt length in bytes.
    pub fn master_salt_len(self) -> usize {
        self.entry().3
    }

    /// The length of an `inline:` key, master key followed by master salt, in bytes.
    pub fn key_salt_len(self) -> usize {
        self.master_key_len() + self.master_salt_len()
    }

    fn entry(self) -> &'static (CryptoSuite, &'static str, usize, usize) {
        SUITES
            .iter()
            .find(|entry| entry.0 == self)
            .expect("every suite is in the table")
    }
}

impl fmt::Display for CryptoSuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name from the input, cut short so an error message stays bounded.
fn echo(name: &str) -> String {
    name.chars().take(NAME_ECHO_LIMIT).collect()
}
