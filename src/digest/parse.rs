//! Parsing of challenge and credentials header values (RFC 3261 section 25.1, RFC 7235
//! section 2.1, RFC 7616 sections 3.3 and 3.4).
//!
//! The parser works on the value after the header name and colon. Scheme and parameter
//! names are case-insensitive; values are a token or a quoted string with backslash
//! escapes. Linear whitespace includes folded lines (CRLF followed by SP or HT). Input is
//! bounded by [`MAX_VALUE_LEN`](crate::digest::parse::MAX_VALUE_LEN) and
//! [`MAX_PARAMETERS`](crate::digest::parse::MAX_PARAMETERS), and every byte is looked at
//! a bounded number of times, so parsing is linear in the input length.

use super::algorithm::{Algorithm, Qop, QopSet};
use std::borrow::Cow;
use std::fmt;

/// The longest header value accepted, in bytes.
pub const MAX_VALUE_LEN: usize = 8192;

/// The most parameters accepted in one challenge or one set of credentials.
pub const MAX_PARAMETERS: usize = 32;

/// The most challenges accepted in one header value.
pub const MAX_CHALLENGES: usize = 16;

/// What kind of problem a [`ParseError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The value is longer than [`MAX_VALUE_LEN`].
    TooLong,
    /// More than [`MAX_PARAMETERS`] parameters or [`MAX_CHALLENGES`] challenges.
    TooMany,
    /// The value is empty or has no scheme.
    Empty,
    /// The scheme is not `Digest`.
    NotDigest,
    /// The grammar is violated (missing `=`, stray characters, missing comma).
    Syntax,
    /// A quoted string has no closing quote.
    UnterminatedQuote,
    /// A `\"` inside a quoted string was probably meant as its end; it is an escaped quote.
    EscapedQuote,
    /// A parameter appears twice.
    DuplicateParameter,
    /// A required parameter is missing.
    MissingParameter,
    /// `nc` is not exactly 8 hex digits.
    BadNonceCount,
    /// `qop` names no value sipsec knows.
    BadQop,
    /// `algorithm` names no algorithm sipsec knows.
    UnknownAlgorithm,
    /// A parameter has a value outside its grammar (`stale=maybe`).
    BadValue,
    /// One Authorization value holds several credentials.
    SeveralCredentials,
}

/// A header value that could not be parsed, with a message naming the problem.
///
/// The message never repeats a `response` value and names parameters rather than quoting
/// their contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The kind of problem.
    pub kind: ParseErrorKind,
    /// A readable description, such as `parameter 'nc' is not 8 hex digits`.
    pub message: String,
}

impl ParseError {
    fn new(kind: ParseErrorKind, message: impl Into<String>) -> Self {
        ParseError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// One `name=value` parameter; the value is unescaped, borrowed when it had no escapes.
struct Param<'a> {
    name: &'a str,
    value: Cow<'a, str>,
}

/// What follows a parameter in the value.
enum After<'a> {
    /// The end of the value.
    End,
    /// Another parameter of the same challenge or credentials; its `name =` is consumed.
    Param(&'a str),
    /// A new scheme begins (another challenge, or a second set of credentials).
    Scheme,
}

/// A position in a header value.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

/// RFC 7230 section 3.2.6 tchar, as a table so the hot loop is one load per byte.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.'
            )
            || matches!(b, b'^' | b'_' | b'`' | b'|' | b'~');
        byte += 1;
    }
    table
};

fn is_tchar(byte: u8) -> bool {
    TCHAR[usize::from(byte)]
}

/// The first position at or after `from` holding `"`, a backslash, CR or LF (or the end).
///
/// Quoted values are most of a header, so this looks at eight bytes per step: a word
/// without any of the four bytes is skipped whole; the word holding one is searched
/// bytewise.
fn find_quoted_special(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_byte = |word: u64, byte: u8| {
        let spread = word ^ (ONES * u64::from(byte));
        spread.wrapping_sub(ONES) & !spread & HIGHS != 0
    };
    let special = |byte: u8| matches!(byte, b'"' | b'\\' | b'\r' | b'\n');

    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let found = has_byte(word, b'"')
            || has_byte(word, b'\\')
            || has_byte(word, b'\r')
            || has_byte(word, b'\n');
        if found {
            break;
        }
        at += 8;
    }
    while at < bytes.len() && !special(bytes[at]) {
        at += 1;
    }
    at
}

/// Whether a byte ends an unquoted value.
fn ends_bare_value(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b',' | b'"')
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Result<Self, ParseError> {
        if text.len() > MAX_VALUE_LEN {
            let message = format!(
                "value is {} bytes, the limit is {MAX_VALUE_LEN}",
                text.len()
            );
            return Err(ParseError::new(ParseErrorKind::TooLong, message));
        }
        Ok(Cursor { text, pos: 0 })
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    /// The length of a line fold (CRLF or LF followed by SP/HT) at `at`, or 0.
    fn fold_len(&self, at: usize) -> usize {
        let bytes = self.bytes();
        let newline = match (bytes.get(at), bytes.get(at + 1)) {
            (Some(b'\r'), Some(b'\n')) => 2,
            (Some(b'\n'), _) => 1,
            _ => return 0,
        };
        match bytes.get(at + newline) {
            Some(b' ') | Some(b'\t') => newline,
            _ => 0,
        }
    }

    /// Skips linear whitespace: SP, HT and folded line breaks (RFC 3261 section 25.1).
    fn skip_lws(&mut self) {
        let bytes = self.bytes();
        let mut at = self.pos;
        loop {
            while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
                at += 1;
            }
            let fold = self.fold_len(at);
            if fold == 0 {
                break;
            }
            at += fold;
        }
        self.pos = at;
    }

    /// The run of bytes from the current position for which `keep` holds.
    fn run_while(&mut self, keep: impl Fn(u8) -> bool) -> &'a str {
        let bytes = self.bytes();
        let start = self.pos;
        let mut end = start;
        while end < bytes.len() && keep(bytes[end]) {
            end += 1;
        }
        self.pos = end;
        &self.text[start..end]
    }

    fn token(&mut self) -> &'a str {
        self.run_while(is_tchar)
    }

    /// Consumes `token LWS* "=" LWS*` and returns the token when a parameter starts here;
    /// otherwise leaves the position alone.
    fn param_head(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let name = self.token();
        if !name.is_empty() {
            self.skip_lws();
            if self.peek() == Some(b'=') {
                self.pos += 1;
                self.skip_lws();
                return Some(name);
            }
        }
        self.pos = start;
        None
    }

    fn syntax(&self, what: &str) -> ParseError {
        ParseError::new(
            ParseErrorKind::Syntax,
            format!("{what} at byte {}", self.pos),
        )
    }

    /// Reads the scheme and the whitespace after it.
    fn scheme(&mut self) -> Result<&'a str, ParseError> {
        self.skip_lws();
        let scheme = self.token();
        if scheme.is_empty() {
            let kind = if self.at_end() {
                ParseErrorKind::Empty
            } else {
                ParseErrorKind::Syntax
            };
            let message = format!("expected an authentication scheme at byte {}", self.pos);
            return Err(ParseError::new(kind, message));
        }
        self.skip_lws();
        Ok(scheme)
    }

    /// Reads one `name = value` parameter and the whitespace after it.
    fn param(&mut self) -> Result<Param<'a>, ParseError> {
        match self.param_head() {
            Some(name) => self.param_value(name),
            None => {
                let name = self.token();
                if name.is_empty() {
                    Err(self.syntax("expected a parameter name"))
                } else {
                    Err(self.syntax(&format!("parameter '{name}' has no '='")))
                }
            }
        }
    }

    /// Reads the value of parameter `name` (its head already consumed) and the whitespace
    /// after it.
    fn param_value(&mut self, name: &'a str) -> Result<Param<'a>, ParseError> {
        let value = if self.peek() == Some(b'"') {
            self.quoted(name)?
        } else {
            self.bare_value(name)?
        };
        self.skip_lws();
        Ok(Param { name, value })
    }

    fn bare_value(&mut self, name: &str) -> Result<Cow<'a, str>, ParseError> {
        let value = self.run_while(|byte| !ends_bare_value(byte));
        if value.is_empty() {
            return Err(self.syntax(&format!("parameter '{name}' has an empty value")));
        }
        Ok(Cow::Borrowed(value))
    }

    /// Reads a quoted string (RFC 3261 section 25.1: quoted-pair is a backslash and any
    /// character); a folded line inside it stands for one space.
    fn quoted(&mut self, name: &str) -> Result<Cow<'a, str>, ParseError> {
        self.pos += 1;
        let start = self.pos;
        let mut unescaped: Option<String> = None;
        let mut saw_escaped_quote = false;

        loop {
            // Only `"`, `\\`, CR and LF need attention; they are ASCII, so they never occur
            // inside a multi-byte UTF-8 character and every run between them can be copied.
            let run_start = self.pos;
            self.pos = find_quoted_special(self.bytes(), self.pos);
            if let Some(owned) = unescaped.as_mut() {
                owned.push_str(&self.text[run_start..self.pos]);
            }

            let Some(byte) = self.peek() else {
                return Err(unterminated(name, saw_escaped_quote));
            };
            match byte {
                b'"' => break,
                b'\\' => {
                    let owned = unescaped.get_or_insert_with(|| self.text[start..self.pos].into());
                    let Some(escaped) = self.text[self.pos + 1..].chars().next() else {
                        return Err(unterminated(name, saw_escaped_quote));
                    };
                    if escaped == '\r' || escaped == '\n' {
                        // RFC 3261 section 25.1: quoted-pair excludes CR and LF.
                        let what = format!("parameter '{name}' escapes a line break");
                        return Err(self.syntax(&what));
                    }
                    saw_escaped_quote |= escaped == '"';
                    owned.push(escaped);
                    self.pos += 1 + escaped.len_utf8();
                }
                _ => {
                    let fold = self.fold_len(self.pos);
                    if fold == 0 {
                        let what = format!("parameter '{name}' has a line break in its value");
                        return Err(self.syntax(&what));
                    }
                    let owned = unescaped.get_or_insert_with(|| self.text[start..self.pos].into());
                    owned.push(' ');
                    self.pos += fold;
                }
            }
        }

        let value = match unescaped {
            Some(owned) => Cow::Owned(owned),
            None => Cow::Borrowed(&self.text[start..self.pos]),
        };
        self.pos += 1;
        self.check_after_quote(name, saw_escaped_quote)?;
        Ok(value)
    }

    /// After a closing quote only whitespace, a comma or the end may follow; anything else
    /// usually means a `\"` was meant to close the string.
    fn check_after_quote(&mut self, name: &str, saw_escaped_quote: bool) -> Result<(), ParseError> {
        self.skip_lws();
        if self.at_end() || self.peek() == Some(b',') {
            return Ok(());
        }
        if saw_escaped_quote {
            return Err(escaped_quote_error(name));
        }
        Err(self.syntax(&format!("expected ',' after the quoted value of '{name}'")))
    }

    /// Consumes the separator after a parameter and says what comes next.
    fn after_param(&mut self, name: &str) -> Result<After<'a>, ParseError> {
        if self.at_end() {
            return Ok(After::End);
        }
        if self.peek() != Some(b',') {
            return Err(self.syntax(&format!("expected ',' after parameter '{name}'")));
        }

        while self.peek() == Some(b',') {
            self.pos += 1;
            self.skip_lws();
        }
        if self.at_end() {
            return Ok(After::End);
        }
        Ok(self.param_head().map_or(After::Scheme, After::Param))
    }

    /// Skips a non-Digest challenge: a token68 or a parameter list, up to the next scheme.
    fn skip_other_scheme(&mut self) -> Result<(), ParseError> {
        let Some(mut name) = self.param_head() else {
            while self.peek().is_some_and(|byte| byte != b',') {
                self.pos += 1;
            }
            return match self.after_param("token68")? {
                After::Param(_) => Err(self.syntax("a parameter follows a token68")),
                _ => Ok(()),
            };
        };
        loop {
            let param = self.param_value(name)?;
            match self.after_param(param.name)? {
                After::Param(next) => name = next,
                _ => return Ok(()),
            }
        }
    }
}

fn unterminated(name: &str, saw_escaped_quote: bool) -> ParseError {
    if saw_escaped_quote {
        return escaped_quote_error(name);
    }
    let message = format!("parameter '{name}': quoted value has no closing quote");
    ParseError::new(ParseErrorKind::UnterminatedQuote, message)
}

fn escaped_quote_error(name: &str) -> ParseError {
    let message = format!(
        "parameter '{name}': a backslash-escaped quote (\\\") does not close a quoted value"
    );
    ParseError::new(ParseErrorKind::EscapedQuote, message)
}

fn duplicate(name: &str) -> ParseError {
    ParseError::new(
        ParseErrorKind::DuplicateParameter,
        format!("parameter '{name}' appears twice"),
    )
}

fn missing(name: &str) -> ParseError {
    ParseError::new(
        ParseErrorKind::MissingParameter,
        format!("required parameter '{name}' is missing"),
    )
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &str) -> Result<(), ParseError> {
    if slot.is_some() {
        return Err(duplicate(name));
    }
    *slot = Some(value);
    Ok(())
}

fn count_param(count: &mut usize) -> Result<(), ParseError> {
    *count += 1;
    if *count > MAX_PARAMETERS {
        let message = format!("more than {MAX_PARAMETERS} parameters");
        return Err(ParseError::new(ParseErrorKind::TooMany, message));
    }
    Ok(())
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ParseError> {
    if value.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if value.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        let message = format!("parameter '{name}' must be true or false");
        Err(ParseError::new(ParseErrorKind::BadValue, message))
    }
}

fn parse_algorithm(value: &str) -> Result<Algorithm, ParseError> {
    Algorithm::from_name(value).ok_or_else(|| {
        let shown: String = value.chars().take(32).collect();
        let message = format!("algorithm '{shown}' is not supported");
        ParseError::new(ParseErrorKind::UnknownAlgorithm, message)
    })
}

/// A nonce count as sent: exactly 8 hex digits (RFC 7616 section 3.4), so `0000000a` is ten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NonceCount<'a> {
    /// The count as a number.
    pub value: u32,
    /// The 8 hex digits as sent, which is what the response hashes.
    pub text: &'a str,
}

impl<'a> NonceCount<'a> {
    /// Parses the `nc` value; anything but exactly 8 hex digits is an error.
    pub fn parse(text: &'a str) -> Result<Self, ParseError> {
        let well_formed = text.len() == 8 && text.bytes().all(|byte| byte.is_ascii_hexdigit());
        let value = if well_formed {
            u32::from_str_radix(text, 16).ok()
        } else {
            None
        };
        match value {
            Some(value) => Ok(NonceCount { value, text }),
            None => Err(ParseError::new(
                ParseErrorKind::BadNonceCount,
                "parameter 'nc' is not 8 hex digits",
            )),
        }
    }
}

/// One Digest challenge from a WWW-Authenticate or Proxy-Authenticate value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// The protection space (`realm`).
    pub realm: String,
    /// The server nonce.
    pub nonce: String,
    /// The opaque value to echo, byte for byte, when present (it may be empty).
    pub opaque: Option<String>,
    /// Whether the server says the previous nonce was stale (`stale=true`).
    pub stale: bool,
    /// The algorithm; `None` when the server named one sipsec does not know. An absent
    /// parameter means MD5 (RFC 2617 section 3.2.1).
    pub algorithm: Option<Algorithm>,
    /// The qop values offered that sipsec knows; empty when `qop` is absent or lists only
    /// unknown values (see [`Challenge::qop_present`]).
    pub qop: QopSet,
    /// Whether the challenge carried a `qop` parameter at all.
    pub qop_present: bool,
    /// Whether the server asks for a hashed username (`userhash=true`, RFC 7616 3.4.4).
    pub userhash: bool,
    /// The `domain` parameter, when present.
    pub domain: Option<String>,
}

impl Challenge {
    /// Whether sipsec can answer this challenge (known algorithm, usable qop).
    pub fn is_usable(&self) -> bool {
        self.algorithm.is_some() && (!self.qop_present || !self.qop.is_empty())
    }
}

#[derive(Default)]
struct ChallengeFields<'a> {
    realm: Option<Cow<'a, str>>,
    nonce: Option<Cow<'a, str>>,
    opaque: Option<Cow<'a, str>>,
    stale: Option<bool>,
    algorithm: Option<Option<Algorithm>>,
    qop: Option<QopSet>,
    userhash: Option<bool>,
    domain: Option<Cow<'a, str>>,
}

impl<'a> ChallengeFields<'a> {
    fn take(&mut self, param: Param<'a>) -> Result<(), ParseError> {
        let name = param.name;
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "realm" => set_once(&mut self.realm, param.value, name),
            "nonce" => set_once(&mut self.nonce, param.value, name),
            "opaque" => set_once(&mut self.opaque, param.value, name),
            "domain" => set_once(&mut self.domain, param.value, name),
            "stale" => set_once(&mut self.stale, parse_bool(name, &param.value)?, name),
            "userhash" => set_once(&mut self.userhash, parse_bool(name, &param.value)?, name),
            "algorithm" => set_once(
                &mut self.algorithm,
                Algorithm::from_name(&param.value),
                name,
            ),
            "qop" => set_once(&mut self.qop, qop_options(&param.value), name),
            _ => Ok(()),
        }
    }

    fn finish(self) -> Result<Challenge, ParseError> {
        Ok(Challenge {
            realm: self.realm.ok_or_else(|| missing("realm"))?.into_owned(),
            nonce: self.nonce.ok_or_else(|| missing("nonce"))?.into_owned(),
            opaque: self.opaque.map(Cow::into_owned),
            stale: self.stale.unwrap_or(false),
            algorithm: self.algorithm.unwrap_or(Some(Algorithm::Md5)),
            qop: self.qop.unwrap_or_default(),
            qop_present: self.qop.is_some(),
            userhash: self.userhash.unwrap_or(false),
            domain: self.domain.map(Cow::into_owned),
        })
    }
}

/// The known values of a qop-options list such as `auth, auth-int`; unknown ones are
/// skipped (RFC 7616 section 3.3 lets servers offer future values).
fn qop_options(list: &str) -> QopSet {
    let known: Vec<Qop> = list
        .split(',')
        .filter_map(|item| Qop::from_name(item.trim_matches(|c| " \t\r\n".contains(c))))
        .collect();
    QopSet::of(&known)
}

/// Parses every challenge in one WWW-Authenticate or Proxy-Authenticate value.
///
/// A value may hold several challenges (RFC 7235 section 4.1), each with its own nonce;
/// all Digest ones are returned in order, challenges of other schemes are skipped. An
/// empty list means the value held no Digest challenge.
pub fn parse_challenges(value: &str) -> Result<Vec<Challenge>, ParseError> {
    let mut cursor = Cursor::new(value)?;
    let mut challenges = Vec::new();

    loop {
        let scheme = cursor.scheme()?;
        if challenges.len() >= MAX_CHALLENGES {
            let message = format!("more than {MAX_CHALLENGES} challenges in one value");
            return Err(ParseError::new(ParseErrorKind::TooMany, message));
        }
        if !scheme.eq_ignore_ascii_case("digest") {
            cursor.skip_other_scheme()?;
        } else {
            challenges.push(parse_challenge_params(&mut cursor)?);
        }
        if cursor.at_end() {
            return Ok(challenges);
        }
    }
}

fn parse_challenge_params(cursor: &mut Cursor<'_>) -> Result<Challenge, ParseError> {
    let mut fields = ChallengeFields::default();
    read_params(cursor, |param| fields.take(param))?;
    fields.finish()
}

/// Reads parameters into `take` until the value ends or a new scheme begins, and says
/// which of the two came.
fn read_params<'a>(
    cursor: &mut Cursor<'a>,
    mut take: impl FnMut(Param<'a>) -> Result<(), ParseError>,
) -> Result<After<'a>, ParseError> {
    let mut count = 0;
    let mut param = cursor.param()?;
    loop {
        count_param(&mut count)?;
        let name = param.name;
        take(param)?;
        match cursor.after_param(name)? {
            After::Param(next) => param = cursor.param_value(next)?,
            other => return Ok(other),
        }
    }
}

/// Digest credentials from an Authorization or Proxy-Authorization value.
///
/// Values are borrowed from the header when they had no escapes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials<'a> {
    /// The username as sent (unescaped); with `userhash` it is the hex userhash.
    pub username: Cow<'a, str>,
    /// The realm.
    pub realm: Cow<'a, str>,
    /// The server nonce being answered.
    pub nonce: Cow<'a, str>,
    /// The `uri` parameter (digest-uri).
    pub uri: Cow<'a, str>,
    /// The request-digest in hex, as sent (either case).
    pub response: Cow<'a, str>,
    /// The algorithm; MD5 when the parameter is absent.
    pub algorithm: Algorithm,
    /// The client nonce, required with qop.
    pub cnonce: Option<Cow<'a, str>>,
    /// The opaque value echoed from the challenge.
    pub opaque: Option<Cow<'a, str>>,
    /// The qop chosen; `None` for the RFC 2069 form.
    pub qop: Option<Qop>,
    /// The nonce count, required with qop.
    pub nc: Option<NonceCount<'a>>,
    /// Whether `username` is a userhash (RFC 7616 section 3.4.4).
    pub userhash: bool,
}

#[derive(Default)]
struct CredentialFields<'a> {
    username: Option<Cow<'a, str>>,
    realm: Option<Cow<'a, str>>,
    nonce: Option<Cow<'a, str>>,
    uri: Option<Cow<'a, str>>,
    response: Option<Cow<'a, str>>,
    algorithm: Option<Algorithm>,
    cnonce: Option<Cow<'a, str>>,
    opaque: Option<Cow<'a, str>>,
    qop: Option<Qop>,
    nc: Option<NonceCount<'a>>,
    userhash: Option<bool>,
}

impl<'a> CredentialFields<'a> {
    fn take(&mut self, param: Param<'a>) -> Result<(), ParseError> {
        let name = param.name;
        match credential_key(name) {
            "username" => set_once(&mut self.username, param.value, name),
            "realm" => set_once(&mut self.realm, param.value, name),
            "nonce" => set_once(&mut self.nonce, param.value, name),
            "uri" => set_once(&mut self.uri, param.value, name),
            "response" => set_once(&mut self.response, param.value, name),
            "cnonce" => set_once(&mut self.cnonce, param.value, name),
            "opaque" => set_once(&mut self.opaque, param.value, name),
            "algorithm" => set_once(&mut self.algorithm, parse_algorithm(&param.value)?, name),
            "qop" => set_once(&mut self.qop, credential_qop(&param.value)?, name),
            "nc" => set_once(&mut self.nc, nonce_count(param.value)?, name),
            "userhash" => set_once(&mut self.userhash, parse_bool(name, &param.value)?, name),
            "username*" => Err(ParseError::new(
                ParseErrorKind::BadValue,
                "parameter 'username*' (RFC 8187 encoding) is not supported",
            )),
            _ => Ok(()),
        }
    }

    fn finish(self) -> Result<Credentials<'a>, ParseError> {
        let qop = self.qop;
        if qop.is_some() && self.nc.is_none() {
            return Err(missing("nc"));
        }
        if qop.is_some() && self.cnonce.is_none() {
            return Err(missing("cnonce"));
        }
        if qop.is_none() && self.nc.is_some() {
            let message = "parameter 'nc' is given without 'qop'";
            return Err(ParseError::new(ParseErrorKind::BadValue, message));
        }

        Ok(Credentials {
            username: self.username.ok_or_else(|| missing("username"))?,
            realm: self.realm.ok_or_else(|| missing("realm"))?,
            nonce: self.nonce.ok_or_else(|| missing("nonce"))?,
            uri: self.uri.ok_or_else(|| missing("uri"))?,
            response: self.response.ok_or_else(|| missing("response"))?,
            algorithm: self.algorithm.unwrap_or(Algorithm::Md5),
            cnonce: self.cnonce,
            opaque: self.opaque,
            qop,
            nc: self.nc,
            userhash: self.userhash.unwrap_or(false),
        })
    }
}

/// The known credentials parameter `name` matches, case-insensitively, or `""`. The length
/// and first letter pick at most two candidates, so each parameter costs one comparison.
fn credential_key(name: &str) -> &'static str {
    let first = name.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
    let candidates: &[&'static str] = match (name.len(), first) {
        (2, b'n') => &["nc"],
        (3, b'u') => &["uri"],
        (3, b'q') => &["qop"],
        (5, b'r') => &["realm"],
        (5, b'n') => &["nonce"],
        (6, b'c') => &["cnonce"],
        (6, b'o') => &["opaque"],
        (8, b'u') => &["username", "userhash"],
        (8, b'r') => &["response"],
        (9, b'a') => &["algorithm"],
        (9, b'u') => &["username*"],
        _ => &[],
    };
    candidates
        .iter()
        .copied()
        .find(|key| key.eq_ignore_ascii_case(name))
        .unwrap_or("")
}

fn credential_qop(value: &str) -> Result<Qop, ParseError> {
    Qop::from_name(value).ok_or_else(|| {
        ParseError::new(
            ParseErrorKind::BadQop,
            "parameter 'qop' must be auth or auth-int",
        )
    })
}

fn nonce_count(value: Cow<'_, str>) -> Result<NonceCount<'_>, ParseError> {
    match value {
        Cow::Borrowed(text) => NonceCount::parse(text),
        Cow::Owned(_) => Err(ParseError::new(
            ParseErrorKind::BadNonceCount,
            "parameter 'nc' is not 8 hex digits",
        )),
    }
}

/// Parses one Authorization or Proxy-Authorization value holding Digest credentials.
///
/// Several credentials combined into one value (`Digest ..., Digest ...`) are refused:
/// RFC 3261 section 20.7 lets each header carry one set, and a proxy or registrar must not
/// guess which one is meant.
pub fn parse_credentials(value: &str) -> Result<Credentials<'_>, ParseError> {
    let mut cursor = Cursor::new(value)?;

    let scheme = cursor.scheme()?;
    if !scheme.eq_ignore_ascii_case("digest") {
        let shown: String = scheme.chars().take(32).collect();
        let message = format!("scheme '{shown}' is not Digest");
        return Err(ParseError::new(ParseErrorKind::NotDigest, message));
    }

    let mut fields = CredentialFields::default();
    match read_params(&mut cursor, |param| fields.take(param))? {
        After::Scheme => {
            let message = "several credentials in one value; send one per header";
            Err(ParseError::new(ParseErrorKind::SeveralCredentials, message))
        }
        _ => fields.finish(),
    }
}

/// Appends `value` as a quoted string, escaping `"` and the backslash (RFC 3261 section
/// 25.1).
pub fn push_quoted(out: &mut String, value: &str) {
    out.push('"');
    for character in value.chars() {
        if character == '"' || character == '\\' {
            out.push('\\');
        }
        out.push(character);
    }
    out.push('"');
}
