//! Fuzzes `a=crypto` parsing: anything that parses must format to text that parses back to
//! the same attribute, and an offer made of the input's lines must answer or refuse cleanly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipsec::sdes::{answer_offer, split_lines, CryptoAttribute, CryptoSuite};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    if let Ok(attribute) = CryptoAttribute::parse(text) {
        let formatted = attribute.to_string();
        let again = CryptoAttribute::parse(&formatted).expect("formatted text parses");
        assert_eq!(again, attribute, "round trip changed {formatted}");
    }

    let preferences = [CryptoSuite::AeadAes128Gcm, CryptoSuite::AesCm128HmacSha1_80];
    if let Ok(lines) = split_lines(text) {
        let _ = answer_offer(&lines, &preferences);
    }
});
