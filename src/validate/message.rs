//! Whole SIP messages: start line, header section, mandatory and single-valued headers, and
//! Content-Length against the body (RFC 3261 sections 7 and 8.1.1, RFC 4475).

use super::codes::ProblemCode as P;
use super::header::{self, Facts, Kind};
use super::scan::{self, eq_ic, find, token_end};
use super::uri::{self, Schemes};
use super::{Limits, Report, Sink};
use std::ops::Range;

/// Validates a whole SIP request or response with the default [`Limits`].
///
/// The message is taken as one UDP datagram: octets after the body that Content-Length
/// announces are reported as the warning `trailing_octets` (RFC 4475 section 3.1.1.8), and a
/// missing Content-Length means the body runs to the end.
pub fn validate_message(message: &[u8]) -> Report {
    validate_message_with_limits(message, &Limits::default())
}

/// Validates a whole SIP message under the given limits.
pub fn validate_message_with_limits(message: &[u8], limits: &Limits) -> Report {
    let mut sink = Sink::new(limits);
    if message.is_empty() {
        sink.push(P::MessageEmpty, 0, "empty message");
        return sink.finish();
    }
    if message.len() > limits.max_input_bytes {
        sink.push(
            P::SizeLimit,
            limits.max_input_bytes,
            "message larger than the configured limit",
        );
        return sink.finish();
    }

    let mut walk = Walk {
        m: message,
        limits,
        sink,
        bare_lf_seen: false,
    };
    walk.run();
    walk.sink.finish()
}

struct Walk<'a> {
    m: &'a [u8],
    limits: &'a Limits,
    sink: Sink,
    bare_lf_seen: bool,
}

/// What the start line says the message is.
enum Start {
    Request(Range<usize>),
    Response,
}

/// What the header section held, for the checks across headers.
struct Seen {
    counts: [u16; 18],
    cseq_method: Option<Range<usize>>,
    content_length: Option<u64>,
}

impl Walk<'_> {
    fn run(&mut self) {
        let (line, next, _) = self.line_at(0);
        let Some(next) = next else {
            self.start_line(line);
            self.sink.push(
                P::HeadersUnterminated,
                self.m.len(),
                "no end of the header section",
            );
            return;
        };
        let start = self.start_line(line);

        let mut seen = Seen {
            counts: [0; 18],
            cseq_method: None,
            content_length: None,
        };
        let Some(body_start) = self.headers(next, &mut seen) else {
            return;
        };

        self.cross_checks(&start, &seen, body_start);
    }

    /// The line starting at `from` without its line ending, where the next line starts, and
    /// whether the line holds a CR or NUL that is not part of its ending.
    fn line_at(&mut self, from: usize) -> (Range<usize>, Option<usize>, bool) {
        let mut i = from;
        let mut suspicious = false;
        loop {
            i = scan::find_line_special(self.m, i);
            match self.m.get(i) {
                None => return (from..self.m.len(), None, suspicious),
                Some(b'\n') => {
                    self.note_bare_lf(i);
                    return (from..i, Some(i + 1), suspicious);
                }
                Some(b'\r') if self.m.get(i + 1) == Some(&b'\n') => {
                    return (from..i, Some(i + 2), suspicious);
                }
                Some(_) => {
                    suspicious = true;
                    i += 1;
                }
            }
        }
    }

    fn note_bare_lf(&mut self, at: usize) {
        if !self.bare_lf_seen {
            self.bare_lf_seen = true;
            self.sink.push(P::BareLf, at, "line ends in LF without CR");
        }
    }

    fn start_line(&mut self, line: Range<usize>) -> Option<Start> {
        if line.len() > self.limits.max_line_bytes {
            self.sink.push(
                P::SizeLimit,
                line.start,
                "start line longer than the configured limit",
            );
            return None;
        }
        let text = &self.m[line.clone()];
        if text.len() >= 4 && eq_ic(&text[..4], b"SIP/") {
            self.status_line(text);
            return Some(Start::Response);
        }
        self.request_line(text).map(Start::Request)
    }

    /// `Method SP Request-URI SP SIP-Version`, each separated by exactly one space.
    fn request_line(&mut self, line: &[u8]) -> Option<Range<usize>> {
        let method_end = token_end(line, 0);
        if method_end == 0 || !matches!(line.get(method_end), Some(b' ') | None) {
            let (code, reason) = if line.first() == Some(&b' ') {
                (P::StartLineBadSpacing, "request line starts with a space")
            } else {
                (P::MethodInvalid, "method is not a token")
            };
            self.sink.push(code, method_end, reason);
            return None;
        }
        // The common shape, `Method SP URI SP version` with single spaces, needs one scan.
        let uri_start = method_end + 1;
        if let Some(uri_end) = find(line, uri_start, b' ') {
            let version = &line[uri_end + 1..];
            if uri_end > uri_start && !version.is_empty() && !version.contains(&b' ') {
                self.version(version, uri_end + 1);
                self.request_uri(&line[uri_start..uri_end], uri_start);
                return Some(0..method_end);
            }
        }

        if let Some(bad) = spacing_problem(line) {
            self.sink.push(
                P::StartLineBadSpacing,
                bad,
                "doubled or trailing space in the request line",
            );
        }

        let count = line
            .split(|&b| b == b' ')
            .filter(|f| !f.is_empty())
            .take(8)
            .count();
        if count < 3 {
            self.sink.push(
                P::RequestLineMalformed,
                line.len(),
                "request line lacks Request-URI or version",
            );
            return Some(0..method_end);
        }
        let uri_start = skip_spaces(line, method_end);
        let uri_end = find(line, uri_start, b' ').unwrap_or(line.len());
        let version_start = line.iter().rposition(|&b| b != b' ').map_or(0, |last| {
            line[..=last]
                .iter()
                .rposition(|&b| b == b' ')
                .map_or(0, |space| space + 1)
        });
        let version_end = trim_spaces_end(line);
        self.version(&line[version_start..version_end], version_start);

        if count > 3 {
            self.sink.push(
                P::RequestUriWhitespace,
                uri_end,
                "whitespace inside the Request-URI",
            );
        } else {
            self.request_uri(&line[uri_start..uri_end], uri_start);
        }
        Some(0..method_end)
    }

    fn request_uri(&mut self, uri: &[u8], at: usize) {
        if uri.first() == Some(&b'<') {
            self.sink.push(
                P::RequestUriInBrackets,
                at,
                "Request-URI must not be enclosed in <>",
            );
            return;
        }
        let facts = uri::check_uri(uri, at, Schemes::Any, self.limits, &mut self.sink);
        if facts.has_headers {
            self.sink.push(
                P::RequestUriHasHeaders,
                at,
                "URI headers are not allowed in a Request-URI",
            );
        }
    }

    /// `SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT`; only 2.0 is accepted.
    fn version(&mut self, version: &[u8], at: usize) {
        if version.len() >= 4 && eq_ic(&version[..4], b"SIP/") {
            let number = &version[4..];
            let dot = find(number, 0, b'.');
            let well_formed = dot.is_some_and(|d| {
                scan::decimal(&number[..d]).is_some() && scan::decimal(&number[d + 1..]).is_some()
            });
            if number == b"2.0" {
                return;
            }
            if well_formed {
                self.sink
                    .push(P::SipVersionUnsupported, at, "SIP version is not 2.0");
                return;
            }
        }
        self.sink.push(
            P::RequestLineMalformed,
            at,
            "start line does not end in SIP/2.0",
        );
    }

    /// `SIP-Version SP Status-Code SP Reason-Phrase`.
    fn status_line(&mut self, line: &[u8]) {
        let version_end = find(line, 0, b' ').unwrap_or(line.len());
        self.version(&line[..version_end], 0);
        if version_end == line.len() {
            self.sink.push(
                P::StatusLineMalformed,
                line.len(),
                "status line has no status code",
            );
            return;
        }
        let code_start = version_end + 1;
        if line.get(code_start) == Some(&b' ') {
            self.sink.push(
                P::StartLineBadSpacing,
                code_start,
                "doubled space in the status line",
            );
        }
        let code_start = skip_spaces(line, code_start);
        let code_end = scan::run(line, code_start, &scan::DIGITS);
        let code = scan::decimal(&line[code_start..code_end]);
        if code_end - code_start != 3 || !code.is_some_and(|c| (100..=699).contains(&c)) {
            self.sink.push(
                P::StatusCodeInvalid,
                code_start,
                "status code is not 100 to 699",
            );
            return;
        }
        if line.get(code_end) != Some(&b' ') {
            self.sink.push(
                P::StatusLineMalformed,
                code_end,
                "no space after the status code",
            );
            return;
        }
        let reason = &line[code_end + 1..];
        if let Some(bad) = reason
            .iter()
            .position(|&b| (b < b' ' && b != b'\t') || b == 0x7f)
        {
            self.sink.push(
                P::ReasonPhraseInvalid,
                code_end + 1 + bad,
                "control character in reason",
            );
        }
    }

    /// Walks the header section from `from`; returns where the body starts, or `None` when
    /// a limit stopped the walk.
    fn headers(&mut self, from: usize, seen: &mut Seen) -> Option<usize> {
        let mut i = from;
        let mut count = 0;
        if matches!(self.m.get(i), Some(b' ') | Some(b'\t')) {
            self.sink.push(
                P::HeaderBadFold,
                i,
                "continuation line with no header before it",
            );
        }
        loop {
            if i >= self.m.len() {
                self.sink
                    .push(P::HeadersUnterminated, i, "no empty line after the headers");
                return Some(self.m.len());
            }
            if self.m[i..].starts_with(b"\r\n") {
                return Some(i + 2);
            }
            if self.m[i] == b'\n' {
                self.note_bare_lf(i);
                return Some(i + 1);
            }
            count += 1;
            if count > self.limits.max_headers {
                self.sink.push(
                    P::SizeLimit,
                    i,
                    "more header fields than the configured limit",
                );
                return None;
            }
            let (end, next, suspicious) = self.header_extent(i)?;
            self.header(i, end, suspicious, seen);
            i = next;
        }
    }

    /// The end of the header field starting at `from` (continuation lines included, final
    /// line ending excluded), where the next field starts, and whether it holds a stray CR
    /// or NUL.
    fn header_extent(&mut self, from: usize) -> Option<(usize, usize, bool)> {
        let mut line_start = from;
        let mut suspicious = false;
        loop {
            let (line, next, odd) = self.line_at(line_start);
            suspicious |= odd;
            if line.len() > self.limits.max_line_bytes {
                self.sink.push(
                    P::SizeLimit,
                    line.start,
                    "header line longer than the configured limit",
                );
                return None;
            }
            match next {
                Some(next) if matches!(self.m.get(next), Some(b' ') | Some(b'\t')) => {
                    line_start = next
                }
                Some(next) => return Some((line.end, next, suspicious)),
                None => return Some((line.end, self.m.len(), suspicious)),
            }
        }
    }

    /// `field-name HCOLON field-value`, then the value by its header's grammar.
    fn header(&mut self, start: usize, end: usize, suspicious: bool, seen: &mut Seen) {
        let field = &self.m[start..end];
        let name_end = token_end(field, 0);
        let colon = skip_wsp(field, name_end);
        if field.get(colon) != Some(&b':') {
            let (code, reason) = if find(field, 0, b':').is_some() {
                (P::HeaderBadName, "header name is not a token")
            } else {
                (P::HeaderMissingColon, "header line has no colon")
            };
            self.sink.push(code, start + name_end, reason);
            return;
        }
        if name_end == 0 {
            self.sink.push(P::HeaderBadName, start, "empty header name");
            return;
        }

        let kind = Kind::of(&field[..name_end]);
        let value_at = start + colon + 1;
        let value = &field[colon + 1..];
        // Folding was resolved by the line scan; only a stray CR or NUL needs a closer look.
        if suspicious {
            header::check_injection(value, value_at, &mut self.sink);
        }
        let facts = header::check_value(kind, value, value_at, self.limits, &mut self.sink);

        let slot = &mut seen.counts[kind.slot()];
        *slot = slot.saturating_add(1);
        if kind.single() && *slot == 2 {
            self.sink
                .push(P::DuplicateHeader, start, "header may appear only once");
        }
        match facts {
            Facts::CSeqMethod(range) if seen.cseq_method.is_none() => {
                seen.cseq_method = Some(value_at + range.start..value_at + range.end);
            }
            Facts::ContentLength(length) if seen.content_length.is_none() => {
                seen.content_length = Some(length);
            }
            _ => {}
        }
    }

    /// Mandatory headers, CSeq against the method, Content-Length against the body.
    fn cross_checks(&mut self, start: &Option<Start>, seen: &Seen, body_start: usize) {
        const MANDATORY: [(Kind, &str); 5] = [
            (Kind::To, "To header is missing"),
            (Kind::From, "From header is missing"),
            (Kind::CSeq, "CSeq header is missing"),
            (Kind::CallId, "Call-ID header is missing"),
            (Kind::Via, "Via header is missing"),
        ];
        for (kind, reason) in MANDATORY {
            if seen.counts[kind.slot()] == 0 {
                self.sink.push(P::MissingHeader, body_start, reason);
            }
        }

        if let Some(Start::Request(method)) = start {
            if seen.counts[Kind::MaxForwards.slot()] == 0 {
                self.sink.push(
                    P::MaxForwardsMissing,
                    body_start,
                    "request without Max-Forwards",
                );
            }
            if let Some(cseq) = &seen.cseq_method {
                if self.m[cseq.clone()] != self.m[method.clone()] {
                    self.sink.push(
                        P::CseqMethodMismatch,
                        cseq.start,
                        "CSeq method differs from the request method",
                    );
                }
            }
        }

        let body = self.m.len() - body_start;
        match (seen.content_length, seen.counts[Kind::ContentLength.slot()]) {
            (Some(length), 1) if (body as u64) < length => {
                self.sink.push(
                    P::ContentLengthExceedsBody,
                    body_start,
                    "body shorter than Content-Length",
                );
            }
            (Some(length), 1) if (body as u64) > length => {
                let extra = body_start + length as usize;
                self.sink.push(
                    P::TrailingOctets,
                    extra,
                    "octets after the body (ignored over UDP)",
                );
            }
            (None, 0) if body > 0 => {
                self.sink.push(
                    P::ContentLengthMissing,
                    body_start,
                    "body without Content-Length",
                );
            }
            _ => {}
        }
    }
}

/// The offset of the first doubled, leading or trailing space.
fn spacing_problem(line: &[u8]) -> Option<usize> {
    if line.first() == Some(&b' ') {
        return Some(0);
    }
    if line.last() == Some(&b' ') {
        return Some(trim_spaces_end(line));
    }
    line.windows(2)
        .position(|pair| pair == b"  ")
        .map(|p| p + 1)
}

fn skip_spaces(line: &[u8], mut i: usize) -> usize {
    while line.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

fn skip_wsp(line: &[u8], mut i: usize) -> usize {
    while matches!(line.get(i), Some(b' ') | Some(b'\t')) {
        i += 1;
    }
    i
}

fn trim_spaces_end(line: &[u8]) -> usize {
    line.iter().rposition(|&b| b != b' ').map_or(0, |p| p + 1)
}
