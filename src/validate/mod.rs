//! Validators for SIP URIs, header values, whole messages (RFC 3261, RFC 4475) and SDP.
#![forbid(unsafe_code)]
