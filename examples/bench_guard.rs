//! Throughput of the guards on one core: rate-limiter decisions for known sources and for a
//! flood of new ones, the table's memory per source, and Via rewrites. Prints figures only.

use sipsec::guard::{via_received_rport, RateLimitConfig, RateLimiter};
use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Instant;

const MAX_SOURCES: usize = 100_000;

fn limiter() -> RateLimiter {
    RateLimiter::new(RateLimitConfig::new(50.0, 100.0, MAX_SOURCES)).expect("valid config")
}

fn report(what: &str, count: u64, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{what:<52} {:>8.1} M/s  ({count} in {seconds:.2} s)",
        count as f64 / seconds / 1e6
    );
}

fn hot_sources(family: &str, sources: &[IpAddr], rounds: u64, injected_clock: bool) {
    let limiter = limiter();
    let mut allowed = 0u64;
    let started = Instant::now();
    for round in 0..rounds {
        for source in sources {
            let decision = if injected_clock {
                limiter.allow_at(*source, round * 1_000_000)
            } else {
                limiter.allow(*source)
            };
            allowed += u64::from(black_box(decision));
        }
    }
    let clock = if injected_clock {
        "caller's clock"
    } else {
        "Instant clock"
    };
    let what = format!("limiter, {} hot {family} sources, {clock}", sources.len());
    report(&what, rounds * sources.len() as u64, started);
    black_box(allowed);
}

/// The same decision through the C API, which also parses the address text.
fn c_api_hot_sources(rounds: u64) {
    use sipsec::ffi::guard::*;
    let texts: Vec<String> = (0..1000u32)
        .map(|n| format!("10.0.{}.{}", n >> 8, n & 255))
        .collect();
    let mut limiter = std::ptr::null_mut();
    // SAFETY: `limiter` is a valid out-pointer.
    unsafe { sipsec_rate_limiter_new(50.0, 100.0, MAX_SOURCES, 64, &mut limiter) };

    let mut allowed = false;
    let started = Instant::now();
    for round in 0..rounds {
        for text in &texts {
            let (ptr, len) = (text.as_ptr().cast(), text.len());
            // SAFETY: a live handle, a (pointer, length) pair and a writable bool.
            unsafe { sipsec_rate_limiter_allow_at(limiter, ptr, len, round, &mut allowed) };
            black_box(allowed);
        }
    }
    report(
        "limiter via the C API (address as text)",
        rounds * 1000,
        started,
    );
    // SAFETY: made above, freed once.
    unsafe { sipsec_rate_limiter_free(limiter) };
}

fn flood_of_new_sources(count: u64) {
    let limiter = limiter();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let started = Instant::now();
    for step in 0..count {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let source = if step & 1 == 0 {
            IpAddr::V4(Ipv4Addr::from(state as u32))
        } else {
            IpAddr::V6(Ipv6Addr::from(u128::from(state) << 64 | 0x2001_0db8))
        };
        black_box(limiter.allow_at(source, step * 100));
    }
    report(
        "limiter, flood of new IPv4/IPv6 sources (table full)",
        count,
        started,
    );
    println!(
        "limiter table: {} of {} slots used, {} bytes per tracked source",
        limiter.tracked_sources(),
        limiter.capacity(),
        limiter.bytes_per_source()
    );
}

fn via_rewrites(count: u64) {
    let via = "SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff";
    let source = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)), 9988);
    let started = Instant::now();
    for _ in 0..count {
        black_box(via_received_rport(black_box(via), source).expect("valid Via"));
    }
    report("Via received/rport rewrite (IPv4, rport)", count, started);
}

fn main() {
    let hot: Vec<IpAddr> = (0..1000u32)
        .map(|n| IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)))
        .collect();
    hot_sources("IPv4", &hot, 20_000, true);
    hot_sources("IPv4", &hot, 5_000, false);
    let hot_v6: Vec<IpAddr> = (0..1000u128)
        .map(|n| IpAddr::V6(Ipv6Addr::from(0x2001_0db8u128 << 96 | n << 64)))
        .collect();
    hot_sources("IPv6 /64", &hot_v6, 20_000, true);
    c_api_hot_sources(2_000);
    flood_of_new_sources(10_000_000);
    via_rewrites(2_000_000);
}
