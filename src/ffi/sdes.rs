//! C API for the `sdes` module: `a=crypto` attributes (RFC 4568) and offer/answer.
//!
//! Safety contract of every export here, stated once rather than per function: an attribute
//! pointer is NULL or a live handle from this module, and every other pointer is NULL or
//! valid for the length or capacity given with it, as README.md "C API conventions" says.
//! NULL is always detected and reported.
#![allow(clippy::missing_safety_doc)]

use super::args::{
    bytes_out, handle_free, handle_out, handle_ref, optional_text_in, require_out, text_in,
    text_out, value_out,
};
use super::boundary::{boundary, boundary_void, Failure, FfiResult};
use super::srtp::{failure as srtp_failure, sipsec_srtp_session};
use super::status::sipsec_status;
use crate::sdes::{
    answer_offer, split_lines, suite_from_name, verify_answer, Answer, CryptoAttribute, FecOrder,
    KeyParam, SdesError, SdesErrorKind, Suite,
};
use crate::srtp::Direction;
use std::ffi::c_char;
use zeroize::Zeroizing;

/// One parsed or generated `a=crypto` attribute.
///
/// Made by `sipsec_crypto_attribute_parse()`, `sipsec_crypto_attribute_generate()`,
/// `sipsec_sdes_answer_offer()` or `sipsec_sdes_verify_answer()`; released with
/// `sipsec_crypto_attribute_free()`. It holds key material, which is zeroized when freed.
/// The handle is never changed after it is made, so it may be read from several threads at
/// once.
pub struct sipsec_crypto_attribute {
    attribute: CryptoAttribute,
}

/// The order of FEC and SRTP named by `FEC_ORDER=` (RFC 4568 section 6.3.4).
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sipsec_sdes_fec_order {
    /// No `FEC_ORDER` parameter was given (the default order, FEC then SRTP, applies).
    SIPSEC_SDES_FEC_ORDER_NONE = 0,
    /// `FEC_ORDER=FEC_SRTP`: FEC first, then SRTP.
    SIPSEC_SDES_FEC_ORDER_FEC_SRTP = 1,
    /// `FEC_ORDER=SRTP_FEC`: SRTP first, then FEC.
    SIPSEC_SDES_FEC_ORDER_SRTP_FEC = 2,
}

/// The session parameters of an attribute (RFC 4568 section 6.3), filled in by
/// `sipsec_crypto_attribute_session_params()`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sipsec_sdes_session_params {
    /// Whether `KDR=` was given.
    pub has_kdr: bool,
    /// The key derivation rate exponent (the rate is 2^kdr packets), 0 to 24; 0 when absent.
    pub kdr: u8,
    /// `UNENCRYPTED_SRTP` was given.
    pub unencrypted_srtp: bool,
    /// `UNENCRYPTED_SRTCP` was given.
    pub unencrypted_srtcp: bool,
    /// `UNAUTHENTICATED_SRTP` was given.
    pub unauthenticated_srtp: bool,
    /// The `FEC_ORDER=` value.
    pub fec_order: sipsec_sdes_fec_order,
    /// How many key-params `FEC_KEY=` carries; 0 when absent.
    pub fec_key_count: usize,
    /// Whether `WSH=` was given.
    pub has_wsh: bool,
    /// The replay window size in packets (at least 64); 0 when absent.
    pub wsh: u32,
    /// How many session parameters sipsec did not know; read each with
    /// `sipsec_crypto_attribute_unknown_param()`.
    pub unknown_count: usize,
}

/// The most suite names a preference list may hold.
const MAX_PREFERENCES: usize = 32;

fn sdes_failure(error: SdesError) -> Failure {
    if let SdesError::Srtp(srtp_error) = error {
        return srtp_failure(srtp_error);
    }

    let status = match error.kind() {
        SdesErrorKind::Parse => sipsec_status::SIPSEC_ERR_SDES_PARSE,
        SdesErrorKind::UnknownSuite => sipsec_status::SIPSEC_ERR_SDES_UNKNOWN_SUITE,
        SdesErrorKind::UnsupportedSuite => sipsec_status::SIPSEC_ERR_SDES_UNSUPPORTED_SUITE,
        SdesErrorKind::BadKey => sipsec_status::SIPSEC_ERR_SDES_BAD_KEY,
        SdesErrorKind::NoAcceptableOffer => sipsec_status::SIPSEC_ERR_SDES_NO_ACCEPTABLE_OFFER,
        SdesErrorKind::BadAnswer => sipsec_status::SIPSEC_ERR_SDES_BAD_ANSWER,
        // An SRTP error returned above with the SRTP module's own status.
        SdesErrorKind::Unsupported | SdesErrorKind::Srtp => sipsec_status::SIPSEC_ERR_UNSUPPORTED,
    };
    Failure::new(status, error.to_string())
}

fn attribute_out(
    out: *mut *mut sipsec_crypto_attribute,
    attribute: CryptoAttribute,
    param: &str,
) -> FfiResult {
    // SAFETY: the export's caller guarantees `out` is writable when not NULL.
    unsafe { handle_out(out, sipsec_crypto_attribute { attribute }, param) }
}

fn key_at(attribute: &CryptoAttribute, index: usize) -> Result<&KeyParam, Failure> {
    let count = attribute.keys().len();
    attribute.keys().get(index).ok_or_else(|| {
        Failure::invalid(
            "index",
            format!("{index} is not below the key count {count}"),
        )
    })
}

/// Parses one `a=crypto` attribute from `(text, text_len)`, with or without the
/// `a=crypto:` prefix and a trailing CRLF, into a new handle written to `*out`.
///
/// Fails with `SIPSEC_ERR_SDES_PARSE` (the message names the field),
/// `SIPSEC_ERR_SDES_UNKNOWN_SUITE` (also for unregistered aliases such as
/// `AES_CM_256_HMAC_SHA1_80`), `SIPSEC_ERR_SDES_UNSUPPORTED_SUITE` or
/// `SIPSEC_ERR_SDES_BAD_KEY`; `*out` is left alone on failure. Free the handle with
/// `sipsec_crypto_attribute_free()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_parse(
    text: *const c_char,
    text_len: usize,
    out: *mut *mut sipsec_crypto_attribute,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_parse", || {
        require_out(out, "out")?;
        // SAFETY: the caller guarantees `text_len` readable bytes at a non-NULL `text`.
        let text = unsafe { text_in(text, text_len, "text")? };

        let attribute = CryptoAttribute::parse(text).map_err(sdes_failure)?;
        attribute_out(out, attribute, "out")
    })
}

/// Makes a new attribute for the suite named `(suite, suite_len)` (matched without regard
/// to case) with `tag` (0 to 999999999) and a fresh random key||salt, and writes the handle
/// to `*out`. The attribute has no lifetime, MKI or session parameters.
///
/// Fails with `SIPSEC_ERR_SDES_UNKNOWN_SUITE`, `SIPSEC_ERR_SDES_UNSUPPORTED_SUITE` or, for
/// a tag out of range, `SIPSEC_ERR_SDES_PARSE`. Free with `sipsec_crypto_attribute_free()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_generate(
    tag: u32,
    suite: *const c_char,
    suite_len: usize,
    out: *mut *mut sipsec_crypto_attribute,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_generate", || {
        require_out(out, "out")?;
        // SAFETY: the caller guarantees `suite_len` readable bytes at a non-NULL `suite`.
        let name = unsafe { text_in(suite, suite_len, "suite")? };

        let suite = suite_from_name(name).map_err(sdes_failure)?;
        let attribute = CryptoAttribute::generate(tag, suite).map_err(sdes_failure)?;
        attribute_out(out, attribute, "out")
    })
}

/// Frees an attribute and zeroizes its key material. NULL does nothing; freeing twice is
/// not allowed.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_free(attribute: *mut sipsec_crypto_attribute) {
    boundary_void("sipsec_crypto_attribute_free", || {
        // SAFETY: the caller passes NULL or a live handle from this module.
        unsafe { handle_free(attribute) }
    })
}

/// Writes the attribute's tag to `*out_tag`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_tag(
    attribute: *const sipsec_crypto_attribute,
    out_tag: *mut u32,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_tag", || {
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };

        // SAFETY: the caller guarantees `out_tag` is writable when not NULL.
        unsafe { value_out(out_tag, handle.attribute.tag(), "out_tag") }
    })
}

/// Copies the registered suite name, such as `"AES_CM_128_HMAC_SHA1_80"`, NUL-terminated,
/// into `(out, capacity)`; `*out_len` receives its length. 24 bytes always suffice.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_suite(
    attribute: *const sipsec_crypto_attribute,
    out: *mut c_char,
    capacity: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_suite", || {
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };

        let name = handle.attribute.suite().name();
        // SAFETY: the caller guarantees `capacity` writable bytes at `out` and a writable
        // `out_len`.
        unsafe { text_out(out, capacity, out_len, name, "out") }
    })
}

/// Writes how many key-params (`inline:` keys) the attribute carries, at least 1, to
/// `*out_count`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_key_count(
    attribute: *const sipsec_crypto_attribute,
    out_count: *mut usize,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_key_count", || {
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };

        // SAFETY: the caller guarantees `out_count` is writable when not NULL.
        unsafe { value_out(out_count, handle.attribute.keys().len(), "out_count") }
    })
}

/// Copies key `index`'s master key followed by its master salt into `(out, capacity)`;
/// `*out_len` receives the length (30, 38, 46, 28 or 44 bytes by suite; 46 always
/// suffice). An index not below the key count is `SIPSEC_ERR_INVALID_ARGUMENT`.
///
/// The bytes are secret: zeroize the buffer when done.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_key(
    attribute: *const sipsec_crypto_attribute,
    index: usize,
    out: *mut u8,
    capacity: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_key", || {
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };
        let key = key_at(&handle.attribute, index)?;

        // SAFETY: the caller guarantees `capacity` writable bytes at `out` and a writable
        // `out_len`.
        unsafe { bytes_out(out, capacity, out_len, key.key_salt().as_bytes(), "out") }
    })
}

/// Writes whether key `index` has a lifetime to `*out_has_lifetime` and the lifetime in
/// packets (0 when absent) to `*out_lifetime`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_key_lifetime(
    attribute: *const sipsec_crypto_attribute,
    index: usize,
    out_has_lifetime: *mut bool,
    out_lifetime: *mut u64,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_key_lifetime", || {
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };
        require_out(out_has_lifetime, "out_has_lifetime")?;
        require_out(out_lifetime, "out_lifetime")?;
        let lifetime = key_at(&handle.attribute, index)?.lifetime();

        // SAFETY: both out-pointers were checked non-NULL and are writable by the caller's
        // guarantee.
        unsafe {
            value_out(out_has_lifetime, lifetime.is_some(), "out_has_lifetime")?;
            value_out(out_lifetime, lifetime.unwrap_or(0), "out_lifetime")
        }
    })
}

/// Copies key `index`'s MKI value as big-endian bytes, as many as the MKI length (1 to
/// 128), into `(out, capacity)`; `*out_len` receives the MKI length. A key without an MKI
/// gives length 0, and then `(NULL, 0)` is a valid buffer.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_key_mki(
    attribute: *const sipsec_crypto_attribute,
    index: usize,
    out: *mut u8,
    capacity: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_key_mki", || {
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };
        let mki = key_at(&handle.attribute, index)?.mki();

        let value = mki.map(|mki| mki.as_bytes()).unwrap_or_default();
        // SAFETY: the caller guarantees `capacity` writable bytes at `out` and a writable
        // `out_len`.
        unsafe { bytes_out(out, capacity, out_len, value, "out") }
    })
}

/// Fills `*out_params` with the attribute's session parameters.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_session_params(
    attribute: *const sipsec_crypto_attribute,
    out_params: *mut sipsec_sdes_session_params,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_session_params", || {
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };
        let params = handle.attribute.params();

        let fec_order = match params.fec_order {
            None => sipsec_sdes_fec_order::SIPSEC_SDES_FEC_ORDER_NONE,
            Some(FecOrder::FecSrtp) => sipsec_sdes_fec_order::SIPSEC_SDES_FEC_ORDER_FEC_SRTP,
            Some(FecOrder::SrtpFec) => sipsec_sdes_fec_order::SIPSEC_SDES_FEC_ORDER_SRTP_FEC,
        };
        let view = sipsec_sdes_session_params {
            has_kdr: params.kdr.is_some(),
            kdr: params.kdr.unwrap_or(0),
            unencrypted_srtp: params.unencrypted_srtp,
            unencrypted_srtcp: params.unencrypted_srtcp,
            unauthenticated_srtp: params.unauthenticated_srtp,
            fec_order,
            fec_key_count: params.fec_keys.len(),
            has_wsh: params.wsh.is_some(),
            wsh: params.wsh.unwrap_or(0),
            unknown_count: params.unknown.len(),
        };
        // SAFETY: the caller guarantees `out_params` is writable when not NULL.
        unsafe { value_out(out_params, view, "out_params") }
    })
}

/// Copies unknown session parameter `index` (in input order, verbatim, such as
/// `"-X-VENDOR=1"`), NUL-terminated, into `(out, capacity)`. An index not below
/// `unknown_count` is `SIPSEC_ERR_INVALID_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_unknown_param(
    attribute: *const sipsec_crypto_attribute,
    index: usize,
    out: *mut c_char,
    capacity: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_unknown_param", || {
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };
        let unknown = &handle.attribute.params().unknown;
        let count = unknown.len();
        let param = unknown.get(index).ok_or_else(|| {
            Failure::invalid(
                "index",
                format!("{index} is not below the unknown count {count}"),
            )
        })?;

        // SAFETY: the caller guarantees `capacity` writable bytes at `out` and a writable
        // `out_len`.
        unsafe { text_out(out, capacity, out_len, param, "out") }
    })
}

/// Writes the attribute in canonical form, NUL-terminated, into `(out, capacity)`:
/// `a=crypto:<tag> <SUITE> inline:<padded base64>...` when `with_prefix`, else without
/// the `a=crypto:` prefix; no line ending. The text holds the key: zeroize it when done.
#[no_mangle]
pub unsafe extern "C" fn sipsec_crypto_attribute_format(
    attribute: *const sipsec_crypto_attribute,
    with_prefix: bool,
    out: *mut c_char,
    capacity: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_crypto_attribute_format", || {
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };

        let text = Zeroizing::new(handle.attribute.format(with_prefix));
        // SAFETY: the caller guarantees `capacity` writable bytes at `out` and a writable
        // `out_len`.
        unsafe { text_out(out, capacity, out_len, &text, "out") }
    })
}

fn parse_preferences(text: Option<&str>) -> Result<Vec<Suite>, Failure> {
    let names = text
        .unwrap_or("")
        .split(|c: char| c == ',' || c.is_ascii_whitespace());
    let names: Vec<&str> = names.filter(|name| !name.is_empty()).collect();
    if names.len() > MAX_PREFERENCES {
        return Err(Failure::invalid(
            "preferences",
            format!("more than {MAX_PREFERENCES} names"),
        ));
    }

    let suites: Result<Vec<Suite>, SdesError> = names.into_iter().map(suite_from_name).collect();
    suites.map_err(|error| {
        let failure = sdes_failure(error);
        Failure::new(failure.status, format!("preferences: {}", failure.detail))
    })
}

/// Checks both out-pointers of an exchange before any work, so neither handle can leak.
fn require_answer_outs(
    out_answer: *mut *mut sipsec_crypto_attribute,
    out_offered: *mut *mut sipsec_crypto_attribute,
) -> FfiResult {
    require_out(out_answer, "out_answer")?;
    require_out(out_offered, "out_offered")?;
    if out_answer == out_offered {
        return Err(Failure::invalid(
            "out_offered",
            "must differ from out_answer",
        ));
    }
    Ok(())
}

fn answer_out(
    answer: Answer,
    out_answer: *mut *mut sipsec_crypto_attribute,
    out_offered: *mut *mut sipsec_crypto_attribute,
) -> FfiResult {
    attribute_out(out_answer, answer.answer, "out_answer")?;
    attribute_out(out_offered, answer.offered, "out_offered")
}

/// The answerer's side of RFC 4568 section 5.1.2: picks one line of the offer and answers
/// it with the same tag and suite and a fresh key.
///
/// `(offer, offer_len)` holds the offered `a=crypto` lines separated by CRLF or LF (blank
/// lines are ignored, at most 32 lines). `(preferences, preferences_len)` lists suite names
/// separated by spaces or commas, best first; NULL or empty means "the first usable
/// line". The first preferred suite that a usable line offers wins, the earliest such line
/// if several do. Unusable lines are skipped rather than failing the offer: unparseable
/// lines, unknown suites, bad keys, repeated tags, and lines with `UNENCRYPTED_SRTP`,
/// `UNENCRYPTED_SRTCP`, `UNAUTHENTICATED_SRTP`, `FEC_KEY` or an unknown session parameter
/// not starting with `-`.
///
/// On success `*out_answer` receives the answer line to send and `*out_offered` the chosen
/// offered line (its key protects the peer's media); free both with
/// `sipsec_crypto_attribute_free()`. The two out-pointers must differ. When no line is
/// usable the call returns `SIPSEC_ERR_SDES_NO_ACCEPTABLE_OFFER` and the message lists why
/// each line was skipped.
#[no_mangle]
pub unsafe extern "C" fn sipsec_sdes_answer_offer(
    offer: *const c_char,
    offer_len: usize,
    preferences: *const c_char,
    preferences_len: usize,
    out_answer: *mut *mut sipsec_crypto_attribute,
    out_offered: *mut *mut sipsec_crypto_attribute,
) -> sipsec_status {
    boundary("sipsec_sdes_answer_offer", || {
        require_answer_outs(out_answer, out_offered)?;
        // SAFETY: the caller guarantees the lengths of readable bytes at non-NULL pointers.
        let offer = unsafe { text_in(offer, offer_len, "offer")? };
        // SAFETY: as above.
        let preferences = unsafe { optional_text_in(preferences, preferences_len, "preferences")? };

        let lines = split_lines(offer).map_err(sdes_failure)?;
        let preferences = parse_preferences(preferences)?;
        let answer = answer_offer(&lines, &preferences).map_err(sdes_failure)?;
        answer_out(answer, out_answer, out_offered)
    })
}

/// The offerer's side of RFC 4568 section 5.1.2: checks the answer received against the
/// offer sent.
///
/// `(offer, offer_len)` holds the `a=crypto` lines this side offered, separated by CRLF or
/// LF; each must parse. `(answer, answer_len)` holds the answer's crypto lines. The answer
/// must be exactly one line whose tag was offered, with the same suite and the same
/// `UNENCRYPTED_*`/`UNAUTHENTICATED_SRTP` parameters, or the call returns
/// `SIPSEC_ERR_SDES_BAD_ANSWER`. On success `*out_answer` receives the parsed answer (its
/// key protects the peer's media) and `*out_offered` the offered line it accepts; free both
/// with `sipsec_crypto_attribute_free()`. The two out-pointers must differ.
#[no_mangle]
pub unsafe extern "C" fn sipsec_sdes_verify_answer(
    offer: *const c_char,
    offer_len: usize,
    answer: *const c_char,
    answer_len: usize,
    out_answer: *mut *mut sipsec_crypto_attribute,
    out_offered: *mut *mut sipsec_crypto_attribute,
) -> sipsec_status {
    boundary("sipsec_sdes_verify_answer", || {
        require_answer_outs(out_answer, out_offered)?;
        // SAFETY: the caller guarantees the lengths of readable bytes at non-NULL pointers.
        let offer = unsafe { text_in(offer, offer_len, "offer")? };
        // SAFETY: as above.
        let answer = unsafe { text_in(answer, answer_len, "answer")? };

        let offer_lines = split_lines(offer).map_err(sdes_failure)?;
        let answer_lines = split_lines(answer).map_err(sdes_failure)?;
        let verified = verify_answer(&offer_lines, &answer_lines).map_err(sdes_failure)?;
        answer_out(verified, out_answer, out_offered)
    })
}

/// Creates an SRTP session from a negotiated attribute and writes it to `*out`: outbound
/// (protecting) from the attribute this side sent, inbound (unprotecting) from the peer's.
///
/// The attribute's key or keys, MKI, lifetime (the shortest, when keys differ), `KDR`,
/// `WSH` (as the replay window) and `UNENCRYPTED_SRTCP` are applied; the session serves any
/// SSRC and has the default stream cap. With several keys the first protects and each
/// unprotects the packets naming its MKI. `UNENCRYPTED_SRTP`, `UNAUTHENTICATED_SRTP`,
/// `FEC_KEY` and unknown parameters without a leading `-` give `SIPSEC_ERR_UNSUPPORTED`; a
/// `WSH` above 32768 gives `SIPSEC_ERR_INVALID_ARGUMENT`. The attribute is not consumed.
/// Free the session with `sipsec_srtp_session_free()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_new_from_crypto(
    attribute: *const sipsec_crypto_attribute,
    outbound: bool,
    out: *mut *mut sipsec_srtp_session,
) -> sipsec_status {
    boundary("sipsec_srtp_session_new_from_crypto", || {
        require_out(out, "out")?;
        // SAFETY: the caller passes NULL or a live handle.
        let handle = unsafe { handle_ref(attribute, "attribute")? };

        let direction = if outbound {
            Direction::Outbound
        } else {
            Direction::Inbound
        };
        let inner = handle
            .attribute
            .new_session(direction)
            .map_err(sdes_failure)?;
        // SAFETY: `out` was checked non-NULL; the caller guarantees it is writable.
        unsafe { handle_out(out, sipsec_srtp_session { inner }, "out") }
    })
}
