//! Fuzzes SRTP unprotect (and protect, then unprotect) on every suite.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sipsec::srtp::Session;

fuzz_target!(|data: &[u8]| {
    common::run(data, Session::protect_rtp, Session::unprotect_rtp, true);
});
