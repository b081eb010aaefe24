//! SDP placeholder.
use super::{Limits, Report, Sink};
/// Validates SDP.
pub fn validate_sdp(sdp: &[u8]) -> Report {
    validate_sdp_with_limits(sdp, &Limits::default())
}
/// Validates SDP with limits.
pub fn validate_sdp_with_limits(_sdp: &[u8], limits: &Limits) -> Report {
    Sink::new(limits).finish()
}
