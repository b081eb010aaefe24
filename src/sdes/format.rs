//! Writing an attribute back in canonical form: upper-case names, padded standard
//! base64, session parameters in the order RFC 4568 section 6.3 lists them.
//!
//! Everything is written into one buffer reserved up front, so growing it never leaves a
//! partial copy of a key behind in freed memory; the finished text is the caller's to wipe.

use super::{CryptoAttribute, KeyParam, Mki, SessionParams, MAX_LINE_LEN};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::fmt::Write;

/// Room for any attribute: canonical text is never much longer than the parsed input (at
/// most two padding characters per key), and generated attributes are short.
const RESERVED: usize = 2 * MAX_LINE_LEN;

/// The attribute as text, with the `a=crypto:` prefix when `with_prefix`.
pub(super) fn format_attribute(attribute: &CryptoAttribute, with_prefix: bool) -> String {
    let mut text = String::with_capacity(RESERVED);
    if with_prefix {
        text.push_str("a=crypto:");
    }

    let _ = write!(text, "{} {} ", attribute.tag(), attribute.suite().name());
    write_key_params(&mut text, attribute.keys());
    write_session_params(&mut text, attribute.params());
    text
}

fn write_key_params(text: &mut String, keys: &[KeyParam]) {
    for (position, key) in keys.iter().enumerate() {
        if position > 0 {
            text.push(';');
        }
        write_key_param(text, key);
    }
}

fn write_key_param(text: &mut String, key: &KeyParam) {
    text.push_str("inline:");
    STANDARD.encode_string(key.key_salt().as_bytes(), text);

    if let Some(lifetime) = key.lifetime() {
        text.push('|');
        write_lifetime(text, lifetime);
    }
    if let Some(mki) = key.mki() {
        let _ = write!(text, "|{}:{}", mki_decimal(mki), mki.length());
    }
}

/// Powers of two are written `2^n`, as every example in RFC 4568 does; others in decimal.
fn write_lifetime(text: &mut String, lifetime: u64) {
    let _ = if lifetime.is_power_of_two() {
        write!(text, "2^{}", lifetime.trailing_zeros())
    } else {
        write!(text, "{lifetime}")
    };
}

/// The MKI value in decimal; MKIs may be up to 128 bytes, so this divides the big-endian
/// bytes by ten repeatedly rather than going through a machine integer.
fn mki_decimal(mki: &Mki) -> String {
    let mut value = mki.as_bytes().to_vec();
    let mut digits = Vec::new();

    while value.iter().any(|byte| *byte != 0) {
        let mut remainder = 0u32;
        for byte in value.iter_mut() {
            let current = (remainder << 8) | u32::from(*byte);
            *byte = (current / 10) as u8;
            remainder = current % 10;
        }
        digits.push(b'0' + remainder as u8);
    }

    if digits.is_empty() {
        return "0".to_string();
    }
    digits.reverse();
    String::from_utf8(digits).expect("decimal digits are ASCII")
}

fn write_session_params(text: &mut String, params: &SessionParams) {
    if let Some(kdr) = params.kdr {
        let _ = write!(text, " KDR={kdr}");
    }
    let flags = [
        (params.unencrypted_srtp, "UNENCRYPTED_SRTP"),
        (params.unencrypted_srtcp, "UNENCRYPTED_SRTCP"),
        (params.unauthenticated_srtp, "UNAUTHENTICATED_SRTP"),
    ];
    for (_, name) in flags.iter().filter(|flag| flag.0) {
        let _ = write!(text, " {name}");
    }
    if let Some(order) = params.fec_order {
        let _ = write!(text, " FEC_ORDER={}", order.name());
    }
    if !params.fec_keys.is_empty() {
        text.push_str(" FEC_KEY=");
        write_key_params(text, &params.fec_keys);
    }
    if let Some(wsh) = params.wsh {
        let _ = write!(text, " WSH={wsh}");
    }

    for unknown in &params.unknown {
        let _ = write!(text, " {unknown}");
    }
}
