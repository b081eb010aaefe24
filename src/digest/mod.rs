//! SIP digest authentication (RFC 3261 section 22, RFC 7616, RFC 8760).
//!
//! - [`parse`]: challenge and credentials header values.
//! - [`algorithm`] and [`compute`]: MD5, SHA-256 and SHA-512-256 with their `-sess`
//!   variants, qop `auth` and `auth-int`, userhash.
//! - [`nonce`]: stateless authenticated nonces and the bounded replay table.
//! - [`server`]: [`DigestServer`] issues challenges and verifies credentials.
//! - [`client`]: [`DigestClient`] answers challenges.
//!
//! The design (HA1 storage, nonce binding, replay bound, `-sess` choice, uri matching) is
//! described in README.md, section "Digest authentication".
#![forbid(unsafe_code)]

// The `cbindgen:ignore` marks keep the pure core out of the C header; the C view of
// this module is `crate::ffi::digest`.

/// cbindgen:ignore
pub mod algorithm;
/// cbindgen:ignore
pub mod client;
/// cbindgen:ignore
pub mod compute;
/// cbindgen:ignore
pub mod nonce;
/// cbindgen:ignore
pub mod parse;
/// cbindgen:ignore
pub mod server;

pub use algorithm::{Algorithm, HashFunction, Qop, QopSet};
pub use client::{ClientError, DigestClient};
pub use compute::{response, userhash, Ha1, ResponseInput};
pub use parse::{parse_challenges, parse_credentials, Challenge, Credentials, ParseError};
pub use server::{DigestServer, Outcome, Reason, ServerConfig, ServerError, Verdict};
