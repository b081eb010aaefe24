//! The one way into sipsec from C.
//!
//! Every exported function's body is a single call to [`boundary`], [`boundary_value`] or
//! [`boundary_void`] (a test reads the sources and checks this). The boundary clears the
//! calling thread's last-error slot, runs the body with unwinding caught, and on failure
//! stores a readable reason there. A panic becomes `SIPSEC_ERR_INTERNAL` (or the fallback
//! value), never an abort, because a PBX must not die over one odd packet.

use super::status::sipsec_status;
use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Why an exported call failed: the status to return and the detailed reason to record.
#[derive(Debug)]
pub struct Failure {
    /// The status the export returns.
    pub status: sipsec_status,
    /// A readable reason naming the parameter and the check; never contains a secret.
    pub detail: String,
}

impl Failure {
    /// A failure with a status and a reason.
    pub fn new(status: sipsec_status, detail: impl Into<String>) -> Self {
        Failure {
            status,
            detail: detail.into(),
        }
    }

    /// A NULL pointer where the parameter `param` needs one.
    pub fn null(param: &str) -> Self {
        Self::new(
            sipsec_status::SIPSEC_ERR_NULL_POINTER,
            format!("{param}: must not be NULL"),
        )
    }

    /// An argument `param` that fails a check, described by `why`.
    pub fn invalid(param: &str, why: impl std::fmt::Display) -> Self {
        Self::new(
            sipsec_status::SIPSEC_ERR_INVALID_ARGUMENT,
            format!("{param}: {why}"),
        )
    }
}

/// What an export body returns.
pub type FfiResult = Result<(), Failure>;

/// The calling thread's last error. Clearing only marks it as no longer current: the text
/// stays allocated until the next failure replaces it, so a pointer a caller already holds
/// from `sipsec_last_error_message()` stays readable across later successful calls (as in
/// `printf("%s: %s", sipsec_last_error_message(), sipsec_status_str(status))`, where C
/// leaves the order of the two calls open).
struct LastError {
    current: bool,
    status: sipsec_status,
    text: CString,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

fn clear_last_error() {
    LAST_ERROR.with(|slot| {
        if let Some(last) = slot.borrow_mut().as_mut() {
            last.current = false;
        }
    });
}

fn record_failure(function: &str, status: sipsec_status, detail: &str) {
    let text = format!("{function}: {detail}").replace('\0', " ");
    let text = CString::new(text).unwrap_or_default();
    let last = LastError {
        current: true,
        status,
        text,
    };
    LAST_ERROR.with(|slot| *slot.borrow_mut() = Some(last));
}

/// Leaves a detail for `sipsec_last_error_message()` although the call succeeds, for
/// exports whose successful result still has something to explain (a verdict of
/// "malformed" names the parse problem this way). `sipsec_last_error_status()` then
/// reports `SIPSEC_OK`.
pub fn record_detail(function: &str, detail: &str) {
    record_failure(function, sipsec_status::SIPSEC_OK, detail);
}

fn panic_reason(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic")
}

/// Runs an export body that reports success or a [`Failure`] as a status.
pub fn boundary<F>(function: &'static str, body: F) -> sipsec_status
where
    F: FnOnce() -> FfiResult,
{
    clear_last_error();

    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => sipsec_status::SIPSEC_OK,
        Ok(Err(failure)) => {
            record_failure(function, failure.status, &failure.detail);
            failure.status
        }
        Err(payload) => {
            let detail = format!("internal error: {}", panic_reason(payload.as_ref()));
            record_failure(function, sipsec_status::SIPSEC_ERR_INTERNAL, &detail);
            sipsec_status::SIPSEC_ERR_INTERNAL
        }
    }
}

/// Runs an export body whose C return type has no status (a count, a pointer to static
/// text); a panic yields `fallback` and is recorded as the last error.
///
/// The last error is left as it was otherwise: such a call reports no success or failure,
/// so `sipsec_status_str()` or `sipsec_digest_reason_str()` between a failure and
/// `sipsec_last_error_message()` must not wipe the reason.
pub fn boundary_value<T, F>(function: &'static str, fallback: T, body: F) -> T
where
    F: FnOnce() -> T,
{
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            let detail = format!("internal error: {}", panic_reason(payload.as_ref()));
            record_failure(function, sipsec_status::SIPSEC_ERR_INTERNAL, &detail);
            fallback
        }
    }
}

/// Runs an export body that returns nothing, such as a `_free` function.
pub fn boundary_void<F>(function: &'static str, body: F)
where
    F: FnOnce(),
{
    boundary_value(function, (), body)
}

/// Runs the last-error getters, which must read the slot rather than clear it.
fn inspect_last_error<T, F>(fallback: T, read: F) -> T
where
    F: FnOnce(Option<&LastError>) -> T,
{
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        LAST_ERROR.with(|slot| read(slot.borrow().as_ref()))
    }));
    outcome.unwrap_or(fallback)
}

/// The detailed reason for the last failed sipsec call on this thread, such as
/// `"sipsec_digest_server_verify: authorization: parameter 'nc' is not 8 hex digits"`.
///
/// Returns an empty string when the last call on this thread that returns a
/// `sipsec_status` succeeded; calls returning something else (`sipsec_status_str()`,
/// counts, `_free`) leave it alone. Never returns NULL. The text is owned by sipsec and
/// stays valid until the next failing sipsec call on the same thread; copy it if you need
/// it longer. It never contains a password, key or HA1.
#[no_mangle]
pub extern "C" fn sipsec_last_error_message() -> *const c_char {
    inspect_last_error(c"".as_ptr(), |last| match last {
        Some(last) if last.current => last.text.as_ptr(),
        _ => c"".as_ptr(),
    })
}

/// The status of the last failed sipsec call on this thread, or `SIPSEC_OK` when the last
/// call that returns a `sipsec_status` succeeded.
#[no_mangle]
pub extern "C" fn sipsec_last_error_status() -> sipsec_status {
    inspect_last_error(sipsec_status::SIPSEC_ERR_INTERNAL, |last| match last {
        Some(last) if last.current => last.status,
        _ => sipsec_status::SIPSEC_OK,
    })
}
