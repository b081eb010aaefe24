//! Session key derivation with the AES-CM PRF (RFC 3711 section 4.3, RFC 6188 section 4.1,
//! RFC 7714 section 11) and the counter-mode keystream it is built on.

use super::suite::Suite;
use super::Error;
use aes::cipher::{KeyIvInit, StreamCipher};
use aes::{Aes128, Aes192, Aes256};
use zeroize::Zeroizing;

/// The key derivation labels of RFC 3711 section 4.3.1 and 4.3.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Label {
    /// The SRTP encryption key.
    RtpEncryption = 0,
    /// The SRTP authentication key.
    RtpAuthentication = 1,
    /// The SRTP salting key.
    RtpSalt = 2,
    /// The SRTCP encryption key.
    RtcpEncryption = 3,
    /// The SRTCP authentication key.
    RtcpAuthentication = 4,
    /// The SRTCP salting key.
    RtcpSalt = 5,
}

/// Fills `out` with the AES counter-mode keystream for `key` starting at the 128-bit counter
/// block `iv` (RFC 3711 section 4.1.1); the key length picks AES-128, AES-192 or AES-256.
pub fn keystream(key: &[u8], iv: &[u8; 16], out: &mut [u8]) -> Result<(), Error> {
    out.fill(0);
    apply_keystream(key, iv, out)
}

fn apply_keystream(key: &[u8], iv: &[u8; 16], data: &mut [u8]) -> Result<(), Error> {
    match key.len() {
        16 => ctr::Ctr128BE::<Aes128>::new(key.into(), iv.into()).apply_keystream(data),
        24 => ctr::Ctr128BE::<Aes192>::new(key.into(), iv.into()).apply_keystream(data),
        32 => ctr::Ctr128BE::<Aes256>::new(key.into(), iv.into()).apply_keystream(data),
        _ => return Err(Error::BadKey("the AES key must be 16, 24 or 32 octets")),
    }
    Ok(())
}

/// Derives `len` octets of the session key for `label` from a master key and salt.
///
/// `index_div_kdr` is `r = index DIV key_derivation_rate` (0 when the rate is 0). The
/// 12-octet GCM master salt is padded with two zero octets on the right to the 14 octets the
/// PRF needs (RFC 7714 section 11, as libsrtp and other implementations do).
pub fn derive(
    suite: Suite,
    master_key: &[u8],
    master_salt: &[u8],
    label: Label,
    index_div_kdr: u64,
    len: usize,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    check_master(suite, master_key, master_salt)?;

    // RFC 3711 section 4.3.1: x = (label || r) XOR master_salt, right-aligned in 14 octets,
    // and the PRF input is x * 2^16.
    let mut iv = Zeroizing::new([0u8; 16]);
    iv[..master_salt.len()].copy_from_slice(master_salt);
    let r = index_div_kdr.to_be_bytes();
    iv[7] ^= label as u8;
    for (at, octet) in r[2..].iter().enumerate() {
        iv[8 + at] ^= octet;
    }

    let mut out = Zeroizing::new(vec![0u8; len]);
    apply_keystream(master_key, &iv, &mut out)?;
    Ok(out)
}

/// Checks the master key and salt lengths against the suite.
pub fn check_master(suite: Suite, master_key: &[u8], master_salt: &[u8]) -> Result<(), Error> {
    if master_key.len() != suite.master_key_len() {
        return Err(Error::BadKey(
            "the master key length does not match the suite",
        ));
    }
    if master_salt.len() != suite.master_salt_len() {
        return Err(Error::BadKey(
            "the master salt length does not match the suite",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_and_index_land_in_octets_7_to_13() {
        let key = [0u8; 16];
        let salt = [0u8; 14];
        let a = derive(
            Suite::AesCm128HmacSha1_80,
            &key,
            &salt,
            Label::RtpSalt,
            0,
            16,
        )
        .unwrap();
        let b = derive(
            Suite::AesCm128HmacSha1_80,
            &key,
            &salt,
            Label::RtpSalt,
            1,
            16,
        )
        .unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn wrong_lengths_are_refused() {
        let result = derive(
            Suite::AeadAes128Gcm,
            &[0; 16],
            &[0; 14],
            Label::RtpSalt,
            0,
            12,
        );
        assert!(matches!(result, Err(Error::BadKey(_))));
    }
}
