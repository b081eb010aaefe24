//! Writing an attribute back in canonical form: upper-case names, padded standard
//! base64, session parameters in the order RFC 4568 section 6.3 lists them.

use super::{CryptoAttribute, KeyParam, Mki, SessionParams};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// The attribute value without the `a=crypto:` prefix.
pub(super) fn format_value(attribute: &CryptoAttribute) -> String {
    let mut text = format!("{} {} ", attribute.tag(), attribute.suite().name());
    text.push_str(&format_key_params(attribute.keys()));

    for param in session_params(attribute.params()) {
        text.push(' ');
        text.push_str(&param);
    }
    text
}

fn format_key_params(keys: &[KeyParam]) -> String {
    let written: Vec<String> = keys.iter().map(format_key_param).collect();
    written.join(";")
}

fn format_key_param(key: &KeyParam) -> String {
    let mut text = format!("inline:{}", STANDARD.encode(key.key_salt().as_bytes()));

    if let Some(lifetime) = key.lifetime() {
        text.push('|');
        text.push_str(&format_lifetime(lifetime));
    }
    if let Some(mki) = key.mki() {
        text.push('|');
        text.push_str(&format!("{}:{}", mki_decimal(mki), mki.length()));
    }
    text
}

/// Powers of two are written `2^n`, as every example in RFC 4568 does; others in decimal.
fn format_lifetime(lifetime: u64) -> String {
    if lifetime.is_power_of_two() {
        format!("2^{}", lifetime.trailing_zeros())
    } else {
        lifetime.to_string()
    }
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

fn session_params(params: &SessionParams) -> Vec<String> {
    let mut written = Vec::new();

    if let Some(kdr) = params.kdr {
        written.push(format!("KDR={kdr}"));
    }
    let flags = [
        (params.unencrypted_srtp, "UNENCRYPTED_SRTP"),
        (params.unencrypted_srtcp, "UNENCRYPTED_SRTCP"),
        (params.unauthenticated_srtp, "UNAUTHENTICATED_SRTP"),
    ];
    written.extend(
        flags
            .iter()
            .filter(|flag| flag.0)
            .map(|flag| flag.1.to_string()),
    );
    if let Some(order) = params.fec_order {
        written.push(format!("FEC_ORDER={}", order.name()));
    }
    if !params.fec_keys.is_empty() {
        written.push(format!("FEC_KEY={}", format_key_params(&params.fec_keys)));
    }
    if let Some(wsh) = params.wsh {
        written.push(format!("WSH={wsh}"));
    }

    written.extend(params.unknown.iter().cloned());
    written
}
