//! SDP session descriptions (RFC 8866): line syntax, line order, required lines, how often
//! each line may appear, connection coverage of every media section, and the syntax of
//! `o=`, `c=`, `b=`, `t=`, `r=`, `z=`, `m=` and `a=`.
//!
//! Lines may end in CRLF or in a bare LF (RFC 8866 section 5); a mix of both is reported as
//! a warning. A bare CR never ends a line: it is an error inside the line.

use super::codes::ProblemCode as P;
use super::scan::{self, decimal, find};
use super::uri;
use super::{Limits, Report, Sink};
use crate::sdes::{CryptoAttribute, SdesErrorKind};

/// Validates an SDP session description with the default [`Limits`].
pub fn validate_sdp(sdp: &[u8]) -> Report {
    validate_sdp_with_limits(sdp, &Limits::default())
}

/// Validates an SDP session description under the given limits.
pub fn validate_sdp_with_limits(sdp: &[u8], limits: &Limits) -> Report {
    let mut sink = Sink::new(limits);
    if sdp.len() > limits.max_input_bytes {
        sink.push(
            P::SizeLimit,
            limits.max_input_bytes,
            "SDP larger than the configured limit",
        );
        return sink.finish();
    }

    let mut state = State::default();
    let mut i = 0;
    let mut lines = 0;
    while i < sdp.len() {
        lines += 1;
        if lines > limits.max_sdp_lines {
            sink.push(P::SizeLimit, i, "more SDP lines than the configured limit");
            return sink.finish();
        }
        let (end, next) = line_end(sdp, i, &mut state, &mut sink);
        if end - i > limits.max_line_bytes {
            sink.push(P::SizeLimit, i, "SDP line longer than the configured limit");
            return sink.finish();
        }
        check_line(&sdp[i..end], i, &mut state, &mut sink);
        i = next;
    }

    state.finish(sdp.len(), &mut sink);
    sink.finish()
}

/// Where the session description stands while its lines are read.
#[derive(Default)]
struct State {
    crlf_lines: usize,
    lf_lines: usize,
    mixed_reported: bool,
    line_index: usize,
    /// The letter of the previous line, and whether it was in a media section.
    last: Option<u8>,
    in_media: bool,
    /// Letters already seen in the current section, as a bit per letter.
    seen_session: u32,
    seen_media: u32,
    session_connection: bool,
    media_connection: bool,
    media_at: usize,
}

fn bit(letter: u8) -> u32 {
    1 << (letter - b'a')
}

/// The end of the line at `from` (without its ending) and where the next line starts.
fn line_end(sdp: &[u8], from: usize, state: &mut State, sink: &mut Sink) -> (usize, usize) {
    let Some(lf) = find(sdp, from, b'\n') else {
        sink.push(
            P::SdpUnterminatedLine,
            sdp.len(),
            "last SDP line has no line ending",
        );
        return (sdp.len(), sdp.len());
    };
    let crlf = lf > from && sdp[lf - 1] == b'\r';
    if crlf {
        state.crlf_lines += 1;
    } else {
        state.lf_lines += 1;
    }
    if state.crlf_lines > 0 && state.lf_lines > 0 && !state.mixed_reported {
        state.mixed_reported = true;
        sink.push(
            P::SdpMixedLineEndings,
            lf,
            "lines end in both CRLF and bare LF",
        );
    }
    (if crlf { lf - 1 } else { lf }, lf + 1)
}

/// Session-level order of RFC 8866 section 5: v o s i u e p c b (t r*)+ z k a.
fn session_rank(letter: u8) -> Option<u8> {
    b"vosiuepcbtrzka"
        .iter()
        .position(|&l| l == letter)
        .map(|p| p as u8)
}

/// Media-level order: m i c b k a.
fn media_rank(letter: u8) -> Option<u8> {
    b"micbka".iter().position(|&l| l == letter).map(|p| p as u8)
}

/// Letters that may repeat within their section.
fn repeatable(letter: u8, in_media: bool) -> bool {
    if in_media {
        matches!(letter, b'c' | b'b' | b'a')
    } else {
        matches!(letter, b'e' | b'p' | b'b' | b't' | b'r' | b'a')
    }
}

fn check_line(line: &[u8], at: usize, state: &mut State, sink: &mut Sink) {
    state.line_index += 1;
    if let Some(cr) = find(line, 0, b'\r') {
        sink.push(
            P::SdpBareCr,
            at + cr,
            "CR not followed by LF inside an SDP line",
        );
    }
    if let Some(nul) = find(line, 0, 0) {
        sink.push(P::SdpBadLine, at + nul, "NUL byte in an SDP line");
    }
    if line.len() < 2 || line[1] != b'=' || !line[0].is_ascii_lowercase() {
        sink.push(P::SdpBadLine, at, "SDP line is not <letter>=<value>");
        return;
    }
    let letter = line[0];
    if session_rank(letter).is_none() && letter != b'm' {
        sink.push(
            P::SdpUnknownType,
            at,
            "SDP line type RFC 8866 does not define",
        );
        return;
    }

    check_order(letter, at, state, sink);
    check_value(letter, &line[2..], at + 2, state, sink);
}

fn check_order(letter: u8, at: usize, state: &mut State, sink: &mut Sink) {
    if state.line_index == 1 && letter != b'v' {
        sink.push(P::SdpLineOrder, at, "SDP must start with v=");
    }
    if letter == b'm' {
        state.close_media(sink);
        state.in_media = true;
        state.media_at = at;
        state.seen_media = bit(b'm');
        state.last = Some(b'm');
        return;
    }

    let (rank, last_rank, seen) = if state.in_media {
        let Some(rank) = media_rank(letter) else {
            sink.push(
                P::SdpLineOrder,
                at,
                "line type not allowed in a media section",
            );
            return;
        };
        (rank, state.last.and_then(media_rank), &mut state.seen_media)
    } else {
        (
            session_rank(letter).unwrap_or(0),
            state.last.and_then(session_rank),
            &mut state.seen_session,
        )
    };

    let new_time =
        !state.in_media && letter == b't' && matches!(state.last, Some(b't') | Some(b'r'));
    let repeat_ok =
        state.in_media || letter != b'r' || matches!(state.last, Some(b't') | Some(b'r'));
    if *seen & bit(letter) != 0 && !repeatable(letter, state.in_media) {
        sink.push(
            P::SdpDuplicateLine,
            at,
            "SDP line type may appear only once here",
        );
    } else if !repeat_ok || (!new_time && last_rank.is_some_and(|last| rank < last)) {
        sink.push(P::SdpLineOrder, at, "SDP line out of the RFC 8866 order");
    }
    *seen |= bit(letter);
    state.last = Some(letter);
}

impl State {
    /// Ends the current media section: it needs a c= unless the session has one.
    fn close_media(&mut self, sink: &mut Sink) {
        if self.in_media && !self.session_connection && !self.media_connection {
            sink.push(
                P::SdpMissingConnection,
                self.media_at,
                "media section without c=",
            );
        }
        self.media_connection = false;
    }

    fn finish(&mut self, end: usize, sink: &mut Sink) {
        self.close_media(sink);
        let required: [(u8, &str); 4] = [
            (b'v', "no v= line"),
            (b'o', "no o= line"),
            (b's', "no s= line"),
            (b't', "no t= line"),
        ];
        for (letter, reason) in required {
            if self.seen_session & bit(letter) == 0 {
                sink.push(P::SdpMissingLine, end, reason);
            }
        }
    }
}

fn check_value(letter: u8, value: &[u8], at: usize, state: &mut State, sink: &mut Sink) {
    match letter {
        b'v' if value != b"0" => sink.push(P::SdpBadVersion, at, "SDP version is not 0"),
        b'o' => check_origin(value, at, sink),
        b'c' => {
            if state.in_media {
                state.media_connection = true;
            } else {
                state.session_connection = true;
            }
            check_connection(value, at, sink);
        }
        b'b' => check_bandwidth(value, at, sink),
        b't' => {
            let fields: Vec<&[u8]> = value.split(|&b| b == b' ').collect();
            if fields.len() != 2 || fields.iter().any(|f| decimal(f).is_none()) {
                sink.push(P::SdpBadTiming, at, "t= is not 'start stop' in decimal");
            }
        }
        b'r' => check_repeat(value, at, sink),
        b'z' => check_zone(value, at, sink),
        b'm' => check_media(value, at, sink),
        b'a' => check_attribute(value, at, sink),
        b's' | b'i' | b'u' | b'e' | b'p' | b'k' if value.is_empty() => {
            sink.push(P::SdpBadField, at, "SDP line value is empty")
        }
        _ => {}
    }
}

/// Splits on single spaces; `None` when a field is empty (doubled or edge spaces).
fn fields(value: &[u8]) -> Option<Vec<&[u8]>> {
    let parts: Vec<&[u8]> = value.split(|&b| b == b' ').take(64).collect();
    (!parts.iter().any(|p| p.is_empty())).then_some(parts)
}

/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`.
fn check_origin(value: &[u8], at: usize, sink: &mut Sink) {
    let good = fields(value).is_some_and(|f| {
        f.len() == 6
            && decimal(f[1]).is_some()
            && decimal(f[2]).is_some()
            && scan::is_token(f[3])
            && scan::is_token(f[4])
            && address_ok(f[4], f[5])
    });
    if !good {
        sink.push(P::SdpBadOrigin, at, "o= does not have six valid fields");
    }
}

/// An address for `IP4` / `IP6` (dotted quad, IPv6, or a domain name), or anything
/// non-empty for other address types.
fn address_ok(addrtype: &[u8], address: &[u8]) -> bool {
    match addrtype {
        b"IP4" if address.iter().all(|&b| b.is_ascii_digit() || b == b'.') => uri::is_ipv4(address),
        b"IP6" if address.contains(&b':') => uri::is_ipv6(address),
        b"IP4" | b"IP6" => uri::is_hostname(address),
        _ => !address.is_empty(),
    }
}

/// `c=<nettype> <addrtype> <connection-address>`, the address with `/ttl` or `/count`.
fn check_connection(value: &[u8], at: usize, sink: &mut Sink) {
    let good = fields(value).is_some_and(|f| {
        if f.len() != 3 || !scan::is_token(f[0]) || !scan::is_token(f[1]) {
            return false;
        }
        let mut parts = f[2].split(|&b| b == b'/');
        let address = parts.next().unwrap_or_default();
        let suffixes: Vec<&[u8]> = parts.collect();
        suffixes.len() <= 2
            && suffixes.iter().all(|s| decimal(s).is_some())
            && address_ok(f[1], address)
    });
    if !good {
        sink.push(
            P::SdpBadConnection,
            at,
            "c= is not 'nettype addrtype address'",
        );
    }
}

/// `b=<bwtype>:<bandwidth>`.
fn check_bandwidth(value: &[u8], at: usize, sink: &mut Sink) {
    let colon = find(value, 0, b':');
    let good =
        colon.is_some_and(|c| scan::is_token(&value[..c]) && decimal(&value[c + 1..]).is_some());
    if !good {
        sink.push(P::SdpBadBandwidth, at, "b= is not 'bwtype:bandwidth'");
    }
}

/// `typed-time = 1*DIGIT [d|h|m|s]`, optionally negative in z= offsets.
fn typed_time_ok(time: &[u8], signed: bool) -> bool {
    let time = if signed {
        time.strip_prefix(b"-").unwrap_or(time)
    } else {
        time
    };
    let digits = match time.last() {
        Some(b'd' | b'h' | b'm' | b's') => &time[..time.len() - 1],
        _ => time,
    };
    decimal(digits).is_some()
}

/// `r=<repeat interval> <active duration> <offsets from start-time>`.
fn check_repeat(value: &[u8], at: usize, sink: &mut Sink) {
    let good =
        fields(value).is_some_and(|f| f.len() >= 3 && f.iter().all(|t| typed_time_ok(t, false)));
    if !good {
        sink.push(P::SdpBadTiming, at, "r= is not three or more typed times");
    }
}

/// `z=<adjustment time> <offset> ...`, in pairs.
fn check_zone(value: &[u8], at: usize, sink: &mut Sink) {
    let good = fields(value).is_some_and(|f| {
        f.len() % 2 == 0
            && f.chunks(2)
                .all(|pair| decimal(pair[0]).is_some() && typed_time_ok(pair[1], true))
    });
    if !good {
        sink.push(P::SdpBadTiming, at, "z= is not pairs of time and offset");
    }
}

/// `m=<media> <port>[/<number of ports>] <proto> <fmt> ...`.
fn check_media(value: &[u8], at: usize, sink: &mut Sink) {
    let good = fields(value).is_some_and(|f| {
        if f.len() < 4 || !scan::is_token(f[0]) {
            return false;
        }
        let mut port = f[1].splitn(2, |&b| b == b'/');
        let number = port.next().and_then(decimal);
        let count_ok = port
            .next()
            .map_or(true, |count| decimal(count).is_some_and(|c| c > 0));
        let proto_ok = f[2].split(|&b| b == b'/').all(scan::is_token);
        number.is_some_and(|p| p <= 65_535)
            && count_ok
            && proto_ok
            && f[3..].iter().all(|fmt| scan::is_token(fmt))
    });
    if !good {
        sink.push(
            P::SdpBadMedia,
            at,
            "m= is not 'media port[/count] proto fmt...'",
        );
    }
}

/// `a=<attribute-name>` or `a=<attribute-name>:<attribute-value>`.
fn check_attribute(value: &[u8], at: usize, sink: &mut Sink) {
    let colon = find(value, 0, b':');
    let name = &value[..colon.unwrap_or(value.len())];
    if !scan::is_token(name) {
        sink.push(P::SdpBadAttribute, at, "attribute name is not a token");
        return;
    }
    let Some(colon) = colon else { return };
    let attribute_value = &value[colon + 1..];
    if attribute_value.is_empty() {
        sink.push(
            P::SdpBadAttribute,
            at + colon,
            "empty attribute value after ':'",
        );
        return;
    }
    if name == b"crypto" {
        check_crypto(attribute_value, at + colon + 1, sink);
    }
}

/// Every `a=crypto` goes through the SDES parser (RFC 4568 section 9.1, key lengths by
/// suite). A suite the parser does not know or implement is no SDP error; for those lines
/// only the outline `tag suite method:key-info` is checked here.
fn check_crypto(value: &[u8], at: usize, sink: &mut Sink) {
    let Ok(text) = std::str::from_utf8(value) else {
        sink.push(P::SdpBadCrypto, at, "a=crypto is not UTF-8 text");
        return;
    };
    let reason = match CryptoAttribute::parse(text) {
        Ok(_) => return,
        Err(error) => match error.kind() {
            SdesErrorKind::UnknownSuite | SdesErrorKind::UnsupportedSuite => {
                check_crypto_outline(value, at, sink);
                return;
            }
            SdesErrorKind::BadKey => "a=crypto key is not base64 of the suite's key and salt",
            _ => "a=crypto does not follow RFC 4568 section 9.1",
        },
    };
    sink.push(P::SdpBadCrypto, at, reason);
}

/// RFC 4568 section 9.1 outline: `tag 1*WSP crypto-suite 1*WSP key-params`, the tag 1 to 9
/// digits and each key-param `method:info`.
fn check_crypto_outline(value: &[u8], at: usize, sink: &mut Sink) {
    let mut parts = value
        .split(|&b| b == b' ' || b == b'\t')
        .filter(|p| !p.is_empty());
    let tag = parts.next().unwrap_or_default();
    let suite = parts.next().unwrap_or_default();
    let key_params = parts.next().unwrap_or_default();
    let good = (1..=9).contains(&tag.len())
        && tag.iter().all(u8::is_ascii_digit)
        && scan::is_token(suite)
        && key_params.split(|&b| b == b';').all(|param| {
            find(param, 0, b':').is_some_and(|c| scan::is_token(&param[..c]) && c + 1 < param.len())
        });
    if !good {
        sink.push(
            P::SdpBadCrypto,
            at,
            "a=crypto is not 'tag suite method:key-info'",
        );
    }
}
