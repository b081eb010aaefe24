//! Digest benchmark: verifications per second on one core, nonce issue rate, replay-table
//! cost per tracked nonce, and process memory across a flood of unauthenticated challenges.
//! Prints figures; asserts nothing. Run with `cargo run --release --example bench_digest`.

use sipsec::digest::compute::{response, Ha1, ResponseInput};
use sipsec::digest::nonce::{now_seconds, ReplayTable};
use sipsec::digest::{parse_challenges, Algorithm, DigestServer, Outcome, ServerConfig};
use std::hint::black_box;
use std::time::Instant;

const REQUEST_URI: &str = "sip:registrar.example.com;transport=tcp";

/// Resident set size in bytes, from /proc/self/statm (pages * page size).
fn rss_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

/// CPU time of this thread in nanoseconds, from /proc/thread-self/schedstat, so that the
/// per-core figures hold even when other processes share the machine.
fn thread_cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace()
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn server(algorithm: Algorithm) -> DigestServer {
    let mut config = ServerConfig::new("example.com");
    config.algorithms = vec![algorithm];
    let server = DigestServer::new(config).expect("config");
    server.add_user("alice", "secret");
    server
}

/// Authorization values as a SIP phone sends them, one per nonce count.
fn headers(server: &DigestServer, algorithm: Algorithm, count: u32) -> Vec<String> {
    let challenge = &parse_challenges(&server.challenge(0, false).unwrap()).unwrap()[0];
    let ha1 = Ha1::from_password(algorithm.hash(), "alice", "example.com", "secret");
    let cnonce = "6b8b4567327b23c6643c986966334873";
    (1..=count)
        .map(|nc| {
            let nc = format!("{nc:08x}");
            let input = ResponseInput {
                algorithm,
                method: "REGISTER",
                uri: REQUEST_URI,
                nonce: &challenge.nonce,
                qop: Some(sipsec::digest::Qop::Auth),
                nc: &nc,
                cnonce,
                body: b"",
            };
            format!(
                "Digest username=\"alice\",realm=\"example.com\",nonce=\"{}\",\
                 uri=\"{REQUEST_URI}\",response=\"{}\",algorithm={},cnonce=\"{cnonce}\",\
                 opaque=\"{}\",qop=auth,nc={nc}",
                challenge.nonce,
                response(&ha1, &input),
                algorithm,
                challenge.opaque.as_deref().unwrap_or("")
            )
        })
        .collect()
}

/// The measured loop, kept out of line so that an instruction-count profiler can restrict
/// itself to it (`valgrind --tool=callgrind --toggle-collect='*verify_all*'`).
#[inline(never)]
fn verify_all(server: &DigestServer, values: &[String]) -> u32 {
    let mut passed = 0u32;
    for value in values {
        let verdict = server.verify("REGISTER", REQUEST_URI, black_box(value), b"");
        passed += u32::from(verdict.outcome == Outcome::Ok);
    }
    passed
}

fn bench_verify(algorithm: Algorithm) {
    let count = std::env::var("SIPSEC_BENCH_VERIFICATIONS")
        .ok()
        .and_then(|v| v.parse().ok());
    let count: u32 = count.unwrap_or(400_000);
    let server = server(algorithm);
    let values = headers(&server, algorithm, count);

    let started = Instant::now();
    let cpu_started = thread_cpu_ns();
    let passed = verify_all(&server, &values);
    let cpu = (thread_cpu_ns() - cpu_started) as f64 / 1e9;
    let wall = started.elapsed().as_secs_f64();
    assert_eq!(passed, count, "every benchmark header must verify");
    println!(
        "verify {:<12} {:>9.0} verifications/s per core of CPU time ({:.0} ns each; \
         {:.0}/s wall clock; header {} bytes)",
        algorithm.name(),
        f64::from(count) / cpu,
        cpu * 1e9 / f64::from(count),
        f64::from(count) / wall,
        values[0].len()
    );
}

fn bench_parse() {
    let server = server(Algorithm::Md5);
    let value = headers(&server, Algorithm::Md5, 1).remove(0);
    let count = 1_000_000;
    let cpu_started = thread_cpu_ns();
    for _ in 0..count {
        black_box(sipsec::digest::parse_credentials(black_box(&value)).is_ok());
    }
    let cpu = (thread_cpu_ns() - cpu_started) as f64 / 1e9;
    println!(
        "parse only          {:>9.0} credentials/s per core ({:.0} ns each)",
        count as f64 / cpu,
        cpu * 1e9 / count as f64
    );
}

/// The response computation alone (HA2 and the request-digest), the floor under a
/// verification.
fn bench_response(algorithm: Algorithm) {
    let ha1 = Ha1::from_password(algorithm.hash(), "alice", "example.com", "secret");
    let input = ResponseInput {
        algorithm,
        method: "REGISTER",
        uri: REQUEST_URI,
        nonce: "AAAAAGsSBEEABmHDqXayDAnBBHBnuy3axBfWuvDoamaj",
        qop: Some(sipsec::digest::Qop::Auth),
        nc: "00000001",
        cnonce: "6b8b4567327b23c6643c986966334873",
        body: b"",
    };
    let count = 1_000_000;
    let cpu_started = thread_cpu_ns();
    for _ in 0..count {
        black_box(response(&ha1, black_box(&input)));
    }
    let cpu = (thread_cpu_ns() - cpu_started) as f64 / 1e9;
    println!(
        "response {:<12} {:>7.0} computations/s per core ({:.0} ns each)",
        algorithm.name(),
        count as f64 / cpu,
        cpu * 1e9 / count as f64
    );
}

fn bench_issue() {
    let server = server(Algorithm::Sha256);
    let count = 1_000_000;
    let cpu_started = thread_cpu_ns();
    for _ in 0..count {
        black_box(server.challenge(0, false));
    }
    let cpu = (thread_cpu_ns() - cpu_started) as f64 / 1e9;
    println!(
        "challenge issue     {:>9.0} challenges/s per core (nonce + header text)",
        count as f64 / cpu
    );
}

fn bench_table_bytes() {
    let entries = 1_000_000u64;
    let table = ReplayTable::new(entries as usize, 0);
    let before = rss_bytes();
    for counter in 1..=entries {
        table.accept(counter, Some(1));
    }
    let after = rss_bytes();
    println!(
        "replay table      {:>10.1} bytes per tracked nonce ({} entries, RSS +{} KiB)",
        (after - before) as f64 / entries as f64,
        table.len(),
        (after - before) / 1024
    );
}

fn bench_flood() {
    let server = server(Algorithm::Sha256);
    let before = rss_bytes();
    let now = now_seconds();
    for _ in 0..1_000_000 {
        black_box(server.challenge_at(0, false, now));
    }
    let after = rss_bytes();
    println!(
        "challenge flood   RSS {} KiB before, {} KiB after 1,000,000 unauthenticated challenges; \
         tracked nonces {}",
        before / 1024,
        after / 1024,
        server.replay_table().len()
    );
}

fn main() {
    // An optional argument runs one part only, for profiling: flood, table, verify, parse,
    // issue, or the verification of one algorithm (verify-md5, verify-sha-256,
    // verify-sha-512-256). SIPSEC_BENCH_VERIFICATIONS sets the number of verifications.
    let only = std::env::args()
        .nth(1)
        .map(|only| only.to_ascii_lowercase());
    let wanted = |name: &str| only.as_deref().map_or(true, |only| only == name);
    let verify_one = |algorithm: Algorithm| {
        let part = format!("verify-{}", algorithm.name().to_ascii_lowercase());
        if only.as_deref() == Some(part.as_str()) {
            bench_verify(algorithm);
        }
    };
    verify_one(Algorithm::Md5);
    verify_one(Algorithm::Sha256);
    verify_one(Algorithm::Sha512_256);
    if wanted("flood") {
        bench_flood();
    }
    if wanted("table") {
        bench_table_bytes();
    }
    if wanted("verify") {
        bench_verify(Algorithm::Md5);
        bench_verify(Algorithm::Sha256);
        bench_verify(Algorithm::Sha512_256);
    }
    if wanted("parse") {
        bench_parse();
        bench_response(Algorithm::Md5);
        bench_response(Algorithm::Sha256);
    }
    if wanted("issue") {
        bench_issue();
    }
}
