//! Fuzzes the SDP validator: no panics, bounded reports.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipsec::validate::{validate_sdp, Limits};

fuzz_target!(|data: &[u8]| {
    let report = validate_sdp(data);
    assert!(report.problems.len() <= Limits::default().max_problems);
});
