//! SRTP and SRTCP (RFC 3711, RFC 6188, RFC 7714).
#![forbid(unsafe_code)]
