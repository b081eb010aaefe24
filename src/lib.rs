//! sipsec: SIP security for Rust, C and Python.
//!
//! The crate is a pure Rust core, one module per domain, and a thin C ABI in [`ffi`]:
//!
//! - [`digest`]: SIP digest authentication (RFC 3261, RFC 7616, RFC 8760), server and client.
//! - [`srtp`]: SRTP and SRTCP sessions (RFC 3711, RFC 6188, RFC 7714).
//! - [`sdes`]: SDES `a=crypto` attributes (RFC 4568).
//! - [`validate`]: validators for SIP URIs, header values, whole messages and SDP.
//! - [`guard`]: Via `received`/`rport` handling (RFC 3581) and per-source rate limiting.
//!
//! Only [`ffi`] contains `unsafe` code; every core module forbids it.

#![deny(unsafe_code)]
#![warn(missing_docs)]

/// cbindgen:ignore
pub mod digest;
pub mod ffi;
/// cbindgen:ignore
pub mod guard;
/// cbindgen:ignore
pub mod sdes;
/// cbindgen:ignore
pub mod srtp;
/// cbindgen:ignore
pub mod validate;

/// The library version, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
