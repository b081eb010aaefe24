//! Checked conversions between C arguments and Rust values.
//!
//! Every pointer an export receives passes through one of these functions before use, so
//! NULL handling and buffer sizing behave the same everywhere:
//!
//! - Input bytes and text are `(pointer, length)` pairs. `(NULL, 0)` is the empty input;
//!   NULL with a non-zero length is `SIPSEC_ERR_NULL_POINTER`.
//! - Output bytes go to a caller buffer `(pointer, capacity)` plus a `size_t *` length.
//!   When the buffer is too small the call returns `SIPSEC_ERR_BUFFER_TOO_SMALL`, stores the
//!   required capacity in the length and leaves the buffer untouched.
//! - Output text is NUL-terminated. On success the length receives the text length without
//!   the NUL; when the buffer is too small it receives the capacity needed, NUL included.

use super::boundary::Failure;
use super::status::sipsec_status;
use std::ffi::c_char;

/// Borrows `len` input bytes at `ptr`, where `(NULL, 0)` means empty.
///
/// # Safety
/// When `ptr` is not NULL it must point to `len` readable bytes that stay valid and unchanged
/// for the returned lifetime.
pub unsafe fn bytes_in<'a>(ptr: *const u8, len: usize, param: &str) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(param))
        };
    }
    if len > isize::MAX as usize {
        return Err(Failure::invalid(param, "length is too large"));
    }

    // SAFETY: the caller guarantees `len` readable bytes at the non-NULL `ptr`.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows `capacity` writable bytes at `ptr` for in-place work, where `(NULL, 0)` is an
/// empty buffer.
///
/// # Safety
/// When `ptr` is not NULL it must point to `capacity` readable and writable bytes that no
/// other reference uses for the returned lifetime.
pub unsafe fn bytes_mut<'a>(
    ptr: *mut u8,
    capacity: usize,
    param: &str,
) -> Result<&'a mut [u8], Failure> {
    if ptr.is_null() {
        return if capacity == 0 {
            Ok(&mut [])
        } else {
            Err(Failure::null(param))
        };
    }
    if capacity > isize::MAX as usize {
        return Err(Failure::invalid(param, "length is too large"));
    }

    // SAFETY: the caller guarantees `capacity` writable, unaliased bytes at the non-NULL `ptr`.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, capacity) })
}

/// Borrows `len` bytes of UTF-8 text at `ptr`, where `(NULL, 0)` means the empty string.
///
/// # Safety
/// As for [`bytes_in`].
pub unsafe fn text_in<'a>(ptr: *const c_char, len: usize, param: &str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded from the caller's guarantee.
    let bytes = unsafe { bytes_in(ptr.cast(), len, param)? };

    std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        Failure::new(
            sipsec_status::SIPSEC_ERR_INVALID_UTF8,
            format!("{param}: not valid UTF-8 at byte {at}"),
        )
    })
}

/// Like [`text_in`], but NULL (with any length) means "not given".
///
/// # Safety
/// As for [`bytes_in`].
pub unsafe fn optional_text_in<'a>(
    ptr: *const c_char,
    len: usize,
    param: &str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }

    // SAFETY: forwarded from the caller's guarantee.
    unsafe { text_in(ptr, len, param).map(Some) }
}

/// Borrows the object behind a `const` handle.
///
/// # Safety
/// A non-NULL `ptr` must come from the matching `_new` function and not have been freed.
pub unsafe fn handle_ref<'a, T>(ptr: *const T, param: &str) -> Result<&'a T, Failure> {
    // SAFETY: the caller guarantees a live handle when the pointer is not NULL.
    unsafe { ptr.as_ref() }.ok_or_else(|| Failure::null(param))
}

/// Borrows the object behind a mutable handle.
///
/// # Safety
/// As for [`handle_ref`], and no other reference to the object may be live.
pub unsafe fn handle_mut<'a, T>(ptr: *mut T, param: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: the caller guarantees a live, unaliased handle when the pointer is not NULL.
    unsafe { ptr.as_mut() }.ok_or_else(|| Failure::null(param))
}

/// Checks that an out-pointer can be written, before any work is done.
pub fn require_out<T>(ptr: *mut T, param: &str) -> Result<(), Failure> {
    if ptr.is_null() {
        Err(Failure::null(param))
    } else {
        Ok(())
    }
}

/// Writes one value through an out-pointer.
///
/// # Safety
/// A non-NULL `ptr` must be valid for a write of `T`.
pub unsafe fn value_out<T>(ptr: *mut T, value: T, param: &str) -> Result<(), Failure> {
    require_out(ptr, param)?;

    // SAFETY: checked non-NULL above; the caller guarantees it is writable.
    unsafe { ptr.write(value) };
    Ok(())
}

/// Moves `value` into a new heap handle and writes it through `out`.
///
/// # Safety
/// A non-NULL `out` must be valid for a write of a pointer.
pub unsafe fn handle_out<T>(out: *mut *mut T, value: T, param: &str) -> Result<(), Failure> {
    require_out(out, param)?;

    let raw = Box::into_raw(Box::new(value));
    // SAFETY: checked non-NULL above; the caller guarantees it is writable.
    unsafe { out.write(raw) };
    Ok(())
}

/// Frees a handle made by [`handle_out`]; NULL is a no-op.
///
/// # Safety
/// A non-NULL `ptr` must come from [`handle_out`] for the same `T` and not have been freed.
pub unsafe fn handle_free<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: the caller guarantees the pointer came from `Box::into_raw` and is live.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// Copies `data` into the caller's buffer, or reports the capacity needed.
///
/// # Safety
/// A non-NULL `out` must be valid for `capacity` bytes of writes; a non-NULL `out_len` must be
/// valid for a write of `size_t`.
pub unsafe fn bytes_out(
    out: *mut u8,
    capacity: usize,
    out_len: *mut usize,
    data: &[u8],
    param: &str,
) -> Result<(), Failure> {
    require_out(out_len, &format!("{param}_len"))?;

    if capacity < data.len() || (out.is_null() && !data.is_empty()) {
        // SAFETY: `out_len` was checked non-NULL and is writable by the caller's guarantee.
        unsafe { out_len.write(data.len()) };
        return Err(too_small(param, data.len(), capacity));
    }

    if !data.is_empty() {
        // SAFETY: `out` is non-NULL with room for `data.len()` bytes, and cannot overlap
        // `data`, which sipsec owns.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), out, data.len()) };
    }
    // SAFETY: as above.
    unsafe { out_len.write(data.len()) };
    Ok(())
}

/// Copies `text` and a terminating NUL into the caller's buffer, or reports the capacity
/// needed (text length plus one).
///
/// # Safety
/// As for [`bytes_out`].
pub unsafe fn text_out(
    out: *mut c_char,
    capacity: usize,
    out_len: *mut usize,
    text: &str,
    param: &str,
) -> Result<(), Failure> {
    require_out(out_len, &format!("{param}_len"))?;

    let needed = text.len() + 1;
    if capacity < needed || out.is_null() {
        // SAFETY: `out_len` was checked non-NULL and is writable by the caller's guarantee.
        unsafe { out_len.write(needed) };
        return Err(too_small(param, needed, capacity));
    }

    // SAFETY: `out` is non-NULL with room for `needed` bytes; sipsec owns `text`.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), out.cast::<u8>(), text.len());
        out.add(text.len()).write(0);
        out_len.write(text.len());
    }
    Ok(())
}

fn too_small(param: &str, needed: usize, capacity: usize) -> Failure {
    Failure::new(
        sipsec_status::SIPSEC_ERR_BUFFER_TOO_SMALL,
        format!("{param}: buffer holds {capacity} bytes, {needed} needed"),
    )
}

/// A borrowed piece of UTF-8 text for arrays of strings: `ptr` points to `len` bytes, not
/// NUL-terminated. `{NULL, 0}` is the empty string; NULL with a non-zero `len` is refused
/// with `SIPSEC_ERR_NULL_POINTER`. sipsec never keeps the pointer after the call returns.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sipsec_str {
    /// The first byte of the text (may be NULL when `len` is 0).
    pub ptr: *const c_char,
    /// The number of bytes at `ptr`.
    pub len: usize,
}

/// Borrows `count` texts from an array of [`sipsec_str`], where `(NULL, 0)` means none.
///
/// # Safety
/// A non-NULL `items` must point to `count` readable `sipsec_str` values, each of which
/// satisfies the rules of [`text_in`].
pub unsafe fn str_array_in<'a>(
    items: *const sipsec_str,
    count: usize,
    param: &str,
) -> Result<Vec<&'a str>, Failure> {
    if items.is_null() {
        return if count == 0 {
            Ok(Vec::new())
        } else {
            Err(Failure::null(param))
        };
    }
    if count > isize::MAX as usize / std::mem::size_of::<sipsec_str>() {
        return Err(Failure::invalid(param, "count is too large"));
    }

    // SAFETY: the caller guarantees `count` readable entries at the non-NULL `items`.
    let entries = unsafe { std::slice::from_raw_parts(items, count) };
    entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            // SAFETY: forwarded from the caller's guarantee for each entry.
            unsafe { text_in(entry.ptr, entry.len, &format!("{param}[{index}]")) }
        })
        .collect()
}

/// Whether `text` and its NUL fit a caller buffer, without writing anything.
pub fn text_fits(out: *const c_char, capacity: usize, text: &str) -> bool {
    !out.is_null() && capacity > text.len()
}
