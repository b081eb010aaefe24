//! Fuzzes Via header values (sent-protocol, sent-by, branch, received, rport, lists).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipsec::validate::{validate_header_with_limits, Limits};

fuzz_target!(|data: &[u8]| {
    let report = validate_header_with_limits(b"Via", data, &Limits::default());
    assert!(report.problems.len() <= Limits::default().max_problems);
    let compact = validate_header_with_limits(b"v", data, &Limits::default());
    assert_eq!(report, compact, "Via and its compact form v must agree");
});
