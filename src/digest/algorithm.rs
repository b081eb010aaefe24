//! Digest algorithms and quality-of-protection values (RFC 7616 section 3.3, RFC 8760).

use md5::Md5;
use sha2::{Digest as _, Sha256, Sha512_256};
use std::fmt;
use zeroize::Zeroize;

/// The hash function behind a digest algorithm, without the session variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashFunction {
    /// MD5 (RFC 1321), 16-byte output.
    Md5,
    /// SHA-256 (FIPS 180-4), 32-byte output.
    Sha256,
    /// SHA-512/256 (FIPS 180-4, its own initial values; not truncated SHA-512), 32 bytes.
    Sha512_256,
}

impl HashFunction {
    /// Every hash function, weakest first.
    pub const ALL: [HashFunction; 3] = [
        HashFunction::Md5,
        HashFunction::Sha256,
        HashFunction::Sha512_256,
    ];

    /// The output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            HashFunction::Md5 => 16,
            HashFunction::Sha256 | HashFunction::Sha512_256 => 32,
        }
    }

    /// The length of the lowercase hex form of an output.
    pub const fn hex_len(self) -> usize {
        self.output_len() * 2
    }

    /// A small index (0, 1, 2) for tables keyed by hash function.
    pub const fn index(self) -> usize {
        match self {
            HashFunction::Md5 => 0,
            HashFunction::Sha256 => 1,
            HashFunction::Sha512_256 => 2,
        }
    }

    /// Starts an incremental hash computation.
    pub fn start(self) -> Hasher {
        match self {
            HashFunction::Md5 => Hasher::Md5(Md5::new()),
            HashFunction::Sha256 => Hasher::Sha256(Sha256::new()),
            HashFunction::Sha512_256 => Hasher::Sha512_256(Sha512_256::new()),
        }
    }

    /// Hashes `parts` joined by `:` and returns the lowercase hex digest.
    pub fn hex_of_joined(self, parts: &[&[u8]]) -> HexDigest {
        match self {
            HashFunction::Md5 => joined_hex::<Md5>(parts),
            HashFunction::Sha256 => joined_hex::<Sha256>(parts),
            HashFunction::Sha512_256 => joined_hex::<Sha512_256>(parts),
        }
    }
}

/// Hashes `parts` joined by `:` with the hash `D`; generic so the state stays on the stack
/// of one monomorphised function.
pub(super) fn joined_hex<D: sha2::Digest>(parts: &[&[u8]]) -> HexDigest {
    let mut hasher = D::new();
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            hasher.update(b":");
        }
        hasher.update(part);
    }
    HexDigest::from_bytes(&hasher.finalize())
}

/// An incremental hash computation for one [`HashFunction`].
#[derive(Clone)]
pub enum Hasher {
    /// MD5 state.
    Md5(Md5),
    /// SHA-256 state.
    Sha256(Sha256),
    /// SHA-512/256 state.
    Sha512_256(Sha512_256),
}

impl Hasher {
    /// Feeds more input.
    pub fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Md5(state) => state.update(data),
            Hasher::Sha256(state) => state.update(data),
            Hasher::Sha512_256(state) => state.update(data),
        }
    }

    /// Finishes the computation and returns the lowercase hex digest.
    pub fn finish_hex(self) -> HexDigest {
        match self {
            Hasher::Md5(state) => HexDigest::from_bytes(&state.finalize()),
            Hasher::Sha256(state) => HexDigest::from_bytes(&state.finalize()),
            Hasher::Sha512_256(state) => HexDigest::from_bytes(&state.finalize()),
        }
    }
}

/// A lowercase hex digest of up to 32 bytes, kept on the stack (no allocation).
#[derive(Clone, Copy, PartialEq, Eq, Zeroize)]
pub struct HexDigest {
    text: [u8; 64],
    len: u8,
}

impl HexDigest {
    /// The empty digest, a placeholder before any value is known.
    pub const EMPTY: HexDigest = HexDigest {
        text: [0; 64],
        len: 0,
    };

    /// The hex form of `bytes` (at most 32 of them), lowercase.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0u8; 64];
        for (index, byte) in bytes.iter().take(32).enumerate() {
            text[2 * index] = DIGITS[usize::from(byte >> 4)];
            text[2 * index + 1] = DIGITS[usize::from(byte & 0x0f)];
        }
        HexDigest {
            text,
            len: (bytes.len().min(32) * 2) as u8,
        }
    }

    /// The hex text as bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.text[..usize::from(self.len)]
    }

    /// The hex text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }
}

impl fmt::Debug for HexDigest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl fmt::Display for HexDigest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A digest algorithm as named in the `algorithm` parameter (RFC 7616 section 3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// `MD5`, the default when the parameter is absent (RFC 2617).
    Md5,
    /// `MD5-sess`.
    Md5Sess,
    /// `SHA-256` (RFC 7616, RFC 8760 for SIP).
    Sha256,
    /// `SHA-256-sess`.
    Sha256Sess,
    /// `SHA-512-256` (the FIPS 180-4 SHA-512/256 function).
    Sha512_256,
    /// `SHA-512-256-sess`.
    Sha512_256Sess,
}

impl Algorithm {
    /// Every algorithm, in a fixed order used for compact encodings.
    pub const ALL: [Algorithm; 6] = [
        Algorithm::Md5,
        Algorithm::Md5Sess,
        Algorithm::Sha256,
        Algorithm::Sha256Sess,
        Algorithm::Sha512_256,
        Algorithm::Sha512_256Sess,
    ];

    /// The algorithm with this name, compared case-insensitively (`md5`, `SHA-256-SESS`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|algorithm| algorithm.name().eq_ignore_ascii_case(name))
    }

    /// The canonical name, as sipsec writes it in headers.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
            Algorithm::Sha512_256 => "SHA-512-256",
            Algorithm::Sha512_256Sess => "SHA-512-256-sess",
        }
    }

    /// The hash function the algorithm uses.
    pub const fn hash(self) -> HashFunction {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => HashFunction::Md5,
            Algorithm::Sha256 | Algorithm::Sha256Sess => HashFunction::Sha256,
            Algorithm::Sha512_256 | Algorithm::Sha512_256Sess => HashFunction::Sha512_256,
        }
    }

    /// Whether this is a `-sess` variant, whose HA1 also covers the nonce and cnonce.
    pub const fn is_session(self) -> bool {
        matches!(
            self,
            Algorithm::Md5Sess | Algorithm::Sha256Sess | Algorithm::Sha512_256Sess
        )
    }

    /// The position in [`Algorithm::ALL`], used as a compact code.
    pub const fn code(self) -> u8 {
        match self {
            Algorithm::Md5 => 0,
            Algorithm::Md5Sess => 1,
            Algorithm::Sha256 => 2,
            Algorithm::Sha256Sess => 3,
            Algorithm::Sha512_256 => 4,
            Algorithm::Sha512_256Sess => 5,
        }
    }

    /// The algorithm with this [`Algorithm::code`].
    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(usize::from(code)).copied()
    }

    /// Preference rank for a client choosing among challenges (RFC 8760 section 2.4):
    /// SHA-512-256 over SHA-256 over MD5; a `-sess` variant ranks with its base.
    pub const fn strength(self) -> u8 {
        match self.hash() {
            HashFunction::Md5 => 1,
            HashFunction::Sha256 => 2,
            HashFunction::Sha512_256 => 3,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// A quality-of-protection value (RFC 7616 section 3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qop {
    /// `auth`: authentication of the method and Request-URI.
    Auth,
    /// `auth-int`: also covers a hash of the message body.
    AuthInt,
}

impl Qop {
    /// The value with this name, compared case-insensitively.
    pub fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("auth") {
            Some(Qop::Auth)
        } else if name.eq_ignore_ascii_case("auth-int") {
            Some(Qop::AuthInt)
        } else {
            None
        }
    }

    /// The canonical name.
    pub const fn name(self) -> &'static str {
        match self {
            Qop::Auth => "auth",
            Qop::AuthInt => "auth-int",
        }
    }

    /// The bit this value occupies in a [`QopSet`].
    const fn bit(self) -> u8 {
        match self {
            Qop::Auth => 1,
            Qop::AuthInt => 2,
        }
    }
}

/// A set of qop values, as offered in a challenge; empty means "no qop" (RFC 2069 style).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct QopSet(u8);

impl QopSet {
    /// The empty set: the challenge carries no `qop` parameter.
    pub const NONE: QopSet = QopSet(0);

    /// The set holding the given values.
    pub fn of(values: &[Qop]) -> Self {
        QopSet(values.iter().fold(0, |bits, qop| bits | qop.bit()))
    }

    /// Whether the set contains `qop`.
    pub const fn contains(self, qop: Qop) -> bool {
        self.0 & qop.bit() != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The set as two bits (auth = 1, auth-int = 2), for compact encodings.
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// The set from [`QopSet::bits`]; other bits are dropped.
    pub const fn from_bits(bits: u8) -> Self {
        QopSet(bits & 3)
    }

    /// The values in the set, `auth` first.
    pub fn values(self) -> impl Iterator<Item = Qop> {
        [Qop::Auth, Qop::AuthInt]
            .into_iter()
            .filter(move |qop| self.contains(*qop))
    }

    /// The comma-separated list for a challenge's `qop` parameter, such as `auth,auth-int`.
    pub fn to_list(self) -> String {
        self.values().map(Qop::name).collect::<Vec<_>>().join(",")
    }
}
