//! Session keys ready for use: expanded cipher key schedules and a pre-keyed HMAC state,
//! derived once per master key (and per `r` when a key derivation rate is set), so that a
//! packet costs no key setup and no allocation.

use super::kdf::{self, Label};
use super::suite::{Suite, Transform};
use super::Error;
use aes::cipher::{InnerIvInit, KeyInit, StreamCipher};
use aes::{Aes128, Aes192, Aes256};
use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes128Gcm, Aes256Gcm, Nonce, Tag};
use ctr::flavors::Ctr128BE;
use ctr::CtrCore;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The length of a full HMAC-SHA1 output.
pub(crate) const HMAC_SHA1_LEN: usize = 20;
/// The length of every GCM tag sipsec produces or accepts (RFC 7714 section 13.1).
pub(crate) const GCM_TAG_LEN: usize = 16;

/// The expanded session encryption key.
#[derive(Clone)]
enum Cipher {
    Null,
    Counter128(Aes128),
    Counter192(Aes192),
    Counter256(Aes256),
    Gcm128(Box<Aes128Gcm>),
    Gcm256(Box<Aes256Gcm>),
}

/// The session keys of one direction-independent half (SRTP or SRTCP) of a master key.
///
/// The AES key schedules are zeroized when dropped (the `zeroize` features of `aes`, `ctr`
/// and `aes-gcm`) and so is the session salt. The pre-keyed HMAC state holds the hashed
/// inner and outer pads, not the key itself; the `sha1` crate does not zeroize it.
#[derive(Clone)]
pub(crate) struct KeySet {
    cipher: Cipher,
    salt: Zeroizing<[u8; 14]>,
    auth: Option<Hmac<Sha1>>,
}

impl KeySet {
    /// Derives the SRTP (labels 0-2) or SRTCP (labels 3-5) session keys for `r`.
    pub(crate) fn derive(
        suite: Suite,
        master_key: &[u8],
        master_salt: &[u8],
        rtcp: bool,
        r: u64,
    ) -> Result<KeySet, Error> {
        let (enc, auth, salt) = if rtcp {
            (
                Label::RtcpEncryption,
                Label::RtcpAuthentication,
                Label::RtcpSalt,
            )
        } else {
            (
                Label::RtpEncryption,
                Label::RtpAuthentication,
                Label::RtpSalt,
            )
        };
        let derive = |label, len| kdf::derive(suite, master_key, master_salt, label, r, len);

        let cipher_key = derive(enc, suite.master_key_len())?;
        let session_salt = derive(salt, suite.session_salt_len())?;
        let mut salt_block = Zeroizing::new([0u8; 14]);
        salt_block[..session_salt.len()].copy_from_slice(&session_salt);

        let auth = match suite.auth_key_len() {
            0 => None,
            len => {
                let auth_key = derive(auth, len)?;
                let mac = <Hmac<Sha1> as Mac>::new_from_slice(&auth_key)
                    .map_err(|_| Error::BadKey("the HMAC key was refused"))?;
                Some(mac)
            }
        };

        Ok(KeySet {
            cipher: expand(suite, &cipher_key)?,
            salt: salt_block,
            auth,
        })
    }

    /// Session keys given directly rather than derived (for known-answer tests and for
    /// keying schemes that hand out session keys).
    pub(crate) fn from_session_keys(
        suite: Suite,
        cipher_key: &[u8],
        session_salt: &[u8],
        auth_key: &[u8],
    ) -> Result<KeySet, Error> {
        if session_salt.len() != suite.session_salt_len() {
            return Err(Error::BadKey(
                "the session salt length does not match the suite",
            ));
        }
        if auth_key.len() != suite.auth_key_len() {
            return Err(Error::BadKey(
                "the session authentication key length is wrong",
            ));
        }
        let mut salt = Zeroizing::new([0u8; 14]);
        salt[..session_salt.len()].copy_from_slice(session_salt);
        let auth = match auth_key.len() {
            0 => None,
            _ => Some(
                <Hmac<Sha1> as Mac>::new_from_slice(auth_key)
                    .map_err(|_| Error::BadKey("the HMAC key was refused"))?,
            ),
        };
        Ok(KeySet {
            cipher: expand(suite, cipher_key)?,
            salt,
            auth,
        })
    }

    /// The counter-mode IV: `(salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16)`
    /// (RFC 3711 section 4.1.1); `index` is the SRTP packet index or the SRTCP index.
    fn counter_iv(&self, ssrc: u32, index: u64) -> [u8; 16] {
        let mut iv = [0u8; 16];
        iv[..14].copy_from_slice(&self.salt[..]);
        xor_ssrc_and_index(&mut iv, 4, ssrc, index);
        iv
    }

    /// The GCM IV: `salt XOR (00 00 || SSRC || index)` with a 48-bit index, which is
    /// `ROC || SEQ` for SRTP and `00 00 || SRTCP index` for SRTCP (RFC 7714 sections 8.1, 9.1).
    fn gcm_iv(&self, ssrc: u32, index: u64) -> [u8; 12] {
        let mut iv = [0u8; 12];
        iv.copy_from_slice(&self.salt[..12]);
        xor_ssrc_and_index(&mut iv, 2, ssrc, index);
        iv
    }

    /// Encrypts or decrypts `data` in counter mode; the NULL cipher leaves it alone.
    pub(crate) fn apply_counter(&self, ssrc: u32, index: u64, data: &mut [u8]) {
        let iv = self.counter_iv(ssrc, index);
        match &self.cipher {
            Cipher::Counter128(aes) => {
                let core = CtrCore::<Aes128, Ctr128BE>::inner_iv_init(aes.clone(), &iv.into());
                ctr::Ctr128BE::<Aes128>::from_core(core).apply_keystream(data);
            }
            Cipher::Counter192(aes) => {
                let core = CtrCore::<Aes192, Ctr128BE>::inner_iv_init(aes.clone(), &iv.into());
                ctr::Ctr128BE::<Aes192>::from_core(core).apply_keystream(data);
            }
            Cipher::Counter256(aes) => {
                let core = CtrCore::<Aes256, Ctr128BE>::inner_iv_init(aes.clone(), &iv.into());
                ctr::Ctr128BE::<Aes256>::from_core(core).apply_keystream(data);
            }
            Cipher::Null | Cipher::Gcm128(_) | Cipher::Gcm256(_) => {}
        }
    }

    /// The full HMAC-SHA1 over `message || trailer` with the pre-keyed state.
    pub(crate) fn hmac(&self, message: &[u8], trailer: &[u8]) -> [u8; HMAC_SHA1_LEN] {
        let Some(auth) = &self.auth else {
            return [0; HMAC_SHA1_LEN];
        };
        let mut mac = auth.clone();
        mac.update(message);
        mac.update(trailer);
        mac.finalize().into_bytes().into()
    }

    /// Checks a truncated HMAC-SHA1 tag in constant time.
    pub(crate) fn verify_hmac(&self, message: &[u8], trailer: &[u8], tag: &[u8]) -> bool {
        let expected = self.hmac(message, trailer);
        expected[..tag.len()].ct_eq(tag).into()
    }

    /// Encrypts `plaintext` in place with AES-GCM and returns the tag.
    pub(crate) fn gcm_seal(
        &self,
        ssrc: u32,
        index: u64,
        aad: &[u8],
        plaintext: &mut [u8],
    ) -> Result<[u8; GCM_TAG_LEN], Error> {
        let iv = self.gcm_iv(ssrc, index);
        let nonce = Nonce::from_slice(&iv);
        let tag = match &self.cipher {
            Cipher::Gcm128(gcm) => gcm.encrypt_in_place_detached(nonce, aad, plaintext),
            Cipher::Gcm256(gcm) => gcm.encrypt_in_place_detached(nonce, aad, plaintext),
            _ => return Err(Error::InvalidArgument("not a GCM suite")),
        };
        tag.map(Into::into)
            .map_err(|_| Error::BadPacket("the packet is too long for GCM"))
    }

    /// Checks the GCM tag and, only when it is right, decrypts `ciphertext` in place.
    pub(crate) fn gcm_open(
        &self,
        ssrc: u32,
        index: u64,
        aad: &[u8],
        ciphertext: &mut [u8],
        tag: &[u8],
    ) -> Result<(), Error> {
        let iv = self.gcm_iv(ssrc, index);
        let nonce = Nonce::from_slice(&iv);
        let tag = Tag::from_slice(tag);
        let opened = match &self.cipher {
            Cipher::Gcm128(gcm) => gcm.decrypt_in_place_detached(nonce, aad, ciphertext, tag),
            Cipher::Gcm256(gcm) => gcm.decrypt_in_place_detached(nonce, aad, ciphertext, tag),
            _ => return Err(Error::InvalidArgument("not a GCM suite")),
        };
        opened.map_err(|_| Error::Auth)
    }
}

/// XORs the SSRC at octet `ssrc_at` and the 48-bit index right after it into an IV.
fn xor_ssrc_and_index(iv: &mut [u8], ssrc_at: usize, ssrc: u32, index: u64) {
    let index_at = ssrc_at + 4;
    for (at, octet) in ssrc.to_be_bytes().iter().enumerate() {
        iv[ssrc_at + at] ^= octet;
    }
    for (at, octet) in index.to_be_bytes()[2..].iter().enumerate() {
        iv[index_at + at] ^= octet;
    }
}

fn expand(suite: Suite, key: &[u8]) -> Result<Cipher, Error> {
    let bad = |_| Error::BadKey("the session key length does not match the suite");
    if !suite.encrypts() {
        return Ok(Cipher::Null);
    }
    let cipher = match (suite.transform(), key.len()) {
        (Transform::CounterHmac, 16) => {
            Cipher::Counter128(Aes128::new_from_slice(key).map_err(bad)?)
        }
        (Transform::CounterHmac, 24) => {
            Cipher::Counter192(Aes192::new_from_slice(key).map_err(bad)?)
        }
        (Transform::CounterHmac, 32) => {
            Cipher::Counter256(Aes256::new_from_slice(key).map_err(bad)?)
        }
        (Transform::Gcm, 16) => {
            Cipher::Gcm128(Box::new(Aes128Gcm::new_from_slice(key).map_err(bad)?))
        }
        (Transform::Gcm, 32) => {
            Cipher::Gcm256(Box::new(Aes256Gcm::new_from_slice(key).map_err(bad)?))
        }
        _ => {
            return Err(Error::BadKey(
                "the session key length does not match the suite",
            ))
        }
    };
    Ok(cipher)
}
