//! Fuzzes the whole-message validator: it must never panic and stay within its limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipsec::validate::{validate_message, validate_message_with_limits, Limits};

fuzz_target!(|data: &[u8]| {
    let report = validate_message(data);
    assert!(report.problems.len() <= Limits::default().max_problems);
    for problem in &report.problems {
        assert!(problem.offset <= data.len().max(Limits::default().max_input_bytes));
    }

    let tight = Limits {
        max_line_bytes: 64,
        max_headers: 8,
        max_params: 4,
        ..Limits::default()
    };
    let _ = validate_message_with_limits(data, &tight);
});
