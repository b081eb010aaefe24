//! A per-source rate limiter with memory bounded by configuration.
//!
//! Each source address (an IPv4 address, or an IPv6 prefix, /64 by default) gets a token
//! bucket of `burst` requests refilled at `rate` per second. The bucket is kept in the
//! equivalent GCRA form: one "theoretical arrival time" per source, so a decision is a
//! compare and an add, and an entry is 24 bytes.
//!
//! # Memory bound and eviction
//!
//! The table is allocated once with exactly `max_sources` slots and never grows, so a flood
//! from millions of spoofed addresses cannot grow it. When a new source finds no free slot in
//! the few slots it may use, it may take over a slot only from a source that has been idle
//! for `idle_timeout` and whose bucket is therefore full again: forgetting that source loses
//! nothing, because it would come back with a full bucket anyway. A source that is still
//! sending, such as a heavy abuser, is never evicted, so an attacker cannot wash its own
//! history out of the table by spraying new addresses.
//!
//! When no such slot is found, the new source is counted in a shared overflow bucket (one per
//! shard, with the per-source rate and burst) instead of a bucket of its own. This is fail
//! closed for newcomers only: sources already tracked keep their own buckets, while
//! everything unknown shares a small budget until slots go idle. A legitimate source that
//! first appears in the middle of a flood large enough to fill the table can therefore be
//! limited; the table size decides how large that flood must be.
//!
//! # Threads
//!
//! [`RateLimiter`] is `Send + Sync`: the table is split into shards, each behind its own
//! mutex, chosen by a keyed hash of the source so one busy source only contends its shard.

use rand::rngs::OsRng;
use rand::RngCore;
use std::fmt;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

/// How many neighbouring slots a source may occupy; also the eviction candidates.
const PROBE_SLOTS: usize = 8;
/// The most shards a limiter uses.
const MAX_SHARDS: usize = 64;
/// The fewest slots a shard should hold before the table is split further.
const MIN_SLOTS_PER_SHARD: usize = 256;
/// The default idle time after which a full bucket may be forgotten.
const DEFAULT_IDLE_TIMEOUT_NS: u64 = 10_000_000_000;

/// The configuration of a [`RateLimiter`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimitConfig {
    /// Sustained requests per second allowed per source; finite and above zero.
    pub rate_per_second: f64,
    /// Requests a source may send at once after being quiet; at least 1.
    pub burst: f64,
    /// The number of sources tracked at most; the table never holds more.
    pub max_sources: usize,
    /// IPv6 sources are counted per prefix of this many bits (1-128); 64 by default, so a
    /// host cannot dodge its limit by rotating addresses inside its /64.
    pub ipv6_prefix_len: u8,
    /// How long a source must be quiet (with a full bucket) before its slot may be given to
    /// a new source; never less than the time the bucket needs to refill.
    pub idle_timeout_ns: u64,
}

impl RateLimitConfig {
    /// A configuration with the given rate, burst and table size, IPv6 counted per /64 and
    /// a 10 second idle timeout.
    pub fn new(rate_per_second: f64, burst: f64, max_sources: usize) -> Self {
        RateLimitConfig {
            rate_per_second,
            burst,
            max_sources,
            ipv6_prefix_len: 64,
            idle_timeout_ns: DEFAULT_IDLE_TIMEOUT_NS,
        }
    }
}

/// Why a [`RateLimitConfig`] was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimitConfigError(String);

impl fmt::Display for RateLimitConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RateLimitConfigError {}

/// The outcome of one request checked against a [`RateLimiter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Allowed from the source's own bucket.
    Allowed,
    /// Refused: the source's own bucket is empty.
    Limited,
    /// Allowed from the shared overflow bucket (the table had no slot for this source).
    AllowedUntracked,
    /// Refused: the table had no slot and the shared overflow bucket is empty.
    LimitedUntracked,
}

impl Decision {
    /// Whether the request may proceed.
    pub fn is_allowed(self) -> bool {
        matches!(self, Decision::Allowed | Decision::AllowedUntracked)
    }
}

/// A source key: an IPv4 address in its IPv4-mapped IPv6 form, or a masked IPv6 prefix.
type SourceKey = [u64; 2];

/// Marks an unused slot. No real source has this key: it is an all-ones multicast address,
/// which is never a packet's source; such a key is folded onto its neighbour.
const EMPTY: SourceKey = [u64::MAX, u64::MAX];

/// One tracked source: its key and the time its bucket is next full (GCRA's TAT).
#[derive(Clone, Copy, Debug)]
struct Slot {
    key: SourceKey,
    full_at_ns: u64,
}

/// One shard of the table with its overflow bucket.
struct Shard {
    slots: Box<[Slot]>,
    used: usize,
    overflow_full_at_ns: u64,
}

/// The fixed per-limiter numbers a decision needs, in nanoseconds.
#[derive(Clone, Copy, Debug)]
struct Timing {
    emission_ns: u64,
    tolerance_ns: u64,
    idle_ns: u64,
}

impl Timing {
    /// GCRA: a request is allowed when the bucket's "full at" time is at most `tolerance`
    /// ahead of now; an allowed request moves it one emission interval further.
    fn decide(&self, full_at_ns: &mut u64, now_ns: u64) -> bool {
        let start = (*full_at_ns).max(now_ns);
        if start - now_ns > self.tolerance_ns {
            return false;
        }
        *full_at_ns = start.saturating_add(self.emission_ns);
        true
    }

    fn would_allow(&self, full_at_ns: u64, now_ns: u64) -> bool {
        full_at_ns.max(now_ns) - now_ns <= self.tolerance_ns
    }

    fn is_idle(&self, full_at_ns: u64, now_ns: u64) -> bool {
        full_at_ns.saturating_add(self.idle_ns) <= now_ns
    }
}

/// A thread-safe per-source rate limiter with a fixed-size table; see the module
/// documentation for the eviction policy.
pub struct RateLimiter {
    shards: Box<[Mutex<Shard>]>,
    timing: Timing,
    ipv6_mask: u128,
    hash_keys: [u64; 3],
    capacity: usize,
    origin: Instant,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("capacity", &self.capacity)
            .field("shards", &self.shards.len())
            .field("tracked_sources", &self.tracked_sources())
            .finish_non_exhaustive()
    }
}

impl RateLimiter {
    /// A limiter for `config`, with its table allocated now and a hash key from the
    /// operating system's random source.
    pub fn new(config: RateLimitConfig) -> Result<Self, RateLimitConfigError> {
        let timing = check_config(&config)?;
        let shard_count = shard_count(config.max_sources);

        let shards = (0..shard_count)
            .map(|index| {
                let size = shard_size(config.max_sources, shard_count, index);
                let slots = vec![
                    Slot {
                        key: EMPTY,
                        full_at_ns: 0
                    };
                    size
                ]
                .into_boxed_slice();
                Mutex::new(Shard {
                    slots,
                    used: 0,
                    overflow_full_at_ns: 0,
                })
            })
            .collect();

        Ok(RateLimiter {
            shards,
            timing,
            ipv6_mask: prefix_mask(config.ipv6_prefix_len),
            hash_keys: [OsRng.next_u64(), OsRng.next_u64(), OsRng.next_u64() | 1],
            capacity: config.max_sources,
            origin: Instant::now(),
        })
    }

    /// Checks and counts one request from `source` at `now_ns`, a monotonic time in
    /// nanoseconds chosen by the caller (any origin, the same clock for every call).
    pub fn check_at(&self, source: IpAddr, now_ns: u64) -> Decision {
        let key = self.source_key(source);
        let hash = self.hash(key);
        let mut shard = self.shard(hash);
        let shard = &mut *shard;

        match find_or_claim(shard, key, hash, &self.timing, now_ns) {
            Some(index) => {
                if self
                    .timing
                    .decide(&mut shard.slots[index].full_at_ns, now_ns)
                {
                    Decision::Allowed
                } else {
                    Decision::Limited
                }
            }
            None if self.timing.decide(&mut shard.overflow_full_at_ns, now_ns) => {
                Decision::AllowedUntracked
            }
            None => Decision::LimitedUntracked,
        }
    }

    /// Like [`check_at`](Self::check_at), answering only whether the request may proceed.
    pub fn allow_at(&self, source: IpAddr, now_ns: u64) -> bool {
        self.check_at(source, now_ns).is_allowed()
    }

    /// Like [`allow_at`](Self::allow_at) with the time since this limiter was made.
    pub fn allow(&self, source: IpAddr) -> bool {
        self.allow_at(source, self.now_ns())
    }

    /// Whether a request from `source` at `now_ns` would be allowed, without counting it or
    /// adding the source to the table. Useful to refuse a source that has run out of
    /// authentication failures before verifying its credentials.
    pub fn would_allow_at(&self, source: IpAddr, now_ns: u64) -> bool {
        let key = self.source_key(source);
        let hash = self.hash(key);
        let shard = self.shard(hash);

        match find(&shard, key, hash) {
            Some(index) => self
                .timing
                .would_allow(shard.slots[index].full_at_ns, now_ns),
            None => true,
        }
    }

    /// Like [`would_allow_at`](Self::would_allow_at) with the time since this limiter was
    /// made.
    pub fn would_allow(&self, source: IpAddr) -> bool {
        self.would_allow_at(source, self.now_ns())
    }

    /// Nanoseconds since this limiter was made, on the monotonic clock; the time
    /// [`allow`](Self::allow) uses.
    pub fn now_ns(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    /// The number of sources in the table now; never more than [`capacity`](Self::capacity).
    pub fn tracked_sources(&self) -> usize {
        self.shards.iter().map(|shard| lock(shard).used).sum()
    }

    /// The table size: `max_sources` from the configuration.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The memory the table holds per tracked source, in bytes (slots and the shards'
    /// share), measured from the allocation.
    pub fn bytes_per_source(&self) -> usize {
        let slots = self.capacity * std::mem::size_of::<Slot>();
        let shards = self.shards.len() * std::mem::size_of::<Mutex<Shard>>();
        (slots + shards).div_ceil(self.capacity.max(1))
    }

    /// The key a source is counted under: IPv4-mapped IPv6 is IPv4, IPv6 is cut to the
    /// configured prefix.
    fn source_key(&self, source: IpAddr) -> SourceKey {
        let bits = match source.to_canonical() {
            IpAddr::V4(v4) => u128::from(v4.to_ipv6_mapped()),
            IpAddr::V6(v6) => u128::from(v6) & self.ipv6_mask,
        };
        let key = [(bits >> 64) as u64, bits as u64];
        if key == EMPTY {
            [u64::MAX, u64::MAX - 1]
        } else {
            key
        }
    }

    /// A keyed multiply-and-fold hash of the key. The random key keeps an attacker from
    /// choosing addresses that all land in the same slots.
    fn hash(&self, key: SourceKey) -> u64 {
        let [k0, k1, k2] = self.hash_keys;
        let mixed = folded_multiply(key[0] ^ k0, key[1] ^ k1);
        folded_multiply(mixed, k2)
    }

    fn shard(&self, hash: u64) -> MutexGuard<'_, Shard> {
        let index = ((hash >> 32) as usize) % self.shards.len();
        lock(&self.shards[index])
    }
}

fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Locks a shard; a panic while a shard was held cannot leave it inconsistent (every update
/// is a single store), so a poisoned lock is used as is.
fn lock(shard: &Mutex<Shard>) -> MutexGuard<'_, Shard> {
    shard
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The slot of `key` among its probe slots, stopping at the first unused one (slots are
/// never emptied, so the key cannot sit beyond it).
fn find(shard: &Shard, key: SourceKey, hash: u64) -> Option<usize> {
    let size = shard.slots.len();
    if size == 0 {
        return None;
    }
    let home = (hash as u32 as usize) % size;

    for step in 0..PROBE_SLOTS.min(size) {
        let index = (home + step) % size;
        let slot = &shard.slots[index];
        if slot.key == key {
            return Some(index);
        }
        if slot.key == EMPTY {
            return None;
        }
    }
    None
}

/// The slot of `key`, claiming an unused slot or the most idle one past the idle timeout
/// when the key is new; `None` sends the request to the overflow bucket.
fn find_or_claim(
    shard: &mut Shard,
    key: SourceKey,
    hash: u64,
    timing: &Timing,
    now_ns: u64,
) -> Option<usize> {
    let size = shard.slots.len();
    if size == 0 {
        return None;
    }
    let home = (hash as u32 as usize) % size;

    let mut victim: Option<usize> = None;
    for step in 0..PROBE_SLOTS.min(size) {
        let index = (home + step) % size;
        let slot = shard.slots[index];
        if slot.key == key {
            return Some(index);
        }
        if slot.key == EMPTY {
            shard.used += 1;
            shard.slots[index] = Slot { key, full_at_ns: 0 };
            return Some(index);
        }
        let idle = timing.is_idle(slot.full_at_ns, now_ns);
        if idle && victim.map_or(true, |v| slot.full_at_ns < shard.slots[v].full_at_ns) {
            victim = Some(index);
        }
    }

    let index = victim?;
    shard.slots[index] = Slot { key, full_at_ns: 0 };
    Some(index)
}

fn check_config(config: &RateLimitConfig) -> Result<Timing, RateLimitConfigError> {
    let refuse = |why: &str| Err(RateLimitConfigError(why.to_string()));
    if !(config.rate_per_second.is_finite() && config.rate_per_second > 0.0) {
        return refuse("rate must be a finite number of requests per second above 0");
    }
    if !(config.burst.is_finite() && config.burst >= 1.0) {
        return refuse("burst must be a finite number of at least 1");
    }
    if config.max_sources == 0 {
        return refuse("max_sources must be at least 1");
    }
    if !(1..=128).contains(&config.ipv6_prefix_len) {
        return refuse("ipv6_prefix_len must be 1-128");
    }

    let emission = 1e9 / config.rate_per_second;
    let tolerance = emission * (config.burst - 1.0);
    let limit = u64::MAX as f64 / 2.0;
    if emission < 1.0 || emission >= limit || tolerance >= limit {
        return refuse(
            "rate and burst must give an interval between requests of 1 ns to 292 years",
        );
    }
    let refill_ns = (emission * config.burst) as u64;
    Ok(Timing {
        emission_ns: emission as u64,
        tolerance_ns: tolerance as u64,
        idle_ns: config.idle_timeout_ns.max(refill_ns),
    })
}

fn shard_count(max_sources: usize) -> usize {
    let mut count = 1;
    while count < MAX_SHARDS && max_sources / (count * 2) >= MIN_SLOTS_PER_SHARD {
        count *= 2;
    }
    count
}

/// Splits `max_sources` slots over the shards so that they add up exactly.
fn shard_size(max_sources: usize, shard_count: usize, index: usize) -> usize {
    let base = max_sources / shard_count;
    base + usize::from(index < max_sources % shard_count)
}

fn prefix_mask(prefix_len: u8) -> u128 {
    match prefix_len {
        0 => 0,
        len if len >= 128 => u128::MAX,
        len => !(u128::MAX >> len),
    }
}
