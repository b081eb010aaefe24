//! Stateless, unforgeable server nonces and the bounded replay table.
//!
//! A nonce is the unpadded base64url form (alphabet `A-Z a-z 0-9 - _`, 44 characters) of
//! 33 bytes:
//!
//! ```text
//! issue_time (8, seconds since the Unix epoch, big-endian)
//! counter    (8, big-endian, strictly increasing per server)
//! binding    (1, algorithm code << 2 | qop bits: auth = 1, auth-int = 2)
//! tag        (16, HMAC-SHA-256(secret, time || counter || binding || realm), truncated)
//! ```
//!
//! The nonce carries no secret and needs no server state to check: the tag proves that
//! this server issued it for this realm, algorithm and qop offer, so a client cannot move
//! a nonce to a weaker algorithm or drop qop (RFC 7616 section 5.6 downgrade).
//!
//! Replay protection keeps, per nonce, the highest nonce count accepted. The table only
//! grows when a response has verified, so unauthenticated traffic and issued challenges
//! cost no memory. When the table is full the oldest-issued entry (lowest counter) is
//! evicted and a low watermark is raised to its counter: a nonce at or below the watermark
//! that is not in the table is answered stale, which forces a fresh challenge, so eviction
//! never re-enables a replay. The watermark starts just below the first counter, and the
//! counter starts at the start-up time in microseconds, so nonces issued before a restart
//! (with the same caller-supplied secret) are answered stale too.

use super::algorithm::{Algorithm, QopSet};
use super::compute::constant_time_eq;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::Sha256;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};
use zeroize::Zeroizing;

/// The length of a nonce's binary form.
const NONCE_BYTES: usize = 33;

/// The length of a nonce as text (unpadded base64url of 33 bytes).
pub const NONCE_TEXT_LEN: usize = 44;

/// The length of the truncated HMAC tag.
const TAG_BYTES: usize = 16;

/// What a nonce was issued for, recovered from an authentic nonce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NonceInfo {
    /// Seconds since the Unix epoch when the nonce was issued.
    pub issue_time: u64,
    /// The server's issue counter; unique per nonce and increasing.
    pub counter: u64,
    /// The algorithm the challenge named.
    pub algorithm: Algorithm,
    /// The qop values the challenge offered (empty: no qop).
    pub qop: QopSet,
}

/// Why a nonce was refused by [`NonceIssuer::check`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonceError {
    /// Not a nonce of this server and realm (wrong form, forged or altered tag).
    NotOurs,
}

/// Issues and authenticates nonces with a secret key.
///
/// The HMAC key state is computed once and cloned for each nonce, which keeps issuing and
/// checking cheap. `Debug` never shows the secret. Known shortcoming: the `hmac` crate
/// (0.12, without its zeroize support) does not wipe that key state, derived from the
/// secret, when the issuer is dropped; the secret itself is wiped by the server.
pub struct NonceIssuer {
    mac: Hmac<Sha256>,
    realm: String,
    counter: AtomicU64,
    first_counter: u64,
}

impl fmt::Debug for NonceIssuer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("NonceIssuer")
            .field("realm", &self.realm)
            .finish_non_exhaustive()
    }
}

/// The current time in seconds since the Unix epoch (0 if the clock is before 1970).
pub fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0)
}

fn now_micros() -> u64 {
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX / 2)
}

/// A fresh 32-byte random secret from the operating system, wiped when dropped.
pub fn random_secret() -> Zeroizing<[u8; 32]> {
    let mut secret = Zeroizing::new([0u8; 32]);
    OsRng.fill_bytes(secret.as_mut());
    secret
}

impl NonceIssuer {
    /// An issuer for `realm` keyed with `secret` (any length; 32 random bytes is typical).
    pub fn new(secret: &[u8], realm: &str) -> Self {
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        let first_counter = now_micros().max(1);
        NonceIssuer {
            mac,
            realm: realm.to_owned(),
            counter: AtomicU64::new(first_counter),
            first_counter,
        }
    }

    /// The counter of the first nonce this issuer hands out; lower counters come from
    /// before it started.
    pub fn first_counter(&self) -> u64 {
        self.first_counter
    }

    fn tag(&self, plain: &[u8]) -> [u8; TAG_BYTES] {
        let mut mac = self.mac.clone();
        mac.update(plain);
        mac.update(self.realm.as_bytes());
        let full = mac.finalize().into_bytes();
        let mut tag = [0u8; TAG_BYTES];
        tag.copy_from_slice(&full[..TAG_BYTES]);
        tag
    }

    /// A tag over `label` and the realm, for values derived from the secret (the opaque
    /// value); labels never have the 17-byte length of a nonce prefix.
    pub fn tag_for_label(&self, label: &[u8]) -> [u8; TAG_BYTES] {
        debug_assert_ne!(label.len(), 17);
        self.tag(label)
    }

    /// Issues a nonce for a challenge naming `algorithm` and offering `qop`, at `now`
    /// (seconds since the Unix epoch). Returns the nonce text and its counter.
    pub fn issue_at(&self, algorithm: Algorithm, qop: QopSet, now: u64) -> (String, u64) {
        let counter = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut raw = [0u8; NONCE_BYTES];
        raw[..8].copy_from_slice(&now.to_be_bytes());
        raw[8..16].copy_from_slice(&counter.to_be_bytes());
        raw[16] = algorithm.code() << 2 | qop.bits();
        let tag = self.tag(&raw[..17]);
        raw[17..].copy_from_slice(&tag);

        (URL_SAFE_NO_PAD.encode(raw), counter)
    }

    /// Checks that `nonce` is authentic (issued by this issuer for this realm) and returns
    /// what it was issued for. The tag is compared in constant time.
    pub fn check(&self, nonce: &str) -> Result<NonceInfo, NonceError> {
        if nonce.len() != NONCE_TEXT_LEN {
            return Err(NonceError::NotOurs);
        }
        let mut raw = [0u8; NONCE_BYTES];
        match URL_SAFE_NO_PAD.decode_slice(nonce.as_bytes(), &mut raw) {
            Ok(NONCE_BYTES) => {}
            _ => return Err(NonceError::NotOurs),
        }

        let expected = self.tag(&raw[..17]);
        if !constant_time_eq(&expected, &raw[17..]) {
            return Err(NonceError::NotOurs);
        }

        let algorithm = Algorithm::from_code(raw[16] >> 2).ok_or(NonceError::NotOurs)?;
        Ok(NonceInfo {
            issue_time: u64::from_be_bytes(raw[..8].try_into().unwrap_or_default()),
            counter: u64::from_be_bytes(raw[8..16].try_into().unwrap_or_default()),
            algorithm,
            qop: QopSet::from_bits(raw[16]),
        })
    }
}

/// What the replay table decided for a verified response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayDecision {
    /// The nonce count is new: accepted and recorded.
    Fresh,
    /// The nonce count is not above the highest one accepted for this nonce.
    Replay,
    /// The nonce fell out of the table (or predates this server): ask for a new one.
    Forgotten,
}

/// One tracked nonce: the highest nonce count accepted. `u64::MAX` marks a single-use
/// nonce (no qop) that has been used.
#[derive(Clone, Copy, Debug)]
struct Tracked {
    highest_nc: u64,
}

/// The bytes a tracked nonce costs in the table, as estimated for capacity planning: the
/// key, the value and the B-tree's per-entry share of node overhead.
pub const BYTES_PER_TRACKED_NONCE: usize =
    std::mem::size_of::<u64>() + std::mem::size_of::<Tracked>() + 16;

struct ReplayState {
    entries: BTreeMap<u64, Tracked>,
    watermark: u64,
}

/// The bounded, thread-safe table of highest accepted nonce counts, keyed by nonce counter.
pub struct ReplayTable {
    state: Mutex<ReplayState>,
    capacity: usize,
}

impl fmt::Debug for ReplayTable {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ReplayTable")
            .field("capacity", &self.capacity)
            .finish()
    }
}

impl ReplayTable {
    /// A table holding at most `capacity` nonces (at least 1); nonces with a counter at or
    /// below `watermark` are treated as forgotten from the start.
    pub fn new(capacity: usize, watermark: u64) -> Self {
        let state = ReplayState {
            entries: BTreeMap::new(),
            watermark,
        };
        ReplayTable {
            state: Mutex::new(state),
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ReplayState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records nonce count `nc` for the nonce with `counter`, or says why not. `nc` is
    /// `None` for a single-use nonce answered without qop. Call only after the response
    /// verified.
    pub fn accept(&self, counter: u64, nc: Option<u32>) -> ReplayDecision {
        let mut state = self.lock();

        if let Some(tracked) = state.entries.get_mut(&counter) {
            return match nc {
                Some(nc) if u64::from(nc) > tracked.highest_nc => {
                    tracked.highest_nc = u64::from(nc);
                    ReplayDecision::Fresh
                }
                _ => ReplayDecision::Replay,
            };
        }
        if counter <= state.watermark {
            return ReplayDecision::Forgotten;
        }

        if state.entries.len() >= self.capacity {
            let oldest = state.entries.keys().next().copied().unwrap_or(u64::MAX);
            if counter < oldest {
                // The newcomer is the oldest-issued of all: it is the one to forget.
                state.watermark = state.watermark.max(counter);
                return ReplayDecision::Forgotten;
            }
            state.entries.pop_first();
            state.watermark = state.watermark.max(oldest);
        }
        let highest_nc = nc.map_or(u64::MAX, u64::from);
        state.entries.insert(counter, Tracked { highest_nc });
        ReplayDecision::Fresh
    }

    /// How many nonces are tracked now.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether no nonce is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most nonces the table holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The current low watermark: untracked nonces at or below it are answered stale.
    pub fn watermark(&self) -> u64 {
        self.lock().watermark
    }
}
