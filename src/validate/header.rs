//! Header field values by header name (RFC 3261 section 25.1 and section 20), with folding
//! (LWS) accepted wherever the grammar allows whitespace.

use super::codes::ProblemCode as P;
use super::scan::{self, decimal, eq_ic, find, skip_lws, token_end, trim_end_lws};
use super::uri::{self, Schemes};
use super::{Limits, Report, Sink};
use std::ops::Range;

/// The header fields the validators know, by their full and compact names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Via,
    From,
    To,
    CallId,
    Contact,
    CSeq,
    MaxForwards,
    ContentLength,
    ContentType,
    Expires,
    Date,
    Route,
    RecordRoute,
    Warning,
    OptionTags,
    Allow,
    ReplyTo,
    Other,
}

impl Kind {
    /// The kind for a header name, which must be a token; names compare case-insensitively
    /// (RFC 3261 7.3.1).
    pub(crate) fn of(name: &[u8]) -> Kind {
        let Some(first) = name.first().map(u8::to_ascii_lowercase) else {
            return Kind::Other;
        };
        if name.len() == 1 {
            return Kind::compact(first);
        }
        // Length and first letter pick at most two candidates; one comparison settles it.
        let (kind, full): (Kind, &[u8]) = match (name.len(), first) {
            (3, b'v') => (Kind::Via, b"via"),
            (4, b'f') => (Kind::From, b"from"),
            (2, b't') => (Kind::To, b"to"),
            (7, b'c') if token_eq_lower(name, b"call-id") => return Kind::CallId,
            (7, b'c') => (Kind::Contact, b"contact"),
            (4, b'c') => (Kind::CSeq, b"cseq"),
            (12, b'm') => (Kind::MaxForwards, b"max-forwards"),
            (14, b'c') => (Kind::ContentLength, b"content-length"),
            (12, b'c') => (Kind::ContentType, b"content-type"),
            (7, b'e') => (Kind::Expires, b"expires"),
            (4, b'd') => (Kind::Date, b"date"),
            (5, b'r') => (Kind::Route, b"route"),
            (12, b'r') => (Kind::RecordRoute, b"record-route"),
            (7, b'w') => (Kind::Warning, b"warning"),
            (7, b'r') => (Kind::OptionTags, b"require"),
            (13, b'p') => (Kind::OptionTags, b"proxy-require"),
            (9, b's') => (Kind::OptionTags, b"supported"),
            (11, b'u') => (Kind::OptionTags, b"unsupported"),
            (5, b'a') => (Kind::Allow, b"allow"),
            (8, b'r') => (Kind::ReplyTo, b"reply-to"),
            _ => return Kind::Other,
        };
        if token_eq_lower(name, full) {
            kind
        } else {
            Kind::Other
        }
    }

    /// The compact forms of RFC 3261 section 7.3.3 (and RFC 3261's `k` for Supported).
    fn compact(letter: u8) -> Kind {
        match letter {
            b'v' => Kind::Via,
            b'f' => Kind::From,
            b't' => Kind::To,
            b'i' => Kind::CallId,
            b'm' => Kind::Contact,
            b'l' => Kind::ContentLength,
            b'c' => Kind::ContentType,
            b'k' => Kind::OptionTags,
            _ => Kind::Other,
        }
    }

    /// Whether RFC 3261 allows this header field only once in a message.
    pub(crate) fn single(self) -> bool {
        matches!(
            self,
            Kind::From
                | Kind::To
                | Kind::CallId
                | Kind::CSeq
                | Kind::MaxForwards
                | Kind::ContentLength
                | Kind::ContentType
                | Kind::Expires
                | Kind::Date
                | Kind::ReplyTo
        )
    }

    /// The slot of a single-valued or mandatory kind in the message's presence table.
    pub(crate) fn slot(self) -> usize {
        self as usize
    }
}

/// Whether the token `name` equals `lower` (lowercase letters and '-') ignoring ASCII case.
///
/// Setting bit 0x20 folds case; for token bytes it maps nothing else onto a letter or '-',
/// since the only other candidates (CR, `@`, control bytes) are not token characters.
fn token_eq_lower(name: &[u8], lower: &[u8]) -> bool {
    name.len() == lower.len() && name.iter().zip(lower).all(|(&a, &b)| a | 0x20 == b)
}

/// What the message validator needs to know from a header value.
pub(crate) enum Facts {
    None,
    /// The CSeq method, as a range of the value bytes.
    CSeqMethod(Range<usize>),
    /// A syntactically valid Content-Length.
    ContentLength(u64),
}

/// Validates one header value, chosen by header name, with the default [`Limits`].
///
/// The value is what follows the colon. Folding (CRLF followed by a space or tab) is
/// accepted; any other CR or LF, or a NUL outside a quoted-pair, is `header_injection`.
/// Unknown header names get the injection check only.
pub fn validate_header(name: &str, value: &str) -> Report {
    validate_header_with_limits(name.as_bytes(), value.as_bytes(), &Limits::default())
}

/// Validates one header value given as bytes, under the given limits. Offsets in the
/// report count from the start of the value.
pub fn validate_header_with_limits(name: &[u8], value: &[u8], limits: &Limits) -> Report {
    let mut sink = Sink::new(limits);
    if value.len() > limits.max_input_bytes {
        sink.push(
            P::SizeLimit,
            limits.max_input_bytes,
            "value longer than the configured limit",
        );
        return sink.finish();
    }
    // The name shares the header line with its value: one longer than a whole line can
    // be is refused like an overlong value, not scanned as a token.
    if name.len() > limits.max_line_bytes {
        sink.push(
            P::SizeLimit,
            0,
            "header name longer than the configured line limit",
        );
        return sink.finish();
    }
    // Only a token can name a known header; Kind::of relies on that.
    let kind = if scan::is_token(name) {
        Kind::of(name)
    } else {
        sink.push(P::HeaderBadName, 0, "header name is not a token");
        Kind::Other
    };

    check_injection(value, 0, &mut sink);
    check_value(kind, value, 0, limits, &mut sink);
    sink.finish()
}

fn is_wsp(b: Option<&u8>) -> bool {
    matches!(b, Some(b' ') | Some(b'\t'))
}

/// Reports CR, LF and NUL that are not part of folding. A NUL (or other control) escaped
/// as a quoted-pair inside a quoted string is legal (RFC 3261 quoted-pair, RFC 4475 3.1.1.2).
pub(crate) fn check_injection(v: &[u8], at: usize, sink: &mut Sink) {
    let mut in_quote = false;
    let mut i = 0;
    while i < v.len() {
        match v[i] {
            b'\\' if in_quote && i + 1 < v.len() && !matches!(v[i + 1], b'\r' | b'\n') => {
                i += 2;
                continue;
            }
            b'"' => in_quote = !in_quote,
            0 => sink.push(P::HeaderInjection, at + i, "NUL byte in a header value"),
            b'\r' if v.get(i + 1) == Some(&b'\n') && is_wsp(v.get(i + 2)) => {
                i += 3;
                continue;
            }
            b'\n' if is_wsp(v.get(i + 1)) => {
                i += 2;
                continue;
            }
            b'\r' | b'\n' => sink.push(P::HeaderInjection, at + i, "CR or LF not part of folding"),
            _ => {}
        }
        i += 1;
    }
}

/// Dispatches a value to its grammar. `v` is the value after the colon; `at` is its
/// absolute offset.
pub(crate) fn check_value(
    kind: Kind,
    v: &[u8],
    at: usize,
    limits: &Limits,
    sink: &mut Sink,
) -> Facts {
    let end = trim_end_lws(v, v.len());
    let v = &v[..end];
    let start = skip_lws(v, 0);
    match kind {
        Kind::Via => check_via_list(v, start, at, limits, sink),
        Kind::From | Kind::To | Kind::ReplyTo => {
            let i = check_address(v, start, at, Address::single(), limits, sink);
            expect_end(v, i, at, sink);
        }
        Kind::Contact => check_contact(v, start, at, limits, sink),
        Kind::Route | Kind::RecordRoute => {
            check_address_list(v, start, at, Address::route(), limits, sink)
        }
        Kind::CallId => check_call_id(v, start, at, sink),
        Kind::CSeq => return check_cseq(v, start, at, sink),
        Kind::MaxForwards => check_max_forwards(v, start, at, sink),
        Kind::ContentLength => return check_content_length(v, start, at, sink),
        Kind::ContentType => check_content_type(v, start, at, limits, sink),
        Kind::Expires => {
            if let Some(code) = delta_seconds_problem(&v[start..]) {
                sink.push(code, at + start, "Expires is not delta-seconds below 2**32");
            }
        }
        Kind::Date => check_date(&v[start..], at + start, sink),
        Kind::Warning => check_warning(v, start, at, limits, sink),
        Kind::OptionTags | Kind::Allow => check_token_list(v, start, at, limits, sink),
        Kind::Other => {}
    }
    Facts::None
}

/// Reports anything left after a complete value.
fn expect_end(v: &[u8], i: usize, at: usize, sink: &mut Sink) {
    let i = skip_lws(v, i);
    if i < v.len() {
        sink.push(
            P::HeaderBadSyntax,
            at + i,
            "unexpected text after the header value",
        );
    }
}

/// The index after a quoted string starting at `v[i] == '"'`, or `None` when unterminated.
pub(crate) fn quoted_end(v: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < v.len() {
        match v[i] {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}

/// Generic parameter values: token, host (incl. bracketed or bare IPv6) characters.
static GEN_VALUE: [bool; 256] = {
    let mut table = scan::TOKEN;
    table[b':' as usize] = true;
    table[b'[' as usize] = true;
    table[b']' as usize] = true;
    table
};

/// One `;name[=value]` header parameter.
struct Param<'a> {
    name: &'a [u8],
    name_at: usize,
    value: Option<&'a [u8]>,
    value_at: usize,
}

/// Scans `*( SEMI generic-param )` from `i`, calling `each` for every well-formed parameter;
/// returns the index after the last one.
fn scan_params<F>(
    v: &[u8],
    mut i: usize,
    at: usize,
    limits: &Limits,
    sink: &mut Sink,
    mut each: F,
) -> usize
where
    F: FnMut(&mut Sink, &Param),
{
    let mut count = 0;
    loop {
        let semi = skip_lws(v, i);
        if v.get(semi) != Some(&b';') {
            return i;
        }
        count += 1;
        if count > limits.max_params {
            sink.push(
                P::SizeLimit,
                at + semi,
                "more parameters than the configured limit",
            );
            return v.len();
        }
        let name_start = skip_lws(v, semi + 1);
        let name_end = token_end(v, name_start);
        if name_end == name_start {
            sink.push(
                P::HeaderBadParam,
                at + name_start,
                "empty or malformed parameter",
            );
            i = name_start;
            if !matches!(v.get(i), None | Some(b';') | Some(b',')) {
                return i;
            }
            continue;
        }
        let mut param = Param {
            name: &v[name_start..name_end],
            name_at: at + name_start,
            value: None,
            value_at: 0,
        };
        i = name_end;
        let eq = skip_lws(v, name_end);
        if v.get(eq) == Some(&b'=') {
            let value_start = skip_lws(v, eq + 1);
            let value_end = if v.get(value_start) == Some(&b'"') {
                match quoted_end(v, value_start) {
                    Some(end) => end,
                    None => {
                        sink.push(
                            P::QuotedStringUnterminated,
                            at + value_start,
                            "unterminated quoted parameter value",
                        );
                        return v.len();
                    }
                }
            } else {
                scan::run(v, value_start, &GEN_VALUE)
            };
            if value_end == value_start {
                sink.push(
                    P::HeaderBadParam,
                    at + value_start,
                    "empty parameter value after '='",
                );
            }
            param.value = Some(&v[value_start..value_end]);
            param.value_at = at + value_start;
            i = value_end;
        }
        each(sink, &param);
    }
}

/// Which of the parameters that may appear once were seen.
struct Once(u16);

impl Once {
    fn see(&mut self, sink: &mut Sink, index: usize, at: usize) {
        if self.0 & (1 << index) != 0 {
            sink.push(P::HeaderDuplicateParam, at, "parameter appears twice");
        }
        self.0 |= 1 << index;
    }
}

/// RFC 3261 Via: `via-parm *(COMMA via-parm)`.
fn check_via_list(v: &[u8], start: usize, at: usize, limits: &Limits, sink: &mut Sink) {
    check_list(v, start, at, limits, sink, |v, i, sink| {
        check_via_parm(v, i, at, limits, sink)
    });
}

/// Walks a comma-separated list, calling `element` at the start of each element; empty
/// elements and stray characters are reported, and the walk resumes at the next comma.
fn check_list<F>(
    v: &[u8],
    start: usize,
    at: usize,
    limits: &Limits,
    sink: &mut Sink,
    mut element: F,
) where
    F: FnMut(&[u8], usize, &mut Sink) -> usize,
{
    let mut i = start;
    let mut count = 0;
    loop {
        i = skip_lws(v, i);
        if i >= v.len() || v[i] == b',' {
            sink.push(
                P::ListEmptyElement,
                at + i,
                "empty element in a comma-separated list",
            );
        } else {
            count += 1;
            if count > limits.max_params {
                sink.push(
                    P::SizeLimit,
                    at + i,
                    "more list elements than the configured limit",
                );
                return;
            }
            i = skip_lws(v, element(v, i, sink));
            if i < v.len() && v[i] != b',' {
                sink.push(
                    P::HeaderBadSyntax,
                    at + i,
                    "unexpected character in the header value",
                );
                i = find(v, i, b',').unwrap_or(v.len());
            }
        }
        if i >= v.len() {
            return;
        }
        i += 1;
    }
}

/// `sent-protocol LWS sent-by *( SEMI via-params )`; returns the index after it.
fn check_via_parm(v: &[u8], i: usize, at: usize, limits: &Limits, sink: &mut Sink) -> usize {
    let element_at = at + i;
    let Some(j) = check_sent_protocol(v, i, at, sink) else {
        return find(v, i, b',').unwrap_or(v.len());
    };

    let host_start = skip_lws(v, j);
    if host_start == j {
        sink.push(
            P::ViaBadSentBy,
            at + j,
            "no whitespace between sent-protocol and sent-by",
        );
    }
    let mut k = uri::check_host(v, host_start, at, sink, P::ViaBadSentBy);
    let colon = skip_lws(v, k);
    if v.get(colon) == Some(&b':') {
        let port_start = skip_lws(v, colon + 1);
        let port_end = scan::run(v, port_start, &scan::DIGITS);
        if !scan::is_port(&v[port_start..port_end]) {
            sink.push(
                P::ViaBadSentBy,
                at + port_start,
                "sent-by port is not 0 to 65535",
            );
        }
        k = port_end;
    }

    let mut once = Once(0);
    let mut branch = false;
    let end = scan_params(v, k, at, limits, sink, |sink, param| {
        branch |= check_via_param(param, &mut once, sink);
    });
    if !branch {
        sink.push(
            P::ViaBranchMissing,
            element_at,
            "Via without a branch parameter",
        );
    }
    end
}

/// `protocol-name SLASH protocol-version SLASH transport`; returns the index after it.
fn check_sent_protocol(v: &[u8], i: usize, at: usize, sink: &mut Sink) -> Option<usize> {
    let mut fields = [0..0, 0..0, 0..0];
    let mut k = i;
    for (n, field) in fields.iter_mut().enumerate() {
        if n > 0 {
            let slash = skip_lws(v, k);
            if v.get(slash) != Some(&b'/') {
                sink.push(
                    P::ViaBadProtocol,
                    at + slash,
                    "sent-protocol is not name/version/transport",
                );
                return None;
            }
            k = skip_lws(v, slash + 1);
        }
        let end = token_end(v, k);
        if end == k {
            sink.push(
                P::ViaBadProtocol,
                at + k,
                "sent-protocol is not name/version/transport",
            );
            return None;
        }
        *field = k..end;
        k = end;
    }
    if !eq_ic(&v[fields[0].clone()], b"SIP") || &v[fields[1].clone()] != b"2.0" {
        sink.push(P::ViaBadVersion, at + i, "Via protocol is not SIP/2.0");
    }
    Some(k)
}

/// The RFC 3261 magic cookie that marks a branch as an RFC 3261 transaction identifier.
const COOKIE: &[u8] = b"z9hG4bK";

/// One via-param; returns whether it was the branch.
fn check_via_param(param: &Param, once: &mut Once, sink: &mut Sink) -> bool {
    const NAMES: [&[u8]; 5] = [b"branch", b"received", b"rport", b"ttl", b"maddr"];
    let Some(index) = NAMES.iter().position(|n| eq_ic(n, param.name)) else {
        return false;
    };
    once.see(sink, index, param.name_at);
    let value = param.value.unwrap_or_default();
    let value_at = if param.value.is_some() {
        param.value_at
    } else {
        param.name_at
    };

    match index {
        0 => {
            if !scan::is_token(value) {
                sink.push(P::HeaderBadParam, value_at, "branch is not a token");
            } else if value == COOKIE {
                sink.push(
                    P::ViaBranchEmptyId,
                    value_at,
                    "branch is the magic cookie alone",
                );
            } else if !value.starts_with(COOKIE) {
                sink.push(
                    P::ViaBranchNoCookie,
                    value_at,
                    "branch lacks the z9hG4bK cookie",
                );
            }
        }
        1 => {
            // RFC 3261 gives received as a bare address; RFC 5118 section 4.5 asks that the
            // bracketed IPv6 form be accepted too.
            let inner = value.strip_prefix(b"[").and_then(|x| x.strip_suffix(b"]"));
            let good = match inner {
                Some(inner) => uri::is_ipv6(inner),
                None => uri::is_ipv4(value) || uri::is_ipv6(value),
            };
            if !good {
                sink.push(
                    P::ViaBadReceived,
                    value_at,
                    "received is not an IPv4 or IPv6 address",
                );
            }
        }
        2 => {
            let good = param.value.is_none() || scan::is_port(value);
            if !good {
                sink.push(
                    P::ViaBadRport,
                    value_at,
                    "rport is neither empty nor a port",
                );
            }
        }
        3 => {
            if !(value.len() <= 3 && decimal(value).is_some_and(|t| t <= 255)) {
                sink.push(P::ViaBadParamValue, value_at, "ttl is not 0 to 255");
            }
        }
        _ => {
            let inner = value.strip_prefix(b"[").and_then(|x| x.strip_suffix(b"]"));
            let good = inner.map_or_else(|| uri::is_hostname_or_ipv4(value), uri::is_ipv6);
            if !good {
                sink.push(P::ViaBadParamValue, value_at, "maddr is not a host");
            }
        }
    }
    index == 0
}

/// How an address header may be written.
#[derive(Clone, Copy)]
struct Address {
    /// Whether a bare addr-spec (no `<>`) is allowed.
    allow_bare: bool,
    /// Whether the header is a comma-separated list (a comma ends an element).
    list: bool,
    /// Whether Contact parameters (expires, q) are checked.
    contact: bool,
}

impl Address {
    fn single() -> Self {
        Address {
            allow_bare: true,
            list: false,
            contact: false,
        }
    }

    fn route() -> Self {
        Address {
            allow_bare: false,
            list: true,
            contact: false,
        }
    }

    fn contact() -> Self {
        Address {
            allow_bare: true,
            list: true,
            contact: true,
        }
    }
}

fn check_address_list(
    v: &[u8],
    start: usize,
    at: usize,
    form: Address,
    limits: &Limits,
    sink: &mut Sink,
) {
    check_list(v, start, at, limits, sink, |v, i, sink| {
        check_address(v, i, at, form, limits, sink)
    });
}

/// RFC 3261 Contact: `"*"` or a list of contact-params.
fn check_contact(v: &[u8], start: usize, at: usize, limits: &Limits, sink: &mut Sink) {
    if v.get(start) == Some(&b'*') {
        if skip_lws(v, start + 1) < v.len() {
            sink.push(
                P::ContactBadStar,
                at + start,
                "Contact '*' must stand alone",
            );
        }
        return;
    }
    check_address_list(v, start, at, Address::contact(), limits, sink);
}

/// `( name-addr / addr-spec ) *( SEMI param )`; returns the index after it.
fn check_address(
    v: &[u8],
    i: usize,
    at: usize,
    form: Address,
    limits: &Limits,
    sink: &mut Sink,
) -> usize {
    let i = skip_lws(v, i);
    let Some(after_uri) = check_address_uri(v, i, at, form, limits, sink) else {
        return v.len();
    };

    let mut once = Once(0);
    scan_params(v, after_uri, at, limits, sink, |sink, param| {
        check_address_param(param, form, &mut once, sink);
    })
}

/// The display name and URI part; returns the index after it, or `None` when the rest of
/// the value cannot be read.
fn check_address_uri(
    v: &[u8],
    i: usize,
    at: usize,
    form: Address,
    limits: &Limits,
    sink: &mut Sink,
) -> Option<usize> {
    let open = if v.get(i) == Some(&b'"') {
        let Some(end) = quoted_end(v, i) else {
            sink.push(
                P::QuotedStringUnterminated,
                at + i,
                "display name has no closing quote",
            );
            return None;
        };
        let open = skip_lws(v, end);
        if v.get(open) != Some(&b'<') {
            sink.push(
                P::DisplayNameInvalid,
                at + open,
                "quoted display name not followed by '<'",
            );
            return None;
        }
        open
    } else {
        match display_tokens_end(v, i) {
            end if v.get(end) == Some(&b'<') => end,
            end if v.get(end) == Some(&b':') || end == i || !form_has_open(v, end, form) => {
                return Some(check_addr_spec(v, i, at, form, limits, sink));
            }
            end => {
                sink.push(
                    P::DisplayNameInvalid,
                    at + end,
                    "display name is neither tokens nor quoted",
                );
                find(v, end, b'<')?
            }
        }
    };
    check_bracketed(v, open, at, limits, sink)
}

/// Whether a '<' follows in the current element.
fn form_has_open(v: &[u8], from: usize, form: Address) -> bool {
    let stop = if form.list {
        find(v, from, b',').unwrap_or(v.len())
    } else {
        v.len()
    };
    find(&v[..stop], from, b'<').is_some()
}

/// The end of `*(token LWS)` from `i`.
fn display_tokens_end(v: &[u8], i: usize) -> usize {
    let mut j = i;
    loop {
        let t = token_end(v, j);
        let k = skip_lws(v, t);
        if k == j {
            return j;
        }
        if t == j {
            return k;
        }
        j = k;
    }
}

/// `LAQUOT addr-spec RAQUOT` from the '<' at `open`; returns the index after '>'.
fn check_bracketed(
    v: &[u8],
    open: usize,
    at: usize,
    limits: &Limits,
    sink: &mut Sink,
) -> Option<usize> {
    let Some(close) = find(v, open, b'>') else {
        sink.push(
            P::NameAddrUnterminated,
            at + open,
            "'<' has no matching '>'",
        );
        return None;
    };
    let start = skip_lws(v, open + 1);
    if start > open + 1 {
        sink.push(P::NameAddrSpace, at + open + 1, "whitespace after '<'");
    }
    let end = trim_end_lws(v, close).max(start);
    if end < close {
        sink.push(P::NameAddrSpace, at + end, "whitespace before '>'");
    }
    uri::check_uri(&v[start..end], at + start, Schemes::Any, limits, sink);
    Some(close + 1)
}

/// A bare addr-spec: it ends at whitespace or ';' (its parameters are header parameters),
/// and may not contain ',', '?' or ';' of its own (RFC 3261 section 20).
fn check_addr_spec(
    v: &[u8],
    i: usize,
    at: usize,
    form: Address,
    limits: &Limits,
    sink: &mut Sink,
) -> usize {
    if !form.allow_bare {
        sink.push(
            P::NameAddrRequired,
            at + i,
            "this header needs the URI in '<...>'",
        );
    }
    let mut end = i;
    while end < v.len()
        && !matches!(v[end], b' ' | b'\t' | b'\r' | b'\n' | b';')
        && !(form.list && v[end] == b',')
    {
        end += 1;
    }
    let spec = &v[i..end];
    if let Some(bad) = spec.iter().position(|&b| b == b'?' || b == b',') {
        sink.push(
            P::AddrSpecNeedsBrackets,
            at + i + bad,
            "URI with '?' or ',' must be in '<...>'",
        );
    }
    uri::check_uri(spec, at + i, Schemes::Any, limits, sink);
    end
}

/// tag (From/To), expires and q (Contact).
fn check_address_param(param: &Param, form: Address, once: &mut Once, sink: &mut Sink) {
    let value = param.value.unwrap_or_default();
    if eq_ic(param.name, b"tag") {
        once.see(sink, 0, param.name_at);
        if !scan::is_token(value) {
            sink.push(P::HeaderBadParam, param.name_at, "tag is not a token");
        }
    } else if form.contact && eq_ic(param.name, b"expires") {
        once.see(sink, 1, param.name_at);
        if let Some(code) = delta_seconds_problem(value) {
            sink.push(
                code,
                param.name_at,
                "expires is not delta-seconds below 2**32",
            );
        }
    } else if form.contact && eq_ic(param.name, b"q") {
        once.see(sink, 2, param.name_at);
        if !qvalue_ok(value) {
            sink.push(
                P::ContactBadQ,
                param.name_at,
                "q is not 0 to 1 with up to three decimals",
            );
        }
    }
}

/// RFC 3261 qvalue: `"0" [ "." 0*3DIGIT ] / "1" [ "." 0*3("0") ]`.
fn qvalue_ok(q: &[u8]) -> bool {
    let (whole, fraction) = match find(q, 0, b'.') {
        Some(dot) => (&q[..dot], &q[dot + 1..]),
        None => (q, &b""[..]),
    };
    fraction.len() <= 3
        && match whole {
            b"0" => fraction.iter().all(u8::is_ascii_digit),
            b"1" => fraction.iter().all(|&b| b == b'0'),
            _ => false,
        }
}

/// `delta-seconds = 1*DIGIT`, at most 2**32-1.
fn delta_seconds_problem(value: &[u8]) -> Option<P> {
    match decimal(value) {
        None => Some(P::ExpiresInvalid),
        Some(n) if n > u64::from(u32::MAX) => Some(P::ExpiresOutOfRange),
        Some(_) => None,
    }
}

/// RFC 3261 `callid = word [ "@" word ]`.
fn check_call_id(v: &[u8], start: usize, at: usize, sink: &mut Sink) {
    let first = scan::run(v, start, &scan::WORD);
    let mut end = first;
    if first > start && v.get(first) == Some(&b'@') {
        end = scan::run(v, first + 1, &scan::WORD);
        if end == first + 1 {
            sink.push(P::CallIdInvalid, at + end, "nothing after '@' in Call-ID");
            return;
        }
    }
    if first == start || end < v.len() {
        sink.push(P::CallIdInvalid, at + end, "Call-ID is not word[@word]");
    }
}

/// RFC 3261 `CSeq = 1*DIGIT LWS Method`, the number below 2**31 (section 8.1.1.5).
fn check_cseq(v: &[u8], start: usize, at: usize, sink: &mut Sink) -> Facts {
    let digits_end = scan::run(v, start, &scan::DIGITS);
    if digits_end == start {
        sink.push(
            P::CseqInvalid,
            at + start,
            "CSeq does not start with a number",
        );
        return Facts::None;
    }
    if decimal(&v[start..digits_end]).is_some_and(|n| n >= 1 << 31) {
        sink.push(
            P::CseqOutOfRange,
            at + start,
            "CSeq number is 2**31 or more",
        );
    }
    let method_start = skip_lws(v, digits_end);
    if method_start == digits_end {
        sink.push(
            P::CseqInvalid,
            at + digits_end,
            "CSeq number and method need whitespace between",
        );
        return Facts::None;
    }
    let method_end = token_end(v, method_start);
    if method_end == method_start || method_end < v.len() {
        sink.push(
            P::CseqBadMethod,
            at + method_end,
            "CSeq method is not a token",
        );
        return Facts::None;
    }
    Facts::CSeqMethod(method_start..method_end)
}

/// RFC 3261 `Max-Forwards = 1*DIGIT`; RFC 3261 section 8.1.1.6 bounds it at 255.
fn check_max_forwards(v: &[u8], start: usize, at: usize, sink: &mut Sink) {
    match decimal(&v[start..]) {
        None => sink.push(
            P::MaxForwardsInvalid,
            at + start,
            "Max-Forwards is not a number",
        ),
        Some(n) if n > 255 => sink.push(
            P::MaxForwardsOutOfRange,
            at + start,
            "Max-Forwards is above 255",
        ),
        Some(_) => {}
    }
}

/// RFC 3261 `Content-Length = 1*DIGIT`.
fn check_content_length(v: &[u8], start: usize, at: usize, sink: &mut Sink) -> Facts {
    match decimal(&v[start..]) {
        None => {
            sink.push(
                P::ContentLengthInvalid,
                at + start,
                "Content-Length is not digits alone",
            );
            Facts::None
        }
        Some(n) if n > u64::from(u32::MAX) => {
            sink.push(
                P::ContentLengthTooLarge,
                at + start,
                "Content-Length above 2**32-1",
            );
            Facts::None
        }
        Some(n) => Facts::ContentLength(n),
    }
}

/// RFC 3261 `media-type = m-type SLASH m-subtype *(SEMI m-parameter)`.
fn check_content_type(v: &[u8], start: usize, at: usize, limits: &Limits, sink: &mut Sink) {
    let type_end = token_end(v, start);
    let slash = skip_lws(v, type_end);
    let sub_start = skip_lws(v, slash + 1);
    let sub_end = token_end(v, sub_start);
    if type_end == start || v.get(slash) != Some(&b'/') || sub_end == sub_start {
        sink.push(
            P::ContentTypeInvalid,
            at + start,
            "Content-Type is not type/subtype",
        );
        return;
    }
    let end = scan_params(v, sub_end, at, limits, sink, |_, _| {});
    expect_end(v, end, at, sink);
}

/// A comma-separated list of tokens (option tags, methods).
fn check_token_list(v: &[u8], start: usize, at: usize, limits: &Limits, sink: &mut Sink) {
    if start >= v.len() {
        return;
    }
    check_list(v, start, at, limits, sink, |v, i, _| token_end(v, i));
}

/// RFC 3261 `warning-value = warn-code SP warn-agent SP warn-text`.
fn check_warning(v: &[u8], start: usize, at: usize, limits: &Limits, sink: &mut Sink) {
    check_list(v, start, at, limits, sink, |v, i, sink| {
        let code_end = scan::run(v, i, &scan::DIGITS);
        let agent_start = code_end + 1;
        let agent_end = scan::run(v, agent_start, &GEN_VALUE);
        let text_start = agent_end + 1;
        let good = code_end - i == 3
            && v.get(code_end) == Some(&b' ')
            && agent_end > agent_start
            && v.get(agent_end) == Some(&b' ')
            && v.get(text_start) == Some(&b'"');
        if !good {
            sink.push(
                P::WarningInvalid,
                at + i,
                "Warning is not 3DIGIT agent \"text\"",
            );
            return find(v, i, b',').unwrap_or(v.len());
        }
        match quoted_end(v, text_start) {
            Some(end) => end,
            None => {
                sink.push(
                    P::QuotedStringUnterminated,
                    at + text_start,
                    "warn-text has no closing quote",
                );
                v.len()
            }
        }
    });
}

/// RFC 3261 section 20.17: `rfc1123-date` only, always in GMT.
fn check_date(d: &[u8], at: usize, sink: &mut Sink) {
    const DAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    // "Sun, 06 Nov 1994 08:49:37 GMT" is exactly 29 bytes.
    let reason = if d.len() != 29 {
        Some("Date is not 'Wkd, DD Mon YYYY HH:MM:SS GMT'")
    } else if !DAYS.contains(&&d[0..3]) || &d[3..5] != b", " || !MONTHS.contains(&&d[8..11]) {
        Some("Date has an unknown weekday or month")
    } else if &d[26..] != b"GMT" {
        Some("Date must be in GMT")
    } else if !date_numbers_ok(d) {
        Some("Date has a bad day, year or time")
    } else {
        None
    };
    if let Some(reason) = reason {
        sink.push(P::DateInvalid, at, reason);
    }
}

fn date_numbers_ok(d: &[u8]) -> bool {
    let number = |range: Range<usize>| decimal(&d[range]);
    let separators = d[7] == b' '
        && d[11] == b' '
        && d[16] == b' '
        && d[19] == b':'
        && d[22] == b':'
        && d[25] == b' ';
    separators
        && number(5..7).is_some_and(|day| (1..=31).contains(&day))
        && number(12..16).is_some()
        && number(17..19).is_some_and(|h| h < 24)
        && number(20..22).is_some_and(|m| m < 60)
        && number(23..25).is_some_and(|s| s < 61)
}
