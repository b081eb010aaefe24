//! Guards for SIP servers: Via `received`/`rport` (RFC 3581) and per-source rate limiting.
#![forbid(unsafe_code)]
