//! Fuzzes the digest header parsers: the input is parsed as a challenge list and as
//! credentials; parsed values must survive re-quoting, and parsed credentials are verified
//! by a server. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipsec::digest::parse::push_quoted;
use sipsec::digest::{parse_challenges, parse_credentials, DigestServer, ServerConfig};
use std::sync::OnceLock;

fn server() -> &'static DigestServer {
    static SERVER: OnceLock<DigestServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        let mut config = ServerConfig::new("example.com");
        config.secret = Some(vec![7; 32]);
        let server = DigestServer::new(config).expect("valid config");
        server.add_user("alice", "secret");
        server
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    if let Ok(challenges) = parse_challenges(text) {
        for challenge in &challenges {
            // Whatever parsed must survive being quoted again and re-parsed unchanged.
            let mut value = String::from("Digest realm=");
            push_quoted(&mut value, &challenge.realm);
            value.push_str(", nonce=");
            push_quoted(&mut value, &challenge.nonce);
            let again = parse_challenges(&value).expect("a re-quoted challenge parses");
            assert_eq!(again[0].realm, challenge.realm);
            assert_eq!(again[0].nonce, challenge.nonce);
        }
    }

    if let Ok(credentials) = parse_credentials(text) {
        assert!(credentials.nc.map_or(true, |nc| nc.text.len() == 8));
        let _ = server().verify("REGISTER", "sip:example.com", text, b"");
    }
});
