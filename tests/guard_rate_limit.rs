//! The per-source rate limiter, driven by an injected clock so that every outcome is exact.

use sipsec::guard::{Decision, RateLimitConfig, RateLimiter};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

const SECOND: u64 = 1_000_000_000;

fn ip(text: &str) -> IpAddr {
    text.parse().expect("test address")
}

fn limiter(rate: f64, burst: f64, max_sources: usize) -> RateLimiter {
    RateLimiter::new(RateLimitConfig::new(rate, burst, max_sources)).expect("valid config")
}

#[test]
fn a_burst_is_allowed_then_the_sustained_rate() {
    let limiter = limiter(10.0, 5.0, 100);
    let source = ip("192.0.2.10");

    let burst: Vec<bool> = (0..7).map(|_| limiter.allow_at(source, SECOND)).collect();
    assert_eq!(burst, [true, true, true, true, true, false, false]);

    // One token comes back every 100 ms.
    assert!(!limiter.allow_at(source, SECOND + 99_000_000));
    assert!(limiter.allow_at(source, SECOND + 100_000_000));
    assert!(!limiter.allow_at(source, SECOND + 100_000_000));

    // After a long pause the bucket is full again, but never fuller than the burst.
    let later: usize = (0..10)
        .filter(|_| limiter.allow_at(source, 100 * SECOND))
        .count();
    assert_eq!(later, 5);
}

#[test]
fn sources_are_counted_separately() {
    let limiter = limiter(1.0, 1.0, 100);
    assert!(limiter.allow_at(ip("192.0.2.1"), 0));
    assert!(!limiter.allow_at(ip("192.0.2.1"), 0));
    assert!(limiter.allow_at(ip("192.0.2.2"), 0));
    assert_eq!(limiter.tracked_sources(), 2);
}

#[test]
fn ipv6_is_counted_per_64_by_default() {
    let limiter = limiter(1.0, 2.0, 100);
    assert!(limiter.allow_at(ip("2001:db8:1:2::1"), 0));
    assert!(limiter.allow_at(ip("2001:db8:1:2:ffff:eeee:dddd:cccc"), 0));
    assert!(
        !limiter.allow_at(ip("2001:db8:1:2::99"), 0),
        "same /64, budget spent"
    );
    assert!(limiter.allow_at(ip("2001:db8:1:3::1"), 0), "another /64");
    assert_eq!(limiter.tracked_sources(), 2);
}

#[test]
fn the_ipv6_prefix_is_configurable() {
    let config = RateLimitConfig {
        ipv6_prefix_len: 128,
        ..RateLimitConfig::new(1.0, 1.0, 100)
    };
    let limiter = RateLimiter::new(config).unwrap();
    assert!(limiter.allow_at(ip("2001:db8::1"), 0));
    assert!(limiter.allow_at(ip("2001:db8::2"), 0));
    assert!(!limiter.allow_at(ip("2001:db8::1"), 0));

    let config = RateLimitConfig {
        ipv6_prefix_len: 48,
        ..RateLimitConfig::new(1.0, 1.0, 100)
    };
    let limiter = RateLimiter::new(config).unwrap();
    assert!(limiter.allow_at(ip("2001:db8:5:1::1"), 0));
    assert!(!limiter.allow_at(ip("2001:db8:5:2::1"), 0), "same /48");
}

#[test]
fn ipv4_mapped_ipv6_is_the_same_source_as_ipv4() {
    let limiter = limiter(1.0, 1.0, 100);
    assert!(limiter.allow_at(ip("::ffff:192.0.2.33"), 0));
    assert!(!limiter.allow_at(ip("192.0.2.33"), 0));
    assert_eq!(limiter.tracked_sources(), 1);
}

#[test]
fn ipv4_sources_are_not_grouped_with_their_neighbours() {
    let limiter = limiter(1.0, 1.0, 100);
    assert!(limiter.allow_at(ip("198.51.100.1"), 0));
    assert!(limiter.allow_at(ip("198.51.100.2"), 0));
    assert!(limiter.allow_at(ip("::1"), 0));
    assert!(!limiter.allow_at(ip("::"), 0), "::1 and :: share a /64");
    assert_eq!(limiter.tracked_sources(), 3);
}

#[test]
fn would_allow_does_not_count() {
    let limiter = limiter(1.0, 1.0, 100);
    let source = ip("192.0.2.44");
    assert!(limiter.would_allow_at(source, 0));
    assert_eq!(limiter.tracked_sources(), 0);
    assert!(limiter.allow_at(source, 0));
    assert!(!limiter.would_allow_at(source, 0));
    assert!(limiter.would_allow_at(source, SECOND));
}

#[test]
fn bad_configurations_are_refused() {
    let base = RateLimitConfig::new(10.0, 20.0, 1000);
    for config in [
        RateLimitConfig {
            rate_per_second: 0.0,
            ..base
        },
        RateLimitConfig {
            rate_per_second: f64::NAN,
            ..base
        },
        RateLimitConfig {
            rate_per_second: f64::INFINITY,
            ..base
        },
        RateLimitConfig { burst: 0.5, ..base },
        RateLimitConfig {
            max_sources: 0,
            ..base
        },
        RateLimitConfig {
            ipv6_prefix_len: 0,
            ..base
        },
        RateLimitConfig {
            ipv6_prefix_len: 129,
            ..base
        },
        RateLimitConfig {
            rate_per_second: 1e-12,
            burst: 1e12,
            ..base
        },
        RateLimitConfig {
            rate_per_second: 1e-12,
            burst: 1.0,
            ..base
        },
        RateLimitConfig {
            rate_per_second: 2e9,
            ..base
        },
    ] {
        assert!(RateLimiter::new(config).is_err(), "{config:?} was accepted");
    }
}

#[test]
fn a_full_table_never_grows_and_newcomers_share_the_overflow_bucket() {
    let limiter = limiter(1.0, 1.0, 64);
    for n in 0..10_000u32 {
        limiter.allow_at(IpAddr::V4(Ipv4Addr::from(n)), 0);
        assert!(limiter.tracked_sources() <= 64);
    }
    assert_eq!(limiter.tracked_sources(), 64);

    // Every slot was used within the idle timeout, so a newcomer is not tracked.
    let newcomer = limiter.check_at(ip("203.0.113.1"), 1);
    assert!(matches!(
        newcomer,
        Decision::LimitedUntracked | Decision::AllowedUntracked
    ));
}

#[test]
fn an_idle_full_source_is_replaced_and_an_active_one_is_not() {
    let limiter = limiter(1.0, 1.0, 8);
    for n in 0..8u32 {
        assert!(limiter.allow_at(IpAddr::V4(Ipv4Addr::from(n)), 0));
    }
    let idle_timeout = 10 * SECOND;

    // Source 0 keeps sending; the others go quiet.
    for t in 1..=11 {
        limiter.allow_at(IpAddr::V4(Ipv4Addr::from(0u32)), t * SECOND);
    }
    let now = idle_timeout + 2 * SECOND;
    for n in 100..107u32 {
        assert_eq!(
            limiter.check_at(IpAddr::V4(Ipv4Addr::from(n)), now),
            Decision::Allowed
        );
    }
    assert_eq!(limiter.tracked_sources(), 8);

    // Source 0 kept its bucket (spent at 11 s, so limited at 11.5 s).
    assert_eq!(
        limiter.check_at(IpAddr::V4(Ipv4Addr::from(0u32)), 11 * SECOND + SECOND / 2),
        Decision::Limited
    );
}

/// A small, fixed pseudo-random sequence (xorshift) for spoofed addresses.
struct Spoofer(u64);

impl Spoofer {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn address(&mut self) -> IpAddr {
        let bits = self.next();
        if bits & 1 == 0 {
            IpAddr::V4(Ipv4Addr::from(bits as u32))
        } else {
            let high = u128::from(self.next()) << 64;
            IpAddr::V6(Ipv6Addr::from(
                0x2000u128 << 112 | high >> 16 | u128::from(bits),
            ))
        }
    }
}

#[test]
fn a_flood_of_spoofed_sources_keeps_the_bound_the_abuser_limited_and_the_user_served() {
    const MAX_SOURCES: usize = 10_000;
    const DECISIONS: u64 = 2_000_000;
    const STEP_NS: u64 = 5_000; // 200,000 packets per second of simulated time: 10 s in all
    let limiter = limiter(5.0, 10.0, MAX_SOURCES);
    let abuser = ip("198.51.100.66");
    let user = ip("2001:db8:77::5");
    let mut spoofer = Spoofer(0x9e37_79b9_7f4a_7c15);

    let (mut abuser_allowed, mut abuser_sent) = (0u64, 0u64);
    let (mut user_allowed, mut user_sent) = (0u64, 0u64);
    for step in 0..DECISIONS {
        let now = SECOND + step * STEP_NS;
        match step % 10 {
            // The abuser sends a tenth of the traffic: 20,000 packets per second.
            0 => {
                abuser_sent += 1;
                abuser_allowed += u64::from(limiter.allow_at(abuser, now));
                // At no moment more than the burst plus the rate times the time so far.
                let elapsed = (now - SECOND) as f64 / SECOND as f64;
                assert!(
                    abuser_allowed as f64 <= 10.0 + 5.0 * elapsed + 1.0,
                    "at {now} ns"
                );
            }
            // The user sends one request every half second.
            5 if step % 100_000 == 5 => {
                user_sent += 1;
                user_allowed += u64::from(limiter.allow_at(user, now));
            }
            _ => {
                limiter.allow_at(spoofer.address(), now);
            }
        }
        if step % 4096 == 0 {
            assert!(
                limiter.tracked_sources() <= MAX_SOURCES,
                "table grew at step {step}"
            );
        }
    }

    let seconds = DECISIONS * STEP_NS / SECOND;
    assert_eq!(
        limiter.tracked_sources(),
        MAX_SOURCES,
        "the flood filled the table"
    );
    assert!(abuser_sent > 100_000);
    assert!(
        abuser_allowed <= 10 + 5 * seconds + 1,
        "abuser got {abuser_allowed} of {abuser_sent} through in {seconds} s"
    );
    assert!(
        abuser_allowed >= 5 * seconds,
        "the abuser's own bucket was lost: {abuser_allowed}"
    );
    assert_eq!(user_allowed, user_sent, "the low-rate user was limited");
    assert!(user_sent >= 19);
}

#[test]
fn the_limiter_is_shared_between_threads() {
    let limiter = Arc::new(limiter(1.0, 100.0, 1000));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let limiter = Arc::clone(&limiter);
            std::thread::spawn(move || {
                (0..1000)
                    .filter(|_| limiter.allow_at(ip("192.0.2.200"), 0))
                    .count()
            })
        })
        .collect();

    let allowed: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(allowed, 100, "exactly the burst across all threads");
}

#[test]
fn bytes_per_source_is_small_and_the_real_clock_works() {
    let limiter = limiter(1000.0, 1000.0, 100_000);
    assert!(
        limiter.bytes_per_source() <= 32,
        "{}",
        limiter.bytes_per_source()
    );
    assert!(limiter.allow(ip("192.0.2.1")));
    assert!(limiter.would_allow(ip("192.0.2.1")));
}
