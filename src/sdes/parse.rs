//! Reading one `a=crypto` attribute (RFC 4568 section 9.1 grammar).
//!
//! The text is split on whitespace first, then the key-params token on `;` and each
//! key-param on `|`, so `inline:KEY|2^48 UNENCRYPTED_SRTCP` is a key with a lifetime
//! followed by a session parameter. Every step is bounded by the limits in the parent
//! module, so the work is linear in the input length.

use super::error::{KeyParamProblem, SdesError};
use super::{
    CryptoAttribute, CryptoSuite, FecOrder, KeyParam, KeySalt, Mki, SessionParams, MAX_KEY_PARAMS,
    MAX_LIFETIME, MAX_LINE_LEN, MAX_SESSION_PARAMS,
};
use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use zeroize::Zeroizing;

/// Standard base64 that accepts keys with or without `=` padding, as senders differ.
const KEY_BASE64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

const PREFIX: &str = "a=crypto:";

/// The longest key method name echoed back in an error.
const METHOD_ECHO_LIMIT: usize = 32;

pub(super) fn parse_attribute(text: &str) -> Result<CryptoAttribute, SdesError> {
    if text.len() > MAX_LINE_LEN {
        return Err(SdesError::TooLong(text.len()));
    }

    let value = strip_prefix(text.trim());
    let mut tokens = value.split_ascii_whitespace();
    let tag = parse_tag(tokens.next().ok_or(SdesError::Missing("tag"))?)?;
    let suite = CryptoSuite::from_name(tokens.next().ok_or(SdesError::Missing("crypto-suite"))?)?;
    let key_params = tokens.next().ok_or(SdesError::Missing("key-params"))?;
    let keys = parse_key_params(key_params, suite, false)?;

    let params = parse_session_params(tokens, suite)?;
    Ok(CryptoAttribute {
        tag,
        suite,
        keys,
        params,
    })
}

fn strip_prefix(value: &str) -> &str {
    match value.get(..PREFIX.len()) {
        Some(head) if head.eq_ignore_ascii_case(PREFIX) => &value[PREFIX.len()..],
        _ => value,
    }
}

/// RFC 4568 section 9.1: `tag = 1*9DIGIT`.
fn parse_tag(token: &str) -> Result<u32, SdesError> {
    if token.is_empty() || token.len() > 9 || !token.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(SdesError::BadTag);
    }
    token.parse().map_err(|_| SdesError::BadTag)
}

/// `key-params = key-param *(";" key-param)`; with several keys, each needs an MKI of one
/// common length and the values must differ, or a receiver cannot tell them apart.
fn parse_key_params(text: &str, suite: CryptoSuite, fec: bool) -> Result<Vec<KeyParam>, SdesError> {
    let pieces: Vec<&str> = text.split(';').take(MAX_KEY_PARAMS + 1).collect();
    if pieces.len() > MAX_KEY_PARAMS {
        return Err(SdesError::TooManyKeyParams);
    }

    let mut keys = Vec::with_capacity(pieces.len());
    for (position, piece) in pieces.iter().enumerate() {
        let key = parse_key_param(piece, suite).map_err(|problem| SdesError::KeyParam {
            fec,
            index: position + 1,
            problem,
        })?;
        keys.push(key);
    }

    check_mkis(&keys).map_err(|(index, problem)| SdesError::KeyParam {
        fec,
        index,
        problem,
    })?;
    Ok(keys)
}

fn check_mkis(keys: &[KeyParam]) -> Result<(), (usize, KeyParamProblem)> {
    if keys.len() < 2 {
        return Ok(());
    }

    for (position, key) in keys.iter().enumerate() {
        let index = position + 1;
        let mki = key.mki().ok_or((index, KeyParamProblem::MkiRequired))?;
        let first = keys[0].mki().ok_or((1, KeyParamProblem::MkiRequired))?;
        if mki.length() != first.length() {
            return Err((index, KeyParamProblem::MkiLengthMismatch));
        }
        if keys[..position]
            .iter()
            .any(|earlier| earlier.mki() == Some(mki))
        {
            return Err((index, KeyParamProblem::DuplicateMki));
        }
    }
    Ok(())
}

/// `key-param = "inline:" key-salt ["|" lifetime] ["|" mki]`.
fn parse_key_param(piece: &str, suite: CryptoSuite) -> Result<KeyParam, KeyParamProblem> {
    let (method, info) = piece
        .split_once(':')
        .ok_or(KeyParamProblem::MissingMethod)?;
    if !method.eq_ignore_ascii_case("inline") {
        let echoed = method.chars().take(METHOD_ECHO_LIMIT).collect();
        return Err(KeyParamProblem::UnsupportedMethod(echoed));
    }

    let fields: Vec<&str> = info.split('|').take(4).collect();
    if fields.len() > 3 {
        return Err(KeyParamProblem::TooManyFields);
    }
    let key_salt = decode_key(fields[0], suite)?;

    let (lifetime, mki) = parse_key_extras(&fields[1..])?;
    Ok(KeyParam::new(key_salt, lifetime, mki))
}

/// The optional fields after the key: a lifetime, then an MKI (which holds a `:`).
fn parse_key_extras(fields: &[&str]) -> Result<(Option<u64>, Option<Mki>), KeyParamProblem> {
    let mut lifetime = None;
    let mut mki = None;

    for field in fields {
        if field.contains(':') {
            if mki.is_some() {
                return Err(KeyParamProblem::BadMki("is given twice"));
            }
            mki = Some(parse_mki(field)?);
        } else {
            if mki.is_some() {
                return Err(KeyParamProblem::BadLifetime("must come before the MKI"));
            }
            if lifetime.is_some() {
                return Err(KeyParamProblem::BadLifetime("is given twice"));
            }
            lifetime = Some(parse_lifetime(field)?);
        }
    }
    Ok((lifetime, mki))
}

fn decode_key(text: &str, suite: CryptoSuite) -> Result<KeySalt, KeyParamProblem> {
    let needed = suite.key_salt_len();

    // Reserving the full estimate first means decoding never reallocates, so no copy of
    // the key is left behind unzeroized.
    let estimate = base64::decoded_len_estimate(text.len());
    let mut decoded = Zeroizing::new(Vec::with_capacity(estimate));
    KEY_BASE64
        .decode_vec(text, &mut decoded)
        .map_err(|_| KeyParamProblem::NotBase64)?;

    if decoded.len() != needed {
        return Err(KeyParamProblem::WrongLength {
            found: decoded.len(),
            needed,
        });
    }
    Ok(KeySalt::new(decoded))
}

/// `lifetime = ["2^"] 1*(DIGIT)`, in packets, at most 2^48.
fn parse_lifetime(field: &str) -> Result<u64, KeyParamProblem> {
    let malformed = KeyParamProblem::BadLifetime("is not '2^n' or a decimal number");

    if let Some(exponent) = field.strip_prefix("2^") {
        let exponent = decimal(exponent).ok_or(malformed)?;
        if exponent > u64::from(MAX_LIFETIME.trailing_zeros()) {
            return Err(KeyParamProblem::BadLifetime("exceeds 2^48 packets"));
        }
        return Ok(1 << exponent);
    }

    let packets = decimal(field).ok_or(malformed)?;
    if packets == 0 {
        return Err(KeyParamProblem::BadLifetime("must be at least 1 packet"));
    }
    if packets > MAX_LIFETIME {
        return Err(KeyParamProblem::BadLifetime("exceeds 2^48 packets"));
    }
    Ok(packets)
}

/// `mki = mki-value ":" mki-length`, the length 1 to 128 bytes and the value fitting in it.
fn parse_mki(field: &str) -> Result<Mki, KeyParamProblem> {
    let (value, length) = field.split_once(':').expect("the caller saw a ':'");

    let length_ok = (1..=3).contains(&length.len()) && all_digits(length);
    if !length_ok {
        return Err(KeyParamProblem::BadMki(
            "length is not 1 to 3 decimal digits",
        ));
    }
    let length: usize = length.parse().expect("1 to 3 digits fit");
    if !(1..=128).contains(&length) {
        return Err(KeyParamProblem::BadMki("length is outside 1..128"));
    }
    if value.is_empty() || !all_digits(value) {
        return Err(KeyParamProblem::BadMki("value is not a decimal number"));
    }

    let bytes = decimal_to_bytes(value, length)
        .ok_or(KeyParamProblem::BadMki("value does not fit its length"))?;
    Ok(Mki::from_bytes(bytes).expect("length checked above"))
}

/// The decimal `digits` as `length` big-endian bytes, or `None` on overflow. Quadratic
/// in the worst case, but bounded: at most [`MAX_LINE_LEN`] digits times 128 bytes.
fn decimal_to_bytes(digits: &str, length: usize) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; length];

    for digit in digits.bytes() {
        let mut carry = u32::from(digit - b'0');
        for byte in bytes.iter_mut().rev() {
            let current = u32::from(*byte) * 10 + carry;
            *byte = (current & 0xff) as u8;
            carry = current >> 8;
        }
        if carry != 0 {
            return None;
        }
    }
    Some(bytes)
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|byte| byte.is_ascii_digit())
}

/// A non-empty run of decimal digits as a number, or `None` (including on overflow).
fn decimal(text: &str) -> Option<u64> {
    if text.is_empty() || !all_digits(text) {
        return None;
    }
    text.parse().ok()
}

/// RFC 4568 section 6.3: the session parameters, one whitespace-separated token each.
fn parse_session_params<'a>(
    tokens: impl Iterator<Item = &'a str>,
    suite: CryptoSuite,
) -> Result<SessionParams, SdesError> {
    let mut params = SessionParams::default();

    for (count, token) in tokens.enumerate() {
        if count >= MAX_SESSION_PARAMS {
            return Err(SdesError::TooManySessionParams);
        }
        apply_session_param(&mut params, token, suite)?;
    }
    Ok(params)
}

fn apply_session_param(
    params: &mut SessionParams,
    token: &str,
    suite: CryptoSuite,
) -> Result<(), SdesError> {
    let (name, value) = match token.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (token, None),
    };

    match (name.to_ascii_uppercase().as_str(), value) {
        ("KDR", Some(value)) => set_once(&mut params.kdr, "KDR", parse_kdr(value)?),
        ("UNENCRYPTED_SRTP", None) => set_flag(&mut params.unencrypted_srtp, "UNENCRYPTED_SRTP"),
        ("UNENCRYPTED_SRTCP", None) => set_flag(&mut params.unencrypted_srtcp, "UNENCRYPTED_SRTCP"),
        ("UNAUTHENTICATED_SRTP", None) => {
            set_flag(&mut params.unauthenticated_srtp, "UNAUTHENTICATED_SRTP")
        }
        ("FEC_ORDER", Some(value)) => {
            set_once(&mut params.fec_order, "FEC_ORDER", parse_fec_order(value)?)
        }
        ("FEC_KEY", Some(value)) => parse_fec_key(params, value, suite),
        ("WSH", Some(value)) => set_once(&mut params.wsh, "WSH", parse_wsh(value)?),
        ("KDR" | "FEC_ORDER" | "FEC_KEY" | "WSH", None) => Err(SdesError::SessionParam {
            name: known_name(name),
            why: "needs a value",
        }),
        ("UNENCRYPTED_SRTP" | "UNENCRYPTED_SRTCP" | "UNAUTHENTICATED_SRTP", Some(_)) => {
            Err(SdesError::SessionParam {
                name: known_name(name),
                why: "takes no value",
            })
        }
        _ => keep_unknown(params, token),
    }
}

fn known_name(name: &str) -> &'static str {
    const NAMES: [&str; 7] = [
        "KDR",
        "UNENCRYPTED_SRTP",
        "UNENCRYPTED_SRTCP",
        "UNAUTHENTICATED_SRTP",
        "FEC_ORDER",
        "FEC_KEY",
        "WSH",
    ];
    NAMES
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name))
        .copied()
        .unwrap_or("unknown")
}

fn set_once<T>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), SdesError> {
    if slot.is_some() {
        return Err(SdesError::RepeatedSessionParam(name));
    }
    *slot = Some(value);
    Ok(())
}

fn set_flag(flag: &mut bool, name: &'static str) -> Result<(), SdesError> {
    if *flag {
        return Err(SdesError::RepeatedSessionParam(name));
    }
    *flag = true;
    Ok(())
}

/// RFC 4568 section 6.3.1: `KDR=` 1 or 2 digits, 0 to 24 (the rate is 2^n).
fn parse_kdr(value: &str) -> Result<u8, SdesError> {
    let malformed = SdesError::SessionParam {
        name: "KDR",
        why: "is not 1 or 2 digits in 0..24",
    };
    if value.len() > 2 {
        return Err(malformed);
    }

    match decimal(value) {
        Some(rate) if rate <= 24 => Ok(rate as u8),
        _ => Err(malformed),
    }
}

/// RFC 4568 section 6.3.4: `FEC_ORDER=FEC_SRTP` or `FEC_ORDER=SRTP_FEC`.
fn parse_fec_order(value: &str) -> Result<FecOrder, SdesError> {
    if value.eq_ignore_ascii_case("FEC_SRTP") {
        Ok(FecOrder::FecSrtp)
    } else if value.eq_ignore_ascii_case("SRTP_FEC") {
        Ok(FecOrder::SrtpFec)
    } else {
        Err(SdesError::SessionParam {
            name: "FEC_ORDER",
            why: "is not FEC_SRTP or SRTP_FEC",
        })
    }
}

/// RFC 4568 section 6.3.5: `FEC_KEY=` key-params for the same suite.
fn parse_fec_key(
    params: &mut SessionParams,
    value: &str,
    suite: CryptoSuite,
) -> Result<(), SdesError> {
    if !params.fec_keys.is_empty() {
        return Err(SdesError::RepeatedSessionParam("FEC_KEY"));
    }
    params.fec_keys = parse_key_params(value, suite, true)?;
    Ok(())
}

/// RFC 4568 section 6.3.6: `WSH=` at least 2 digits, at least 64.
fn parse_wsh(value: &str) -> Result<u32, SdesError> {
    let malformed = SdesError::SessionParam {
        name: "WSH",
        why: "is not a number from 64 up",
    };
    if value.len() < 2 || value.len() > 10 {
        return Err(malformed);
    }

    match decimal(value).and_then(|size| u32::try_from(size).ok()) {
        Some(size) if size >= 64 => Ok(size),
        _ => Err(malformed),
    }
}

/// RFC 4568 section 9.1: `session-param-ext = 1*(VCHAR)`; kept verbatim so the caller
/// can report it and an answerer can decide whether it may be ignored.
fn keep_unknown(params: &mut SessionParams, token: &str) -> Result<(), SdesError> {
    if !token.bytes().all(|byte| (0x21..=0x7e).contains(&byte)) {
        let why = "has characters outside visible ASCII";
        return Err(SdesError::SessionParam {
            name: "unknown",
            why,
        });
    }
    params.unknown.push(token.to_string());
    Ok(())
}
