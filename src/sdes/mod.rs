//! SDES keying: `a=crypto` attributes (RFC 4568).
#![forbid(unsafe_code)]
