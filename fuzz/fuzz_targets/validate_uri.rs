//! Fuzzes the URI validator and URI equality: no panics, and a URI equals itself whenever
//! it is valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipsec::validate::{uri_equal, validate_uri_with_limits, Limits};

fuzz_target!(|data: &[u8]| {
    let report = validate_uri_with_limits(data, &Limits::default());
    if let Ok(text) = std::str::from_utf8(data) {
        if report.ok() {
            assert_eq!(
                uri_equal(text, text),
                Ok(true),
                "a valid URI must equal itself"
            );
        }
        let half = text.len() / 2;
        if text.is_char_boundary(half) {
            let _ = uri_equal(&text[..half], &text[half..]);
        }
    }
});
