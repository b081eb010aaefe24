//! What the SRTP and SRTCP fuzz targets share: one master key for every suite, and the
//! check that any input is refused or accepted without a panic and that whatever protects
//! comes back unchanged.

use sipsec::srtp::{Direction, Error, Session, SessionConfig, Suite, MAX_TRAILER_LEN};

const KEY_SALT: [u8; 46] = [
    0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39,
    0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6, 0x01, 0x02,
    0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
];

/// Which header protection a fuzzed session uses.
#[derive(Clone, Copy)]
enum HeaderProtection {
    None,
    ExtensionElements,
    Cryptex,
}

fn session(suite: Suite, direction: Direction, protection: HeaderProtection) -> Session {
    let len = suite.master_key_len() + suite.master_salt_len();
    let mut config = SessionConfig::new(suite, direction);
    match protection {
        HeaderProtection::None => {}
        HeaderProtection::ExtensionElements => config.encrypted_extension_ids = (1..=255).collect(),
        HeaderProtection::Cryptex => config.cryptex = true,
    }
    Session::new(config, &KEY_SALT[..len]).expect("valid key")
}

/// One packet transform of a session: in place, buffer and length in, length out.
pub type Protect = fn(&mut Session, &mut [u8], usize) -> Result<usize, Error>;
/// One unprotect transform of a session: in place, length out.
pub type Unprotect = fn(&mut Session, &mut [u8]) -> Result<usize, Error>;

/// The first octet of `data` picks the suite (low six bits) and the header protection: RFC
/// 6904 encryption of every element (top bit, AES-CM suites only) or cryptex (next bit);
/// the rest is the packet.
pub fn run(data: &[u8], protect: Protect, unprotect: Unprotect, rtp: bool) {
    let Some((&selector, packet)) = data.split_first() else {
        return;
    };
    let suite = Suite::all()[usize::from(selector & 0x3f) % Suite::all().len()];
    let protection = if selector & 0x80 != 0 && suite.encrypts() && !suite.is_aead() {
        HeaderProtection::ExtensionElements
    } else if selector & 0x40 != 0 {
        HeaderProtection::Cryptex
    } else {
        HeaderProtection::None
    };
    let session = |direction| session(suite, direction, protection);

    let mut received = packet.to_vec();
    let _ = unprotect(&mut session(Direction::Inbound), &mut received);

    let mut buffer = packet.to_vec();
    buffer.resize(packet.len() + MAX_TRAILER_LEN, 0);
    if let Ok(len) = protect(&mut session(Direction::Outbound), &mut buffer, packet.len()) {
        buffer.truncate(len);
        let plain = unprotect(&mut session(Direction::Inbound), &mut buffer);
        let expected = if rtp && matches!(protection, HeaderProtection::Cryptex) {
            with_cryptex_block(packet)
        } else {
            packet.to_vec()
        };
        assert_eq!(plain.map(|len| &buffer[..len]), Ok(&expected[..]));
    }
}

/// What a cryptex receiver returns for `packet`: with CSRCs but no extension, the sender
/// added an empty one-byte extension block (RFC 9335 section 5.1).
fn with_cryptex_block(packet: &[u8]) -> Vec<u8> {
    let csrcs = usize::from(packet[0] & 0x0f);
    if csrcs == 0 || packet[0] & 0x10 != 0 {
        return packet.to_vec();
    }
    let header_len = 12 + 4 * csrcs;
    let mut expected = packet[..header_len].to_vec();
    expected[0] |= 0x10;
    expected.extend_from_slice(&[0xbe, 0xde, 0, 0]);
    expected.extend_from_slice(&packet[header_len..]);
    expected
}
