//! C API for the `digest` module: a thread-safe server handle, a client handle and a
//! stand-alone response function.

// The C signatures follow the (pointer, length) convention, hence many arguments.
#![allow(clippy::too_many_arguments)]

use super::args::{
    bytes_in, handle_free, handle_mut, handle_out, handle_ref, optional_text_in, require_out,
    sipsec_str, str_array_in, text_fits, text_in, text_out, value_out,
};
use super::boundary::{boundary, boundary_value, boundary_void, record_detail, Failure};
use super::status::sipsec_status;
use crate::digest::algorithm::{Algorithm, Qop, QopSet};
use crate::digest::client::{ClientError, DigestClient};
use crate::digest::compute::{self, Ha1, ResponseInput};
use crate::digest::nonce;
use crate::digest::parse::{self, NonceCount};
use crate::digest::server::{self, DigestServer, Outcome, Reason, ServerConfig, ServerError};
use std::ffi::c_char;

/// A digest authentication server for one realm: issues challenges and verifies
/// Authorization / Proxy-Authorization values.
///
/// Made by `sipsec_digest_server_new()` (or `_new_with_secret()`), released by
/// `sipsec_digest_server_free()`. Thread-safe: every function taking this handle may be
/// called from several threads at once, including `sipsec_digest_server_add_user()` while
/// verifications run. Only `_free` must not race with other calls.
pub struct sipsec_digest_server {
    inner: DigestServer,
}

/// A digest client for one username: answers challenges.
///
/// Made by `sipsec_digest_client_new()` or `sipsec_digest_client_new_ha1()`, released by
/// `sipsec_digest_client_free()`. Not thread-safe: use one handle from one thread at a
/// time (different handles may be used on different threads).
pub struct sipsec_digest_client {
    inner: DigestClient,
}

/// The client-visible outcome of `sipsec_digest_server_verify()`.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sipsec_digest_outcome {
    /// The credentials are valid: let the request through.
    SIPSEC_DIGEST_OK = 0,
    /// Valid credentials on an expired or forgotten nonce: answer 401/407 with a fresh
    /// challenge with `stale=true` (`sipsec_digest_server_challenge(..., true, ...)`).
    SIPSEC_DIGEST_STALE = 1,
    /// The credentials are refused: answer 401/407 with a fresh challenge (stale false).
    SIPSEC_DIGEST_REJECTED = 2,
}

/// Why a verification ended as it did, for the operator's log; `sipsec_digest_reason_str()`
/// gives the machine word. Unknown user and wrong password have the same outcome
/// (REJECTED) and differ only here: never show the reason to the client.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sipsec_digest_reason {
    /// `"none"`: outcome OK.
    SIPSEC_DIGEST_REASON_NONE = 0,
    /// `"stale_nonce"`: the nonce expired or left the replay table (outcome STALE).
    SIPSEC_DIGEST_REASON_STALE_NONCE = 1,
    /// `"malformed"`: the value could not be parsed; `sipsec_last_error_message()` says why.
    SIPSEC_DIGEST_REASON_MALFORMED = 2,
    /// `"wrong_realm"`: the realm is not the server's.
    SIPSEC_DIGEST_REASON_WRONG_REALM = 3,
    /// `"uri_mismatch"`: the `uri` parameter differs from the Request-URI.
    SIPSEC_DIGEST_REASON_URI_MISMATCH = 4,
    /// `"algorithm_mismatch"`: algorithm not offered, or not the one the nonce names.
    SIPSEC_DIGEST_REASON_ALGORITHM_MISMATCH = 5,
    /// `"qop_mismatch"`: qop not one the nonce was issued with (including a dropped qop).
    SIPSEC_DIGEST_REASON_QOP_MISMATCH = 6,
    /// `"opaque_mismatch"`: the opaque value is missing or differs.
    SIPSEC_DIGEST_REASON_OPAQUE_MISMATCH = 7,
    /// `"bad_nonce"`: the nonce was not issued by this server for this realm.
    SIPSEC_DIGEST_REASON_BAD_NONCE = 8,
    /// `"replay"`: the nonce count is not above the highest already accepted.
    SIPSEC_DIGEST_REASON_REPLAY = 9,
    /// `"unknown_user"`: no such user.
    SIPSEC_DIGEST_REASON_UNKNOWN_USER = 10,
    /// `"bad_response"`: the response does not match (wrong password or altered request).
    SIPSEC_DIGEST_REASON_BAD_RESPONSE = 11,
}

/// The result of `sipsec_digest_server_verify()`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct sipsec_digest_verdict {
    /// What to do with the request.
    pub outcome: sipsec_digest_outcome,
    /// Why, for the log.
    pub reason: sipsec_digest_reason,
}

fn c_outcome(outcome: Outcome) -> sipsec_digest_outcome {
    match outcome {
        Outcome::Ok => sipsec_digest_outcome::SIPSEC_DIGEST_OK,
        Outcome::Stale => sipsec_digest_outcome::SIPSEC_DIGEST_STALE,
        Outcome::Rejected => sipsec_digest_outcome::SIPSEC_DIGEST_REJECTED,
    }
}

fn c_reason(reason: Reason) -> sipsec_digest_reason {
    use sipsec_digest_reason::*;
    match reason {
        Reason::None => SIPSEC_DIGEST_REASON_NONE,
        Reason::StaleNonce => SIPSEC_DIGEST_REASON_STALE_NONCE,
        Reason::Malformed => SIPSEC_DIGEST_REASON_MALFORMED,
        Reason::WrongRealm => SIPSEC_DIGEST_REASON_WRONG_REALM,
        Reason::UriMismatch => SIPSEC_DIGEST_REASON_URI_MISMATCH,
        Reason::AlgorithmMismatch => SIPSEC_DIGEST_REASON_ALGORITHM_MISMATCH,
        Reason::QopMismatch => SIPSEC_DIGEST_REASON_QOP_MISMATCH,
        Reason::OpaqueMismatch => SIPSEC_DIGEST_REASON_OPAQUE_MISMATCH,
        Reason::BadNonce => SIPSEC_DIGEST_REASON_BAD_NONCE,
        Reason::Replay => SIPSEC_DIGEST_REASON_REPLAY,
        Reason::UnknownUser => SIPSEC_DIGEST_REASON_UNKNOWN_USER,
        Reason::BadResponse => SIPSEC_DIGEST_REASON_BAD_RESPONSE,
    }
}

fn algorithm_in(name: &str, param: &str) -> Result<Algorithm, Failure> {
    Algorithm::from_name(name.trim()).ok_or_else(|| {
        let shown: String = name.chars().take(32).collect();
        Failure::new(
            sipsec_status::SIPSEC_ERR_DIGEST_UNKNOWN_ALGORITHM,
            format!(
                "{param}: '{shown}' is not MD5, MD5-sess, SHA-256, SHA-256-sess, \
                     SHA-512-256 or SHA-512-256-sess"
            ),
        )
    })
}

fn algorithm_list_in(list: &str) -> Result<Vec<Algorithm>, Failure> {
    let algorithms = list
        .split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| algorithm_in(item, "algorithms"))
        .collect::<Result<Vec<_>, _>>()?;
    if algorithms.is_empty() {
        return Err(Failure::invalid(
            "algorithms",
            "at least one algorithm is needed",
        ));
    }
    Ok(algorithms)
}

fn qop_list_in(list: &str) -> Result<QopSet, Failure> {
    let values = list
        .split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| {
            Qop::from_name(item.trim())
                .ok_or_else(|| Failure::invalid("qop", "values must be auth or auth-int"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(QopSet::of(&values))
}

fn server_failure(error: ServerError) -> Failure {
    match error {
        ServerError::InvalidConfig(why) => Failure::invalid("config", why),
        ServerError::BadHa1 => Failure::new(
            sipsec_status::SIPSEC_ERR_DIGEST_BAD_HA1,
            "ha1_hex: must be hex of the algorithm's digest length",
        ),
    }
}

fn client_failure(error: ClientError) -> Failure {
    let status = match &error {
        ClientError::NoUsableChallenge => sipsec_status::SIPSEC_ERR_DIGEST_NO_USABLE_CHALLENGE,
        ClientError::TooManyChallenges => sipsec_status::SIPSEC_ERR_DIGEST_TOO_MANY_CHALLENGES,
        ClientError::Parse(_) => sipsec_status::SIPSEC_ERR_DIGEST_PARSE,
        ClientError::BadHa1 => sipsec_status::SIPSEC_ERR_DIGEST_BAD_HA1,
    };
    Failure::new(status, error.to_string())
}

/// The settings shared by both server constructors, read from C arguments.
struct ServerArgs<'a> {
    realm: &'a str,
    algorithms: Vec<Algorithm>,
    qop: QopSet,
    nonce_ttl_seconds: u32,
    max_tracked_nonces: u32,
}

impl ServerArgs<'_> {
    fn build(
        self,
        secret: Option<Vec<u8>>,
        out: *mut *mut sipsec_digest_server,
    ) -> Result<(), Failure> {
        let mut config = ServerConfig::new(self.realm);
        config.algorithms = self.algorithms;
        config.qop = self.qop;
        if self.nonce_ttl_seconds != 0 {
            config.nonce_ttl = u64::from(self.nonce_ttl_seconds);
        }
        if self.max_tracked_nonces != 0 {
            config.max_tracked_nonces = self.max_tracked_nonces as usize;
        }
        config.secret = secret;

        let inner = DigestServer::new(config).map_err(server_failure)?;
        // SAFETY: `out` was checked by the caller of `build`; `handle_out` checks it again.
        unsafe { handle_out(out, sipsec_digest_server { inner }, "out") }
    }
}

/// Creates a digest server.
///
/// - `realm`: the realm named in challenges, such as `"example.com"` (1 to 256 bytes).
/// - `algorithms`: a comma-separated list such as `"SHA-256,MD5"`; the order is the order of
///   the challenges. Names are case-insensitive. An unknown name gives
///   `SIPSEC_ERR_DIGEST_UNKNOWN_ALGORITHM`.
/// - `qop`: `"auth"`, `"auth,auth-int"` or `""` (challenges without qop, RFC 2069 style).
/// - `nonce_ttl_seconds`: nonce lifetime; 0 means the default (300 s).
/// - `max_tracked_nonces`: replay-table capacity; 0 means the default (65536).
/// - `out`: receives the new handle; free it with `sipsec_digest_server_free()`.
///
/// The nonce key is 32 random bytes from the operating system; use
/// `sipsec_digest_server_new_with_secret()` to share one key between servers.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_server_new(
    realm: *const c_char,
    realm_len: usize,
    algorithms: *const c_char,
    algorithms_len: usize,
    qop: *const c_char,
    qop_len: usize,
    nonce_ttl_seconds: u32,
    max_tracked_nonces: u32,
    out: *mut *mut sipsec_digest_server,
) -> sipsec_status {
    boundary("sipsec_digest_server_new", || {
        // SAFETY: the caller passes valid (pointer, length) pairs per the C conventions.
        let args = unsafe {
            server_args(
                (realm, realm_len),
                (algorithms, algorithms_len),
                (qop, qop_len),
                nonce_ttl_seconds,
                max_tracked_nonces,
            )?
        };
        require_out(out, "out")?;
        args.build(None, out)
    })
}

/// Like `sipsec_digest_server_new()`, with the nonce key given: `secret` is 16 to 1024
/// bytes (32 random bytes recommended). Servers built with the same realm and secret accept
/// each other's nonces and send the same opaque value. `(NULL, 0)` draws a random key, as
/// `sipsec_digest_server_new()` does. sipsec copies the secret and wipes its copy when the
/// server is freed.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_server_new_with_secret(
    realm: *const c_char,
    realm_len: usize,
    algorithms: *const c_char,
    algorithms_len: usize,
    qop: *const c_char,
    qop_len: usize,
    nonce_ttl_seconds: u32,
    max_tracked_nonces: u32,
    secret: *const u8,
    secret_len: usize,
    out: *mut *mut sipsec_digest_server,
) -> sipsec_status {
    boundary("sipsec_digest_server_new_with_secret", || {
        // SAFETY: the caller passes valid (pointer, length) pairs per the C conventions.
        let args = unsafe {
            server_args(
                (realm, realm_len),
                (algorithms, algorithms_len),
                (qop, qop_len),
                nonce_ttl_seconds,
                max_tracked_nonces,
            )?
        };
        // SAFETY: as above.
        let secret = unsafe { bytes_in(secret, secret_len, "secret")? };
        if !secret.is_empty() && !(16..=1024).contains(&secret.len()) {
            return Err(Failure::invalid("secret", "must be 16 to 1024 bytes"));
        }
        require_out(out, "out")?;
        let secret = (!secret.is_empty()).then(|| secret.to_vec());
        args.build(secret, out)
    })
}

/// Reads the text arguments shared by the server constructors.
///
/// # Safety
/// Each pair must satisfy the rules of [`text_in`].
unsafe fn server_args<'a>(
    realm: (*const c_char, usize),
    algorithms: (*const c_char, usize),
    qop: (*const c_char, usize),
    nonce_ttl_seconds: u32,
    max_tracked_nonces: u32,
) -> Result<ServerArgs<'a>, Failure> {
    // SAFETY: forwarded from the caller's guarantee.
    let (realm, algorithms, qop) = unsafe {
        (
            text_in(realm.0, realm.1, "realm")?,
            text_in(algorithms.0, algorithms.1, "algorithms")?,
            text_in(qop.0, qop.1, "qop")?,
        )
    };
    Ok(ServerArgs {
        realm,
        algorithms: algorithm_list_in(algorithms)?,
        qop: qop_list_in(qop)?,
        nonce_ttl_seconds,
        max_tracked_nonces,
    })
}

/// Frees a server made by `sipsec_digest_server_new()`, wiping its HA1 values and key.
/// NULL does nothing; freeing twice is not allowed, and no other call on the handle may
/// run at the same time.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_server_free(server: *mut sipsec_digest_server) {
    boundary_void("sipsec_digest_server_free", || {
        // SAFETY: the caller passes a handle from `_new` that is not used afterwards.
        unsafe { handle_free(server) }
    })
}

/// Adds (or replaces) a user from a password. The HA1 for every configured algorithm is
/// derived and kept; the password is not stored. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_server_add_user(
    server: *mut sipsec_digest_server,
    username: *const c_char,
    username_len: usize,
    password: *const c_char,
    password_len: usize,
) -> sipsec_status {
    boundary("sipsec_digest_server_add_user", || {
        // SAFETY: the caller passes a live handle and valid (pointer, length) pairs.
        let (server, username, password) = unsafe {
            (
                handle_ref(server.cast_const(), "server")?,
                text_in(username, username_len, "username")?,
                text_in(password, password_len, "password")?,
            )
        };
        server.inner.add_user(username, password);
        Ok(())
    })
}

/// Adds an HA1 for a user: `ha1_hex` is H(username ":" realm ":" password) in hex (either
/// case) for the hash of `algorithm` (`"MD5"` and `"MD5-sess"` share one HA1, as do the
/// SHA-256 and SHA-512-256 pairs). A wrong length or non-hex digit gives
/// `SIPSEC_ERR_DIGEST_BAD_HA1`. Other hash functions the user has are kept. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_server_add_user_ha1(
    server: *mut sipsec_digest_server,
    username: *const c_char,
    username_len: usize,
    algorithm: *const c_char,
    algorithm_len: usize,
    ha1_hex: *const c_char,
    ha1_hex_len: usize,
) -> sipsec_status {
    boundary("sipsec_digest_server_add_user_ha1", || {
        // SAFETY: the caller passes a live handle and valid (pointer, length) pairs.
        let (server, username, algorithm, ha1_hex) = unsafe {
            (
                handle_ref(server.cast_const(), "server")?,
                text_in(username, username_len, "username")?,
                text_in(algorithm, algorithm_len, "algorithm")?,
                text_in(ha1_hex, ha1_hex_len, "ha1_hex")?,
            )
        };
        let algorithm = algorithm_in(algorithm, "algorithm")?;
        server
            .inner
            .add_user_ha1(username, algorithm, ha1_hex)
            .map_err(server_failure)
    })
}

/// Writes the number of configured algorithms, which is the number of challenges to send
/// (indexes 0 to count-1 for `sipsec_digest_server_challenge()`).
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_server_algorithm_count(
    server: *const sipsec_digest_server,
    out_count: *mut usize,
) -> sipsec_status {
    boundary("sipsec_digest_server_algorithm_count", || {
        // SAFETY: the caller passes a live handle.
        let server = unsafe { handle_ref(server, "server")? };
        // SAFETY: the caller passes a writable `size_t *`.
        unsafe { value_out(out_count, server.inner.algorithms().len(), "out_count") }
    })
}

/// Writes a challenge value with a fresh nonce for the configured algorithm at `index`
/// (0-based, configured order): the text after `WWW-Authenticate: ` (401) or
/// `Proxy-Authenticate: ` (407), NUL-terminated. `stale` adds `stale=true`; use it when
/// verification said `SIPSEC_DIGEST_STALE`. An index out of range gives
/// `SIPSEC_ERR_INVALID_ARGUMENT`. A challenge is about 200 bytes plus the realm. Issuing a
/// challenge keeps no state. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_server_challenge(
    server: *const sipsec_digest_server,
    index: usize,
    stale: bool,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_digest_server_challenge", || {
        // SAFETY: the caller passes a live handle.
        let server = unsafe { handle_ref(server, "server")? };
        require_out(out_len, "out_len")?;
        let count = server.inner.algorithms().len();
        let challenge = server.inner.challenge(index, stale).ok_or_else(|| {
            Failure::invalid(
                "index",
                format!("{index} is not below the algorithm count {count}"),
            )
        })?;
        // SAFETY: the caller passes a buffer of `out_cap` bytes and a writable `out_len`.
        unsafe { text_out(out, out_cap, out_len, &challenge, "out") }
    })
}

/// Verifies an Authorization or Proxy-Authorization value (the text after the header name
/// and colon) for a request with `method` and `request_uri`, which must be the Request-URI
/// exactly as on the request line (the credentials' `uri` must equal it byte for byte).
/// `body` is the message body, hashed only for qop=auth-int; `(NULL, 0)` is no body.
///
/// Returns `SIPSEC_OK` whenever a verdict was reached, including REJECTED; the verdict goes
/// to `*verdict_out`. For an unparsable value (or one that is not UTF-8) the verdict is
/// REJECTED with reason MALFORMED, and `sipsec_last_error_message()` names the problem
/// although the status is `SIPSEC_OK`.
///
/// The username (as sent, or with userhash the user it stands for) is written to
/// `username_out`, NUL-terminated, when the value was parsable, else an empty string.
/// `username_out` may be NULL with `username_cap` 0 when not wanted; then `username_len`
/// may be NULL too. When the buffer is too small the call returns
/// `SIPSEC_ERR_BUFFER_TOO_SMALL` with the needed capacity in `*username_len`, BEFORE any
/// check, so no replay state changed and the call can be repeated with a larger buffer.
///
/// Replay state changes only when the response verified. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_server_verify(
    server: *const sipsec_digest_server,
    method: *const c_char,
    method_len: usize,
    request_uri: *const c_char,
    request_uri_len: usize,
    authorization: *const c_char,
    authorization_len: usize,
    body: *const u8,
    body_len: usize,
    verdict_out: *mut sipsec_digest_verdict,
    username_out: *mut c_char,
    username_cap: usize,
    username_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_digest_server_verify", || {
        // SAFETY: the caller passes a live handle and valid (pointer, length) pairs.
        let (server, method, request_uri, authorization, body) = unsafe {
            (
                handle_ref(server, "server")?,
                text_in(method, method_len, "method")?,
                text_in(request_uri, request_uri_len, "request_uri")?,
                bytes_in(authorization.cast(), authorization_len, "authorization")?,
                bytes_in(body, body_len, "body")?,
            )
        };
        require_out(verdict_out, "verdict_out")?;
        let username = UsernameOut {
            out: username_out,
            cap: username_cap,
            len: username_len,
        };
        username.check()?;

        let parsed = std::str::from_utf8(authorization)
            .map_err(|error| format!("not valid UTF-8 at byte {}", error.valid_up_to()))
            .and_then(|text| parse::parse_credentials(text).map_err(|error| error.message));
        let credentials = match parsed {
            Ok(credentials) => credentials,
            Err(problem) => {
                record_detail(
                    "sipsec_digest_server_verify",
                    &format!("authorization: {problem}"),
                );
                let verdict = server::Verdict {
                    outcome: Outcome::Rejected,
                    reason: Reason::Malformed,
                    username: None,
                    parse_error: None,
                };
                return report_verdict(&verdict, verdict_out, &username);
            }
        };

        let name = server.inner.username_of(&credentials);
        username.reserve(&name)?;
        let now = nonce::now_seconds();
        let verdict =
            server
                .inner
                .verify_credentials_at(credentials, method, request_uri, body, now);
        report_verdict(&verdict, verdict_out, &username)
    })
}

/// The optional username output of `sipsec_digest_server_verify()`.
struct UsernameOut {
    out: *mut c_char,
    cap: usize,
    len: *mut usize,
}

impl UsernameOut {
    fn wanted(&self) -> bool {
        !(self.out.is_null() && self.cap == 0)
    }

    fn check(&self) -> Result<(), Failure> {
        if self.wanted() {
            require_out(self.out, "username_out")?;
            require_out(self.len, "username_len")?;
        }
        Ok(())
    }

    /// Fails with BUFFER_TOO_SMALL (writing the needed capacity) unless `name` fits.
    fn reserve(&self, name: &str) -> Result<(), Failure> {
        if !self.wanted() || text_fits(self.out, self.cap, name) {
            return Ok(());
        }
        // SAFETY: `check` found `out` and `len` non-NULL; the buffer is too small, so
        // `text_out` writes only the needed length and fails.
        unsafe { text_out(self.out, self.cap, self.len, name, "username_out") }
    }

    fn write(&self, name: &str) -> Result<(), Failure> {
        if !self.wanted() {
            return Ok(());
        }
        // SAFETY: `check` found both pointers non-NULL; the caller guarantees `cap` bytes.
        unsafe { text_out(self.out, self.cap, self.len, name, "username_out") }
    }
}

fn report_verdict(
    verdict: &server::Verdict<'_>,
    verdict_out: *mut sipsec_digest_verdict,
    username: &UsernameOut,
) -> Result<(), Failure> {
    username.write(verdict.username.as_deref().unwrap_or(""))?;
    let verdict = sipsec_digest_verdict {
        outcome: c_outcome(verdict.outcome),
        reason: c_reason(verdict.reason),
    };
    // SAFETY: `verdict_out` was checked non-NULL; the caller guarantees it is writable.
    unsafe { value_out(verdict_out, verdict, "verdict_out") }
}

/// The static machine word of a `sipsec_digest_reason`, such as `"bad_response"`; an
/// unknown number gives `"unknown"`. Never NULL; must not be freed.
#[no_mangle]
pub extern "C" fn sipsec_digest_reason_str(reason: i32) -> *const c_char {
    boundary_value("sipsec_digest_reason_str", c"unknown".as_ptr(), || {
        let word = usize::try_from(reason)
            .ok()
            .and_then(|index| Reason::ALL.get(index));
        match word {
            Some(reason) => reason_word_c(*reason).as_ptr(),
            None => c"unknown".as_ptr(),
        }
    })
}

fn reason_word_c(reason: Reason) -> &'static std::ffi::CStr {
    match reason {
        Reason::None => c"none",
        Reason::StaleNonce => c"stale_nonce",
        Reason::Malformed => c"malformed",
        Reason::WrongRealm => c"wrong_realm",
        Reason::UriMismatch => c"uri_mismatch",
        Reason::AlgorithmMismatch => c"algorithm_mismatch",
        Reason::QopMismatch => c"qop_mismatch",
        Reason::OpaqueMismatch => c"opaque_mismatch",
        Reason::BadNonce => c"bad_nonce",
        Reason::Replay => c"replay",
        Reason::UnknownUser => c"unknown_user",
        Reason::BadResponse => c"bad_response",
    }
}

/// Writes how many nonces the server's replay table tracks now (for monitoring; it grows
/// only with successful verifications and never beyond `max_tracked_nonces`).
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_server_tracked_nonces(
    server: *const sipsec_digest_server,
    out_count: *mut usize,
) -> sipsec_status {
    boundary("sipsec_digest_server_tracked_nonces", || {
        // SAFETY: the caller passes a live handle.
        let server = unsafe { handle_ref(server, "server")? };
        // SAFETY: the caller passes a writable `size_t *`.
        unsafe { value_out(out_count, server.inner.replay_table().len(), "out_count") }
    })
}

/// Creates a client for `username` with `password` (both UTF-8, hashed exactly as given).
/// The password is kept, wiped on free, to derive the HA1 for each realm that challenges.
/// Free the handle with `sipsec_digest_client_free()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_client_new(
    username: *const c_char,
    username_len: usize,
    password: *const c_char,
    password_len: usize,
    out: *mut *mut sipsec_digest_client,
) -> sipsec_status {
    boundary("sipsec_digest_client_new", || {
        // SAFETY: the caller passes valid (pointer, length) pairs.
        let (username, password) = unsafe {
            (
                text_in(username, username_len, "username")?,
                text_in(password, password_len, "password")?,
            )
        };
        require_out(out, "out")?;
        let inner = DigestClient::new(username, password);
        // SAFETY: the caller passes a writable pointer to a handle pointer.
        unsafe { handle_out(out, sipsec_digest_client { inner }, "out") }
    })
}

/// Creates a client that knows only an HA1 (hex, either case) for `realm` and the hash of
/// `algorithm`; it can answer only that realm with that hash (and its `-sess` variant).
/// Free the handle with `sipsec_digest_client_free()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_client_new_ha1(
    username: *const c_char,
    username_len: usize,
    realm: *const c_char,
    realm_len: usize,
    algorithm: *const c_char,
    algorithm_len: usize,
    ha1_hex: *const c_char,
    ha1_hex_len: usize,
    out: *mut *mut sipsec_digest_client,
) -> sipsec_status {
    boundary("sipsec_digest_client_new_ha1", || {
        // SAFETY: the caller passes valid (pointer, length) pairs.
        let (username, realm, algorithm, ha1_hex) = unsafe {
            (
                text_in(username, username_len, "username")?,
                text_in(realm, realm_len, "realm")?,
                text_in(algorithm, algorithm_len, "algorithm")?,
                text_in(ha1_hex, ha1_hex_len, "ha1_hex")?,
            )
        };
        require_out(out, "out")?;
        let algorithm = algorithm_in(algorithm, "algorithm")?;
        let inner =
            DigestClient::from_ha1(username, realm, algorithm, ha1_hex).map_err(client_failure)?;
        // SAFETY: the caller passes a writable pointer to a handle pointer.
        unsafe { handle_out(out, sipsec_digest_client { inner }, "out") }
    })
}

/// Frees a client, wiping its password and HA1 values. NULL does nothing; freeing twice is
/// not allowed.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_client_free(client: *mut sipsec_digest_client) {
    boundary_void("sipsec_digest_client_free", || {
        // SAFETY: the caller passes a handle from `_new` that is not used afterwards.
        unsafe { handle_free(client) }
    })
}

/// Forgets the client's per-realm attempt counts; call it after a request was accepted
/// (2xx), so that a later challenge of the same realm is answered again.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_client_reset(
    client: *mut sipsec_digest_client,
) -> sipsec_status {
    boundary("sipsec_digest_client_reset", || {
        // SAFETY: the caller passes a live handle used by no other thread.
        let client = unsafe { handle_mut(client, "client")? };
        client.inner.reset();
        Ok(())
    })
}

/// Answers challenges: `challenges` is an array of `challenge_count` header values (the text
/// after `WWW-Authenticate: ` or `Proxy-Authenticate: `, one entry per header; an entry may
/// hold several challenges). The strongest algorithm offered is chosen (SHA-512-256, then
/// SHA-256, then MD5), qop=auth is preferred over auth-int, `body` is hashed for auth-int.
/// The Authorization (or Proxy-Authorization) value is written to `out`, NUL-terminated.
///
/// Errors: `SIPSEC_ERR_DIGEST_NO_USABLE_CHALLENGE` (nothing we can answer, including
/// `challenge_count` 0), `SIPSEC_ERR_DIGEST_PARSE` (no entry parses),
/// `SIPSEC_ERR_DIGEST_TOO_MANY_CHALLENGES` (the realm challenged again without
/// `stale=true` after two answers: the credentials were refused; see
/// `sipsec_digest_client_reset()`). When `out` is too small the call returns
/// `SIPSEC_ERR_BUFFER_TOO_SMALL` with the needed capacity in `*out_len` and the client is
/// left as it was, so repeating the call with a larger buffer is safe; 1024 bytes is
/// enough unless the realm, nonce, opaque or URI are very long.
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_client_authorize(
    client: *mut sipsec_digest_client,
    method: *const c_char,
    method_len: usize,
    request_uri: *const c_char,
    request_uri_len: usize,
    challenges: *const sipsec_str,
    challenge_count: usize,
    body: *const u8,
    body_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_digest_client_authorize", || {
        // SAFETY: the caller passes a live unshared handle and valid (pointer, length) pairs.
        let (client, method, request_uri, challenges, body) = unsafe {
            (
                handle_mut(client, "client")?,
                text_in(method, method_len, "method")?,
                text_in(request_uri, request_uri_len, "request_uri")?,
                str_array_in(challenges, challenge_count, "challenges")?,
                bytes_in(body, body_len, "body")?,
            )
        };
        require_out(out_len, "out_len")?;

        let before = client.inner.clone();
        let value = client
            .inner
            .authorize(method, request_uri, &challenges, body)
            .map_err(client_failure)?;
        if !text_fits(out, out_cap, &value) {
            client.inner = before;
        }
        // SAFETY: the caller passes a buffer of `out_cap` bytes and a writable `out_len`.
        unsafe { text_out(out, out_cap, out_len, &value, "out") }
    })
}

/// Computes a request-digest (the `response` parameter) in lowercase hex, NUL-terminated,
/// from the plain inputs (RFC 7616 section 3.4.1): for tests, tools and callers that build
/// headers themselves.
///
/// `algorithm` is a name such as `"SHA-256"` (empty means MD5). `qop` is `"auth"`,
/// `"auth-int"` or empty/NULL for the RFC 2069 form; with qop, `nc` must be 8 hex digits and
/// `cnonce` is required (the `-sess` algorithms need `cnonce` too). `nc` and `cnonce` may be
/// NULL when not used. `body` is hashed for auth-int only. The output is 32 hex digits for
/// MD5, 64 for the others (capacity 33 or 65 with the NUL).
#[no_mangle]
pub unsafe extern "C" fn sipsec_digest_response(
    username: *const c_char,
    username_len: usize,
    password: *const c_char,
    password_len: usize,
    realm: *const c_char,
    realm_len: usize,
    method: *const c_char,
    method_len: usize,
    uri: *const c_char,
    uri_len: usize,
    nonce: *const c_char,
    nonce_len: usize,
    algorithm: *const c_char,
    algorithm_len: usize,
    qop: *const c_char,
    qop_len: usize,
    nc: *const c_char,
    nc_len: usize,
    cnonce: *const c_char,
    cnonce_len: usize,
    body: *const u8,
    body_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_digest_response", || {
        // SAFETY: the caller passes valid (pointer, length) pairs per the C conventions.
        let (username, password, realm, method, uri, nonce_text) = unsafe {
            (
                text_in(username, username_len, "username")?,
                text_in(password, password_len, "password")?,
                text_in(realm, realm_len, "realm")?,
                text_in(method, method_len, "method")?,
                text_in(uri, uri_len, "uri")?,
                text_in(nonce, nonce_len, "nonce")?,
            )
        };
        // SAFETY: as above; these may be NULL.
        let (algorithm, qop, nc, cnonce, body) = unsafe {
            (
                text_in(algorithm, algorithm_len, "algorithm")?,
                optional_text_in(qop, qop_len, "qop")?.unwrap_or(""),
                optional_text_in(nc, nc_len, "nc")?,
                optional_text_in(cnonce, cnonce_len, "cnonce")?,
                bytes_in(body, body_len, "body")?,
            )
        };
        require_out(out_len, "out_len")?;

        let algorithm = if algorithm.is_empty() {
            Algorithm::Md5
        } else {
            algorithm_in(algorithm, "algorithm")?
        };
        let qop = match qop {
            "" => None,
            name => Some(
                Qop::from_name(name)
                    .ok_or_else(|| Failure::invalid("qop", "must be auth, auth-int or empty"))?,
            ),
        };
        let nc = match (qop, nc) {
            (Some(_), None) => return Err(Failure::invalid("nc", "required with qop")),
            (Some(_), Some(text)) => {
                NonceCount::parse(text)
                    .map_err(|e| Failure::invalid("nc", e))?
                    .text
            }
            (None, _) => "",
        };
        if (qop.is_some() || algorithm.is_session()) && cnonce.is_none() {
            return Err(Failure::invalid(
                "cnonce",
                "required with qop and for -sess algorithms",
            ));
        }

        let ha1 = Ha1::from_password(algorithm.hash(), username, realm, password);
        let input = ResponseInput {
            algorithm,
            method,
            uri,
            nonce: nonce_text,
            qop,
            nc,
            cnonce: cnonce.unwrap_or(""),
            body,
        };
        let response = compute::response(&ha1, &input);
        // SAFETY: the caller passes a buffer of `out_cap` bytes and a writable `out_len`.
        unsafe { text_out(out, out_cap, out_len, response.as_str(), "out") }
    })
}
