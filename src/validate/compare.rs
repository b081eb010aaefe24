//! URI equality by RFC 3261 section 19.1.4 (SIP and SIPS) and RFC 3966 section 4 (tel).

use super::codes::ProblemCode as P;
use super::scan::{eq_ic, find};
use super::uri::{self, hex_value, SipParts};
use super::{Limits, Report, Sink};

/// Whether two URIs are equal by RFC 3261 section 19.1.4.
///
/// SIP and SIPS URIs: the schemes must match; user and password compare case-sensitively,
/// everything else case-insensitively; an escaped character equals its plain form unless it
/// is a reserved one; a port given in one URI must be given in the other; the `user`, `ttl`,
/// `method`, `maddr` and `transport` parameters must match when either URI has them, other
/// parameters only when both have them; URI headers must match as a set. tel URIs compare by
/// number without visual separators, and parameters as a set. Other schemes compare
/// byte for byte after the (case-insensitive) scheme.
///
/// Returns `Err` with the problems when either URI is malformed.
pub fn uri_equal(a: &str, b: &str) -> Result<bool, Report> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let a_parsed = parse(a)?;
    let b_parsed = parse(b)?;

    Ok(match (a_parsed, b_parsed) {
        (Parsed::Sip(sa, pa), Parsed::Sip(sb, pb)) => {
            sa == sb && sip_equal(&a[sa.len() + 1..], &pa, &b[sb.len() + 1..], &pb)
        }
        (Parsed::Tel, Parsed::Tel) => tel_equal(&a[4..], &b[4..]),
        (Parsed::Other(ca), Parsed::Other(cb)) => eq_ic(&a[..ca], &b[..cb]) && a[ca..] == b[cb..],
        _ => false,
    })
}

enum Parsed {
    /// The lower-cased scheme (`sip` or `sips`) and the parts after it.
    Sip(&'static str, SipParts),
    Tel,
    /// The index of the scheme's colon.
    Other(usize),
}

fn parse(text: &[u8]) -> Result<Parsed, Report> {
    let limits = Limits::default();
    let mut report = uri::validate_uri_with_limits(text, &limits);
    report
        .problems
        .retain(|problem| problem.code != P::UnknownScheme);
    if !report.ok() {
        return Err(report);
    }

    let colon = find(text, 0, b':').unwrap_or(0);
    let scheme = &text[..colon];
    if eq_ic(scheme, b"tel") {
        return Ok(Parsed::Tel);
    }
    if !eq_ic(scheme, b"sip") && !eq_ic(scheme, b"sips") {
        return Ok(Parsed::Other(colon));
    }
    let mut sink = Sink::new(&limits);
    let parts = uri::check_sip(&text[colon + 1..], colon + 1, &limits, &mut sink);
    let name = if colon == 3 { "sip" } else { "sips" };
    Ok(Parsed::Sip(name, parts))
}

/// RFC 3261 reserved characters: their escaped and plain forms differ.
fn is_reserved(b: u8) -> bool {
    matches!(
        b,
        b';' | b'/' | b'?' | b':' | b'@' | b'&' | b'=' | b'+' | b'$' | b','
    )
}

/// Decodes escapes of unreserved characters; reserved ones stay escaped in upper-case hex.
fn normalize(text: &[u8], lower: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' && i + 2 < text.len() {
            let decoded = (hex_value(text[i + 1]) << 4 | hex_value(text[i + 2])) as u8;
            if is_reserved(decoded) {
                out.push(b'%');
                out.push(text[i + 1].to_ascii_uppercase());
                out.push(text[i + 2].to_ascii_uppercase());
            } else {
                out.push(if lower {
                    decoded.to_ascii_lowercase()
                } else {
                    decoded
                });
            }
            i += 3;
        } else {
            out.push(if lower {
                text[i].to_ascii_lowercase()
            } else {
                text[i]
            });
            i += 1;
        }
    }
    out
}

fn optional_equal(
    a: &[u8],
    ra: &Option<std::ops::Range<usize>>,
    b: &[u8],
    rb: &Option<std::ops::Range<usize>>,
    lower: bool,
) -> bool {
    match (ra, rb) {
        (None, None) => true,
        (Some(x), Some(y)) => normalize(&a[x.clone()], lower) == normalize(&b[y.clone()], lower),
        _ => false,
    }
}

fn sip_equal(a: &[u8], pa: &SipParts, b: &[u8], pb: &SipParts) -> bool {
    if !optional_equal(a, &pa.user, b, &pb.user, false)
        || !optional_equal(a, &pa.password, b, &pb.password, false)
        || !host_equal(&a[pa.host.clone()], &b[pb.host.clone()])
    {
        return false;
    }
    let port_a = pa
        .port
        .as_ref()
        .map(|r| super::scan::decimal(&a[r.clone()]));
    let port_b = pb
        .port
        .as_ref()
        .map(|r| super::scan::decimal(&b[r.clone()]));
    if port_a != port_b {
        return false;
    }

    let params_a = split_params(a, &pa.params);
    let params_b = split_params(b, &pb.params);
    params_match(&params_a, &params_b)
        && params_match(&params_b, &params_a)
        && headers_match(a, &pa.headers, b, &pb.headers)
}

fn host_equal(a: &[u8], b: &[u8]) -> bool {
    let inner = |h: &[u8]| {
        h.strip_prefix(b"[")
            .and_then(|h| h.strip_suffix(b"]"))
            .map(<[u8]>::to_vec)
    };
    match (inner(a), inner(b)) {
        (Some(x), Some(y)) => uri::ipv6_groups(&x) == uri::ipv6_groups(&y),
        (None, None) => eq_ic(a, b),
        _ => false,
    }
}

/// Normalised (name, value) pairs of URI parameters; names and values compare
/// case-insensitively.
fn split_params(s: &[u8], region: &std::ops::Range<usize>) -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
    if region.is_empty() {
        return Vec::new();
    }
    s[region.clone()]
        .split(|&b| b == b';')
        .map(|param| match find(param, 0, b'=') {
            Some(eq) => (
                normalize(&param[..eq], true),
                Some(normalize(&param[eq + 1..], true)),
            ),
            None => (normalize(param, true), None),
        })
        .collect()
}

/// Every parameter of `a` that `b` also has must have the same value, and the parameters
/// RFC 3261 names must be present in both.
fn params_match(a: &[(Vec<u8>, Option<Vec<u8>>)], b: &[(Vec<u8>, Option<Vec<u8>>)]) -> bool {
    const MUST_MATCH: [&[u8]; 5] = [b"user", b"ttl", b"method", b"maddr", b"transport"];
    // A name given twice (RFC 3261 leaves that undefined) matches when any of the other
    // URI's values for it is equal.
    a.iter().all(|(name, value)| {
        let mut same_name = b.iter().filter(|(other, _)| other == name).peekable();
        if same_name.peek().is_none() {
            return !MUST_MATCH.contains(&name.as_slice());
        }
        same_name.any(|(_, other_value)| other_value == value)
    })
}

fn headers_match(
    a: &[u8],
    ha: &Option<std::ops::Range<usize>>,
    b: &[u8],
    hb: &Option<std::ops::Range<usize>>,
) -> bool {
    let keys = |s: &[u8], region: &Option<std::ops::Range<usize>>| {
        let mut keys: Vec<(Vec<u8>, Vec<u8>)> = match region {
            None => Vec::new(),
            Some(region) => s[region.clone()]
                .split(|&c| c == b'&')
                .map(|header| {
                    let eq = find(header, 0, b'=').unwrap_or(header.len());
                    let value = header.get(eq + 1..).unwrap_or_default();
                    (normalize(&header[..eq], true), normalize(value, false))
                })
                .collect(),
        };
        keys.sort();
        keys
    };
    keys(a, ha) == keys(b, hb)
}

/// RFC 3966 section 4: numbers equal without visual separators, parameters as a set.
fn tel_equal(a: &[u8], b: &[u8]) -> bool {
    let split = |s: &[u8]| {
        let end = find(s, 0, b';').unwrap_or(s.len());
        let number: Vec<u8> = s[..end]
            .iter()
            .filter(|&&c| !matches!(c, b'-' | b'.' | b'(' | b')'))
            .map(u8::to_ascii_lowercase)
            .collect();
        let mut params: Vec<Vec<u8>> = s[end..]
            .split(|&c| c == b';')
            .filter(|p| !p.is_empty())
            .map(|p| normalize(p, true))
            .collect();
        params.sort();
        (number, params)
    };
    split(a) == split(b)
}
