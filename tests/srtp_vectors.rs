//! Runs every SRTP known-answer vector in `tests/vectors/srtp_*.txt` through the public API.
//! A failure names the file and the record.

use sipsec::srtp::kdf::{self, Label};
use sipsec::srtp::{Direction, Error, Session, SessionConfig, SessionKeys, Suite};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One `[name]` record of a vector file: its fields in order of appearance.
struct Record {
    file: String,
    name: String,
    fields: BTreeMap<String, String>,
}

impl Record {
    fn text(&self, field: &str) -> &str {
        self.fields
            .get(field)
            .unwrap_or_else(|| panic!("{}: [{}] has no {field}", self.file, self.name))
    }

    fn hex(&self, field: &str) -> Vec<u8> {
        decode_hex(self.text(field))
    }

    fn suite(&self) -> Suite {
        Suite::from_name(self.text("suite")).expect("a known suite")
    }

    fn label(&self) -> String {
        format!("{} [{}]", self.file, self.name)
    }
}

fn decode_hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).expect("hex"))
        .collect()
}

fn records(file: &str) -> Vec<Record> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("vector file is readable");
    assert!(text.contains("Source:"), "{file} names no source");

    let mut found: Vec<Record> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            found.push(Record {
                file: file.into(),
                name: name.into(),
                fields: BTreeMap::new(),
            });
            continue;
        }
        let (key, value) = line.split_once('=').expect("key = value");
        let record = found.last_mut().expect("a field inside a record");
        record.fields.insert(key.trim().into(), value.trim().into());
    }
    assert!(!found.is_empty(), "{file} holds no records");
    found
}

fn check_keystream(file: &str) {
    let all = records(file);
    assert_eq!(check_keystream_records(all.iter()), all.len());
}

fn check_kdf(file: &str) {
    let derivations = records(file)
        .into_iter()
        .filter(|r| r.fields.contains_key("master_key"));
    for record in derivations {
        let (suite, key, salt) = (
            record.suite(),
            record.hex("master_key"),
            record.hex("master_salt"),
        );
        let labels = [
            Label::RtpEncryption,
            Label::RtpAuthentication,
            Label::RtpSalt,
            Label::RtcpEncryption,
            Label::RtcpAuthentication,
            Label::RtcpSalt,
        ];
        let mut checked = 0;
        for label in labels {
            let Some(expected) = record.fields.get(&format!("label_{}", label as u8)) else {
                continue;
            };
            let expected = decode_hex(expected);
            let derived = kdf::derive(suite, &key, &salt, label, 0, expected.len()).unwrap();
            assert_eq!(
                derived[..],
                expected[..],
                "{} label {}",
                record.label(),
                label as u8
            );
            checked += 1;
        }
        assert!(checked >= 3, "{}", record.label());
    }
}

#[test]
fn rfc3711_b2_aes_cm_keystream() {
    check_keystream("srtp_rfc3711_b2_keystream.txt");
}

#[test]
fn rfc3711_b3_key_derivation() {
    check_kdf("srtp_rfc3711_b3_kdf.txt");
}

#[test]
fn rfc6188_7_keystreams_and_key_derivation() {
    let all = records("srtp_rfc6188_7.txt");
    assert_eq!(all.len(), 4);
    let keystreams = all.iter().filter(|r| r.fields.contains_key("iv"));
    assert_eq!(check_keystream_records(keystreams), 2);
    check_kdf("srtp_rfc6188_7.txt");
}

/// Checks every keystream record and returns how many there were.
fn check_keystream_records<'a>(records: impl Iterator<Item = &'a Record>) -> usize {
    let mut seen = 0;
    for record in records {
        let key = record.hex("key");
        let iv: [u8; 16] = record.hex("iv").try_into().expect("16-octet IV");
        let mut stream = vec![0u8; 0xff02 * 16];
        kdf::keystream(&key, &iv, &mut stream).unwrap();
        let mut blocks = 0;
        for (field, value) in &record.fields {
            let Some(block) = field.strip_prefix("block_") else {
                continue;
            };
            let at = usize::from_str_radix(block, 16).unwrap() * 16;
            assert_eq!(
                stream[at..at + 16],
                decode_hex(value)[..],
                "{} {field}",
                record.label()
            );
            blocks += 1;
        }
        assert_eq!(blocks, 6, "{}", record.label());
        seen += 1;
    }
    seen
}

fn ssrc_of(packet: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(packet[at..at + 4].try_into().unwrap())
}

fn protect_rtp(session: &mut Session, rtp: &[u8]) -> Vec<u8> {
    let mut buffer = rtp.to_vec();
    buffer.resize(rtp.len() + session.rtp_overhead(), 0);
    let len = session
        .protect_rtp(&mut buffer, rtp.len())
        .expect("protects");
    buffer.truncate(len);
    buffer
}

fn protect_rtcp(session: &mut Session, rtcp: &[u8]) -> Vec<u8> {
    let mut buffer = rtcp.to_vec();
    buffer.resize(rtcp.len() + session.rtcp_overhead(), 0);
    let len = session
        .protect_rtcp(&mut buffer, rtcp.len())
        .expect("protects");
    buffer.truncate(len);
    buffer
}

/// Unprotects and checks the plaintext; then checks that a flipped bit anywhere is refused
/// and that the genuine packet, once accepted, is refused as a replay.
fn check_receive(session: &mut Session, protected: &[u8], plain: &[u8], rtcp: bool, label: &str) {
    for at in [0, 8, protected.len() / 2, protected.len() - 1] {
        let mut tampered = protected.to_vec();
        tampered[at] ^= 0x01;
        let refused = if rtcp {
            session.unprotect_rtcp(&mut tampered)
        } else {
            session.unprotect_rtp(&mut tampered)
        };
        assert!(refused.is_err(), "{label}: bit flip at {at} accepted");
    }

    let mut buffer = protected.to_vec();
    let len = if rtcp {
        session.unprotect_rtcp(&mut buffer)
    } else {
        session.unprotect_rtp(&mut buffer)
    };
    assert_eq!(
        &buffer[..len.unwrap_or_else(|e| panic!("{label}: {e}"))],
        plain,
        "{label}"
    );

    let mut again = protected.to_vec();
    let replay = if rtcp {
        session.unprotect_rtcp(&mut again)
    } else {
        session.unprotect_rtp(&mut again)
    };
    assert_eq!(replay, Err(Error::Replay), "{label}: replay");
}

#[test]
fn rfc7714_16_17_gcm_packets_with_session_keys() {
    for record in records("srtp_rfc7714_16_17.txt") {
        let label = record.label();
        let (key, salt) = (record.hex("session_key"), record.hex("session_salt"));
        let keys = SessionKeys {
            cipher_key: &key,
            salt: &salt,
            auth_key: &[],
        };
        let mut config = SessionConfig::new(record.suite(), Direction::Outbound);
        if let Some(encrypt) = record.fields.get("encrypt") {
            config.encrypt_rtcp = encrypt == "1";
        }
        let mut tx = Session::from_session_keys(config.clone(), keys, keys).unwrap();
        config.direction = Direction::Inbound;
        let mut rx = Session::from_session_keys(config, keys, keys).unwrap();

        if record.fields.contains_key("rtp") {
            let (rtp, srtp) = (record.hex("rtp"), record.hex("srtp"));
            let roc: u32 = record.text("roc").parse().unwrap();
            tx.set_roll_over_counter(ssrc_of(&rtp, 8), roc).unwrap();
            assert_eq!(protect_rtp(&mut tx, &rtp), srtp, "{label}");
            check_receive(&mut rx, &srtp, &rtp, false, &label);
        } else {
            let (rtcp, srtcp) = (record.hex("rtcp"), record.hex("srtcp"));
            let index = u32::from_str_radix(record.text("srtcp_index"), 16).unwrap();
            tx.set_next_srtcp_index(ssrc_of(&rtcp, 4), index).unwrap();
            assert_eq!(protect_rtcp(&mut tx, &rtcp), srtcp, "{label}");
            check_receive(&mut rx, &srtcp, &rtcp, true, &label);
        }
    }
}

#[test]
fn libsrtp_driver_packets_through_the_kdf() {
    for record in records("srtp_libsrtp_driver.txt") {
        let label = record.label();
        let key_salt = record.hex("key_salt");
        let tx_config = SessionConfig::new(record.suite(), Direction::Outbound);
        let rx_config = SessionConfig::new(record.suite(), Direction::Inbound);
        let mut tx = Session::new(tx_config, &key_salt).unwrap();
        let mut rx = Session::new(rx_config, &key_salt).unwrap();

        let mut rtp = record.hex("rtp");
        if let Some(count) = record.fields.get("rtp_payload_counting") {
            rtp.extend((0..count.parse::<u32>().unwrap()).map(|octet| octet as u8));
        }
        let srtp = record.hex("srtp");
        assert_eq!(protect_rtp(&mut tx, &rtp), srtp, "{label}");
        check_receive(&mut rx, &srtp, &rtp, false, &label);

        if record.fields.contains_key("rtcp") {
            let (rtcp, srtcp) = (record.hex("rtcp"), record.hex("srtcp"));
            // Our first SRTCP index is 0, libsrtp's is 1: protect until the vector's index.
            let index: u32 = record.text("srtcp_index").parse().unwrap();
            for _ in 0..index {
                protect_rtcp(&mut tx, &rtcp);
            }
            assert_eq!(protect_rtcp(&mut tx, &rtcp), srtcp, "{label}");
            check_receive(&mut rx, &srtcp, &rtcp, true, &label);
        }
    }
}

#[test]
fn aes_192_follows_rfc6188_not_libsrtp_2_5() {
    let record = records("srtp_libsrtp_driver.txt")
        .into_iter()
        .find(|r| r.name == "aes_192_cm_hmac_sha1_80")
        .expect("the AES-192 vector");
    let libsrtp_2_5 =
        decode_hex("800f0000decafbad0000000000d4ca92d8e69ee8a33c29a6dbdf8b1f7bbd186703c08a53153e");
    let config = SessionConfig::new(record.suite(), Direction::Outbound);
    let mut tx = Session::new(config, &record.hex("key_salt")).unwrap();
    let ours = protect_rtp(&mut tx, &record.hex("rtp"));
    assert_eq!(ours, record.hex("srtp"));
    assert_ne!(ours, libsrtp_2_5);
}

#[test]
fn rfc9335_cryptex_packets() {
    let all = records("srtp_rfc9335_cryptex.txt");
    assert_eq!(all.len(), 12);
    for record in all {
        let label = record.label();
        let key_salt = record.hex("key_salt");
        let mut config = SessionConfig::new(record.suite(), Direction::Outbound);
        config.cryptex = true;
        let mut tx = Session::new(config.clone(), &key_salt).unwrap();
        config.direction = Direction::Inbound;
        let mut rx = Session::new(config, &key_salt).unwrap();

        let (rtp, srtp) = (record.hex("rtp"), record.hex("srtp"));
        assert_eq!(protect_rtp(&mut tx, &rtp), srtp, "{label}");
        check_receive(&mut rx, &srtp, &rtp, false, &label);
    }
}
