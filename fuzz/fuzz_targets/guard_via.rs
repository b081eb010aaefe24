//! Fuzzes the Via received/rport rewrite with an arbitrary source address.
//!
//! Input layout: 1 byte selecting IPv4 or IPv6, 16 address bytes, 2 port bytes, then the Via
//! header value. Checks that the rewrite never panics, that a successful rewrite parses
//! again, keeps everything after the first via-parm, and is idempotent for the same source.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipsec::guard::{parse_first_via_parm, via_received_rport};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

fn source(head: &[u8; 19]) -> SocketAddr {
    let mut v6 = [0u8; 16];
    v6.copy_from_slice(&head[1..17]);
    let ip = if head[0] & 1 == 0 {
        IpAddr::V4(Ipv4Addr::new(v6[0], v6[1], v6[2], v6[3]))
    } else {
        IpAddr::V6(Ipv6Addr::from(v6))
    };
    SocketAddr::new(ip, u16::from_be_bytes([head[17], head[18]]))
}

fuzz_target!(|data: &[u8]| {
    let Some((head, rest)) = data.split_first_chunk::<19>() else {
        return;
    };
    let Ok(via) = std::str::from_utf8(rest) else {
        return;
    };
    let source = source(head);

    let Ok(rewritten) = via_received_rport(via, source) else {
        return;
    };
    assert!(
        rewritten.len() <= via.len() + 64,
        "grew by more than the documented bound"
    );
    assert!(
        parse_first_via_parm(&rewritten).is_ok(),
        "rewrite does not parse: {rewritten:?}"
    );
    if let Some(comma) = rewritten.find(',').filter(|_| !via.contains('"')) {
        assert!(via.ends_with(&rewritten[comma..]), "the rest changed");
    }
    let again = via_received_rport(&rewritten, source).expect("rewrite is accepted again");
    assert_eq!(again, rewritten, "a second rewrite changed the value");
});
