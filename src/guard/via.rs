//! The top Via header of a request: parsing its first via-parm and adding `received` and
//! `rport` from the packet's real source (RFC 3261 section 18.2.1, RFC 3581 section 4,
//! RFC 5118 section 4.5).
//!
//! A server answers a request to the address the packet came from, not to the address the
//! sender claims in its Via. Recording that address in `received` (and the port in `rport`
//! when the client asked for it) lets every hop route the response back along the real path,
//! and makes a spoofed or NATed sent-by harmless.
//!
//! Policy for values already present: a `received` or `rport=N` that names a different address
//! or port than the packet's real source is refused with [`ViaError::Contradiction`], never
//! overwritten. A client has no business writing `received` into its own Via, so one that does
//! and gets it wrong is claiming an address it does not have; the caller answers it (400 Bad
//! Request, sent to the real source) instead of forwarding a header that lies. Values that
//! agree with the source are kept as they are.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::ops::Range;

/// The host part of a Via sent-by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SentByHost {
    /// An IPv4 address or an IPv6 reference (`[...]`), as an address.
    Ip(IpAddr),
    /// A host name, as written.
    Name(String),
}

/// One Via parameter: its name and, when it has one, its value, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViaParam {
    /// The parameter name as written (compare it case-insensitively).
    pub name: String,
    /// The value after `=`, as written (quotes and brackets kept), or `None` for a bare name.
    pub value: Option<String>,
}

/// The first via-parm of a Via header value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViaParm {
    /// The sent-protocol's name, such as `SIP`.
    pub protocol_name: String,
    /// The sent-protocol's version, such as `2.0`.
    pub protocol_version: String,
    /// The transport, such as `UDP`, `TCP`, `TLS` or `WS`.
    pub transport: String,
    /// The sent-by host.
    pub host: SentByHost,
    /// The sent-by port, when one is written.
    pub port: Option<u16>,
    /// The via-params in order.
    pub params: Vec<ViaParam>,
}

impl ViaParm {
    /// The first parameter with this name (case-insensitive), if any.
    pub fn param(&self, name: &str) -> Option<&ViaParam> {
        self.params
            .iter()
            .find(|param| param.name.eq_ignore_ascii_case(name))
    }
}

/// Why a Via could not be rewritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViaError {
    /// The header value does not follow the via-parm grammar (RFC 3261 section 25.1).
    Malformed {
        /// The byte offset in the header value where the problem was found.
        at: usize,
        /// What was expected or found there.
        reason: String,
    },
    /// An existing `received` or `rport` value contradicts the packet's real source.
    Contradiction(String),
}

impl fmt::Display for ViaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViaError::Malformed { at, reason } => write!(f, "malformed Via at byte {at}: {reason}"),
            ViaError::Contradiction(reason) => write!(f, "Via contradicts the source: {reason}"),
        }
    }
}

impl std::error::Error for ViaError {}

/// Where the pieces of the first via-parm sit in the header value.
struct Spans {
    parm: ViaParm,
    params: Vec<(Range<usize>, Option<Range<usize>>)>,
    parm_end: usize,
}

/// Parses the first via-parm of a Via header value; any further comma-separated via-parms
/// are not examined.
pub fn parse_first_via_parm(via_value: &str) -> Result<ViaParm, ViaError> {
    parse_spans(via_value).map(|spans| spans.parm)
}

/// Rewrites the first via-parm of a Via header value for a request received from `source`.
///
/// - `received=<source ip>` is appended when the sent-by host is not the source address
///   (compared as addresses, so `[2001:db8::1]` equals `2001:DB8:0:0:0:0:0:1`; a host name
///   never equals an address), and always when the request carries `rport` (RFC 3581
///   section 4). An IPv6 address is written without brackets, as the RFC 3261 grammar for
///   `received` has it; both forms are read (RFC 5118 section 4.5). An IPv4-mapped IPv6
///   source is written as IPv4.
/// - A bare `rport` gets the source port (`rport=5060`); a request without `rport` gets none.
/// - An existing `received` or `rport=N` that agrees with the source is kept; one that does
///   not is refused with [`ViaError::Contradiction`].
///
/// Everything else, including the further via-parms after the first comma, is kept byte for
/// byte.
pub fn via_received_rport(via_value: &str, source: SocketAddr) -> Result<String, ViaError> {
    let spans = parse_spans(via_value)?;
    let source_ip = source.ip().to_canonical();

    let received = unique_param(&spans, via_value, "received")?;
    let rport = unique_param(&spans, via_value, "rport")?;
    if let Some((name, value)) = &received {
        let value = value
            .clone()
            .ok_or_else(|| malformed(name.start, "'received' needs an address value"))?;
        check_received(via_value, value, source_ip)?;
    }
    if let Some((_, Some(value))) = &rport {
        check_rport(&via_value[value.clone()], source.port())?;
    }

    let mut insertions: Vec<(usize, String)> = Vec::new();
    if let Some((name, None)) = &rport {
        insertions.push((name.end, format!("={}", source.port())));
    }
    let host_differs =
        !matches!(&spans.parm.host, SentByHost::Ip(ip) if ip.to_canonical() == source_ip);
    if received.is_none() && (host_differs || rport.is_some()) {
        insertions.push((spans.parm_end, format!(";received={source_ip}")));
    }

    Ok(apply_insertions(via_value, insertions))
}

fn apply_insertions(text: &str, mut insertions: Vec<(usize, String)>) -> String {
    insertions.sort_by_key(|(at, _)| *at);
    let extra: usize = insertions.iter().map(|(_, piece)| piece.len()).sum();

    let mut out = String::with_capacity(text.len() + extra);
    let mut copied = 0;
    for (at, piece) in insertions {
        out.push_str(&text[copied..at]);
        out.push_str(&piece);
        copied = at;
    }
    out.push_str(&text[copied..]);
    out
}

type ParamSpan = (Range<usize>, Option<Range<usize>>);

/// The one parameter named `name`, refusing a Via that repeats it (which of two values
/// would a later hop believe?).
fn unique_param(spans: &Spans, text: &str, name: &str) -> Result<Option<ParamSpan>, ViaError> {
    let mut found = spans
        .params
        .iter()
        .filter(|(n, _)| text[n.clone()].eq_ignore_ascii_case(name));
    let first = found.next().cloned();
    if let Some((again, _)) = found.next() {
        return Err(malformed(
            again.start,
            format!("parameter '{name}' appears twice"),
        ));
    }
    Ok(first)
}

fn check_received(text: &str, value: Range<usize>, source: IpAddr) -> Result<(), ViaError> {
    let written = &text[value.clone()];
    let claimed = parse_received(written).ok_or_else(|| {
        malformed(
            value.start,
            format!("'received={written}' is not an IP address"),
        )
    })?;

    if claimed.to_canonical() != source {
        return Err(ViaError::Contradiction(format!(
            "received={written} but the packet came from {source}"
        )));
    }
    Ok(())
}

/// A `received` value: IPv4, IPv6 without brackets (RFC 3261) or with them (RFC 5118 4.5).
fn parse_received(written: &str) -> Option<IpAddr> {
    if let Some(inner) = written
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        return inner.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    if let Some(v4) = parse_ipv4(written) {
        return Some(IpAddr::V4(v4));
    }
    written.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
}

fn check_rport(written: &str, source_port: u16) -> Result<(), ViaError> {
    let claimed = parse_port(written)
        .ok_or_else(|| ViaError::Contradiction(format!("rport={written} is not a port number")))?;

    if claimed != source_port {
        return Err(ViaError::Contradiction(format!(
            "rport={written} but the packet came from port {source_port}"
        )));
    }
    Ok(())
}

fn malformed(at: usize, reason: impl Into<String>) -> ViaError {
    ViaError::Malformed {
        at,
        reason: reason.into(),
    }
}

/// RFC 3261 section 25.1 `token` characters.
fn is_token_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&byte)
}

/// Reads a via-parm with a cursor over the header value's bytes.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips linear white space, including a folded line (CRLF followed by SP or HTAB).
    fn skip_lws(&mut self) -> bool {
        let start = self.at;
        loop {
            let rest = &self.text.as_bytes()[self.at..];
            match rest {
                [b' ' | b'\t', ..] => self.at += 1,
                [b'\r', b'\n', b' ' | b'\t', ..] => self.at += 3,
                _ => return self.at > start,
            }
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), ViaError> {
        self.skip_lws();
        if self.peek() != Some(byte) {
            return Err(self.unexpected(what));
        }
        self.at += 1;
        self.skip_lws();
        Ok(())
    }

    fn take_while(&mut self, accept: impl Fn(u8) -> bool) -> Range<usize> {
        let start = self.at;
        while self.peek().is_some_and(&accept) {
            self.at += 1;
        }
        start..self.at
    }

    fn token(&mut self, what: &str) -> Result<Range<usize>, ViaError> {
        let span = self.take_while(is_token_char);
        if span.is_empty() {
            return Err(self.unexpected(what));
        }
        Ok(span)
    }

    fn unexpected(&self, what: &str) -> ViaError {
        let found = match self.text[self.at..].chars().next() {
            Some(c) => format!("'{}'", c.escape_debug()),
            None => "the end".to_string(),
        };
        malformed(self.at, format!("expected {what}, found {found}"))
    }
}

fn parse_spans(text: &str) -> Result<Spans, ViaError> {
    let mut cursor = Cursor { text, at: 0 };
    cursor.skip_lws();

    // RFC 3261 section 25.1: sent-protocol = protocol-name SLASH protocol-version SLASH
    // transport, then LWS, then sent-by.
    let protocol_name = cursor.token("a protocol name such as SIP")?;
    cursor.expect(b'/', "'/' after the protocol name")?;
    let protocol_version = cursor.token("a protocol version such as 2.0")?;
    cursor.expect(b'/', "'/' after the protocol version")?;
    let transport = cursor.token("a transport such as UDP")?;
    if !cursor.skip_lws() {
        return Err(cursor.unexpected("white space before the sent-by"));
    }

    let (host, port) = parse_sent_by(&mut cursor)?;
    let params = parse_params(&mut cursor)?;
    let parm_end = cursor.at;
    check_parm_end(&mut cursor)?;

    let parm = ViaParm {
        protocol_name: text[protocol_name].to_string(),
        protocol_version: text[protocol_version].to_string(),
        transport: text[transport].to_string(),
        host,
        port,
        params: params
            .iter()
            .map(|(name, value)| ViaParam {
                name: text[name.clone()].to_string(),
                value: value.clone().map(|value| text[value].to_string()),
            })
            .collect(),
    };
    Ok(Spans {
        parm,
        params,
        parm_end,
    })
}

/// After the first via-parm: the end of the value, or a comma and the rest kept as written.
fn check_parm_end(cursor: &mut Cursor<'_>) -> Result<(), ViaError> {
    cursor.skip_lws();
    match cursor.peek() {
        None | Some(b',') => Ok(()),
        Some(_) => Err(cursor.unexpected("';', ',' or the end of the Via")),
    }
}

fn parse_sent_by(cursor: &mut Cursor<'_>) -> Result<(SentByHost, Option<u16>), ViaError> {
    let host = if cursor.peek() == Some(b'[') {
        parse_ipv6_reference(cursor)?
    } else {
        parse_host_name_or_ipv4(cursor)?
    };

    let before_colon = cursor.at;
    cursor.skip_lws();
    if cursor.peek() != Some(b':') {
        cursor.at = before_colon;
        return Ok((host, None));
    }
    cursor.at += 1;
    cursor.skip_lws();
    let digits = cursor.take_while(|b| b.is_ascii_digit());
    let port = parse_port(&cursor.text[digits.clone()])
        .ok_or_else(|| malformed(digits.start, "the sent-by port is not a number 0-65535"))?;
    Ok((host, Some(port)))
}

fn parse_ipv6_reference(cursor: &mut Cursor<'_>) -> Result<SentByHost, ViaError> {
    let start = cursor.at;
    let inner = cursor.text[start + 1..]
        .find(']')
        .map(|len| start + 1..start + 1 + len)
        .ok_or_else(|| malformed(start, "'[' of an IPv6 reference without ']'"))?;

    let address = cursor.text[inner.clone()]
        .parse::<Ipv6Addr>()
        .map_err(|_| malformed(inner.start, "not an IPv6 address inside '[...]'"))?;
    cursor.at = inner.end + 1;
    Ok(SentByHost::Ip(IpAddr::V6(address)))
}

fn parse_host_name_or_ipv4(cursor: &mut Cursor<'_>) -> Result<SentByHost, ViaError> {
    let span = cursor.take_while(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let written = &cursor.text[span.clone()];
    if written.is_empty() {
        return Err(cursor.unexpected("a sent-by host"));
    }

    if written.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return parse_ipv4(written)
            .map(|v4| SentByHost::Ip(IpAddr::V4(v4)))
            .ok_or_else(|| malformed(span.start, format!("'{written}' is not an IPv4 address")));
    }
    if !is_host_name(written) {
        return Err(malformed(
            span.start,
            format!("'{written}' is not a host name"),
        ));
    }
    Ok(SentByHost::Name(written.to_string()))
}

/// RFC 3261 section 25.1: hostname = *( domainlabel "." ) toplabel [ "." ], labels of
/// letters, digits and inner hyphens, the top label starting with a letter.
fn is_host_name(written: &str) -> bool {
    let trimmed = written.strip_suffix('.').unwrap_or(written);
    let labels: Vec<&str> = trimmed.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let top_starts_with_letter = labels
        .last()
        .is_some_and(|top| top.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()));
    labels.iter().all(label_ok) && top_starts_with_letter
}

/// RFC 3261 section 25.1: IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT.
fn parse_ipv4(written: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = written.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    parts.next().is_none().then_some(Ipv4Addr::from(octets))
}

fn parse_port(written: &str) -> Option<u16> {
    let digits_only = !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || written.len() > 5 {
        return None;
    }
    written.parse().ok()
}

fn parse_params(cursor: &mut Cursor<'_>) -> Result<Vec<ParamSpan>, ViaError> {
    let mut params = Vec::new();
    loop {
        let before = cursor.at;
        cursor.skip_lws();
        if cursor.peek() != Some(b';') {
            cursor.at = before;
            return Ok(params);
        }
        cursor.at += 1;
        cursor.skip_lws();

        let name = cursor.token("a parameter name after ';'")?;
        let after_name = cursor.at;
        cursor.skip_lws();
        if cursor.peek() != Some(b'=') {
            cursor.at = after_name;
            params.push((name, None));
            continue;
        }
        cursor.at += 1;
        cursor.skip_lws();
        let value = parse_param_value(cursor)?;
        params.push((name, Some(value)));
    }
}

/// RFC 3261 section 25.1: gen-value = token / host / quoted-string. An unbracketed IPv6
/// address is read too, since `received` carries one (RFC 3261 via-received).
fn parse_param_value(cursor: &mut Cursor<'_>) -> Result<Range<usize>, ViaError> {
    match cursor.peek() {
        Some(b'"') => parse_quoted_string(cursor),
        Some(b'[') => {
            let start = cursor.at;
            parse_ipv6_reference(cursor)?;
            Ok(start..cursor.at)
        }
        _ => {
            let span = cursor.take_while(|b| is_token_char(b) || b == b':');
            if span.is_empty() {
                return Err(cursor.unexpected("a parameter value after '='"));
            }
            Ok(span)
        }
    }
}

fn parse_quoted_string(cursor: &mut Cursor<'_>) -> Result<Range<usize>, ViaError> {
    let start = cursor.at;
    cursor.at += 1;
    loop {
        match cursor.peek() {
            None => return Err(malformed(start, "quoted string without a closing '\"'")),
            Some(b'"') => {
                cursor.at += 1;
                return Ok(start..cursor.at);
            }
            // RFC 3261 section 25.1: a quoted-pair escapes one ASCII character other
            // than CR and LF.
            Some(b'\\') => match cursor.text.as_bytes().get(cursor.at + 1) {
                Some(next) if next.is_ascii() && *next != b'\r' && *next != b'\n' => cursor.at += 2,
                _ => return Err(malformed(cursor.at, "'\\' must escape one ASCII character")),
            },
            Some(b'\r' | b'\n') if !cursor.skip_lws() => {
                return Err(malformed(cursor.at, "line break inside a quoted string"))
            }
            Some(_) => cursor.at += 1,
        }
    }
}
