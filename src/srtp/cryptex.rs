//! Cryptex (RFC 9335): encrypting the CSRC list and the whole header extension block (all
//! but its first four octets) together with the payload.
//!
//! The encrypted region is not contiguous on the wire: the 4-octet extension header sits
//! between the CSRCs and the extension data. The transform rotates that header in front of
//! the CSRCs, so that the region (and, for GCM, the AAD of fixed header plus extension
//! header) becomes contiguous, runs the ordinary transform, and rotates it back.

use super::rtp::{RtpHeader, RTP_HEADER_LEN};
use super::Error;

/// The extension header length: "defined by profile" and length.
const EXTENSION_HEADER_LEN: usize = 4;
/// RFC 8285 one-byte form, and its cryptex counterpart (RFC 9335 section 5).
const ONE_BYTE: u16 = 0xbede;
const ONE_BYTE_ENCRYPTED: u16 = 0xc0de;
/// RFC 8285 two-byte form, and its cryptex counterpart.
const TWO_BYTE: u16 = 0x1000;
const TWO_BYTE_ENCRYPTED: u16 = 0xc2de;

/// The octets cryptex may add to a packet: an empty extension block for CSRCs alone.
pub const CRYPTEX_GROWTH: usize = EXTENSION_HEADER_LEN;

fn profile(packet: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([packet[at], packet[at + 1]])
}

fn set_profile(packet: &mut [u8], at: usize, value: u16) {
    packet[at..at + 2].copy_from_slice(&value.to_be_bytes());
}

/// Readies an outgoing packet for cryptex (RFC 9335 section 5.1): marks the extension block
/// as encrypted, or appends an empty one when there are CSRCs but no extension. Returns the
/// new length and header, or `None` when there is nothing for cryptex to hide. `buffer` has
/// room for [`CRYPTEX_GROWTH`] more octets (the caller checked).
pub(crate) fn prepare(
    buffer: &mut [u8],
    len: usize,
    header: &RtpHeader,
) -> Result<Option<(usize, RtpHeader)>, Error> {
    let Some(at) = header.extension else {
        if header.len == RTP_HEADER_LEN {
            return Ok(None);
        }
        // CSRCs without an extension: insert an empty 0xC0DE block after them.
        buffer.copy_within(header.len..len, header.len + EXTENSION_HEADER_LEN);
        buffer[header.len..header.len + EXTENSION_HEADER_LEN].copy_from_slice(&[0xc0, 0xde, 0, 0]);
        buffer[0] |= 0x10;
        let len = len + EXTENSION_HEADER_LEN;
        return Ok(Some((len, RtpHeader::parse(&buffer[..len])?)));
    };

    let encrypted = match profile(buffer, at) {
        ONE_BYTE => ONE_BYTE_ENCRYPTED,
        TWO_BYTE => TWO_BYTE_ENCRYPTED,
        _ => return Err(Error::BadPacket("cryptex needs RFC 8285 header extensions")),
    };
    set_profile(buffer, at, encrypted);
    Ok(Some((len, *header)))
}

/// Whether a received packet says it was protected with cryptex.
pub(crate) fn is_encrypted(packet: &[u8], header: &RtpHeader) -> bool {
    header
        .extension
        .is_some_and(|at| matches!(profile(packet, at), ONE_BYTE_ENCRYPTED | TWO_BYTE_ENCRYPTED))
}

/// Gives a decrypted packet back its RFC 8285 "defined by profile" value.
pub(crate) fn restore_profile(packet: &mut [u8], header: &RtpHeader) {
    if let Some(at) = header.extension {
        let plain = if profile(packet, at) == ONE_BYTE_ENCRYPTED {
            ONE_BYTE
        } else {
            TWO_BYTE
        };
        set_profile(packet, at, plain);
    }
}

/// Moves the extension header in front of the CSRCs: the encrypted region then starts at
/// octet 16 and runs to the end of the payload.
pub(crate) fn gather(packet: &mut [u8], header: &RtpHeader) {
    if let Some(at) = header.extension {
        packet[RTP_HEADER_LEN..at + EXTENSION_HEADER_LEN].rotate_right(EXTENSION_HEADER_LEN);
    }
}

/// Undoes [`gather`].
pub(crate) fn scatter(packet: &mut [u8], header: &RtpHeader) {
    if let Some(at) = header.extension {
        packet[RTP_HEADER_LEN..at + EXTENSION_HEADER_LEN].rotate_left(EXTENSION_HEADER_LEN);
    }
}

/// Where the contiguous encrypted region starts once [`gather`] ran.
pub(crate) const REGION_START: usize = RTP_HEADER_LEN + EXTENSION_HEADER_LEN;
