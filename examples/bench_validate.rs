//! Throughput of the message, SDP and URI validators in Rust, without the C boundary.
//! Prints figures; asserts nothing.

use sipsec::validate::{validate_message, validate_sdp, validate_uri};
use std::time::Instant;

const REGISTER: &[u8] = b"REGISTER sip:registrar.example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\nMax-Forwards: 70\r\n\
To: Alice <sip:alice@example.com>\r\nFrom: Alice <sip:alice@example.com>;tag=1928301774\r\n\
Call-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: 314159 REGISTER\r\n\
Contact: <sip:alice@192.0.2.10:5060;transport=udp>;expires=3600\r\n\
User-Agent: sipsec-bench/1.0\r\nAllow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY\r\n\
Content-Length: 0\r\n\r\n";

const SDP: &[u8] = b"v=0\r\no=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n\
s=-\r\nc=IN IP4 192.0.2.101\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

fn measure(name: &str, bytes: usize, rounds: u32, mut run: impl FnMut() -> bool) {
    let start = Instant::now();
    let mut ok = 0u32;
    for _ in 0..rounds {
        ok += u32::from(run());
    }
    let seconds = start.elapsed().as_secs_f64();
    let rate = f64::from(rounds) / seconds;
    println!(
        "{name:<10} {rate:>10.0} /s {:>8.1} MB/s ({ok} of {rounds} valid)",
        rate * bytes as f64 / 1e6
    );
}

fn main() {
    let rounds = 500_000;
    measure("message", REGISTER.len(), rounds, || {
        validate_message(REGISTER).ok()
    });
    if std::env::args().count() > 1 {
        return;
    }
    measure("sdp", SDP.len(), rounds, || validate_sdp(SDP).ok());
    let uri = "sip:alice@192.0.2.10:5060;transport=udp";
    measure("uri", uri.len(), rounds, || validate_uri(uri).ok());
}
