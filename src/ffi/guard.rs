//! C API for the `guard` module: the Via `received`/`rport` rewrite and the per-source rate
//! limiter handle.

use super::args::{handle_free, handle_out, handle_ref, require_out, text_in, text_out, value_out};
use super::boundary::{boundary, boundary_value, boundary_void, Failure, FfiResult};
use super::status::sipsec_status;
use crate::guard::{via_received_rport, RateLimitConfig, RateLimiter, ViaError};
use std::ffi::c_char;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// A per-source rate limiter with a fixed-size table.
///
/// Made by `sipsec_rate_limiter_new()` and released by `sipsec_rate_limiter_free()`. It may
/// be used from several threads at once without any locking by the caller: the table is
/// split into shards, each behind its own lock. Its memory is allocated once at creation
/// (`max_sources` entries, see `sipsec_rate_limiter_bytes_per_source()`) and never grows.
/// Use one limiter for requests and another for failed authentications.
pub struct sipsec_rate_limiter {
    limiter: RateLimiter,
}

/// Reads a packet's source address: IPv4, IPv6, or IPv6 in brackets.
fn source_ip_in(text: &str) -> Result<IpAddr, Failure> {
    let bare = text
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'));
    let parsed = match bare {
        Some(inner) => inner.parse::<Ipv6Addr>().map(IpAddr::V6).ok(),
        None => text.parse::<IpAddr>().ok(),
    };
    parsed.ok_or_else(|| Failure::invalid("source_ip", format!("'{text}' is not an IP address")))
}

fn via_failure(error: ViaError) -> Failure {
    let status = match error {
        ViaError::Malformed { .. } => sipsec_status::SIPSEC_ERR_VIA_MALFORMED,
        ViaError::Contradiction(_) => sipsec_status::SIPSEC_ERR_VIA_MISMATCH,
    };
    Failure::new(status, format!("via: {error}"))
}

/// Adds `received` and fills `rport` in the top Via of a request, from the packet's real
/// source address (RFC 3261 section 18.2.1, RFC 3581 section 4, RFC 5118 section 4.5).
///
/// `via` is the Via header value (without `Via:`), `source_ip` the address the packet came
/// from as text (`"192.0.2.1"`, `"2001:db8::1"` or `"[2001:db8::1]"`), `source_port` its
/// port. Only the first via-parm is rewritten; further comma-separated ones are copied as
/// they are. `received=<ip>` is added when the sent-by host is not the source address, and
/// always when `rport` is present; a bare `rport` becomes `rport=<port>`. IPv6 is written
/// without brackets; an IPv4-mapped source is written as IPv4.
///
/// The rewritten value goes to `out` (NUL-terminated; `*out_len` gets its length without the
/// NUL). It is at most `via_len + 64` bytes long, so a buffer of that size is always enough.
/// Returns `SIPSEC_ERR_VIA_MISMATCH` when an existing `received` or `rport=N` names another
/// address or port than the source (the Via is refused, not overwritten: answer 400),
/// `SIPSEC_ERR_VIA_MALFORMED` when the Via does not parse, `SIPSEC_ERR_INVALID_ARGUMENT` for
/// a bad `source_ip`, and `SIPSEC_ERR_BUFFER_TOO_SMALL` with the capacity needed in
/// `*out_len`. `out_len` must not be NULL.
///
/// # Safety
/// `via` and `source_ip` must point to their lengths of readable bytes (or be NULL with
/// length 0); `out` must be writable for `out_cap` bytes; `out_len` must be writable.
#[no_mangle]
pub unsafe extern "C" fn sipsec_via_received_rport(
    via: *const c_char,
    via_len: usize,
    source_ip: *const c_char,
    source_ip_len: usize,
    source_port: u16,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_via_received_rport", || {
        require_out(out_len, "out_len")?;
        // SAFETY: the caller guarantees the (pointer, length) pairs.
        let via = unsafe { text_in(via, via_len, "via")? };
        // SAFETY: as above.
        let source_ip = source_ip_in(unsafe { text_in(source_ip, source_ip_len, "source_ip")? })?;

        let source = SocketAddr::new(source_ip, source_port);
        let rewritten = via_received_rport(via, source).map_err(via_failure)?;

        // SAFETY: the caller guarantees `out` for `out_cap` bytes and a writable `out_len`.
        unsafe { text_out(out, out_cap, out_len, &rewritten, "out") }
    })
}

/// Makes a rate limiter that allows each source `burst` requests at once and `rate`
/// requests per second sustained, tracking at most `max_sources` sources.
///
/// IPv6 sources are counted per prefix of `ipv6_prefix_len` bits (1-128; 64 is the usual
/// choice), IPv4-mapped IPv6 as IPv4. When the table is full, a new source takes over only
/// the slot of a source that has been idle for 10 seconds (or the refill time, if longer)
/// with a full bucket; otherwise it is counted in a shared overflow bucket with the same
/// rate and burst. Sources already tracked are never evicted while they keep sending.
///
/// Writes the handle to `*out`; release it with `sipsec_rate_limiter_free()`. Returns
/// `SIPSEC_ERR_INVALID_ARGUMENT` when `rate` is not above 0, `burst` below 1, `max_sources`
/// 0, or the prefix length outside 1-128. The handle is thread-safe.
///
/// # Safety
/// `out` must be writable for one pointer.
#[no_mangle]
pub unsafe extern "C" fn sipsec_rate_limiter_new(
    rate: f64,
    burst: f64,
    max_sources: usize,
    ipv6_prefix_len: u8,
    out: *mut *mut sipsec_rate_limiter,
) -> sipsec_status {
    boundary("sipsec_rate_limiter_new", || {
        require_out(out, "out")?;

        let config = RateLimitConfig {
            ipv6_prefix_len,
            ..RateLimitConfig::new(rate, burst, max_sources)
        };
        let limiter =
            RateLimiter::new(config).map_err(|error| Failure::invalid("config", error))?;

        // SAFETY: `out` was checked non-NULL and is writable by the caller's guarantee.
        unsafe { handle_out(out, sipsec_rate_limiter { limiter }, "out") }
    })
}

/// Releases a rate limiter. NULL is a no-op; freeing twice is not allowed, and no other
/// thread may be using the limiter.
///
/// # Safety
/// A non-NULL `limiter` must come from `sipsec_rate_limiter_new()` and not be freed yet.
#[no_mangle]
pub unsafe extern "C" fn sipsec_rate_limiter_free(limiter: *mut sipsec_rate_limiter) {
    boundary_void("sipsec_rate_limiter_free", || {
        // SAFETY: forwarded from the caller's guarantee.
        unsafe { handle_free(limiter) }
    })
}

/// Runs one decision for a source given as text, writing the answer to `allowed_out`.
///
/// # Safety
/// As for the exports below.
unsafe fn decide(
    limiter: *const sipsec_rate_limiter,
    source_ip: *const c_char,
    source_ip_len: usize,
    allowed_out: *mut bool,
    decision: impl FnOnce(&RateLimiter, IpAddr) -> bool,
) -> FfiResult {
    require_out(allowed_out, "allowed_out")?;
    // SAFETY: the caller guarantees a live handle or NULL.
    let handle = unsafe { handle_ref(limiter, "limiter")? };
    // SAFETY: the caller guarantees the (pointer, length) pair.
    let source = source_ip_in(unsafe { text_in(source_ip, source_ip_len, "source_ip")? })?;

    let allowed = decision(&handle.limiter, source);
    // SAFETY: checked non-NULL above; writable by the caller's guarantee.
    unsafe { value_out(allowed_out, allowed, "allowed_out") }
}

/// Counts one request from `source_ip` (text: IPv4, IPv6, or IPv6 in brackets) and writes
/// to `*allowed_out` whether it may proceed, using the monotonic clock.
///
/// Returns `SIPSEC_ERR_INVALID_ARGUMENT` for a `source_ip` that is not an address (nothing
/// is counted then). Thread-safe.
///
/// # Safety
/// `limiter` must be a live handle; `source_ip` must point to `source_ip_len` readable
/// bytes; `allowed_out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn sipsec_rate_limiter_allow(
    limiter: *const sipsec_rate_limiter,
    source_ip: *const c_char,
    source_ip_len: usize,
    allowed_out: *mut bool,
) -> sipsec_status {
    boundary("sipsec_rate_limiter_allow", || {
        // SAFETY: forwarded from the caller's guarantee.
        unsafe {
            decide(
                limiter,
                source_ip,
                source_ip_len,
                allowed_out,
                RateLimiter::allow,
            )
        }
    })
}

/// Like `sipsec_rate_limiter_allow()` at the caller's time `now_ns`: monotonic nanoseconds
/// from any origin, the same clock for every call on this limiter (for tests and for
/// callers that already read the clock per packet).
///
/// # Safety
/// As for `sipsec_rate_limiter_allow()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_rate_limiter_allow_at(
    limiter: *const sipsec_rate_limiter,
    source_ip: *const c_char,
    source_ip_len: usize,
    now_ns: u64,
    allowed_out: *mut bool,
) -> sipsec_status {
    boundary("sipsec_rate_limiter_allow_at", || {
        let at = |limiter: &RateLimiter, source| limiter.allow_at(source, now_ns);
        // SAFETY: forwarded from the caller's guarantee.
        unsafe { decide(limiter, source_ip, source_ip_len, allowed_out, at) }
    })
}

/// Writes to `*allowed_out` whether a request from `source_ip` would be allowed now,
/// without counting it (an unknown source would be). Use it with a limiter of failed
/// authentications to refuse a source before verifying its credentials. Thread-safe.
///
/// # Safety
/// As for `sipsec_rate_limiter_allow()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_rate_limiter_would_allow(
    limiter: *const sipsec_rate_limiter,
    source_ip: *const c_char,
    source_ip_len: usize,
    allowed_out: *mut bool,
) -> sipsec_status {
    boundary("sipsec_rate_limiter_would_allow", || {
        let peek = RateLimiter::would_allow;
        // SAFETY: forwarded from the caller's guarantee.
        unsafe { decide(limiter, source_ip, source_ip_len, allowed_out, peek) }
    })
}

/// One figure about a limiter, or 0 for a NULL handle.
///
/// # Safety
/// A non-NULL `limiter` must be a live handle.
unsafe fn limiter_figure(
    limiter: *const sipsec_rate_limiter,
    figure: fn(&RateLimiter) -> usize,
) -> usize {
    // SAFETY: the caller guarantees a live handle or NULL.
    unsafe { handle_ref(limiter, "limiter") }.map_or(0, |handle| figure(&handle.limiter))
}

/// The number of sources the limiter tracks now, never more than its `max_sources`; 0 for
/// a NULL handle.
///
/// # Safety
/// A non-NULL `limiter` must be a live handle.
#[no_mangle]
pub unsafe extern "C" fn sipsec_rate_limiter_tracked_sources(
    limiter: *const sipsec_rate_limiter,
) -> usize {
    boundary_value("sipsec_rate_limiter_tracked_sources", 0, || {
        // SAFETY: forwarded from the caller's guarantee.
        unsafe { limiter_figure(limiter, RateLimiter::tracked_sources) }
    })
}

/// The memory the limiter's table takes per tracked source, in bytes; 0 for a NULL handle.
/// The whole table is `max_sources` times this, allocated once by `sipsec_rate_limiter_new()`.
///
/// # Safety
/// A non-NULL `limiter` must be a live handle.
#[no_mangle]
pub unsafe extern "C" fn sipsec_rate_limiter_bytes_per_source(
    limiter: *const sipsec_rate_limiter,
) -> usize {
    boundary_value("sipsec_rate_limiter_bytes_per_source", 0, || {
        // SAFETY: forwarded from the caller's guarantee.
        unsafe { limiter_figure(limiter, RateLimiter::bytes_per_source) }
    })
}
