//! Fuzzes the header validator. The input is `name\0value`; without a NUL the whole input
//! is the value of a header picked from its first byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipsec::validate::{validate_header_with_limits, Limits};

const NAMES: [&[u8]; 16] = [
    b"Via",
    b"v",
    b"From",
    b"To",
    b"Call-ID",
    b"Contact",
    b"m",
    b"CSeq",
    b"Max-Forwards",
    b"Content-Length",
    b"Content-Type",
    b"Expires",
    b"Date",
    b"Route",
    b"Warning",
    b"Require",
];

fuzz_target!(|data: &[u8]| {
    let (name, value) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (
            NAMES[usize::from(data.first().copied().unwrap_or(0)) % NAMES.len()],
            data,
        ),
    };
    let report = validate_header_with_limits(name, value, &Limits::default());
    assert!(report.problems.len() <= Limits::default().max_problems);
});
