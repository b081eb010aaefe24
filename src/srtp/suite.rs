//! The SRTP crypto suites and their key, salt and tag sizes.

use super::Error;

/// An SRTP crypto suite: cipher, authentication and their sizes.
///
/// The names are those registered for SDES (RFC 4568 section 6.2, RFC 6188 section 6,
/// RFC 7714 section 14.2) and are parsed without regard to case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Suite {
    /// AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 3711).
    AesCm128HmacSha1_80,
    /// AES-128 counter mode with a 32-bit HMAC-SHA1 tag on SRTP, 80 bits on SRTCP.
    AesCm128HmacSha1_32,
    /// AES-192 counter mode with an 80-bit HMAC-SHA1 tag (RFC 6188).
    Aes192CmHmacSha1_80,
    /// AES-192 counter mode with a 32-bit HMAC-SHA1 tag on SRTP, 80 bits on SRTCP.
    Aes192CmHmacSha1_32,
    /// AES-256 counter mode with an 80-bit HMAC-SHA1 tag (RFC 6188).
    Aes256CmHmacSha1_80,
    /// AES-256 counter mode with a 32-bit HMAC-SHA1 tag on SRTP, 80 bits on SRTCP.
    Aes256CmHmacSha1_32,
    /// AES-128 in Galois/counter mode with a 16-octet tag (RFC 7714).
    AeadAes128Gcm,
    /// AES-256 in Galois/counter mode with a 16-octet tag (RFC 7714).
    AeadAes256Gcm,
    /// No encryption, 80-bit HMAC-SHA1 tag (the NULL cipher of RFC 3711 section 4.1.3);
    /// for debugging only, since the media travels in clear.
    NullHmacSha1_80,
}

/// The cipher family of a suite, which decides the packet transform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Transform {
    /// AES counter mode (or the NULL cipher) with HMAC-SHA1 (RFC 3711).
    CounterHmac,
    /// AES-GCM authenticated encryption (RFC 7714).
    Gcm,
}

const ALL: [Suite; 9] = [
    Suite::AesCm128HmacSha1_80,
    Suite::AesCm128HmacSha1_32,
    Suite::Aes192CmHmacSha1_80,
    Suite::Aes192CmHmacSha1_32,
    Suite::Aes256CmHmacSha1_80,
    Suite::Aes256CmHmacSha1_32,
    Suite::AeadAes128Gcm,
    Suite::AeadAes256Gcm,
    Suite::NullHmacSha1_80,
];

impl Suite {
    /// Every suite sipsec supports.
    pub fn all() -> &'static [Suite] {
        &ALL
    }

    /// The suite with this registered name, compared without regard to case.
    pub fn from_name(name: &str) -> Result<Suite, Error> {
        ALL.iter()
            .copied()
            .find(|suite| suite.name().eq_ignore_ascii_case(name))
            .ok_or(Error::UnknownSuite)
    }

    /// The registered name, such as `"AES_CM_128_HMAC_SHA1_80"`.
    pub fn name(self) -> &'static str {
        match self {
            Suite::AesCm128HmacSha1_80 => "AES_CM_128_HMAC_SHA1_80",
            Suite::AesCm128HmacSha1_32 => "AES_CM_128_HMAC_SHA1_32",
            Suite::Aes192CmHmacSha1_80 => "AES_192_CM_HMAC_SHA1_80",
            Suite::Aes192CmHmacSha1_32 => "AES_192_CM_HMAC_SHA1_32",
            Suite::Aes256CmHmacSha1_80 => "AES_256_CM_HMAC_SHA1_80",
            Suite::Aes256CmHmacSha1_32 => "AES_256_CM_HMAC_SHA1_32",
            Suite::AeadAes128Gcm => "AEAD_AES_128_GCM",
            Suite::AeadAes256Gcm => "AEAD_AES_256_GCM",
            Suite::NullHmacSha1_80 => "NULL_HMAC_SHA1_80",
        }
    }

    /// The master key length in octets (also the session encryption key length).
    pub fn master_key_len(self) -> usize {
        match self {
            Suite::AesCm128HmacSha1_80
            | Suite::AesCm128HmacSha1_32
            | Suite::AeadAes128Gcm
            | Suite::NullHmacSha1_80 => 16,
            Suite::Aes192CmHmacSha1_80 | Suite::Aes192CmHmacSha1_32 => 24,
            Suite::Aes256CmHmacSha1_80 | Suite::Aes256CmHmacSha1_32 | Suite::AeadAes256Gcm => 32,
        }
    }

    /// The master salt length in octets: 14, or 12 for the GCM suites (RFC 7714 section 12).
    pub fn master_salt_len(self) -> usize {
        match self.transform() {
            Transform::CounterHmac => 14,
            Transform::Gcm => 12,
        }
    }

    /// The session salt length: the same as the master salt length.
    pub fn session_salt_len(self) -> usize {
        self.master_salt_len()
    }

    /// The length of the authentication tag appended to each SRTP packet.
    pub fn srtp_tag_len(self) -> usize {
        match self {
            Suite::AesCm128HmacSha1_32
            | Suite::Aes192CmHmacSha1_32
            | Suite::Aes256CmHmacSha1_32 => 4,
            Suite::AeadAes128Gcm | Suite::AeadAes256Gcm => 16,
            _ => 10,
        }
    }

    /// The length of the authentication tag of each SRTCP packet: the `_32` suites still use
    /// 80 bits on SRTCP (RFC 4568 section 6.2.1).
    pub fn srtcp_tag_len(self) -> usize {
        match self.transform() {
            Transform::CounterHmac => 10,
            Transform::Gcm => 16,
        }
    }

    /// The HMAC-SHA1 session authentication key length, or 0 for the GCM suites.
    pub fn auth_key_len(self) -> usize {
        match self.transform() {
            Transform::CounterHmac => 20,
            Transform::Gcm => 0,
        }
    }

    /// Whether the suite is an AEAD (GCM) suite of RFC 7714.
    pub fn is_aead(self) -> bool {
        self.transform() == Transform::Gcm
    }

    /// Whether the suite encrypts the payload (false only for the NULL cipher).
    pub fn encrypts(self) -> bool {
        self != Suite::NullHmacSha1_80
    }

    pub(crate) fn transform(self) -> Transform {
        match self {
            Suite::AeadAes128Gcm | Suite::AeadAes256Gcm => Transform::Gcm,
            _ => Transform::CounterHmac,
        }
    }
}

impl std::fmt::Display for Suite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Suite {
    type Err = Error;

    fn from_str(name: &str) -> Result<Suite, Error> {
        Suite::from_name(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_without_regard_to_case() {
        for suite in Suite::all() {
            assert_eq!(Suite::from_name(suite.name()), Ok(*suite));
            assert_eq!(Suite::from_name(&suite.name().to_lowercase()), Ok(*suite));
        }
        assert_eq!(
            Suite::from_name("AES_CM_128_HMAC_SHA1_81"),
            Err(Error::UnknownSuite)
        );
    }

    #[test]
    fn sizes_follow_the_rfcs() {
        assert_eq!(Suite::AeadAes256Gcm.master_key_len(), 32);
        assert_eq!(Suite::AeadAes256Gcm.master_salt_len(), 12);
        assert_eq!(Suite::AesCm128HmacSha1_32.srtp_tag_len(), 4);
        assert_eq!(Suite::AesCm128HmacSha1_32.srtcp_tag_len(), 10);
        assert_eq!(Suite::Aes192CmHmacSha1_80.master_key_len(), 24);
    }
}
