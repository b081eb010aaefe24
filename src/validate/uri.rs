//! SIP and SIPS URIs (RFC 3261 section 25.1), tel URIs (RFC 3966), and the host grammar
//! (hostname, IPv4, IPv6 references as in RFC 3986 section 3.2.2) they share with Via and
//! SDP.

use super::codes::ProblemCode as P;
use super::scan::{self, eq_ic, escaped_run, find, run};
use super::{Limits, Report, Sink};
use std::ops::Range;

/// Which URI schemes the caller accepts besides sip, sips and tel.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schemes {
    /// Only sip, sips and tel; anything else is `unknown_scheme`.
    SipOnly,
    /// Any well-formed absoluteURI (Request-URI and header fields, RFC 4475 section 3.3.2).
    Any,
}

/// The scheme of a URI that passed the scheme check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    Sip,
    Sips,
    Tel,
    Other,
}

/// Where the parts of a SIP or SIPS URI are, as ranges of the URI bytes.
#[derive(Clone, Debug, Default)]
pub(crate) struct SipParts {
    pub(crate) user: Option<Range<usize>>,
    pub(crate) password: Option<Range<usize>>,
    pub(crate) host: Range<usize>,
    pub(crate) port: Option<Range<usize>>,
    /// The parameters after the first ';', without it (empty when there are none).
    pub(crate) params: Range<usize>,
    /// The headers after '?', without it, when there is a '?'.
    pub(crate) headers: Option<Range<usize>>,
}

/// What a URI check learned.
pub(crate) struct UriFacts {
    pub(crate) scheme: Option<Scheme>,
    pub(crate) has_headers: bool,
}

/// Validates a SIP, SIPS or tel URI with the default [`Limits`].
///
/// Any other well-formed scheme is reported as `unknown_scheme`, so a caller who wants a
/// SIP URI learns it did not get one.
pub fn validate_uri(uri: &str) -> Report {
    validate_uri_with_limits(uri.as_bytes(), &Limits::default())
}

/// Validates a SIP, SIPS or tel URI given as bytes, under the given limits.
pub fn validate_uri_with_limits(uri: &[u8], limits: &Limits) -> Report {
    let mut sink = Sink::new(limits);
    if uri.len() > limits.max_input_bytes {
        sink.push(
            P::SizeLimit,
            limits.max_input_bytes,
            "URI longer than the configured limit",
        );
        return sink.finish();
    }

    check_uri(uri, 0, Schemes::SipOnly, limits, &mut sink);
    sink.finish()
}

/// Checks one URI found at absolute offset `at`, reporting into `sink`.
pub(crate) fn check_uri(
    s: &[u8],
    at: usize,
    schemes: Schemes,
    limits: &Limits,
    sink: &mut Sink,
) -> UriFacts {
    let mut facts = UriFacts {
        scheme: None,
        has_headers: false,
    };
    if s.is_empty() {
        sink.push(P::UriEmpty, at, "empty URI");
        return facts;
    }
    // The grammar below rejects whitespace and controls on its own; naming them is worth a
    // second look at the bytes only when something was wrong.
    let mark = sink.len();
    check_uri_parts(s, at, schemes, limits, sink, &mut facts);
    if sink.errors_since(mark) {
        if let Some(bad) = s.iter().position(|&b| b <= b' ' || b == 0x7f) {
            sink.push(
                P::UriBadChar,
                at + bad,
                "whitespace or control character in URI",
            );
        }
    }
    facts
}

fn check_uri_parts(
    s: &[u8],
    at: usize,
    schemes: Schemes,
    limits: &Limits,
    sink: &mut Sink,
    facts: &mut UriFacts,
) {
    let Some(colon) = scheme_end(s) else {
        sink.push(P::UriBadScheme, at, "missing or malformed URI scheme");
        return;
    };
    let rest = &s[colon + 1..];
    let scheme = &s[..colon];
    let rest_at = at + colon + 1;
    facts.scheme = Some(if eq_ic(scheme, b"sip") {
        Scheme::Sip
    } else if eq_ic(scheme, b"sips") {
        Scheme::Sips
    } else if eq_ic(scheme, b"tel") {
        Scheme::Tel
    } else {
        Scheme::Other
    });

    match facts.scheme {
        Some(Scheme::Sip) | Some(Scheme::Sips) => {
            let parts = check_sip(rest, rest_at, limits, sink);
            facts.has_headers = parts.headers.is_some();
        }
        Some(Scheme::Tel) => check_tel(rest, rest_at, TelForm::Uri, sink),
        _ => {
            if schemes == Schemes::SipOnly {
                sink.push(P::UnknownScheme, at, "scheme is not sip, sips or tel");
            }
            check_absolute(rest, rest_at, sink);
        }
    }
}

/// The index of the colon ending a well-formed scheme, if the URI starts with one.
fn scheme_end(s: &[u8]) -> Option<usize> {
    if !s.first()?.is_ascii_alphabetic() {
        return None;
    }
    let end = run(s, 1, &scan::SCHEME);
    (s.get(end) == Some(&b':')).then_some(end)
}

/// RFC 3261 absoluteURI: after the scheme, hier-part or opaque-part, all `uric`.
fn check_absolute(rest: &[u8], at: usize, sink: &mut Sink) {
    if rest.is_empty() {
        sink.push(P::UriBadAbsolute, at, "nothing after the scheme");
        return;
    }
    let (end, bad_escape) = escaped_run(rest, 0, &scan::URIC);
    if let Some(bad) = bad_escape {
        sink.push(
            P::UriBadEscape,
            at + bad,
            "'%' not followed by two hex digits",
        );
    }
    if end < rest.len() {
        sink.push(
            P::UriBadAbsolute,
            at + end,
            "character not allowed in an absoluteURI",
        );
    }
}

/// Checks everything after `sip:` or `sips:` and returns where the parts are.
pub(crate) fn check_sip(s: &[u8], at: usize, limits: &Limits, sink: &mut Sink) -> SipParts {
    let mut parts = SipParts::default();

    // The user part ends at the first '@': no later part may contain an unescaped '@'.
    let host_start = match find(s, 0, b'@') {
        Some(at_sign) => {
            check_userinfo(&s[..at_sign], at, &mut parts, sink);
            at_sign + 1
        }
        None => 0,
    };

    let host_end = check_host(s, host_start, at, sink, P::UriBadHost);
    parts.host = host_start..host_end;
    let mut i = host_end;

    if s.get(i) == Some(&b':') {
        let port_end = run(s, i + 1, &scan::DIGITS);
        if !scan::is_port(&s[i + 1..port_end]) {
            sink.push(
                P::UriBadPort,
                at + i + 1,
                "port is not a number from 0 to 65535",
            );
        }
        parts.port = Some(i + 1..port_end);
        i = port_end;
    }

    let params_start = i;
    let mut count = 0;
    while s.get(i) == Some(&b';') {
        count += 1;
        if count > limits.max_params {
            sink.push(
                P::SizeLimit,
                at + i,
                "more URI parameters than the configured limit",
            );
            return parts;
        }
        i = param_end(s, i + 1);
    }
    if i > params_start {
        parts.params = params_start + 1..i;
        check_uri_params(s, parts.params.clone(), at, sink);
    }

    if s.get(i) == Some(&b'?') {
        let headers_start = i + 1;
        i = check_uri_headers(s, headers_start, at, limits, sink);
        parts.headers = Some(headers_start..i);
    }
    if i < s.len() {
        sink.push(
            P::UriBadHost,
            at + i,
            "unexpected character after the host part",
        );
    }
    parts
}

fn param_end(s: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < s.len() && s[i] != b';' && s[i] != b'?' {
        i += 1;
    }
    i
}

/// RFC 3261 userinfo: user (or telephone-subscriber) and optional password.
fn check_userinfo(info: &[u8], at: usize, parts: &mut SipParts, sink: &mut Sink) {
    // ':' is not a user character, so the user run stops at or before the first colon.
    let (end, bad_escape) = escaped_run(info, 0, &scan::USER);
    let user_end = match info.get(end) {
        None | Some(b':') => end,
        Some(_) => find(info, end, b':').unwrap_or(info.len()),
    };
    if let Some(bad) = bad_escape.filter(|&b| b < user_end) {
        sink.push(
            P::UriBadEscape,
            at + bad,
            "'%' not followed by two hex digits",
        );
    }
    if user_end == 0 {
        sink.push(P::UriBadUser, at, "empty user part before '@'");
    } else if end < user_end {
        sink.push(
            P::UriBadUser,
            at + end,
            "character not allowed in the user part",
        );
    }
    parts.user = Some(0..user_end);

    if user_end < info.len() {
        let pw_start = user_end + 1;
        let (end, bad_escape) = escaped_run(info, pw_start, &scan::PASSWORD);
        if let Some(bad) = bad_escape {
            sink.push(
                P::UriBadEscape,
                at + bad,
                "'%' not followed by two hex digits",
            );
        }
        if end < info.len() {
            sink.push(
                P::UriBadPassword,
                at + end,
                "character not allowed in the password",
            );
        }
        parts.password = Some(pw_start..info.len());
    }
}

/// Checks a host (hostname, IPv4 or `[IPv6]`) starting at `s[from]`; returns where it
/// ends. `code` is the problem reported for a bad hostname or IPv4 address.
pub(crate) fn check_host(s: &[u8], from: usize, at: usize, sink: &mut Sink, code: P) -> usize {
    if s.get(from) == Some(&b'[') {
        let Some(close) = find(s, from, b']') else {
            sink.push(
                P::UriBadIpv6,
                at + from,
                "IPv6 reference has no closing ']'",
            );
            return s.len();
        };
        if !is_ipv6(&s[from + 1..close]) {
            sink.push(
                P::UriBadIpv6,
                at + from,
                "malformed IPv6 address in '[...]'",
            );
        }
        return close + 1;
    }

    // A tight run over the host bytes, noting on the way whether any is not IPv4-like.
    let mut end = from;
    let mut classes = 0u8;
    while let Some(&b) = s.get(end) {
        let class = HOST_CLASS[b as usize];
        if class & HOST_BYTE == 0 {
            break;
        }
        classes |= class;
        end += 1;
    }
    // A colon followed by more host bytes and a second colon is a bare IPv6 address.
    if s.get(end) == Some(&b':') && bare_ipv6_after(s, end + 1) {
        let mut stop = end + 1;
        while s
            .get(stop)
            .is_some_and(|&b| b == b':' || HOST_CLASS[b as usize] & HOST_BYTE != 0)
        {
            stop += 1;
        }
        sink.push(
            P::UriBadIpv6,
            at + from,
            "IPv6 address must be enclosed in '[...]'",
        );
        return stop;
    }
    if s.get(end).is_some_and(|&b| !is_host_end(b)) {
        sink.push(code, at + end, "character not allowed in a host");
        let mut end = end;
        while s.get(end).is_some_and(|&b| !is_host_end(b)) {
            end += 1;
        }
        return end;
    }
    let host = &s[from..end];
    if host.is_empty() {
        sink.push(code, at + from, "missing host");
    } else if !host_ok(host, classes & NOT_IPV4 == 0) {
        sink.push(
            code,
            at + from,
            "host is neither a hostname nor an IPv4 address",
        );
    }
    end
}

/// Whether host bytes from `i` (just after a colon) lead to a second colon.
fn bare_ipv6_after(s: &[u8], mut i: usize) -> bool {
    while let Some(&b) = s.get(i) {
        if b == b':' {
            return true;
        }
        if HOST_CLASS[b as usize] & HOST_BYTE == 0 {
            return false;
        }
        i += 1;
    }
    false
}

/// Whether `b` may follow a host: port, parameters, headers, list and line ends.
fn is_host_end(b: u8) -> bool {
    matches!(
        b,
        b':' | b';' | b'?' | b',' | b'>' | b' ' | b'\t' | b'\r' | b'\n'
    )
}

/// Class bit: a hostname or IPv4 byte (alphanum, '-', '.').
const HOST_BYTE: u8 = 1;
/// Class bit: a host byte that cannot appear in an IPv4 address.
const NOT_IPV4: u8 = 2;
/// Class bit: a letter.
const ALPHA: u8 = 4;
/// Class bit: a letter or digit.
const ALNUM: u8 = 8;

/// One lookup answers which host questions a byte settles.
static HOST_CLASS: [u8; 256] = host_classes();

const fn host_classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = if b.is_ascii_digit() {
            HOST_BYTE | ALNUM
        } else if b.is_ascii_alphabetic() {
            HOST_BYTE | NOT_IPV4 | ALPHA | ALNUM
        } else if b == b'.' {
            HOST_BYTE
        } else if b == b'-' {
            HOST_BYTE | NOT_IPV4
        } else {
            0
        };
        c += 1;
    }
    table
}

/// [`is_hostname_or_ipv4`] for a run of host bytes whose IPv4 likeness is already known.
fn host_ok(host: &[u8], ipv4_bytes: bool) -> bool {
    if ipv4_bytes && host.first().is_some_and(u8::is_ascii_digit) {
        return is_ipv4(host);
    }
    is_hostname(host)
}

/// Whether `host` is an RFC 3261 hostname or an IPv4 address with octets up to 255.
pub(crate) fn is_hostname_or_ipv4(host: &[u8]) -> bool {
    if host.first().is_some_and(u8::is_ascii_digit)
        && host.iter().all(|&b| b.is_ascii_digit() || b == b'.')
    {
        return is_ipv4(host);
    }
    is_hostname(host)
}

/// RFC 3261 hostname: labels of alphanum and inner '-', the last starting with a letter,
/// with an optional trailing dot.
pub(crate) fn is_hostname(host: &[u8]) -> bool {
    let host = host.strip_suffix(b".").unwrap_or(host);
    if host.is_empty() || host.len() > 255 {
        return false;
    }
    // Each label: alphanum first and last, alphanum or '-' inside.
    let mut last_label_first = 0u8;
    for label in host.split(|&b| b == b'.') {
        let (Some(&first), Some(&last)) = (label.first(), label.last()) else {
            return false;
        };
        let inner_ok = label
            .iter()
            .all(|&b| HOST_CLASS[b as usize] & (ALNUM | NOT_IPV4) != 0);
        let edges = HOST_CLASS[first as usize] & HOST_CLASS[last as usize];
        if edges & ALNUM == 0 || !inner_ok {
            return false;
        }
        last_label_first = first;
    }
    HOST_CLASS[last_label_first as usize] & ALPHA != 0
}

/// Dotted-quad IPv4: four groups of 1 to 3 digits, each at most 255.
pub(crate) fn is_ipv4(s: &[u8]) -> bool {
    let mut groups = 0;
    for group in s.split(|&b| b == b'.') {
        groups += 1;
        let good = !group.is_empty()
            && group.len() <= 3
            && scan::decimal(group).is_some_and(|value| value <= 255);
        if !good || groups > 4 {
            return false;
        }
    }
    groups == 4
}

/// An IPv6 address by RFC 3986 section 3.2.2 (RFC 4291 text form): eight 16-bit groups, or
/// fewer with one `::`, the last 32 bits optionally as dotted IPv4.
pub(crate) fn is_ipv6(s: &[u8]) -> bool {
    ipv6_groups(s).is_some()
}

/// The eight 16-bit groups of an IPv6 address, for comparison and validation.
pub(crate) fn ipv6_groups(s: &[u8]) -> Option<[u16; 8]> {
    if s.len() < 2 || s.len() > 45 {
        return None;
    }
    let mut groups = [0u16; 8];
    match s.windows(2).position(|w| w == b"::") {
        None => {
            let count = parse_groups(s, true, &mut groups)?;
            (count == 8).then_some(groups)
        }
        Some(gap) => {
            let (left, right) = (&s[..gap], &s[gap + 2..]);
            let mut left_groups = [0u16; 8];
            let mut right_groups = [0u16; 8];
            let left_count = parse_groups(left, false, &mut left_groups)?;
            let right_count = parse_groups(right, true, &mut right_groups)?;
            if left_count + right_count > 7 {
                return None;
            }
            groups[..left_count].copy_from_slice(&left_groups[..left_count]);
            groups[8 - right_count..].copy_from_slice(&right_groups[..right_count]);
            Some(groups)
        }
    }
}

/// Parses `h16 *(":" h16)` with an optional trailing IPv4 (counting as two groups);
/// returns the number of groups written, 0 for an empty part.
fn parse_groups(part: &[u8], ipv4_tail: bool, out: &mut [u16; 8]) -> Option<usize> {
    if part.is_empty() {
        return Some(0);
    }
    let mut count = 0;
    let mut pieces = part.split(|&b| b == b':').peekable();
    while let Some(piece) = pieces.next() {
        let last = pieces.peek().is_none();
        if last && ipv4_tail && piece.contains(&b'.') {
            if count > 6 || !is_ipv4(piece) {
                return None;
            }
            let octets: Vec<u16> = piece
                .split(|&b| b == b'.')
                .filter_map(scan::decimal)
                .map(|v| v as u16)
                .collect();
            out[count] = octets[0] << 8 | octets[1];
            out[count + 1] = octets[2] << 8 | octets[3];
            return Some(count + 2);
        }
        if piece.is_empty() || piece.len() > 4 || !piece.iter().all(|&b| scan::is_hex(b)) {
            return None;
        }
        if count >= 8 {
            return None;
        }
        out[count] = piece.iter().fold(0u16, |v, &b| v << 4 | hex_value(b));
        count += 1;
    }
    Some(count)
}

pub(crate) fn hex_value(b: u8) -> u16 {
    match b {
        b'0'..=b'9' => u16::from(b - b'0'),
        b'a'..=b'f' => u16::from(b - b'a' + 10),
        b'A'..=b'F' => u16::from(b - b'A' + 10),
        _ => 0,
    }
}

/// Which of the RFC 3261 parameters with defined values were seen, to catch repeats.
const KNOWN_PARAMS: [&[u8]; 6] = [b"transport", b"user", b"method", b"ttl", b"maddr", b"lr"];

/// Checks each `name[=value]` URI parameter (ranges into `s`).
fn check_uri_params(s: &[u8], params: Range<usize>, at: usize, sink: &mut Sink) {
    let mut seen = 0u8;
    let mut user_phone = false;
    let mut start = params.start;
    for param in s[params].split(|&b| b == b';') {
        let param_at = at + start;
        start += param.len() + 1;
        let eq = find(param, 0, b'=');
        let name = &param[..eq.unwrap_or(param.len())];
        let value = eq.map(|e| &param[e + 1..]);

        if !paramchars_ok(name, param_at, sink) || name.is_empty() {
            if name.is_empty() {
                sink.push(P::UriBadParam, param_at, "empty URI parameter name");
            }
            continue;
        }
        if let Some(value) = value {
            let value_at = param_at + name.len() + 1;
            if value.is_empty() {
                sink.push(
                    P::UriBadParam,
                    value_at,
                    "empty URI parameter value after '='",
                );
                continue;
            }
            if !paramchars_ok(value, value_at, sink) {
                continue;
            }
        }

        let mut folded = [0u8; 16];
        let Some(name) = unescape_small(name, &mut folded) else {
            continue;
        };
        if let Some(index) = KNOWN_PARAMS.iter().position(|known| eq_ic(known, name)) {
            if seen & (1 << index) != 0 {
                sink.push(
                    P::UriDuplicateParam,
                    param_at,
                    "URI parameter appears twice",
                );
            }
            seen |= 1 << index;
            let value_at = param_at + param.len() - value.map_or(0, <[u8]>::len);
            check_known_param(index, value, value_at, sink);
            user_phone |= index == 1 && value.is_some_and(|v| eq_ic(v, b"phone"));
        }
    }
    if user_phone {
        check_phone_user(s, at, sink);
    }
}

/// Whether every byte of a parameter name or value is a paramchar or escape; reports the
/// first bad byte.
fn paramchars_ok(text: &[u8], at: usize, sink: &mut Sink) -> bool {
    let (end, bad_escape) = escaped_run(text, 0, &scan::PARAMCHAR);
    if let Some(bad) = bad_escape {
        sink.push(
            P::UriBadEscape,
            at + bad,
            "'%' not followed by two hex digits",
        );
        return false;
    }
    if end < text.len() {
        sink.push(
            P::UriBadParam,
            at + end,
            "character not allowed in a URI parameter",
        );
        return false;
    }
    true
}

/// Decodes escapes of a short parameter name into `buffer` (longer names cannot be one of
/// the known ones).
fn unescape_small<'a>(text: &[u8], buffer: &'a mut [u8; 16]) -> Option<&'a [u8]> {
    let mut len = 0;
    let mut i = 0;
    while i < text.len() {
        if len == buffer.len() {
            return None;
        }
        if text[i] == b'%' && i + 2 < text.len() {
            buffer[len] = (hex_value(text[i + 1]) << 4 | hex_value(text[i + 2])) as u8;
            i += 3;
        } else {
            buffer[len] = text[i];
            i += 1;
        }
        len += 1;
    }
    Some(&buffer[..len])
}

/// RFC 3261 section 19.1.1 values of transport, user, method, ttl, maddr and lr.
fn check_known_param(index: usize, value: Option<&[u8]>, at: usize, sink: &mut Sink) {
    let reason = match (index, value) {
        (0..=2, None) => Some("transport, user and method need a value"),
        (0..=2, Some(v)) if !scan::is_token(v) => Some("value is not a token"),
        (3, Some(v)) if !(v.len() <= 3 && scan::decimal(v).is_some_and(|t| t <= 255)) => {
            Some("ttl is not a number from 0 to 255")
        }
        (3, None) => Some("ttl needs a value"),
        (4, None) => Some("maddr needs a host"),
        (4, Some(v)) if !maddr_ok(v) => Some("maddr is not a host"),
        (5, Some(_)) => Some("lr takes no value"),
        _ => None,
    };
    if let Some(reason) = reason {
        sink.push(P::UriBadParamValue, at, reason);
    }
}

fn maddr_ok(value: &[u8]) -> bool {
    match value.strip_prefix(b"[").and_then(|v| v.strip_suffix(b"]")) {
        Some(inner) => is_ipv6(inner),
        None => is_hostname_or_ipv4(value),
    }
}

/// With `user=phone`, the user part must be a telephone-subscriber (RFC 3261 19.1.1).
fn check_phone_user(s: &[u8], at: usize, sink: &mut Sink) {
    let Some(at_sign) = find(s, 0, b'@') else {
        return;
    };
    let user_end = find(&s[..at_sign], 0, b':').unwrap_or(at_sign);
    let mark = sink.len();
    check_tel(&s[..user_end], at, TelForm::SipUser, sink);
    if sink.errors_since(mark) && !sink.has_since(mark, P::UriBadTelephoneSubscriber) {
        sink.push(
            P::UriBadTelephoneSubscriber,
            at,
            "user=phone but the user is not a number",
        );
    }
}

/// The URI headers after '?': `hname=hvalue` joined by '&'.
fn check_uri_headers(s: &[u8], mut i: usize, at: usize, limits: &Limits, sink: &mut Sink) -> usize {
    let mut count = 0;
    loop {
        count += 1;
        if count > limits.max_params {
            sink.push(
                P::SizeLimit,
                at + i,
                "more URI headers than the configured limit",
            );
            return s.len();
        }
        let start = i;
        let (name_end, bad) = escaped_run(s, i, &scan::HNV);
        if let Some(bad) = bad {
            sink.push(
                P::UriBadEscape,
                at + bad,
                "'%' not followed by two hex digits",
            );
        }
        if name_end == start || s.get(name_end) != Some(&b'=') {
            sink.push(
                P::UriBadHeader,
                at + name_end,
                "URI header is not 'name=value'",
            );
            return s.len();
        }
        let (value_end, bad) = escaped_run(s, name_end + 1, &scan::HNV);
        if let Some(bad) = bad {
            sink.push(
                P::UriBadEscape,
                at + bad,
                "'%' not followed by two hex digits",
            );
        }
        i = value_end;
        match s.get(i) {
            Some(b'&') => i += 1,
            None => return i,
            Some(_) => {
                sink.push(
                    P::UriBadHeader,
                    at + i,
                    "character not allowed in a URI header",
                );
                return s.len();
            }
        }
    }
}

/// Where a telephone-subscriber appears: a tel URI, or the user part of a SIP URI.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TelForm {
    Uri,
    SipUser,
}

/// RFC 3966 telephone-subscriber: global-number (`+` digits) or local-number with a
/// phone-context, each followed by parameters.
pub(crate) fn check_tel(s: &[u8], at: usize, form: TelForm, sink: &mut Sink) {
    let number_code = match form {
        TelForm::Uri => P::TelBadNumber,
        TelForm::SipUser => P::UriBadTelephoneSubscriber,
    };
    let number_end = find(s, 0, b';').unwrap_or(s.len());
    let number = &s[..number_end];
    let global = number.first() == Some(&b'+');
    if !(if global {
        global_digits_ok(number)
    } else {
        local_digits_ok(number)
    }) {
        sink.push(
            number_code,
            at,
            "not a global (+digits) or local telephone number",
        );
    }

    let mut context = false;
    let mut i = number_end;
    while i < s.len() {
        let end = find(s, i + 1, b';').unwrap_or(s.len());
        let param = &s[i + 1..end];
        context |= check_tel_param(param, at + i + 1, sink);
        i = end;
    }
    if !global && !context {
        sink.push(
            P::TelMissingContext,
            at,
            "local number without a phone-context parameter",
        );
    }
}

fn is_visual_separator(b: u8) -> bool {
    matches!(b, b'-' | b'.' | b'(' | b')')
}

/// `"+" *phonedigit DIGIT *phonedigit`.
fn global_digits_ok(number: &[u8]) -> bool {
    let digits = &number[1..];
    digits.iter().any(u8::is_ascii_digit)
        && digits
            .iter()
            .all(|&b| b.is_ascii_digit() || is_visual_separator(b))
}

/// `*phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex`.
fn local_digits_ok(number: &[u8]) -> bool {
    let is_digit = |b: u8| b.is_ascii_hexdigit() || b == b'*' || b == b'#';
    number.iter().any(|&b| is_digit(b))
        && number
            .iter()
            .all(|&b| is_digit(b) || is_visual_separator(b))
}

/// One tel parameter; returns whether it was a valid phone-context.
fn check_tel_param(param: &[u8], at: usize, sink: &mut Sink) -> bool {
    let eq = find(param, 0, b'=');
    let name = &param[..eq.unwrap_or(param.len())];
    let value = eq.map(|e| &param[e + 1..]);
    if name.is_empty() || !name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-') {
        sink.push(
            P::TelBadParam,
            at,
            "tel parameter name is not alphanum and '-'",
        );
        return false;
    }
    let Some(value) = value else { return false };
    let (end, bad_escape) = escaped_run(value, 0, &scan::PARAMCHAR);
    if value.is_empty() || end < value.len() || bad_escape.is_some() {
        sink.push(
            P::TelBadParam,
            at + name.len() + 1,
            "malformed tel parameter value",
        );
        return false;
    }
    if eq_ic(name, b"phone-context") {
        let good = if value.first() == Some(&b'+') {
            global_digits_ok(value)
        } else {
            is_hostname(value)
        };
        if !good {
            sink.push(
                P::TelBadParam,
                at,
                "phone-context is neither +digits nor a domain",
            );
        }
        return good;
    }
    if eq_ic(name, b"ext")
        && !value
            .iter()
            .all(|&b| b.is_ascii_digit() || is_visual_separator(b))
    {
        sink.push(P::TelBadParam, at, "ext is not a phone number");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::is_hostname;

    /// RFC 3261 hostname, read byte by byte straight from the grammar.
    fn plain_hostname(host: &[u8]) -> bool {
        let host = host.strip_suffix(b".").unwrap_or(host);
        if host.is_empty() || host.len() > 255 {
            return false;
        }
        let mut label_start = true;
        let mut previous = 0u8;
        let mut last_label_first = 0u8;
        for &b in host {
            if b == b'.' {
                if label_start || previous == b'-' {
                    return false;
                }
                label_start = true;
            } else if b.is_ascii_alphanumeric() {
                if label_start {
                    last_label_first = b;
                    label_start = false;
                }
            } else if b != b'-' || label_start {
                return false;
            }
            previous = b;
        }
        !label_start && previous != b'-' && last_label_first.is_ascii_alphabetic()
    }

    /// The label-wise table check agrees with the plain grammar on every short host made of
    /// the bytes that matter (letter, digit, '-', '.', and one byte outside the grammar).
    #[test]
    fn hostname_check_agrees_with_the_grammar() {
        let alphabet = [b'a', b'1', b'-', b'.', b'_'];
        for len in 1..=7u32 {
            for mut n in 0..alphabet.len().pow(len) {
                let host: Vec<u8> = (0..len)
                    .map(|_| {
                        let b = alphabet[n % alphabet.len()];
                        n /= alphabet.len();
                        b
                    })
                    .collect();
                assert_eq!(is_hostname(&host), plain_hostname(&host), "{host:?}");
            }
        }
    }
}
