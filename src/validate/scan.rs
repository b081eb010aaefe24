//! Character classes from the RFC 3261 ABNF as lookup tables, and small scanning helpers
//! shared by the validators. Every helper moves forward only, so callers stay linear.

/// Builds a 256-entry table marking the given bytes plus (optionally) letters and digits.
const fn class(extra: &[u8], alphanum: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    if alphanum {
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            if b.is_ascii_alphanumeric() {
                table[c] = true;
            }
            c += 1;
        }
    }
    table
}

/// RFC 3261 `token`.
pub(crate) static TOKEN: [bool; 256] = class(b"-.!%*_+`'~", true);
/// RFC 3261 `user` characters other than escapes: unreserved / user-unreserved.
pub(crate) static USER: [bool; 256] = class(b"-_.!~*'()&=+$,;?/", true);
/// RFC 3261 `password` characters other than escapes.
pub(crate) static PASSWORD: [bool; 256] = class(b"-_.!~*'()&=+$,", true);
/// RFC 3261 `paramchar` other than escapes: param-unreserved / unreserved.
pub(crate) static PARAMCHAR: [bool; 256] = class(b"-_.!~*'()[]/:&+$", true);
/// RFC 3261 `hname` / `hvalue` characters other than escapes.
pub(crate) static HNV: [bool; 256] = class(b"-_.!~*'()[]/?:+$", true);
/// RFC 3261 `word` (Call-ID).
pub(crate) static WORD: [bool; 256] = class(b"-.!%*_+`'~()<>:\\\"/[]?{}", true);
/// RFC 2396 `uric`: reserved / unreserved (escapes handled apart).
pub(crate) static URIC: [bool; 256] = class(b";/?:@&=+$,-_.!~*'()[]#", true);
/// RFC 3261 `DIGIT`.
pub(crate) static DIGITS: [bool; 256] = class(b"0123456789", false);
/// URI scheme characters after the first letter.
pub(crate) static SCHEME: [bool; 256] = class(b"+-.", true);

/// Whether `b` is a hexadecimal digit.
pub(crate) fn is_hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

/// Whether `s[i..]` starts with a valid `%XX` escape.
pub(crate) fn escape_at(s: &[u8], i: usize) -> bool {
    i + 2 < s.len() && s[i] == b'%' && is_hex(s[i + 1]) && is_hex(s[i + 2])
}

/// Skips whitespace that RFC 3261 LWS allows: SP, HTAB and CRLF followed by SP or HTAB.
#[inline]
pub(crate) fn skip_lws(s: &[u8], i: usize) -> usize {
    // Most calls land on a visible character: answer those without entering the loop.
    match s.get(i) {
        Some(&b) if b > b' ' => i,
        None => i,
        _ => skip_lws_slow(s, i),
    }
}

fn skip_lws_slow(s: &[u8], mut i: usize) -> usize {
    loop {
        match s.get(i) {
            Some(b' ') | Some(b'\t') => i += 1,
            Some(b'\r') if s.get(i + 1) == Some(&b'\n') && is_wsp(s.get(i + 2)) => i += 3,
            Some(b'\n') if is_wsp(s.get(i + 1)) => i += 2,
            _ => return i,
        }
    }
}

fn is_wsp(b: Option<&u8>) -> bool {
    matches!(b, Some(b' ') | Some(b'\t'))
}

/// The end of a run of bytes in `table` starting at `i`.
#[inline]
pub(crate) fn run(s: &[u8], i: usize, table: &[bool; 256]) -> usize {
    let Some(rest) = s.get(i..) else {
        return i;
    };
    // Four lookups per loop test: runs are mostly tokens and hosts of a dozen bytes or more.
    let mut chunks = rest.chunks_exact(4);
    let mut done = i;
    for chunk in &mut chunks {
        let inside = [0, 1, 2, 3].map(|k| table[chunk[k] as usize]);
        if let Some(k) = inside.iter().position(|&inside| !inside) {
            return done + k;
        }
        done += 4;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| !table[b as usize])
        .map_or(s.len(), |p| done + p)
}

/// The end of a token starting at `i` (equal to `i` when there is none).
pub(crate) fn token_end(s: &[u8], i: usize) -> usize {
    run(s, i, &TOKEN)
}

/// Whether all of `s` is one non-empty token.
pub(crate) fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && token_end(s, 0) == s.len()
}

/// Scans bytes in `table` or `%XX` escapes from `i`; returns the end and the offset of the
/// first bad escape, if any.
pub(crate) fn escaped_run(s: &[u8], mut i: usize, table: &[bool; 256]) -> (usize, Option<usize>) {
    let mut bad_escape = None;
    while i < s.len() {
        let b = s[i];
        if table[b as usize] {
            i += 1;
        } else if b == b'%' {
            if escape_at(s, i) {
                i += 3;
            } else {
                bad_escape.get_or_insert(i);
                i += 1;
            }
        } else {
            break;
        }
    }
    (i, bad_escape)
}

/// Parses a decimal number, saturating at `u64::MAX`; `None` when `s` is empty or not all
/// digits.
pub(crate) fn decimal(s: &[u8]) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for &b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
    }
    Some(value)
}

/// Whether `s` is an RFC 3261 port: 1 to 5 digits, at most 65535.
pub(crate) fn is_port(s: &[u8]) -> bool {
    !s.is_empty() && s.len() <= 5 && decimal(s).is_some_and(|p| p <= 65_535)
}

/// Trims trailing LWS (spaces, tabs, folds) from `s[..end]`.
pub(crate) fn trim_end_lws(s: &[u8], mut end: usize) -> usize {
    while end > 0 && matches!(s[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
        end -= 1;
    }
    end
}

/// ASCII case-insensitive comparison.
pub(crate) fn eq_ic(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Finds the first `needle` byte in `s[from..]`, eight bytes at a time.
pub(crate) fn find(s: &[u8], from: usize, needle: u8) -> Option<usize> {
    let mut i = from;
    let pattern = ONES * u64::from(needle);
    while i + 8 <= s.len() {
        let found = has_zero(word_at(s, i) ^ pattern);
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    s.get(i..)?.iter().position(|&b| b == needle).map(|p| p + i)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Flags the zero bytes of `x`. The lowest flag is always the first zero byte; flags above
/// it may be false positives, which the searches never look at.
fn has_zero(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The eight bytes at `s[i..i + 8]` as a little-endian word (the caller checks the length).
fn word_at(s: &[u8], i: usize) -> u64 {
    let mut chunk = [0u8; 8];
    chunk.copy_from_slice(&s[i..i + 8]);
    u64::from_le_bytes(chunk)
}

/// The index of the first LF, CR or NUL in `s[from..]`, or `s.len()`. Reads eight bytes at
/// a time: these are the only bytes that end a line or make a header value suspicious.
pub(crate) fn find_line_special(s: &[u8], from: usize) -> usize {
    let mut i = from;
    while i + 8 <= s.len() {
        let word = word_at(s, i);
        let found = has_zero(word ^ (ONES * u64::from(b'\n')))
            | has_zero(word ^ (ONES * u64::from(b'\r')))
            | has_zero(word);
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < s.len() && !matches!(s[i], b'\n' | b'\r' | 0) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::{find, find_line_special, run, TOKEN};

    /// The word-at-a-time searches agree with a plain search at every start and length.
    #[test]
    fn word_searches_agree_with_a_plain_search() {
        let text = b"ab\0cd\re:f@g\nhijklmnop@qrstu\r\nvwxyz>0123456789@";
        for end in 0..=text.len() {
            let s = &text[..end];
            for from in 0..=end + 1 {
                for needle in [b'@', b':', b'>', b'\n', b'z', b'#'] {
                    let plain = s
                        .get(from..)
                        .and_then(|r| r.iter().position(|&b| b == needle));
                    assert_eq!(find(s, from, needle), plain.map(|p| p + from));
                }
                if from <= end {
                    let plain = s[from..]
                        .iter()
                        .position(|&b| matches!(b, b'\n' | b'\r' | 0));
                    assert_eq!(find_line_special(s, from), plain.map_or(end, |p| p + from));
                }
            }
        }
    }

    /// The unrolled class run agrees with a plain search at every start and length.
    #[test]
    fn class_run_agrees_with_a_plain_search() {
        let text = b"alice.example-com;tag=1928301774 x@y:5060,zz~!%*_+`'";
        for end in 0..=text.len() {
            let s = &text[..end];
            for from in 0..=end + 1 {
                let plain = s.get(from..).map_or(from, |rest| {
                    rest.iter()
                        .position(|&b| !TOKEN[b as usize])
                        .map_or(end, |p| p + from)
                });
                assert_eq!(run(s, from, &TOKEN), plain, "{from} {end}");
            }
        }
    }
}
