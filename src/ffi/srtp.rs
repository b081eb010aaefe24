//! C API for the `srtp` module: SRTP/SRTCP sessions (RFC 3711, RFC 6188, RFC 7714).
//!
//! Safety contract of every export here, stated once rather than per function: a session
//! pointer is NULL or a live session from `sipsec_srtp_session_new()` that no other thread
//! uses during the call, and every other pointer is NULL or valid for the length given with
//! it, as README.md "C API conventions" says. NULL is always detected and reported.
#![allow(clippy::missing_safety_doc)]

use super::args::{
    bytes_in, bytes_mut, handle_free, handle_mut, handle_out, handle_ref, require_out, text_in,
    value_out,
};
use super::boundary::{boundary, boundary_void, Failure, FfiResult};
use super::status::sipsec_status;
use crate::srtp::{self, Direction, Error, Session, SessionConfig, SsrcPolicy, Suite};
use std::ffi::c_char;

/// The most octets protecting can add to any packet, for any suite and MKI: size packet
/// buffers as the packet length plus this once, or ask `sipsec_srtp_session_overhead()`.
pub const SIPSEC_SRTP_MAX_TRAILER_LEN: usize = 148;
/// The replay window used when the options leave it 0.
pub const SIPSEC_SRTP_DEFAULT_REPLAY_WINDOW: u32 = 128;
/// The stream cap used when the options leave it 0.
pub const SIPSEC_SRTP_DEFAULT_MAX_STREAMS: u32 = 1024;
// The header needs literal values; these keep them equal to the core's.
const _: () = assert!(SIPSEC_SRTP_MAX_TRAILER_LEN == srtp::MAX_TRAILER_LEN);
const _: () = assert!(SIPSEC_SRTP_DEFAULT_REPLAY_WINDOW as usize == srtp::replay::DEFAULT_WINDOW);
const _: () = assert!(SIPSEC_SRTP_DEFAULT_MAX_STREAMS as usize == srtp::DEFAULT_MAX_STREAMS);

/// `sipsec_srtp_options.ssrc_kind`: serve any SSRC, creating a stream on its first packet
/// (for an inbound session only after that packet authenticated).
pub const SIPSEC_SRTP_SSRC_ANY: u32 = 0;
/// `sipsec_srtp_options.ssrc_kind`: serve only `sipsec_srtp_options.ssrc` and the streams
/// added with `sipsec_srtp_session_add_stream()`.
pub const SIPSEC_SRTP_SSRC_SPECIFIC: u32 = 1;

/// Options for `sipsec_srtp_session_new()`. A zero-filled struct means the defaults, so
/// `sipsec_srtp_options opts = {0};` followed by setting the fields you need is enough.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sipsec_srtp_options {
    /// Replay window in packets, 64..=32768; 0 means `SIPSEC_SRTP_DEFAULT_REPLAY_WINDOW` (128).
    pub replay_window: u32,
    /// The most streams (SSRCs) the session holds; 0 means `SIPSEC_SRTP_DEFAULT_MAX_STREAMS`.
    /// A packet that would need one more stream fails with `SIPSEC_ERR_SRTP_STREAM_LIMIT`.
    pub max_streams: u32,
    /// `SIPSEC_SRTP_SSRC_ANY` (0, the default) or `SIPSEC_SRTP_SSRC_SPECIFIC`.
    pub ssrc_kind: u32,
    /// The SSRC when `ssrc_kind` is `SIPSEC_SRTP_SSRC_SPECIFIC`; ignored otherwise.
    pub ssrc: u32,
    /// Send (and expect) SRTCP with the E flag clear: RTCP authenticated but not encrypted.
    pub unencrypted_srtcp: bool,
    /// The key derivation rate: 0 (the default: derive once) or a power of two up to 2^24.
    pub key_derivation_rate: u64,
    /// The master key lifetime in packets; 0 means the RFC 3711 limits (2^48 SRTP packets,
    /// 2^31 SRTCP packets). Past it calls fail with `SIPSEC_ERR_SRTP_KEY_EXHAUSTED`.
    pub key_lifetime: u64,
    /// The MKI of the master key given to `sipsec_srtp_session_new()`, or NULL for no MKI.
    /// Every key added later must have an MKI of the same length. Copied; need not outlive
    /// the call.
    pub mki: *const u8,
    /// The MKI length in octets (0..=128).
    pub mki_len: usize,
    /// The IDs of the RTP header extension elements whose data is encrypted (RFC 6904), or
    /// NULL for none. AES-CM suites only (`SIPSEC_ERR_UNSUPPORTED` otherwise). Copied.
    pub encrypted_extension_ids: *const u8,
    /// The number of IDs at `encrypted_extension_ids`.
    pub encrypted_extension_ids_len: usize,
    /// Cryptex (RFC 9335): encrypt CSRCs and the whole header extension block (outbound;
    /// a packet with CSRCs but no extension gets an empty block, 4 octets, counted in
    /// `sipsec_srtp_session_overhead()`), and decrypt packets so protected (inbound). Not
    /// together with `encrypted_extension_ids`.
    pub cryptex: bool,
}

/// An SRTP/SRTCP session: one direction, one crypto suite, its master keys and one stream
/// per SSRC.
///
/// Made by `sipsec_srtp_session_new()`, released by `sipsec_srtp_session_free()`. A session
/// is NOT thread-safe: use it from one thread at a time (it may move between threads). Keys
/// are wiped from memory when the session is freed.
pub struct sipsec_srtp_session {
    pub(super) inner: Session,
}

/// The status and reason for an SRTP error.
pub(super) fn failure(error: Error) -> Failure {
    use sipsec_status::*;
    let status = match error {
        Error::Auth => SIPSEC_ERR_SRTP_AUTH,
        Error::Replay => SIPSEC_ERR_SRTP_REPLAY,
        Error::ReplayOld => SIPSEC_ERR_SRTP_REPLAY_OLD,
        Error::UnknownMki => SIPSEC_ERR_SRTP_UNKNOWN_MKI,
        Error::KeyExhausted => SIPSEC_ERR_SRTP_KEY_EXHAUSTED,
        Error::BadPacket(_) => SIPSEC_ERR_SRTP_BAD_PACKET,
        Error::NoStream => SIPSEC_ERR_SRTP_NO_STREAM,
        Error::StreamLimit => SIPSEC_ERR_SRTP_STREAM_LIMIT,
        Error::UnknownSuite => SIPSEC_ERR_SRTP_UNKNOWN_SUITE,
        Error::BadKey(_) => SIPSEC_ERR_SRTP_BAD_KEY,
        Error::Policy(_) => SIPSEC_ERR_SRTP_POLICY,
        Error::BufferTooSmall { .. } => SIPSEC_ERR_BUFFER_TOO_SMALL,
        Error::InvalidArgument(_) => SIPSEC_ERR_INVALID_ARGUMENT,
        Error::Unsupported(_) => SIPSEC_ERR_UNSUPPORTED,
    };
    Failure::new(status, error.to_string())
}

/// Builds the session configuration from the C arguments.
///
/// # Safety
/// `options` is NULL or points to a valid `sipsec_srtp_options` whose `mki` and
/// `encrypted_extension_ids` satisfy [`bytes_in`].
unsafe fn config_from(
    suite: Suite,
    outbound: bool,
    options: *const sipsec_srtp_options,
) -> Result<SessionConfig, Failure> {
    let direction = if outbound {
        Direction::Outbound
    } else {
        Direction::Inbound
    };
    let mut config = SessionConfig::new(suite, direction);
    // SAFETY: the caller guarantees `options` is NULL or valid.
    let Some(options) = (unsafe { options.as_ref() }) else {
        return Ok(config);
    };

    if options.replay_window != 0 {
        config.replay_window = options.replay_window as usize;
    }
    if options.max_streams != 0 {
        config.max_streams = options.max_streams as usize;
    }
    config.ssrc = match options.ssrc_kind {
        SIPSEC_SRTP_SSRC_ANY => SsrcPolicy::Any,
        SIPSEC_SRTP_SSRC_SPECIFIC => SsrcPolicy::Specific(options.ssrc),
        _ => {
            return Err(Failure::invalid(
                "options->ssrc_kind",
                "not a SIPSEC_SRTP_SSRC_* value",
            ))
        }
    };
    config.encrypt_rtcp = !options.unencrypted_srtcp;
    config.key_derivation_rate = options.key_derivation_rate;
    config.key_lifetime = options.key_lifetime;
    // The length is checked before the bytes are read, so a wrong length is refused
    // rather than read past the caller's buffer.
    if options.mki_len > crate::srtp::MAX_MKI_LEN {
        return Err(Failure::invalid(
            "options->mki_len",
            "longer than 128 bytes",
        ));
    }
    // SAFETY: forwarded from the caller's guarantee on `options->mki`.
    config.mki = unsafe { bytes_in(options.mki, options.mki_len, "options->mki")? }.to_vec();
    let (ids, ids_len) = (
        options.encrypted_extension_ids,
        options.encrypted_extension_ids_len,
    );
    // SAFETY: forwarded from the caller's guarantee on `options->encrypted_extension_ids`.
    let ids = unsafe { bytes_in(ids, ids_len, "options->encrypted_extension_ids")? };
    config.encrypted_extension_ids = ids.to_vec();
    config.cryptex = options.cryptex;
    Ok(config)
}

/// Creates an SRTP session and writes it to `*out`.
///
/// `suite` is a suite name such as `"AES_CM_128_HMAC_SHA1_80"` or `"AEAD_AES_128_GCM"`
/// (`suite_len` octets, any case). `key_salt` is the master key followed by the master salt
/// (16+14, 24+14 or 32+14 octets; 16+12 or 32+12 for GCM), as in an SDES `inline:` key.
/// `outbound` true makes a session that protects; false one that unprotects. `options` may
/// be NULL for the defaults (replay window 128, `SIPSEC_SRTP_DEFAULT_MAX_STREAMS` streams,
/// any SSRC, encrypted SRTCP, no MKI). Free the session with `sipsec_srtp_session_free()`.
///
/// Fails with `SIPSEC_ERR_SRTP_UNKNOWN_SUITE`, `SIPSEC_ERR_SRTP_BAD_KEY`,
/// `SIPSEC_ERR_INVALID_ARGUMENT` (an option out of range) or `SIPSEC_ERR_NULL_POINTER`;
/// `*out` is written only on success.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_new(
    suite: *const c_char,
    suite_len: usize,
    key_salt: *const u8,
    key_salt_len: usize,
    outbound: bool,
    options: *const sipsec_srtp_options,
    out: *mut *mut sipsec_srtp_session,
) -> sipsec_status {
    boundary("sipsec_srtp_session_new", || {
        require_out(out, "out")?;
        // SAFETY: the caller passes valid (pointer, length) pairs and options.
        let name = unsafe { text_in(suite, suite_len, "suite")? };
        // SAFETY: as above.
        let key_salt = unsafe { bytes_in(key_salt, key_salt_len, "key_salt")? };
        let suite = Suite::from_name(name).map_err(failure)?;
        // SAFETY: as above.
        let config = unsafe { config_from(suite, outbound, options)? };

        let inner = Session::new(config, key_salt).map_err(failure)?;
        // SAFETY: `out` was checked non-NULL; the caller guarantees it is writable.
        unsafe { handle_out(out, sipsec_srtp_session { inner }, "out") }
    })
}

/// Frees a session made by `sipsec_srtp_session_new()`, wiping its keys. NULL is a no-op;
/// freeing the same session twice is not allowed.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_free(session: *mut sipsec_srtp_session) {
    boundary_void("sipsec_srtp_session_free", || {
        // SAFETY: the caller passes NULL or a live session made by the matching `_new`.
        unsafe { handle_free(session) }
    })
}

/// Which transform an in-place or copying call runs.
#[derive(Clone, Copy)]
enum Operation {
    ProtectRtp,
    UnprotectRtp,
    ProtectRtcp,
    UnprotectRtcp,
}

/// The in-place calls: `*len` octets at `packet`, in a buffer of `capacity` octets.
///
/// # Safety
/// The pointers satisfy [`handle_mut`], [`bytes_mut`] and `*len` is readable and writable.
unsafe fn in_place(
    session: *mut sipsec_srtp_session,
    packet: *mut u8,
    len: *mut usize,
    capacity: Option<usize>,
    operation: Operation,
) -> FfiResult {
    require_out(len, "len")?;
    // SAFETY: checked non-NULL above; the caller guarantees it is readable.
    let in_len = unsafe { len.read() };
    let capacity = capacity.unwrap_or(in_len);
    if in_len > capacity {
        return Err(Failure::invalid("len", "exceeds the capacity"));
    }
    // SAFETY: the caller guarantees a live, unaliased session.
    let session = unsafe { handle_mut(session, "session")? };
    // SAFETY: the caller guarantees `capacity` writable octets at `packet`.
    let buffer = unsafe { bytes_mut(packet, capacity, "packet")? };

    let inner = &mut session.inner;
    let out_len = match operation {
        Operation::ProtectRtp => inner.protect_rtp(buffer, in_len),
        Operation::UnprotectRtp => inner.unprotect_rtp(buffer),
        Operation::ProtectRtcp => inner.protect_rtcp(buffer, in_len),
        Operation::UnprotectRtcp => inner.unprotect_rtcp(buffer),
    }
    .map_err(failure)?;
    // SAFETY: checked non-NULL above; the caller guarantees it is writable.
    unsafe { value_out(len, out_len, "len") }
}

/// The copying calls: `in_len` octets at `input` into `output` of `output_cap` octets.
///
/// # Safety
/// The pointers satisfy [`handle_mut`], [`bytes_in`], [`bytes_mut`] and [`value_out`].
unsafe fn copying(
    session: *mut sipsec_srtp_session,
    (input, in_len): (*const u8, usize),
    (output, output_cap, out_len): (*mut u8, usize, *mut usize),
    operation: Operation,
) -> FfiResult {
    require_out(out_len, "out_len")?;
    let overlap = !input.is_null()
        && !output.is_null()
        && (input as usize) < (output as usize).saturating_add(output_cap)
        && (output as usize) < (input as usize).saturating_add(in_len);
    if overlap {
        return Err(Failure::invalid(
            "out",
            "overlaps the input; use the in-place call",
        ));
    }
    // SAFETY: the caller guarantees a live, unaliased session and valid buffers.
    let session = unsafe { handle_mut(session, "session")? };
    // SAFETY: as above.
    let input = unsafe { bytes_in(input, in_len, "in")? };
    // SAFETY: as above; `output` does not overlap `input` (checked).
    let output = unsafe { bytes_mut(output, output_cap, "out")? };

    let inner = &mut session.inner;
    let outcome = match operation {
        Operation::ProtectRtp => inner.protect_rtp_into(input, output),
        Operation::UnprotectRtp => inner.unprotect_rtp_into(input, output),
        Operation::ProtectRtcp => inner.protect_rtcp_into(input, output),
        Operation::UnprotectRtcp => inner.unprotect_rtcp_into(input, output),
    };
    let written = match outcome {
        Ok(written) => written,
        Err(Error::BufferTooSmall { needed }) => {
            // SAFETY: checked non-NULL above; the caller guarantees it is writable.
            unsafe { value_out(out_len, needed, "out_len")? };
            return Err(failure(Error::BufferTooSmall { needed }));
        }
        Err(error) => return Err(failure(error)),
    };
    // SAFETY: as above.
    unsafe { value_out(out_len, written, "out_len") }
}

/// Protects an RTP packet in place (RFC 3711 section 3.3).
///
/// Before the call `*len` is the RTP packet length; `capacity` is the size of the buffer at
/// `packet`, which must have room for `*len` plus `sipsec_srtp_session_overhead(session,
/// false, ..)` octets (`SIPSEC_SRTP_MAX_TRAILER_LEN` is always enough). After success `*len`
/// is the SRTP length. On failure the buffer and `*len` are unchanged; when the capacity is
/// short the status is `SIPSEC_ERR_BUFFER_TOO_SMALL`. Only for outbound sessions
/// (`SIPSEC_ERR_SRTP_POLICY` otherwise). The session must not be used by another thread
/// during the call.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_protect(
    session: *mut sipsec_srtp_session,
    packet: *mut u8,
    len: *mut usize,
    capacity: usize,
) -> sipsec_status {
    boundary("sipsec_srtp_protect", || {
        // SAFETY: the caller's guarantees are those of `in_place`.
        unsafe { in_place(session, packet, len, Some(capacity), Operation::ProtectRtp) }
    })
}

/// Authenticates and decrypts an SRTP packet in place.
///
/// Before the call `*len` is the SRTP packet length; after success it is the RTP length
/// (the trailer is dropped). The tag is checked in constant time before anything is
/// decrypted. On failure (`SIPSEC_ERR_SRTP_AUTH`, `_REPLAY`, `_REPLAY_OLD`, `_UNKNOWN_MKI`,
/// `_BAD_PACKET`, `_NO_STREAM`, `_STREAM_LIMIT`, `_KEY_EXHAUSTED`) neither the buffer, `*len`
/// nor the stream state (ROC, replay window) change. Only for inbound sessions.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_unprotect(
    session: *mut sipsec_srtp_session,
    packet: *mut u8,
    len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_srtp_unprotect", || {
        // SAFETY: the caller's guarantees are those of `in_place`.
        unsafe { in_place(session, packet, len, None, Operation::UnprotectRtp) }
    })
}

/// Protects an RTCP packet in place; the first SRTCP index of each stream is 0 and the
/// E flag follows the session's options. `*len` and `capacity` as for
/// `sipsec_srtp_protect()`, with `sipsec_srtp_session_overhead(session, true, ..)`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtcp_protect(
    session: *mut sipsec_srtp_session,
    packet: *mut u8,
    len: *mut usize,
    capacity: usize,
) -> sipsec_status {
    boundary("sipsec_srtcp_protect", || {
        // SAFETY: the caller's guarantees are those of `in_place`.
        unsafe { in_place(session, packet, len, Some(capacity), Operation::ProtectRtcp) }
    })
}

/// Authenticates and (when its E flag is set) decrypts an SRTCP packet in place, as
/// `sipsec_srtp_unprotect()`. A packet whose E flag contradicts the session's
/// `unencrypted_srtcp` option fails with `SIPSEC_ERR_SRTP_POLICY`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtcp_unprotect(
    session: *mut sipsec_srtp_session,
    packet: *mut u8,
    len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_srtcp_unprotect", || {
        // SAFETY: the caller's guarantees are those of `in_place`.
        unsafe { in_place(session, packet, len, None, Operation::UnprotectRtcp) }
    })
}

/// Protects the RTP packet `(in, in_len)` into `(out, out_cap)` and stores the SRTP length
/// in `*out_len`. `out` needs `in_len` plus the overhead; when it is too small the status is
/// `SIPSEC_ERR_BUFFER_TOO_SMALL` and `*out_len` holds the capacity needed. `out` is written
/// only on success and must not overlap `in` (use `sipsec_srtp_protect()` for that).
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_protect_into(
    session: *mut sipsec_srtp_session,
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_srtp_protect_into", || {
        // SAFETY: the caller's guarantees are those of `copying`.
        unsafe {
            copying(
                session,
                (input, in_len),
                (out, out_cap, out_len),
                Operation::ProtectRtp,
            )
        }
    })
}

/// Unprotects the SRTP packet `(in, in_len)` into `(out, out_cap)` and stores the RTP
/// length in `*out_len`; otherwise as `sipsec_srtp_unprotect()` and
/// `sipsec_srtp_protect_into()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_unprotect_into(
    session: *mut sipsec_srtp_session,
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_srtp_unprotect_into", || {
        // SAFETY: the caller's guarantees are those of `copying`.
        unsafe {
            copying(
                session,
                (input, in_len),
                (out, out_cap, out_len),
                Operation::UnprotectRtp,
            )
        }
    })
}

/// Protects the RTCP packet `(in, in_len)` into `(out, out_cap)`, as
/// `sipsec_srtp_protect_into()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtcp_protect_into(
    session: *mut sipsec_srtp_session,
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_srtcp_protect_into", || {
        // SAFETY: the caller's guarantees are those of `copying`.
        unsafe {
            copying(
                session,
                (input, in_len),
                (out, out_cap, out_len),
                Operation::ProtectRtcp,
            )
        }
    })
}

/// Unprotects the SRTCP packet `(in, in_len)` into `(out, out_cap)`, as
/// `sipsec_srtp_unprotect_into()`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtcp_unprotect_into(
    session: *mut sipsec_srtp_session,
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_srtcp_unprotect_into", || {
        // SAFETY: the caller's guarantees are those of `copying`.
        unsafe {
            copying(
                session,
                (input, in_len),
                (out, out_cap, out_len),
                Operation::UnprotectRtcp,
            )
        }
    })
}

/// Stores the roll-over counter of the stream for `ssrc` in `*roc`: that of the highest
/// packet processed, or the value last set. `SIPSEC_ERR_SRTP_NO_STREAM` when the session
/// has no such stream.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_get_roc(
    session: *const sipsec_srtp_session,
    ssrc: u32,
    roc: *mut u32,
) -> sipsec_status {
    boundary("sipsec_srtp_session_get_roc", || {
        require_out(roc, "roc")?;
        // SAFETY: the caller guarantees a live session.
        let session = unsafe { handle_ref(session, "session")? };
        let value = session.inner.roll_over_counter(ssrc).map_err(failure)?;
        // SAFETY: checked non-NULL above; the caller guarantees it is writable.
        unsafe { value_out(roc, value, "roc") }
    })
}

/// Sets the roll-over counter of the stream for `ssrc` to exactly `roc` (0 means 0),
/// creating the stream if the session has none for `ssrc` (subject to the stream cap).
/// The next packet's index is `roc * 65536 + SEQ`, and the stream's SRTP replay window
/// starts afresh.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_set_roc(
    session: *mut sipsec_srtp_session,
    ssrc: u32,
    roc: u32,
) -> sipsec_status {
    boundary("sipsec_srtp_session_set_roc", || {
        // SAFETY: the caller guarantees a live, unaliased session.
        let session = unsafe { handle_mut(session, "session")? };
        session
            .inner
            .set_roll_over_counter(ssrc, roc)
            .map_err(failure)
    })
}

/// Adds a stream for `ssrc` (ROC 0, SRTCP index 0). Fails with
/// `SIPSEC_ERR_INVALID_ARGUMENT` when it exists and `SIPSEC_ERR_SRTP_STREAM_LIMIT` at the cap.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_add_stream(
    session: *mut sipsec_srtp_session,
    ssrc: u32,
) -> sipsec_status {
    boundary("sipsec_srtp_session_add_stream", || {
        // SAFETY: the caller guarantees a live, unaliased session.
        let session = unsafe { handle_mut(session, "session")? };
        session.inner.add_stream(ssrc).map_err(failure)
    })
}

/// Removes the stream for `ssrc` and its counters; `SIPSEC_ERR_SRTP_NO_STREAM` when absent.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_remove_stream(
    session: *mut sipsec_srtp_session,
    ssrc: u32,
) -> sipsec_status {
    boundary("sipsec_srtp_session_remove_stream", || {
        // SAFETY: the caller guarantees a live, unaliased session.
        let session = unsafe { handle_mut(session, "session")? };
        session.inner.remove_stream(ssrc).map_err(failure)
    })
}

/// A session method that takes a master key followed by its salt, and an MKI.
type KeyChange = fn(&mut Session, &[u8], &[u8]) -> Result<(), Error>;

/// Passes a session and a master key with its MKI, all checked, to `change`.
///
/// # Safety
/// The pointers satisfy [`handle_mut`] and [`bytes_in`].
unsafe fn with_master_key(
    session: *mut sipsec_srtp_session,
    key_salt: *const u8,
    key_salt_len: usize,
    mki: *const u8,
    mki_len: usize,
    change: KeyChange,
) -> FfiResult {
    // SAFETY: the caller guarantees a live, unaliased session and valid inputs.
    let session = unsafe { handle_mut(session, "session")? };
    // SAFETY: as above.
    let key_salt = unsafe { bytes_in(key_salt, key_salt_len, "key_salt")? };
    // SAFETY: as above.
    let mki = unsafe { bytes_in(mki, mki_len, "mki")? };
    change(&mut session.inner, key_salt, mki).map_err(failure)
}

/// Replaces every master key with `key_salt` (master key followed by salt) whose MKI is
/// `(mki, mki_len)` (`(NULL, 0)` for a session without MKI). Streams keep their roll-over
/// counters, SRTCP indices and replay windows; the key usage counters start again at 0.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_rekey(
    session: *mut sipsec_srtp_session,
    key_salt: *const u8,
    key_salt_len: usize,
    mki: *const u8,
    mki_len: usize,
) -> sipsec_status {
    boundary("sipsec_srtp_session_rekey", || {
        // SAFETY: the caller's guarantees are those of `with_master_key`.
        unsafe {
            with_master_key(
                session,
                key_salt,
                key_salt_len,
                mki,
                mki_len,
                Session::rekey,
            )
        }
    })
}

/// Adds a master key with MKI `(mki, mki_len)` and makes it the key used for protecting;
/// received packets pick their key by MKI (`SIPSEC_ERR_SRTP_UNKNOWN_MKI` when none
/// matches). The session must have been created with an MKI of the same length.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_add_master_key(
    session: *mut sipsec_srtp_session,
    key_salt: *const u8,
    key_salt_len: usize,
    mki: *const u8,
    mki_len: usize,
) -> sipsec_status {
    boundary("sipsec_srtp_session_add_master_key", || {
        // SAFETY: the caller's guarantees are those of `with_master_key`.
        unsafe {
            with_master_key(
                session,
                key_salt,
                key_salt_len,
                mki,
                mki_len,
                Session::add_master_key,
            )
        }
    })
}

/// Stores in `*overhead` the octets protecting adds to an RTP packet (`rtcp` false: tag and
/// MKI) or an RTCP packet (`rtcp` true: index word, tag and MKI). Never more than
/// `SIPSEC_SRTP_MAX_TRAILER_LEN`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_overhead(
    session: *const sipsec_srtp_session,
    rtcp: bool,
    overhead: *mut usize,
) -> sipsec_status {
    boundary("sipsec_srtp_session_overhead", || {
        require_out(overhead, "overhead")?;
        // SAFETY: the caller guarantees a live session.
        let session = unsafe { handle_ref(session, "session")? };
        let value = if rtcp {
            session.inner.rtcp_overhead()
        } else {
            session.inner.rtp_overhead()
        };
        // SAFETY: checked non-NULL above; the caller guarantees it is writable.
        unsafe { value_out(overhead, value, "overhead") }
    })
}

/// Stores how many SRTP and SRTCP packets the key used for protecting has processed, and
/// whether any master key of the session is near its lifetime (`*soft_limit`: fewer than
/// `min(65536, lifetime / 16)` packets left; time to re-key). Any out-pointer may be NULL
/// when that value is not wanted.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_key_usage(
    session: *const sipsec_srtp_session,
    srtp_packets: *mut u64,
    srtcp_packets: *mut u64,
    soft_limit: *mut bool,
) -> sipsec_status {
    boundary("sipsec_srtp_session_key_usage", || {
        // SAFETY: the caller guarantees a live session.
        let session = unsafe { handle_ref(session, "session")? };
        let usage = session.inner.key_usage();
        // SAFETY: each pointer is NULL or writable, by the caller's guarantee.
        unsafe {
            if !srtp_packets.is_null() {
                value_out(srtp_packets, usage.srtp_packets, "srtp_packets")?;
            }
            if !srtcp_packets.is_null() {
                value_out(srtcp_packets, usage.srtcp_packets, "srtcp_packets")?;
            }
            if !soft_limit.is_null() {
                value_out(soft_limit, usage.soft_limit_reached, "soft_limit")?;
            }
        }
        Ok(())
    })
}

/// Stores the number of streams the session holds in `*count`.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_session_stream_count(
    session: *const sipsec_srtp_session,
    count: *mut usize,
) -> sipsec_status {
    boundary("sipsec_srtp_session_stream_count", || {
        require_out(count, "count")?;
        // SAFETY: the caller guarantees a live session.
        let session = unsafe { handle_ref(session, "session")? };
        // SAFETY: checked non-NULL above; the caller guarantees it is writable.
        unsafe { value_out(count, session.inner.stream_count(), "count") }
    })
}

/// Stores the master key, master salt and SRTP tag lengths of the suite named
/// `(suite, suite_len)` (any case); `SIPSEC_ERR_SRTP_UNKNOWN_SUITE` for an unknown name.
/// Any out-pointer may be NULL when that value is not wanted.
#[no_mangle]
pub unsafe extern "C" fn sipsec_srtp_suite_lengths(
    suite: *const c_char,
    suite_len: usize,
    master_key_len: *mut usize,
    master_salt_len: *mut usize,
    srtp_tag_len: *mut usize,
) -> sipsec_status {
    boundary("sipsec_srtp_suite_lengths", || {
        // SAFETY: the caller passes a valid (pointer, length) pair.
        let name = unsafe { text_in(suite, suite_len, "suite")? };
        let suite = Suite::from_name(name).map_err(failure)?;
        let values = [
            (master_key_len, suite.master_key_len(), "master_key_len"),
            (master_salt_len, suite.master_salt_len(), "master_salt_len"),
            (srtp_tag_len, suite.srtp_tag_len(), "srtp_tag_len"),
        ];
        for (pointer, value, param) in values {
            if !pointer.is_null() {
                // SAFETY: non-NULL and writable by the caller's guarantee.
                unsafe { value_out(pointer, value, param)? };
            }
        }
        Ok(())
    })
}
