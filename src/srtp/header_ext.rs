//! Encryption of selected RTP header extension elements (RFC 6904), over the one-byte and
//! two-byte element forms of RFC 8285.
//!
//! Only the data octets of the chosen elements are encrypted; the element IDs and lengths,
//! padding and every other element stay in clear. Each data octet takes the keystream octet
//! at its own position in the header extension (counted from the first octet after the
//! 4-octet extension header), from the header extension key and salt (labels 6 and 7).

use super::keys::KeySet;
use super::rtp::RtpHeader;
use super::Error;
use std::ops::Range;

/// The RFC 8285 one-byte form's "defined by profile" value.
const ONE_BYTE_PROFILE: u16 = 0xbede;
/// The RFC 8285 two-byte form's value, with the low four bits free ("appbits").
const TWO_BYTE_PROFILE: u16 = 0x1000;

/// The set of header extension element IDs whose data is encrypted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExtensionIds {
    bits: [u64; 4],
}

impl ExtensionIds {
    /// The set of `ids` (1..=255; IDs 1..=14 are the ones the one-byte form can carry).
    pub fn new(ids: &[u8]) -> Result<ExtensionIds, Error> {
        let mut set = ExtensionIds::default();
        for &id in ids {
            if id == 0 {
                return Err(Error::InvalidArgument("header extension ID 0 is padding"));
            }
            set.bits[usize::from(id / 64)] |= 1 << (id % 64);
        }
        Ok(set)
    }

    /// Whether no element is encrypted.
    pub fn is_empty(&self) -> bool {
        self.bits == [0; 4]
    }

    fn contains(&self, id: u8) -> bool {
        self.bits[usize::from(id / 64)] & (1 << (id % 64)) != 0
    }

    /// Checks the elements of the packet's header extension without changing anything.
    pub(crate) fn check(&self, packet: &[u8], header: &RtpHeader) -> Result<(), Error> {
        let Some(mut cursor) = Cursor::new(packet, header) else {
            return Ok(());
        };
        while cursor.next_selected(packet, self)?.is_some() {}
        Ok(())
    }

    /// Encrypts or decrypts the data of the selected elements in place. Call
    /// [`check`](Self::check) first: a malformed extension is then left untouched.
    pub(crate) fn apply(
        &self,
        keys: &KeySet,
        packet: &mut [u8],
        header: &RtpHeader,
        index: u64,
    ) -> Result<(), Error> {
        let Some(mut cursor) = Cursor::new(packet, header) else {
            return Ok(());
        };
        while let Some((data, offset)) = cursor.next_selected(packet, self)? {
            keys.apply_counter_at(header.ssrc, index, offset, &mut packet[data]);
        }
        Ok(())
    }
}

/// A walk over the elements of one header extension. It only reads IDs and lengths, which
/// encryption never changes, so the data can be changed between steps.
struct Cursor {
    at: usize,
    first: usize,
    end: usize,
    two_byte: bool,
}

impl Cursor {
    /// A walk over the packet's extension, or `None` without one in an RFC 8285 form.
    fn new(packet: &[u8], header: &RtpHeader) -> Option<Cursor> {
        let start = header.extension?;
        let profile = u16::from_be_bytes([packet[start], packet[start + 1]]);
        let two_byte = match profile {
            ONE_BYTE_PROFILE => false,
            p if p & 0xfff0 == TWO_BYTE_PROFILE => true,
            _ => return None,
        };
        Some(Cursor {
            at: start + 4,
            first: start + 4,
            end: header.len,
            two_byte,
        })
    }

    /// The packet range and keystream offset of the next selected element's data.
    fn next_selected(
        &mut self,
        packet: &[u8],
        ids: &ExtensionIds,
    ) -> Result<Option<(Range<usize>, u64)>, Error> {
        while self.at < self.end {
            let id_octet = packet[self.at];
            if id_octet == 0 {
                self.at += 1;
                continue;
            }
            let (id, data_start, len) = if self.two_byte {
                if self.at + 1 >= self.end {
                    return Err(TRUNCATED);
                }
                (id_octet, self.at + 2, usize::from(packet[self.at + 1]))
            } else if id_octet >> 4 == 15 {
                // RFC 8285 section 4.2: ID 15 ends the processing of the extension.
                self.at = self.end;
                break;
            } else {
                (id_octet >> 4, self.at + 1, usize::from(id_octet & 0x0f) + 1)
            };
            let data = data_start..data_start + len;
            if data.end > self.end {
                return Err(TRUNCATED);
            }
            self.at = data.end;
            if ids.contains(id) {
                let offset = (data.start - self.first) as u64;
                return Ok(Some((data, offset)));
            }
        }
        Ok(None)
    }
}

const TRUNCATED: Error = Error::BadPacket("a header extension element overruns the extension");

#[cfg(test)]
mod tests {
    use super::*;

    fn header_for(packet: &[u8]) -> RtpHeader {
        RtpHeader::parse(packet).unwrap()
    }

    #[test]
    fn selected_one_byte_elements_are_found_with_their_offsets() {
        // Elements: ID 1 (2 octets), padding, ID 2 (1 octet), ID 15 stops.
        let mut packet = vec![0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde, 0, 2];
        packet.extend_from_slice(&[0x11, 0xaa, 0xbb, 0x00, 0x20, 0xcc, 0xf0, 0x00]);
        let ids = ExtensionIds::new(&[1, 2]).unwrap();
        let mut cursor = Cursor::new(&packet, &header_for(&packet)).unwrap();
        let mut found = Vec::new();
        while let Some(element) = cursor.next_selected(&packet, &ids).unwrap() {
            found.push(element);
        }
        assert_eq!(found, vec![(17..19, 1), (21..22, 5)]);
    }

    #[test]
    fn overrunning_elements_are_refused() {
        let packet = [
            0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x10, 0x00, 0, 1, 5, 9, 1, 2,
        ];
        let ids = ExtensionIds::new(&[5]).unwrap();
        assert_eq!(ids.check(&packet, &header_for(&packet)), Err(TRUNCATED));
        assert!(ExtensionIds::new(&[0]).is_err());
    }
}
