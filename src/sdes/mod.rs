//! SDES keying: `a=crypto` attributes (RFC 4568), with the suite names of RFC 6188 and
//! RFC 7714.
//!
//! [`CryptoAttribute::parse`] reads one attribute, with or without the `a=crypto:` prefix;
//! its `Display` writes it back in canonical form. [`CryptoAttribute::generate`] makes a
//! fresh attribute for a suite. [`answer_offer`] and [`verify_answer`] run the RFC 4568
//! section 5.1.2 offer/answer exchange. Key material is zeroized when dropped and never
//! printed by `Debug` or error messages.
#![forbid(unsafe_code)]

mod error;
mod format;
// The limits are Rust API only; this keeps them out of the C header.
/// cbindgen:ignore
mod limits;
mod offer;
mod parse;
mod suite;

pub use error::{KeyParamProblem, SdesError, SdesErrorKind};
pub use limits::{
    MAX_KEY_PARAMS, MAX_LIFETIME, MAX_LINE_LEN, MAX_OFFER_LINES, MAX_SESSION_PARAMS, MAX_TAG,
};
pub use offer::{answer_offer, split_lines, verify_answer, Answer};
pub use suite::CryptoSuite;

use rand::rngs::OsRng;
use rand::RngCore;
use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// A master key followed by its master salt, as carried by `inline:`.
///
/// Zeroized when dropped; `Debug` prints only the length; equality is constant-time.
#[derive(Clone)]
pub struct KeySalt(Zeroizing<Vec<u8>>);

impl KeySalt {
    /// Wraps key||salt bytes; the caller checks the length against the suite.
    pub(crate) fn new(bytes: Zeroizing<Vec<u8>>) -> Self {
        KeySalt(bytes)
    }

    /// The key||salt bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The master key part for `suite`.
    pub fn master_key(&self, suite: CryptoSuite) -> &[u8] {
        &self.0[..suite.master_key_len()]
    }

    /// The master salt part for `suite`.
    pub fn master_salt(&self, suite: CryptoSuite) -> &[u8] {
        &self.0[suite.master_key_len()..]
    }
}

impl PartialEq for KeySalt {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && bool::from(self.0.ct_eq(&other.0))
    }
}

impl Eq for KeySalt {}

impl fmt::Debug for KeySalt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeySalt({} bytes, redacted)", self.0.len())
    }
}

/// A master key identifier: the value as big-endian bytes, as many as its length
/// (RFC 4568 section 6.1, `MKI:length`, length 1 to 128 bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mki(Vec<u8>);

impl Mki {
    /// An MKI of `length` bytes holding `value`; `None` when the length is outside 1..=128
    /// or the value does not fit.
    pub fn new(value: u64, length: usize) -> Option<Mki> {
        if !(1..=128).contains(&length) {
            return None;
        }
        let bytes = value.to_be_bytes();
        let significant = bytes.iter().skip_while(|byte| **byte == 0).count();
        if significant > length {
            return None;
        }

        let mut value_bytes = vec![0u8; length];
        value_bytes[length - significant..].copy_from_slice(&bytes[8 - significant..]);
        Some(Mki(value_bytes))
    }

    /// An MKI from its big-endian bytes; `None` when there are not 1 to 128 of them.
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Mki> {
        (1..=128).contains(&bytes.len()).then_some(Mki(bytes))
    }

    /// The MKI as it appears in SRTP packets: big-endian, `length()` bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The MKI length in bytes.
    pub fn length(&self) -> usize {
        self.0.len()
    }

    /// The value when it fits in 64 bits.
    pub fn value_u64(&self) -> Option<u64> {
        let significant: Vec<u8> = self
            .0
            .iter()
            .copied()
            .skip_while(|byte| *byte == 0)
            .collect();
        if significant.len() > 8 {
            return None;
        }
        Some(
            significant
                .iter()
                .fold(0u64, |value, byte| (value << 8) | u64::from(*byte)),
        )
    }
}

/// One key-param: `inline:<key||salt>[|lifetime][|MKI:length]` (RFC 4568 section 6.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyParam {
    key_salt: KeySalt,
    lifetime: Option<u64>,
    mki: Option<Mki>,
}

impl KeyParam {
    /// A key-param from its parts; the caller checks the key length against the suite.
    pub(crate) fn new(key_salt: KeySalt, lifetime: Option<u64>, mki: Option<Mki>) -> Self {
        KeyParam {
            key_salt,
            lifetime,
            mki,
        }
    }

    /// The master key followed by the master salt.
    pub fn key_salt(&self) -> &KeySalt {
        &self.key_salt
    }

    /// The master key lifetime in packets, when given.
    pub fn lifetime(&self) -> Option<u64> {
        self.lifetime
    }

    /// The master key identifier, when given.
    pub fn mki(&self) -> Option<&Mki> {
        self.mki.as_ref()
    }
}

/// Which of FEC and SRTP is applied first (RFC 4568 section 6.3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FecOrder {
    /// FEC first, then SRTP (the default).
    FecSrtp,
    /// SRTP first, then FEC.
    SrtpFec,
}

impl FecOrder {
    /// The name used in `FEC_ORDER=`.
    pub fn name(self) -> &'static str {
        match self {
            FecOrder::FecSrtp => "FEC_SRTP",
            FecOrder::SrtpFec => "SRTP_FEC",
        }
    }
}

/// The session parameters of an attribute (RFC 4568 section 6.3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionParams {
    /// `KDR=n`: the key derivation rate is 2^n packets, n in 0..=24 (section 6.3.1).
    pub kdr: Option<u8>,
    /// `UNENCRYPTED_SRTP`: SRTP payloads are not encrypted (section 6.3.2).
    pub unencrypted_srtp: bool,
    /// `UNENCRYPTED_SRTCP`: SRTCP packets are not encrypted (section 6.3.2).
    pub unencrypted_srtcp: bool,
    /// `UNAUTHENTICATED_SRTP`: SRTP packets carry no authentication tag (section 6.3.3).
    pub unauthenticated_srtp: bool,
    /// `FEC_ORDER=`: the order of FEC and SRTP (section 6.3.4).
    pub fec_order: Option<FecOrder>,
    /// `FEC_KEY=`: the key-params of the FEC stream (section 6.3.5); empty when absent.
    pub fec_keys: Vec<KeyParam>,
    /// `WSH=n`: the SRTP replay window size in packets, at least 64 (section 6.3.6).
    pub wsh: Option<u32>,
    /// Session parameters sipsec does not know, verbatim, in input order (section 6.3.7).
    pub unknown: Vec<String>,
}

impl SessionParams {
    /// The unknown parameters that may not be ignored: those not starting with `-`.
    ///
    /// sipsec treats a leading `-` as the sender's mark that the parameter is optional,
    /// so an answerer may ignore it; any other unknown parameter cannot be honoured.
    pub fn unknown_mandatory(&self) -> impl Iterator<Item = &str> {
        self.unknown
            .iter()
            .map(String::as_str)
            .filter(|param| !param.starts_with('-'))
    }
}

/// One `a=crypto` attribute: tag, crypto-suite, key-params and session parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CryptoAttribute {
    tag: u32,
    suite: CryptoSuite,
    keys: Vec<KeyParam>,
    params: SessionParams,
}

impl CryptoAttribute {
    /// Parses one attribute: `a=crypto:<tag> <suite> <key-params> [<session-params>]`,
    /// with or without the `a=crypto:` prefix and a trailing CRLF.
    pub fn parse(text: &str) -> Result<CryptoAttribute, SdesError> {
        parse::parse_attribute(text)
    }

    /// A fresh attribute for `suite` with a random key||salt from the operating system,
    /// no lifetime, no MKI and no session parameters.
    pub fn generate(tag: u32, suite: CryptoSuite) -> Result<CryptoAttribute, SdesError> {
        if tag > MAX_TAG {
            return Err(SdesError::BadTag);
        }

        let mut key_salt = Zeroizing::new(vec![0u8; suite.key_salt_len()]);
        OsRng.fill_bytes(&mut key_salt);

        let key = KeyParam::new(KeySalt::new(key_salt), None, None);
        Ok(CryptoAttribute {
            tag,
            suite,
            keys: vec![key],
            params: SessionParams::default(),
        })
    }

    /// The tag that pairs an answer with the offered line (RFC 4568 section 6.1).
    pub fn tag(&self) -> u32 {
        self.tag
    }

    /// The crypto-suite.
    pub fn suite(&self) -> CryptoSuite {
        self.suite
    }

    /// The key-params, at least one, in input order.
    pub fn keys(&self) -> &[KeyParam] {
        &self.keys
    }

    /// The session parameters.
    pub fn params(&self) -> &SessionParams {
        &self.params
    }

    /// The attribute as text: `a=crypto:...` when `with_prefix`, else the bare value.
    pub fn format(&self, with_prefix: bool) -> String {
        let value = format::format_value(self);
        if with_prefix {
            format!("a=crypto:{value}")
        } else {
            value
        }
    }
}

impl fmt::Display for CryptoAttribute {
    /// The canonical `a=crypto:` line, without a line ending.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(true))
    }
}
