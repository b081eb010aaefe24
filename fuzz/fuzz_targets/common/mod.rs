//! What the SRTP and SRTCP fuzz targets share: one master key for every suite, and the
//! check that any input is refused or accepted without a panic and that whatever protects
//! comes back unchanged.

use sipsec::srtp::{Direction, Error, Session, SessionConfig, Suite, MAX_TRAILER_LEN};

const KEY_SALT: [u8; 46] = [
    0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39,
    0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6, 0x01, 0x02,
    0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
];

fn session(suite: Suite, direction: Direction, header_encryption: bool) -> Session {
    let len = suite.master_key_len() + suite.master_salt_len();
    let mut config = SessionConfig::new(suite, direction);
    if header_encryption {
        config.encrypted_extension_ids = (1..=255).collect();
    }
    Session::new(config, &KEY_SALT[..len]).expect("valid key")
}

/// One packet transform of a session: in place, buffer and length in, length out.
pub type Protect = fn(&mut Session, &mut [u8], usize) -> Result<usize, Error>;
/// One unprotect transform of a session: in place, length out.
pub type Unprotect = fn(&mut Session, &mut [u8]) -> Result<usize, Error>;

/// The first octet of `data` picks the suite (low bits) and RFC 6904 header extension
/// encryption of every element (top bit, AES-CM suites only); the rest is the packet.
pub fn run(data: &[u8], protect: Protect, unprotect: Unprotect) {
    let Some((&selector, packet)) = data.split_first() else { return };
    let suite = Suite::all()[usize::from(selector & 0x7f) % Suite::all().len()];
    let header = selector & 0x80 != 0 && suite.encrypts() && !suite.is_aead();
    let session = |direction| session(suite, direction, header);

    let mut received = packet.to_vec();
    let _ = unprotect(&mut session(Direction::Inbound), &mut received);

    let mut buffer = packet.to_vec();
    buffer.resize(packet.len() + MAX_TRAILER_LEN, 0);
    if let Ok(len) = protect(&mut session(Direction::Outbound), &mut buffer, packet.len()) {
        buffer.truncate(len);
        let plain = unprotect(&mut session(Direction::Inbound), &mut buffer);
        assert_eq!(plain.map(|len| &buffer[..len]), Ok(packet));
    }
}
