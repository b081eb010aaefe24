//! C API for the `validate` module.
//!
//! Each `sipsec_validate_*` function examines its input and writes a new report handle,
//! valid or not; the status says which (`SIPSEC_OK` or `SIPSEC_ERR_VALIDATION`). The report
//! lists every problem: its code number, machine word, byte offset and reason.
//!
//! Safety contract of every export here, stated once rather than per function: a report
//! pointer is NULL or a live handle from this module, and every other pointer is NULL or
//! valid for the length or capacity given with it, as README.md "C API conventions" says.
//! NULL is always detected and reported.
#![allow(clippy::missing_safety_doc)]

use super::args::{
    bytes_in, handle_free, handle_out, handle_ref, require_out, text_out, value_out,
};
use super::boundary::{boundary, boundary_value, boundary_void, Failure, FfiResult};
use super::status::sipsec_status;
use crate::validate::{self, Limits, Problem, ProblemCode, Report};
use std::ffi::c_char;

/// The problems found by one `sipsec_validate_*` call.
///
/// Made by `sipsec_validate_uri`, `sipsec_validate_header`, `sipsec_validate_message` or
/// `sipsec_validate_sdp`; read with `sipsec_validation_report_ok`,
/// `sipsec_validation_report_count`, `sipsec_validation_report_problem`,
/// `sipsec_validation_report_word` and `sipsec_validation_report_reason`; released with
/// `sipsec_validation_report_free`. A report never changes after it is made, so several
/// threads may read the same report at once; it must be freed exactly once.
pub struct sipsec_validation_report {
    report: Report,
}

/// Size limits for the validators. Get the defaults from
/// `sipsec_validation_limits_default`, change what you need, and pass a pointer to the
/// `sipsec_validate_*` functions (NULL there means the defaults). Every field must be at
/// least 1.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sipsec_validation_limits {
    /// The largest message, SDP body, URI or header value, in bytes (default 65536).
    pub max_input_bytes: usize,
    /// The longest header line or SDP line, in bytes (default 8192).
    pub max_line_bytes: usize,
    /// The most header fields in one message (default 256).
    pub max_headers: usize,
    /// The most lines in one SDP body (default 1024).
    pub max_sdp_lines: usize,
    /// The most parameters on one URI or header element, and list elements in one header
    /// value (default 64).
    pub max_params: usize,
    /// The most problems one report holds (default 64).
    pub max_problems: usize,
}

impl From<Limits> for sipsec_validation_limits {
    fn from(limits: Limits) -> Self {
        sipsec_validation_limits {
            max_input_bytes: limits.max_input_bytes,
            max_line_bytes: limits.max_line_bytes,
            max_headers: limits.max_headers,
            max_sdp_lines: limits.max_sdp_lines,
            max_params: limits.max_params,
            max_problems: limits.max_problems,
        }
    }
}

/// Reads the caller's limits, or the defaults when `limits` is NULL.
///
/// # Safety
/// A non-NULL `limits` must point to a readable `sipsec_validation_limits`.
unsafe fn limits_in(limits: *const sipsec_validation_limits) -> Result<Limits, Failure> {
    if limits.is_null() {
        return Ok(Limits::default());
    }
    // SAFETY: non-NULL, readable by the caller's guarantee.
    let given = unsafe { handle_ref(limits, "limits")? };
    let all = [
        given.max_input_bytes,
        given.max_line_bytes,
        given.max_headers,
        given.max_sdp_lines,
        given.max_params,
        given.max_problems,
    ];
    if all.contains(&0) {
        return Err(Failure::invalid("limits", "every limit must be at least 1"));
    }
    Ok(Limits {
        max_input_bytes: given.max_input_bytes,
        max_line_bytes: given.max_line_bytes,
        max_headers: given.max_headers,
        max_sdp_lines: given.max_sdp_lines,
        max_params: given.max_params,
        max_problems: given.max_problems,
    })
}

/// Hands the report to the caller and turns its verdict into the status.
///
/// # Safety
/// A non-NULL `out_report` must be valid for a write of a pointer.
unsafe fn deliver(report: Report, out_report: *mut *mut sipsec_validation_report) -> FfiResult {
    let verdict = match report.problems.iter().find(|p| p.is_error()) {
        None => Ok(()),
        Some(first) => Err(Failure::new(
            sipsec_status::SIPSEC_ERR_VALIDATION,
            format!(
                "{} problem(s); first error {} at byte {}: {}",
                report.problems.len(),
                first.code.word(),
                first.offset,
                first.reason
            ),
        )),
    };
    // SAFETY: forwarded from the caller's guarantee.
    unsafe {
        handle_out(
            out_report,
            sipsec_validation_report { report },
            "out_report",
        )?
    };
    verdict
}

/// Writes the default limits to `*out_limits`.
///
/// Returns `SIPSEC_ERR_NULL_POINTER` when `out_limits` is NULL.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validation_limits_default(
    out_limits: *mut sipsec_validation_limits,
) -> sipsec_status {
    boundary("sipsec_validation_limits_default", || {
        // SAFETY: `value_out` checks for NULL; the caller guarantees a writable struct.
        unsafe { value_out(out_limits, Limits::default().into(), "out_limits") }
    })
}

/// Validates a SIP, SIPS or tel URI (RFC 3261 section 25.1, RFC 3966).
///
/// `uri` is `uri_len` bytes, not NUL-terminated; `limits` may be NULL for the defaults.
/// Another scheme is reported as `unknown_scheme`. On `SIPSEC_OK` (valid, perhaps with
/// warnings) and on `SIPSEC_ERR_VALIDATION` (invalid) a new report is written to
/// `*out_report`; free it with `sipsec_validation_report_free`. On any other status
/// `*out_report` is left alone.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validate_uri(
    uri: *const c_char,
    uri_len: usize,
    limits: *const sipsec_validation_limits,
    out_report: *mut *mut sipsec_validation_report,
) -> sipsec_status {
    boundary("sipsec_validate_uri", || {
        // SAFETY: the caller guarantees `uri_len` readable bytes and a readable `limits`.
        let (uri, limits) = unsafe { (bytes_in(uri.cast(), uri_len, "uri")?, limits_in(limits)?) };
        require_out(out_report, "out_report")?;

        let report = validate::validate_uri_with_limits(uri, &limits);
        // SAFETY: checked non-NULL above; writable by the caller's guarantee.
        unsafe { deliver(report, out_report) }
    })
}

/// Validates one header value by header name (full or compact form, any case).
///
/// `value` is what follows the colon; folding (CRLF then space or tab) is allowed, any
/// other CR, LF or NUL is `header_injection`. Offsets count from the start of `value`.
/// Reports and statuses as for `sipsec_validate_uri`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validate_header(
    name: *const c_char,
    name_len: usize,
    value: *const c_char,
    value_len: usize,
    limits: *const sipsec_validation_limits,
    out_report: *mut *mut sipsec_validation_report,
) -> sipsec_status {
    boundary("sipsec_validate_header", || {
        // SAFETY: the caller guarantees the lengths and a readable `limits`.
        let (name, value, limits) = unsafe {
            (
                bytes_in(name.cast(), name_len, "name")?,
                bytes_in(value.cast(), value_len, "value")?,
                limits_in(limits)?,
            )
        };
        require_out(out_report, "out_report")?;

        let report = validate::validate_header_with_limits(name, value, &limits);
        // SAFETY: checked non-NULL above; writable by the caller's guarantee.
        unsafe { deliver(report, out_report) }
    })
}

/// Validates a whole SIP request or response, taken as one UDP datagram (octets after the
/// announced body are the warning `trailing_octets`). Reports and statuses as for
/// `sipsec_validate_uri`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validate_message(
    message: *const u8,
    message_len: usize,
    limits: *const sipsec_validation_limits,
    out_report: *mut *mut sipsec_validation_report,
) -> sipsec_status {
    boundary("sipsec_validate_message", || {
        // SAFETY: the caller guarantees `message_len` readable bytes and a readable `limits`.
        let (message, limits) = unsafe {
            (
                bytes_in(message, message_len, "message")?,
                limits_in(limits)?,
            )
        };
        require_out(out_report, "out_report")?;

        let report = validate::validate_message_with_limits(message, &limits);
        // SAFETY: checked non-NULL above; writable by the caller's guarantee.
        unsafe { deliver(report, out_report) }
    })
}

/// Validates an SDP session description (RFC 8866). Lines may end in CRLF or LF.
/// Reports and statuses as for `sipsec_validate_uri`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validate_sdp(
    sdp: *const u8,
    sdp_len: usize,
    limits: *const sipsec_validation_limits,
    out_report: *mut *mut sipsec_validation_report,
) -> sipsec_status {
    boundary("sipsec_validate_sdp", || {
        // SAFETY: the caller guarantees `sdp_len` readable bytes and a readable `limits`.
        let (sdp, limits) = unsafe { (bytes_in(sdp, sdp_len, "sdp")?, limits_in(limits)?) };
        require_out(out_report, "out_report")?;

        let report = validate::validate_sdp_with_limits(sdp, &limits);
        // SAFETY: checked non-NULL above; writable by the caller's guarantee.
        unsafe { deliver(report, out_report) }
    })
}

/// Compares two URIs by RFC 3261 section 19.1.4 and writes the answer to `*out_equal`.
///
/// Returns `SIPSEC_ERR_VALIDATION` (and leaves `*out_equal` alone) when either URI is
/// malformed; `sipsec_last_error_message()` names the problem.
#[no_mangle]
pub unsafe extern "C" fn sipsec_uri_equal(
    a: *const c_char,
    a_len: usize,
    b: *const c_char,
    b_len: usize,
    out_equal: *mut bool,
) -> sipsec_status {
    boundary("sipsec_uri_equal", || {
        // SAFETY: the caller guarantees the lengths.
        let (a, b) = unsafe {
            (
                bytes_in(a.cast(), a_len, "a")?,
                bytes_in(b.cast(), b_len, "b")?,
            )
        };
        require_out(out_equal, "out_equal")?;
        let a = std::str::from_utf8(a).map_err(|_| Failure::invalid("a", "not UTF-8"))?;
        let b = std::str::from_utf8(b).map_err(|_| Failure::invalid("b", "not UTF-8"))?;

        let equal = validate::uri_equal(a, b).map_err(|report| {
            let first = report.problems.iter().find(|p| p.is_error()).copied();
            let detail = first.map_or_else(String::new, |p| {
                format!("{} at byte {}: {}", p.code.word(), p.offset, p.reason)
            });
            Failure::new(
                sipsec_status::SIPSEC_ERR_VALIDATION,
                format!("malformed URI: {detail}"),
            )
        })?;
        // SAFETY: checked non-NULL above; writable by the caller's guarantee.
        unsafe { value_out(out_equal, equal, "out_equal") }
    })
}

/// Whether the report holds no error (warnings allowed). NULL gives false.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validation_report_ok(
    report: *const sipsec_validation_report,
) -> bool {
    boundary_value("sipsec_validation_report_ok", false, || {
        // SAFETY: the caller guarantees a live report or NULL.
        unsafe { handle_ref(report, "report") }.is_ok_and(|r| r.report.ok())
    })
}

/// The number of problems (errors and warnings) in the report. NULL gives 0.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validation_report_count(
    report: *const sipsec_validation_report,
) -> usize {
    boundary_value("sipsec_validation_report_count", 0, || {
        // SAFETY: the caller guarantees a live report or NULL.
        unsafe { handle_ref(report, "report") }.map_or(0, |r| r.report.problems.len())
    })
}

/// Looks up problem `index` (from 0 to count - 1) of a report.
///
/// # Safety
/// A non-NULL `report` must be a live report.
unsafe fn problem_at(
    report: *const sipsec_validation_report,
    index: usize,
) -> Result<Problem, Failure> {
    // SAFETY: forwarded from the caller's guarantee.
    let report = unsafe { handle_ref(report, "report")? };
    report.report.problems.get(index).copied().ok_or_else(|| {
        Failure::new(
            sipsec_status::SIPSEC_ERR_VALIDATION_NO_SUCH_PROBLEM,
            format!(
                "index: {index} is past the {} problems",
                report.report.problems.len()
            ),
        )
    })
}

/// Writes problem `index`'s code number, byte offset and whether it is an error (false
/// means a warning). Returns `SIPSEC_ERR_VALIDATION_NO_SUCH_PROBLEM` when `index` is not
/// below the count; the outputs are written only on success.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validation_report_problem(
    report: *const sipsec_validation_report,
    index: usize,
    out_code: *mut i32,
    out_offset: *mut usize,
    out_is_error: *mut bool,
) -> sipsec_status {
    boundary("sipsec_validation_report_problem", || {
        require_out(out_code, "out_code")?;
        require_out(out_offset, "out_offset")?;
        require_out(out_is_error, "out_is_error")?;
        // SAFETY: the caller guarantees a live report.
        let problem = unsafe { problem_at(report, index)? };

        // SAFETY: each pointer was checked non-NULL above and is writable by the caller's
        // guarantee.
        unsafe {
            value_out(out_code, i32::from(problem.code as u16), "out_code")?;
            value_out(out_offset, problem.offset, "out_offset")?;
            value_out(out_is_error, problem.is_error(), "out_is_error")
        }
    })
}

/// Copies problem `index`'s machine word (such as `uri_bad_escape`) into `out`,
/// NUL-terminated, with the usual text-output rules (`SIPSEC_ERR_BUFFER_TOO_SMALL` and the
/// needed capacity when `out_cap` is too small).
#[no_mangle]
pub unsafe extern "C" fn sipsec_validation_report_word(
    report: *const sipsec_validation_report,
    index: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_validation_report_word", || {
        // SAFETY: the caller guarantees a live report and a writable buffer.
        unsafe {
            let problem = problem_at(report, index)?;
            text_out(out, out_cap, out_len, problem.code.word(), "out")
        }
    })
}

/// Copies problem `index`'s readable reason into `out`, NUL-terminated, with the usual
/// text-output rules. The reason never contains input bytes.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validation_report_reason(
    report: *const sipsec_validation_report,
    index: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_validation_report_reason", || {
        // SAFETY: the caller guarantees a live report and a writable buffer.
        unsafe {
            let problem = problem_at(report, index)?;
            text_out(out, out_cap, out_len, problem.reason, "out")
        }
    })
}

/// The static, NUL-terminated machine word of a problem code number, or an empty string for
/// a number that is no code. Never NULL; must not be freed.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validation_code_word(code: i32) -> *const c_char {
    boundary_value("sipsec_validation_code_word", c"".as_ptr(), || {
        let known = u16::try_from(code).ok().and_then(ProblemCode::from_number);
        known.map_or(c"".as_ptr(), |code| code.word_c().as_ptr().cast())
    })
}

/// Frees a report. NULL does nothing; freeing a report twice is not allowed.
#[no_mangle]
pub unsafe extern "C" fn sipsec_validation_report_free(report: *mut sipsec_validation_report) {
    boundary_void("sipsec_validation_report_free", || {
        // SAFETY: the caller passes a report from a `sipsec_validate_*` call, or NULL.
        unsafe { handle_free(report) }
    })
}
