//! The digest computations of RFC 7616 section 3.4 (and RFC 2617 section 3.2.2).
//!
//! Every value is hashed exactly as given, as UTF-8 octets, with no case folding or
//! normalisation: the username as sent, the Request-URI byte for byte, `nc` as its 8 hex
//! digits. For the `-sess` algorithms the session HA1 hashes the lowercase hex of the base
//! HA1, as RFC 7616 section 3.4.2 specifies; some deployed code hashes the raw 16 bytes
//! instead and will not interoperate with `-sess` here.

use super::algorithm::{joined_hex, Algorithm, HashFunction, HexDigest, Qop};
use md5::Md5;
use sha2::{Digest, Sha256, Sha512_256};
use std::cell::RefCell;
use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// An HA1 value in lowercase hex, wiped from memory when dropped.
///
/// `Debug` prints only the length, never the value.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Ha1 {
    text: [u8; 64],
    len: u8,
}

impl Ha1 {
    /// HA1 = H(username ":" realm ":" password) for the hash function `hash`.
    pub fn from_password(hash: HashFunction, username: &str, realm: &str, password: &str) -> Self {
        let mut digest =
            hash.hex_of_joined(&[username.as_bytes(), realm.as_bytes(), password.as_bytes()]);
        let ha1 = Ha1::from_digest(&digest);
        digest.zeroize();
        ha1
    }

    /// An HA1 given as hex by the caller; either case is accepted, it is kept lowercase.
    ///
    /// Returns `None` unless `hex` has exactly the hex length of `hash`.
    pub fn from_hex(hash: HashFunction, hex: &str) -> Option<Self> {
        let bytes = hex.as_bytes();
        if bytes.len() != hash.hex_len() || !bytes.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }

        let mut ha1 = Ha1 {
            text: [0; 64],
            len: bytes.len() as u8,
        };
        for (slot, byte) in ha1.text.iter_mut().zip(bytes) {
            *slot = byte.to_ascii_lowercase();
        }
        Some(ha1)
    }

    fn from_digest(digest: &HexDigest) -> Self {
        let mut ha1 = Ha1 {
            text: [0; 64],
            len: digest.as_bytes().len() as u8,
        };
        ha1.text[..digest.as_bytes().len()].copy_from_slice(digest.as_bytes());
        ha1
    }

    /// The hex text of the HA1.
    pub fn as_bytes(&self) -> &[u8] {
        &self.text[..usize::from(self.len)]
    }

    /// The session HA1 of RFC 7616 section 3.4.2: H(HA1-hex ":" nonce ":" cnonce).
    pub fn session(&self, hash: HashFunction, nonce: &str, cnonce: &str) -> Self {
        let mut digest =
            hash.hex_of_joined(&[self.as_bytes(), nonce.as_bytes(), cnonce.as_bytes()]);
        let ha1 = Ha1::from_digest(&digest);
        digest.zeroize();
        ha1
    }
}

impl fmt::Debug for Ha1 {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Ha1({} hex digits, hidden)", self.len)
    }
}

/// Everything besides HA1 that goes into a response (RFC 7616 section 3.4.1).
#[derive(Clone, Copy, Debug)]
pub struct ResponseInput<'a> {
    /// The algorithm, which names the hash and whether HA1 is a session HA1.
    pub algorithm: Algorithm,
    /// The request method, such as `REGISTER`.
    pub method: &'a str,
    /// The `uri` parameter, which must equal the Request-URI byte for byte.
    pub uri: &'a str,
    /// The server nonce.
    pub nonce: &'a str,
    /// The qop chosen by the client, or `None` for the RFC 2069 form.
    pub qop: Option<Qop>,
    /// The nonce count as sent: 8 hex digits. Ignored without qop.
    pub nc: &'a str,
    /// The client nonce. Used with qop and by the `-sess` algorithms.
    pub cnonce: &'a str,
    /// The message body, hashed for `auth-int` only.
    pub body: &'a [u8],
}

/// The request-digest (RFC 7616 section 3.4.1) from the base HA1 (for `-sess` algorithms
/// the session HA1 is derived here), in lowercase hex.
pub fn response(ha1: &Ha1, input: &ResponseInput<'_>) -> HexDigest {
    match input.algorithm.hash() {
        HashFunction::Md5 => response_with::<Md5>(ha1, input),
        HashFunction::Sha256 => response_with::<Sha256>(ha1, input),
        HashFunction::Sha512_256 => response_with::<Sha512_256>(ha1, input),
    }
}

fn response_with<D: Digest>(ha1: &Ha1, input: &ResponseInput<'_>) -> HexDigest {
    let session_ha1;
    let ha1 = if input.algorithm.is_session() {
        session_ha1 = ha1.session(input.algorithm.hash(), input.nonce, input.cnonce);
        &session_ha1
    } else {
        ha1
    };

    let ha2 = ha2::<D>(input);

    let mut hasher = D::new();
    hasher.update(ha1.as_bytes());
    hasher.update(b":");
    hasher.update(input.nonce.as_bytes());
    hasher.update(b":");
    if let Some(qop) = input.qop {
        for part in [
            input.nc.as_bytes(),
            input.cnonce.as_bytes(),
            qop.name().as_bytes(),
        ] {
            hasher.update(part);
            hasher.update(b":");
        }
    }
    hasher.update(ha2.as_bytes());
    HexDigest::from_bytes(&hasher.finalize())
}

/// HA2 = H(method ":" uri), or H(method ":" uri ":" H(body)) for `auth-int`.
fn ha2<D: Digest>(input: &ResponseInput<'_>) -> HexDigest {
    let method_and_uri = [input.method.as_bytes(), input.uri.as_bytes()];
    if input.qop == Some(Qop::AuthInt) {
        let body_hash = joined_hex::<D>(&[input.body]);
        joined_hex::<D>(&[method_and_uri[0], method_and_uri[1], body_hash.as_bytes()])
    } else {
        LAST_HA2.with(|cache| {
            cache.borrow_mut().get_or_compute(
                input.algorithm.hash(),
                input.method,
                input.uri,
                || joined_hex::<D>(&method_and_uri),
            )
        })
    }
}

/// The longest `method ":" uri` whose HA2 is remembered; longer ones are always hashed.
const HA2_CACHE_KEY_LIMIT: usize = 512;

thread_local! {
    /// The HA2 of the last request seen on this thread. A registrar or proxy hashes the same
    /// method and Request-URI for most requests (every REGISTER names the registrar), so
    /// this saves one hash per verification. HA2 covers only request data, never a secret.
    static LAST_HA2: RefCell<Ha2Cache> = const { RefCell::new(Ha2Cache::new()) };
}

/// One remembered HA2 (qop `auth` or no qop) with the method and URI it was computed from.
struct Ha2Cache {
    hash: Option<HashFunction>,
    method_len: usize,
    key: Vec<u8>,
    ha2: HexDigest,
}

impl Ha2Cache {
    const fn new() -> Self {
        Ha2Cache {
            hash: None,
            method_len: 0,
            key: Vec::new(),
            ha2: HexDigest::EMPTY,
        }
    }

    fn get_or_compute(
        &mut self,
        hash: HashFunction,
        method: &str,
        uri: &str,
        compute: impl FnOnce() -> HexDigest,
    ) -> HexDigest {
        let hit = self.hash == Some(hash)
            && self.method_len == method.len()
            && self.key.len() == method.len() + uri.len()
            && self.key.starts_with(method.as_bytes())
            && self.key.ends_with(uri.as_bytes());
        if hit {
            return self.ha2;
        }

        let ha2 = compute();
        if method.len() + uri.len() <= HA2_CACHE_KEY_LIMIT {
            self.key.clear();
            self.key.extend_from_slice(method.as_bytes());
            self.key.extend_from_slice(uri.as_bytes());
            self.method_len = method.len();
            self.hash = Some(hash);
            self.ha2 = ha2;
        }
        ha2
    }
}

/// The userhash of RFC 7616 section 3.4.4: H(username ":" realm), lowercase hex.
pub fn userhash(hash: HashFunction, username: &str, realm: &str) -> HexDigest {
    hash.hex_of_joined(&[username.as_bytes(), realm.as_bytes()])
}

/// Compares two byte strings of at most 64 bytes in constant time for equal lengths
/// (unequal lengths are simply unequal; lengths are not secret here).
///
/// The bytes are packed into 64-bit words before `subtle` compares them, which keeps the
/// constant-time guarantee while doing an eighth of the per-element work.
pub fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() || left.len() > 64 {
        return false;
    }
    let pack = |bytes: &[u8]| {
        let mut words = [0u64; 8];
        for (word, chunk) in words.iter_mut().zip(bytes.chunks(8)) {
            let mut padded = [0u8; 8];
            padded[..chunk.len()].copy_from_slice(chunk);
            *word = u64::from_le_bytes(padded);
        }
        words
    };
    let words = left.len().div_ceil(8);
    bool::from(pack(left)[..words].ct_eq(&pack(right)[..words]))
}
