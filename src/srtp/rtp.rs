//! The SRTP packet transform (RFC 3711 section 3.1, RFC 7714 section 8): what is encrypted,
//! what is authenticated and where the MKI and tag go.
//!
//! Only the payload is encrypted, including any RTP padding; the fixed header, the CSRC list
//! and the header extension stay in clear and are authenticated, except the header extension
//! elements the session names for RFC 6904 encryption.

use super::cryptex;
use super::header_ext::ExtensionIds;
use super::keys::{KeySet, GCM_TAG_LEN};
use super::suite::{Suite, Transform};
use super::Error;

/// The length of the fixed RTP header.
pub const RTP_HEADER_LEN: usize = 12;

/// The fields of an RTP header that SRTP needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RtpHeader {
    /// The header length: fixed part, CSRCs and header extension.
    pub len: usize,
    /// The sequence number.
    pub seq: u16,
    /// The synchronization source.
    pub ssrc: u32,
    /// Whether the padding bit is set.
    pub padding: bool,
    /// Where the header extension starts (its 4-octet header), when the X bit is set.
    pub extension: Option<usize>,
}

impl RtpHeader {
    /// Parses the header at the start of `packet` (which must not include an SRTP trailer)
    /// and checks that it fits (RFC 3550 section 5.1 and 5.3.1).
    pub fn parse(packet: &[u8]) -> Result<RtpHeader, Error> {
        if packet.len() < RTP_HEADER_LEN {
            return Err(Error::BadPacket("shorter than an RTP header"));
        }
        if packet[0] >> 6 != 2 {
            return Err(Error::BadPacket("the RTP version is not 2"));
        }

        let csrc_count = usize::from(packet[0] & 0x0f);
        let mut len = RTP_HEADER_LEN + 4 * csrc_count;
        let extension = (packet[0] & 0x10 != 0).then_some(len);
        if extension.is_some() {
            let words = packet
                .get(len + 2..len + 4)
                .ok_or(Error::BadPacket("truncated header extension"))?;
            len += 4 + 4 * usize::from(u16::from_be_bytes([words[0], words[1]]));
        }
        if len > packet.len() {
            return Err(Error::BadPacket(
                "the CSRC list or header extension overruns the packet",
            ));
        }

        Ok(RtpHeader {
            len,
            seq: u16::from_be_bytes([packet[2], packet[3]]),
            ssrc: u32::from_be_bytes([packet[8], packet[9], packet[10], packet[11]]),
            padding: packet[0] & 0x20 != 0,
            extension,
        })
    }

    /// Checks the RTP padding count of an outgoing packet (RFC 3550 section 5.1).
    pub fn check_padding(&self, packet: &[u8]) -> Result<(), Error> {
        if !self.padding {
            return Ok(());
        }
        let count = usize::from(*packet.last().unwrap_or(&0));
        if count == 0 || count > packet.len() - self.len {
            return Err(Error::BadPacket(
                "the RTP padding count is zero or exceeds the payload",
            ));
        }
        Ok(())
    }
}

/// The SRTP trailer length for a suite and MKI length.
pub fn trailer_len(suite: Suite, mki_len: usize) -> usize {
    suite.srtp_tag_len() + mki_len
}

/// What the transform of one packet needs besides the packet.
pub(crate) struct Transformation<'a> {
    /// The suite.
    pub suite: Suite,
    /// The session keys for this packet's index.
    pub keys: &'a KeySet,
    /// The packet index.
    pub index: u64,
    /// The header extension elements to encrypt (RFC 6904).
    pub extensions: &'a ExtensionIds,
    /// Whether cryptex (RFC 9335) is on.
    pub cryptex: bool,
}

/// Protects the RTP packet in `buffer[..len]` in place and returns the SRTP length;
/// `buffer` must have room for the trailer, and for cryptex's growth (the caller checked).
pub(crate) fn protect(
    how: &Transformation<'_>,
    buffer: &mut [u8],
    len: usize,
    header: &RtpHeader,
    mki: &[u8],
) -> Result<usize, Error> {
    let Transformation {
        suite,
        keys,
        index,
        extensions,
        cryptex,
    } = *how;
    let prepared = if cryptex {
        cryptex::prepare(buffer, len, header)?
    } else {
        None
    };
    let hidden = prepared.is_some();
    let (len, header) = prepared.unwrap_or((len, *header));
    if let Some(header_keys) = keys.header_keys().filter(|_| !hidden) {
        extensions.check(&buffer[..len], &header)?;
        extensions.apply(header_keys, buffer, &header, index)?;
    }

    // RFC 9335 section 5.3: with cryptex the region runs from the CSRCs to the end of the
    // payload, minus the extension header, which joins the fixed header in the AAD.
    let start = if hidden {
        cryptex::REGION_START
    } else {
        header.len
    };
    if hidden {
        cryptex::gather(buffer, &header);
    }
    match suite.transform() {
        Transform::CounterHmac => {
            keys.apply_counter(header.ssrc, index, &mut buffer[start..len]);
            if hidden {
                cryptex::scatter(buffer, &header);
            }
            buffer[len..len + mki.len()].copy_from_slice(mki);

            // RFC 3711 section 4.2: the tag covers header || encrypted payload || ROC; the
            // MKI is not authenticated.
            let roc = ((index >> 16) as u32).to_be_bytes();
            let tag = keys.hmac(&buffer[..len], &roc);
            let tag_at = len + mki.len();
            let tag_len = suite.srtp_tag_len();
            buffer[tag_at..tag_at + tag_len].copy_from_slice(&tag[..tag_len]);
            Ok(tag_at + tag_len)
        }
        Transform::Gcm => {
            // RFC 7714 section 8.2: the header is the AAD; the tag follows the ciphertext and
            // the MKI follows the tag.
            let (aad, rest) = buffer.split_at_mut(start);
            let tag = keys.gcm_seal(header.ssrc, index, aad, &mut rest[..len - start]);
            if hidden {
                cryptex::scatter(buffer, &header);
            }
            buffer[len..len + GCM_TAG_LEN].copy_from_slice(&tag?);
            let mki_at = len + GCM_TAG_LEN;
            buffer[mki_at..mki_at + mki.len()].copy_from_slice(mki);
            Ok(mki_at + mki.len())
        }
    }
}

/// Where the parts of a received SRTP packet lie.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    /// The end of the encrypted payload (the plaintext length after unprotecting).
    pub payload_end: usize,
    /// Where the MKI starts.
    pub mki_at: usize,
    /// Where the tag starts.
    pub tag_at: usize,
}

impl Layout {
    /// Locates the MKI and tag of an SRTP packet of `len` octets.
    pub(crate) fn of(suite: Suite, len: usize, mki_len: usize) -> Result<Layout, Error> {
        let tag_len = suite.srtp_tag_len();
        let payload_end = len
            .checked_sub(tag_len + mki_len)
            .filter(|end| *end >= RTP_HEADER_LEN)
            .ok_or(Error::BadPacket(
                "shorter than an RTP header and the SRTP trailer",
            ))?;
        let layout = match suite.transform() {
            Transform::CounterHmac => Layout {
                payload_end,
                mki_at: payload_end,
                tag_at: payload_end + mki_len,
            },
            Transform::Gcm => Layout {
                payload_end,
                mki_at: payload_end + tag_len,
                tag_at: payload_end,
            },
        };
        Ok(layout)
    }
}

/// Authenticates the SRTP packet in `buffer` and, only if it is authentic, decrypts it in
/// place; returns the RTP length. Nothing is changed when authentication fails.
pub(crate) fn unprotect(
    how: &Transformation<'_>,
    buffer: &mut [u8],
    layout: &Layout,
    header: &RtpHeader,
) -> Result<usize, Error> {
    let Transformation {
        suite,
        keys,
        index,
        extensions,
        cryptex,
    } = *how;
    let tag_len = suite.srtp_tag_len();
    let end = layout.payload_end;
    let hidden = cryptex && cryptex::is_encrypted(&buffer[..end], header);
    let header_keys = keys.header_keys().filter(|_| !hidden);
    if header_keys.is_some() {
        extensions.check(&buffer[..end], header)?;
    }

    let start = if hidden {
        cryptex::REGION_START
    } else {
        header.len
    };
    match suite.transform() {
        Transform::CounterHmac => {
            let roc = ((index >> 16) as u32).to_be_bytes();
            let tag = &buffer[layout.tag_at..layout.tag_at + tag_len];
            if !keys.verify_hmac(&buffer[..end], &roc, tag) {
                return Err(Error::Auth);
            }
            if hidden {
                cryptex::gather(buffer, header);
            }
            keys.apply_counter(header.ssrc, index, &mut buffer[start..end]);
        }
        Transform::Gcm => {
            if hidden {
                cryptex::gather(buffer, header);
            }
            let (packet, trailer) = buffer.split_at_mut(end);
            let (aad, ciphertext) = packet.split_at_mut(start);
            let opened = keys.gcm_open(header.ssrc, index, aad, ciphertext, &trailer[..tag_len]);
            if opened.is_err() && hidden {
                cryptex::scatter(buffer, header);
            }
            opened?;
        }
    }
    if hidden {
        cryptex::scatter(buffer, header);
        cryptex::restore_profile(buffer, header);
    }
    if let Some(header_keys) = header_keys {
        extensions.apply(header_keys, buffer, header, index)?;
    }
    Ok(end)
}
