//! The SRTCP packet transform (RFC 3711 section 3.4, RFC 7714 section 9).
//!
//! The first eight octets (header and sender SSRC) stay in clear. The 32-bit word of the
//! E flag and the 31-bit SRTCP index follows the encrypted part, then the MKI; for the
//! counter-mode suites the tag comes last and covers everything up to the index word, for
//! GCM the tag sits between the ciphertext and the index word.

use super::keys::{KeySet, GCM_TAG_LEN};
use super::suite::{Suite, Transform};
use super::Error;

/// The clear part of every SRTCP packet: RTCP header and sender SSRC.
pub const RTCP_HEADER_LEN: usize = 8;
/// The E flag in the index word.
const E_FLAG: u32 = 1 << 31;
/// The largest SRTCP index (RFC 3711 section 3.4: 31 bits).
pub const SRTCP_INDEX_MAX: u32 = (1 << 31) - 1;

/// The sender SSRC of an RTCP or SRTCP packet, after checking the version.
pub fn sender_ssrc(packet: &[u8]) -> Result<u32, Error> {
    if packet.len() < RTCP_HEADER_LEN {
        return Err(Error::BadPacket("shorter than an RTCP header"));
    }
    if packet[0] >> 6 != 2 {
        return Err(Error::BadPacket("the RTCP version is not 2"));
    }
    Ok(u32::from_be_bytes([
        packet[4], packet[5], packet[6], packet[7],
    ]))
}

/// The SRTCP trailer length for a suite and MKI length.
pub fn trailer_len(suite: Suite, mki_len: usize) -> usize {
    4 + suite.srtcp_tag_len() + mki_len
}

/// Protects the RTCP packet in `buffer[..len]` in place with SRTCP index `index`; returns
/// the SRTCP length. `buffer` must have room for the trailer (the caller checked).
pub(crate) fn protect(
    suite: Suite,
    keys: &KeySet,
    buffer: &mut [u8],
    len: usize,
    index: u32,
    encrypt: bool,
    mki: &[u8],
) -> Result<usize, Error> {
    let ssrc = sender_ssrc(&buffer[..len])?;
    let word = (index | if encrypt { E_FLAG } else { 0 }).to_be_bytes();

    match suite.transform() {
        Transform::CounterHmac => {
            if encrypt {
                keys.apply_counter(ssrc, u64::from(index), &mut buffer[RTCP_HEADER_LEN..len]);
            }
            buffer[len..len + 4].copy_from_slice(&word);
            let mki_at = len + 4;
            buffer[mki_at..mki_at + mki.len()].copy_from_slice(mki);

            let tag = keys.hmac(&buffer[..len + 4], &[]);
            let tag_at = mki_at + mki.len();
            let tag_len = suite.srtcp_tag_len();
            buffer[tag_at..tag_at + tag_len].copy_from_slice(&tag[..tag_len]);
            Ok(tag_at + tag_len)
        }
        Transform::Gcm => {
            let tag = if encrypt {
                // RFC 7714 section 9.2: AAD = header (8 octets) || E flag and index.
                let aad = gcm_aad(&buffer[..RTCP_HEADER_LEN], &word);
                keys.gcm_seal(
                    ssrc,
                    u64::from(index),
                    &aad,
                    &mut buffer[RTCP_HEADER_LEN..len],
                )?
            } else {
                // RFC 7714 section 9.3: AAD = the whole packet || E flag and index, written
                // after the packet so that it is contiguous; the tag then overwrites it.
                buffer[len..len + 4].copy_from_slice(&word);
                keys.gcm_seal(ssrc, u64::from(index), &buffer[..len + 4], &mut [])?
            };
            buffer[len..len + GCM_TAG_LEN].copy_from_slice(&tag);
            let word_at = len + GCM_TAG_LEN;
            buffer[word_at..word_at + 4].copy_from_slice(&word);
            buffer[word_at + 4..word_at + 4 + mki.len()].copy_from_slice(mki);
            Ok(word_at + 4 + mki.len())
        }
    }
}

fn gcm_aad(header: &[u8], word: &[u8; 4]) -> [u8; RTCP_HEADER_LEN + 4] {
    let mut aad = [0u8; RTCP_HEADER_LEN + 4];
    aad[..RTCP_HEADER_LEN].copy_from_slice(header);
    aad[RTCP_HEADER_LEN..].copy_from_slice(word);
    aad
}

/// Where the parts of a received SRTCP packet lie, and what its index word says.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    /// The end of the (possibly encrypted) RTCP packet.
    pub packet_end: usize,
    /// Where the E flag and index word starts.
    pub word_at: usize,
    /// Where the MKI starts.
    pub mki_at: usize,
    /// Where the tag starts.
    pub tag_at: usize,
    /// The sender SSRC.
    pub ssrc: u32,
    /// The SRTCP index.
    pub index: u32,
    /// Whether the E flag says the packet is encrypted.
    pub encrypted: bool,
}

impl Layout {
    /// Locates the parts of an SRTCP packet.
    pub(crate) fn of(suite: Suite, packet: &[u8], mki_len: usize) -> Result<Layout, Error> {
        let tag_len = suite.srtcp_tag_len();
        let packet_end = packet
            .len()
            .checked_sub(4 + tag_len + mki_len)
            .filter(|end| *end >= RTCP_HEADER_LEN)
            .ok_or(Error::BadPacket(
                "shorter than an RTCP header and the SRTCP trailer",
            ))?;
        let ssrc = sender_ssrc(&packet[..packet_end])?;

        let (word_at, mki_at, tag_at) = match suite.transform() {
            Transform::CounterHmac => (packet_end, packet_end + 4, packet_end + 4 + mki_len),
            Transform::Gcm => (packet_end + tag_len, packet_end + tag_len + 4, packet_end),
        };
        let word = u32::from_be_bytes(packet[word_at..word_at + 4].try_into().expect("4 octets"));
        Ok(Layout {
            packet_end,
            word_at,
            mki_at,
            tag_at,
            ssrc,
            index: word & SRTCP_INDEX_MAX,
            encrypted: word & E_FLAG != 0,
        })
    }
}

/// Authenticates the SRTCP packet in `buffer` and, only if it is authentic, decrypts it in
/// place when its E flag is set; returns the RTCP length. On failure `buffer` is unchanged.
pub(crate) fn unprotect(
    suite: Suite,
    keys: &KeySet,
    buffer: &mut [u8],
    layout: &Layout,
) -> Result<usize, Error> {
    let tag_len = suite.srtcp_tag_len();
    let end = layout.packet_end;
    let index = u64::from(layout.index);
    match suite.transform() {
        Transform::CounterHmac => {
            let tag = &buffer[layout.tag_at..layout.tag_at + tag_len];
            if !keys.verify_hmac(&buffer[..layout.word_at + 4], &[], tag) {
                return Err(Error::Auth);
            }
            if layout.encrypted {
                keys.apply_counter(layout.ssrc, index, &mut buffer[RTCP_HEADER_LEN..end]);
            }
        }
        Transform::Gcm if layout.encrypted => {
            let word: [u8; 4] = buffer[layout.word_at..layout.word_at + 4]
                .try_into()
                .expect("4");
            let aad = gcm_aad(&buffer[..RTCP_HEADER_LEN], &word);
            let (packet, trailer) = buffer.split_at_mut(end);
            let ciphertext = &mut packet[RTCP_HEADER_LEN..];
            keys.gcm_open(layout.ssrc, index, &aad, ciphertext, &trailer[..tag_len])?;
        }
        Transform::Gcm => {
            // The AAD is the packet followed by the index word: move the word over the tag
            // for the check, and put the tag back if the check fails.
            let mut tag = [0u8; GCM_TAG_LEN];
            tag.copy_from_slice(&buffer[end..end + GCM_TAG_LEN]);
            buffer.copy_within(layout.word_at..layout.word_at + 4, end);
            let opened = keys.gcm_open(layout.ssrc, index, &buffer[..end + 4], &mut [], &tag);
            if opened.is_err() {
                buffer[end..end + GCM_TAG_LEN].copy_from_slice(&tag);
            }
            opened?;
        }
    }
    Ok(end)
}
