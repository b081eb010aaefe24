//! Guards for SIP servers: Via `received`/`rport` (RFC 3581) and per-source rate limiting.
//!
//! - [`via`]: parses the top Via's first via-parm and records the packet's real source in
//!   `received` and `rport`, refusing a Via whose existing values contradict it.
//! - [`rate_limit`]: a per-source limiter with a fixed-size table, for requests and for
//!   authentication failures alike (use one instance for each).
#![forbid(unsafe_code)]

pub mod rate_limit;
pub mod via;

pub use rate_limit::{Decision, RateLimitConfig, RateLimitConfigError, RateLimiter};
pub use via::{parse_first_via_parm, via_received_rport, SentByHost, ViaError, ViaParam, ViaParm};
