//! The server side: challenges and verification of credentials (RFC 3261 section 22.4,
//! RFC 7616 section 3.3 and 3.4).
//!
//! Credentials are kept only as HA1 values per user and hash function (the realm is the
//! server's one realm), wiped from memory when dropped. A password passed to
//! [`DigestServer::add_user`] is used to derive those HA1 values and is not kept.

use super::algorithm::{Algorithm, HashFunction, HexDigest, Qop, QopSet};
use super::compute::{self, Ha1, ResponseInput};
use super::nonce::{self, NonceIssuer, ReplayDecision, ReplayTable};
use super::parse::{self, Credentials, ParseError};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::RwLock;

/// The nonce lifetime used when none is configured, in seconds.
pub const DEFAULT_NONCE_TTL: u64 = 300;

/// The replay-table capacity used when none is configured.
pub const DEFAULT_MAX_TRACKED_NONCES: usize = 65536;

/// How a [`DigestServer`] is set up.
#[derive(Clone)]
pub struct ServerConfig {
    /// The realm (protection space) named in challenges and required in credentials.
    pub realm: String,
    /// The algorithms offered, one challenge each, in this order.
    pub algorithms: Vec<Algorithm>,
    /// The qop values offered; empty means challenges without qop (RFC 2069 style).
    pub qop: QopSet,
    /// How long a nonce stays valid, in seconds.
    pub nonce_ttl: u64,
    /// The most nonces whose counts are tracked for replay protection.
    pub max_tracked_nonces: usize,
    /// The nonce key. `None` draws 32 random bytes from the operating system; give the same
    /// secret to several servers so they accept each other's nonces. [`DigestServer::new`]
    /// wipes the copy it is given (clones of the config are the caller's to wipe).
    pub secret: Option<Vec<u8>>,
    /// Whether challenges ask for a hashed username (`userhash=true`, RFC 7616 3.4.4).
    /// Credentials with `userhash=true` are accepted either way.
    pub userhash: bool,
}

impl fmt::Debug for ServerConfig {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ServerConfig")
            .field("realm", &self.realm)
            .field("algorithms", &self.algorithms)
            .field("qop", &self.qop)
            .field("nonce_ttl", &self.nonce_ttl)
            .field("max_tracked_nonces", &self.max_tracked_nonces)
            .field("secret", &self.secret.as_ref().map(|_| "hidden"))
            .field("userhash", &self.userhash)
            .finish()
    }
}

impl ServerConfig {
    /// A configuration for `realm` offering SHA-256 then MD5 with qop=auth and defaults
    /// for the rest.
    pub fn new(realm: &str) -> Self {
        ServerConfig {
            realm: realm.to_owned(),
            algorithms: vec![Algorithm::Sha256, Algorithm::Md5],
            qop: QopSet::of(&[Qop::Auth]),
            nonce_ttl: DEFAULT_NONCE_TTL,
            max_tracked_nonces: DEFAULT_MAX_TRACKED_NONCES,
            secret: None,
            userhash: false,
        }
    }
}

/// Why a server could not be built or a user not added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerError {
    /// The configuration is unusable; the text says which field.
    InvalidConfig(String),
    /// An HA1 is not hex of the algorithm's digest length.
    BadHa1,
}

impl fmt::Display for ServerError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::InvalidConfig(why) => formatter.write_str(why),
            ServerError::BadHa1 => formatter.write_str("HA1 is not hex of the digest length"),
        }
    }
}

impl std::error::Error for ServerError {}

/// The client-visible result of a verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The credentials are valid: let the request through.
    Ok,
    /// The credentials are valid but the nonce expired or was forgotten: challenge again
    /// with `stale=true` (RFC 7616 section 3.3), the client need not ask its user.
    Stale,
    /// The credentials are refused: challenge again without `stale`.
    Rejected,
}

/// Why a verification ended as it did, for the operator's log. Unknown user and wrong
/// password both give [`Outcome::Rejected`]; only this reason tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Nothing wrong (outcome OK).
    None,
    /// The nonce expired or left the replay table (outcome STALE).
    StaleNonce,
    /// The header value could not be parsed.
    Malformed,
    /// The realm is not the server's.
    WrongRealm,
    /// The `uri` parameter differs from the Request-URI.
    UriMismatch,
    /// The algorithm is not offered, or not the one the nonce was issued for.
    AlgorithmMismatch,
    /// The qop is not one the nonce was issued with (including a dropped qop).
    QopMismatch,
    /// The opaque value differs from the one the server sent.
    OpaqueMismatch,
    /// The nonce was not issued by this server for this realm.
    BadNonce,
    /// The nonce count is not above the highest already accepted for this nonce.
    Replay,
    /// No such user.
    UnknownUser,
    /// The response does not match (wrong password, or altered request).
    BadResponse,
}

impl Reason {
    /// Every reason, in number order.
    pub const ALL: [Reason; 12] = [
        Reason::None,
        Reason::StaleNonce,
        Reason::Malformed,
        Reason::WrongRealm,
        Reason::UriMismatch,
        Reason::AlgorithmMismatch,
        Reason::QopMismatch,
        Reason::OpaqueMismatch,
        Reason::BadNonce,
        Reason::Replay,
        Reason::UnknownUser,
        Reason::BadResponse,
    ];

    /// The machine word for logs, such as `bad_response`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::None => "none",
            Reason::StaleNonce => "stale_nonce",
            Reason::Malformed => "malformed",
            Reason::WrongRealm => "wrong_realm",
            Reason::UriMismatch => "uri_mismatch",
            Reason::AlgorithmMismatch => "algorithm_mismatch",
            Reason::QopMismatch => "qop_mismatch",
            Reason::OpaqueMismatch => "opaque_mismatch",
            Reason::BadNonce => "bad_nonce",
            Reason::Replay => "replay",
            Reason::UnknownUser => "unknown_user",
            Reason::BadResponse => "bad_response",
        }
    }

    /// The outcome this reason belongs to.
    pub const fn outcome(self) -> Outcome {
        match self {
            Reason::None => Outcome::Ok,
            Reason::StaleNonce => Outcome::Stale,
            _ => Outcome::Rejected,
        }
    }
}

/// The result of [`DigestServer::verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict<'a> {
    /// What to do with the request.
    pub outcome: Outcome,
    /// Why, for the log.
    pub reason: Reason,
    /// The username as sent (with `userhash`, the user it resolved to), when parsable.
    pub username: Option<Cow<'a, str>>,
    /// The parse problem when the reason is [`Reason::Malformed`].
    pub parse_error: Option<ParseError>,
}

impl<'a> Verdict<'a> {
    fn new(reason: Reason, username: Option<Cow<'a, str>>) -> Self {
        Verdict {
            outcome: reason.outcome(),
            reason,
            username,
            parse_error: None,
        }
    }

    fn malformed(error: ParseError) -> Self {
        Verdict {
            outcome: Outcome::Rejected,
            reason: Reason::Malformed,
            username: None,
            parse_error: Some(error),
        }
    }
}

/// The HA1 values of one user, one slot per hash function.
#[derive(Default)]
struct UserRecord {
    ha1: [Option<Ha1>; 3],
}

#[derive(Default)]
struct UserStore {
    users: HashMap<String, UserRecord>,
    /// userhash hex -> username, per hash function.
    by_userhash: [HashMap<String, String>; 3],
}

/// A digest authentication server for one realm.
///
/// All methods take `&self` and the server is `Send + Sync`: share it between threads
/// (for example in an `Arc`). Users may be added while verifications run.
pub struct DigestServer {
    realm: String,
    algorithms: Vec<Algorithm>,
    qop: QopSet,
    nonce_ttl: u64,
    userhash: bool,
    issuer: NonceIssuer,
    opaque: String,
    users: RwLock<UserStore>,
    replay: ReplayTable,
    dummy_ha1: [Ha1; 3],
}

impl fmt::Debug for DigestServer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("DigestServer")
            .field("realm", &self.realm)
            .field("algorithms", &self.algorithms)
            .field("qop", &self.qop)
            .field("nonce_ttl", &self.nonce_ttl)
            .finish_non_exhaustive()
    }
}

fn check_config(config: &ServerConfig) -> Result<(), ServerError> {
    let invalid = |why: &str| Err(ServerError::InvalidConfig(why.to_owned()));
    if config.algorithms.is_empty() {
        return invalid("algorithms: at least one algorithm is needed");
    }
    for (index, algorithm) in config.algorithms.iter().enumerate() {
        if config.algorithms[..index].contains(algorithm) {
            return invalid("algorithms: an algorithm is listed twice");
        }
    }
    if config.realm.is_empty() || config.realm.len() > 256 {
        return invalid("realm: must be 1 to 256 bytes");
    }
    if config.realm.bytes().any(|byte| byte.is_ascii_control()) {
        return invalid("realm: must not contain control characters");
    }
    if config.nonce_ttl == 0 {
        return invalid("nonce_ttl: must be at least one second");
    }
    Ok(())
}

impl DigestServer {
    /// Builds a server; fails on an empty algorithm list, a repeated algorithm, an empty or
    /// oversized realm, or a zero nonce lifetime.
    pub fn new(mut config: ServerConfig) -> Result<Self, ServerError> {
        // The caller's copy of the secret is moved into wiped memory before anything can
        // fail, so it is erased on every path.
        let given = config.secret.take().map(zeroize::Zeroizing::new);
        check_config(&config)?;

        let secret = match given {
            Some(given) => given,
            None => zeroize::Zeroizing::new(nonce::random_secret().to_vec()),
        };
        let issuer = NonceIssuer::new(&secret, &config.realm);
        let opaque = opaque_for(&secret, &config.realm);
        let replay = ReplayTable::new(config.max_tracked_nonces, issuer.first_counter() - 1);
        let dummy_hex = HexDigest::from_bytes(nonce::random_secret().as_ref());
        let dummy_ha1 = HashFunction::ALL.map(|hash| {
            let hex = &dummy_hex.as_str()[..hash.hex_len()];
            Ha1::from_hex(hash, hex).unwrap_or_else(|| Ha1::from_password(hash, "", "", ""))
        });

        Ok(DigestServer {
            realm: config.realm,
            algorithms: config.algorithms,
            qop: config.qop,
            nonce_ttl: config.nonce_ttl,
            userhash: config.userhash,
            issuer,
            opaque,
            users: RwLock::new(UserStore::default()),
            replay,
            dummy_ha1,
        })
    }

    /// The realm.
    pub fn realm(&self) -> &str {
        &self.realm
    }

    /// The algorithms offered, in challenge order.
    pub fn algorithms(&self) -> &[Algorithm] {
        &self.algorithms
    }

    /// The replay table, for monitoring its size.
    pub fn replay_table(&self) -> &ReplayTable {
        &self.replay
    }

    /// Adds (or replaces) a user from a password: the HA1 for every configured hash
    /// function is derived and kept; the password itself is not stored.
    pub fn add_user(&self, username: &str, password: &str) {
        let mut record = UserRecord::default();
        for algorithm in &self.algorithms {
            let hash = algorithm.hash();
            record.ha1[hash.index()] =
                Some(Ha1::from_password(hash, username, &self.realm, password));
        }
        self.store_user(username, record);
    }

    /// Adds an HA1 given as hex (H(username:realm:password) for `algorithm`'s hash, either
    /// case) for a user, beside any HA1 the user already has for other hash functions.
    pub fn add_user_ha1(
        &self,
        username: &str,
        algorithm: Algorithm,
        ha1_hex: &str,
    ) -> Result<(), ServerError> {
        let hash = algorithm.hash();
        let ha1 = Ha1::from_hex(hash, ha1_hex).ok_or(ServerError::BadHa1)?;

        let mut store = self.write_users();
        let record = store.users.entry(username.to_owned()).or_default();
        record.ha1[hash.index()] = Some(ha1);
        let userhash = compute::userhash(hash, username, &self.realm);
        store.by_userhash[hash.index()].insert(userhash.as_str().to_owned(), username.to_owned());
        Ok(())
    }

    fn store_user(&self, username: &str, record: UserRecord) {
        let mut store = self.write_users();
        for hash in HashFunction::ALL {
            if record.ha1[hash.index()].is_some() {
                let userhash = compute::userhash(hash, username, &self.realm);
                let index = &mut store.by_userhash[hash.index()];
                index.insert(userhash.as_str().to_owned(), username.to_owned());
            }
        }
        store.users.insert(username.to_owned(), record);
    }

    fn write_users(&self) -> std::sync::RwLockWriteGuard<'_, UserStore> {
        self.users
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn read_users(&self) -> std::sync::RwLockReadGuard<'_, UserStore> {
        self.users
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The challenge value (after `WWW-Authenticate: ` or `Proxy-Authenticate: `, which
    /// carry the same value) for the configured algorithm at `index`, with a fresh nonce.
    /// `stale` adds `stale=true`. Returns `None` when `index` is out of range.
    pub fn challenge(&self, index: usize, stale: bool) -> Option<String> {
        self.challenge_at(index, stale, nonce::now_seconds())
    }

    /// Like [`DigestServer::challenge`] with the clock given (seconds since the epoch).
    pub fn challenge_at(&self, index: usize, stale: bool, now: u64) -> Option<String> {
        let algorithm = *self.algorithms.get(index)?;
        let (nonce, _) = self.issuer.issue_at(algorithm, self.qop, now);

        let mut value = String::with_capacity(160 + self.realm.len());
        value.push_str("Digest realm=");
        parse::push_quoted(&mut value, &self.realm);
        value.push_str(", nonce=\"");
        value.push_str(&nonce);
        value.push_str("\", opaque=\"");
        value.push_str(&self.opaque);
        value.push_str("\", algorithm=");
        value.push_str(algorithm.name());
        if !self.qop.is_empty() {
            value.push_str(", qop=\"");
            value.push_str(&self.qop.to_list());
            value.push('"');
        }
        if self.userhash {
            value.push_str(", userhash=true");
        }
        if stale {
            value.push_str(", stale=true");
        }
        Some(value)
    }

    /// One challenge per configured algorithm, in configured order.
    pub fn challenges(&self, stale: bool) -> Vec<String> {
        (0..self.algorithms.len())
            .filter_map(|index| self.challenge(index, stale))
            .collect()
    }

    /// Verifies an Authorization or Proxy-Authorization value for a request with `method`,
    /// Request-URI `request_uri` and `body` (hashed for qop=auth-int only).
    ///
    /// The credentials' `uri` must equal `request_uri` byte for byte: pass the Request-URI
    /// exactly as it appears on the request line. The replay table is changed only when
    /// the response verified.
    pub fn verify<'a>(
        &self,
        method: &str,
        request_uri: &str,
        authorization: &'a str,
        body: &[u8],
    ) -> Verdict<'a> {
        self.verify_at(
            method,
            request_uri,
            authorization,
            body,
            nonce::now_seconds(),
        )
    }

    /// Like [`DigestServer::verify`] with the clock given (seconds since the epoch).
    pub fn verify_at<'a>(
        &self,
        method: &str,
        request_uri: &str,
        authorization: &'a str,
        body: &[u8],
        now: u64,
    ) -> Verdict<'a> {
        let credentials = match parse::parse_credentials(authorization) {
            Ok(credentials) => credentials,
            Err(error) => return Verdict::malformed(error),
        };
        self.verify_credentials_at(credentials, method, request_uri, body, now)
    }

    /// Verifies credentials already parsed with [`parse::parse_credentials`]; otherwise as
    /// [`DigestServer::verify_at`]. Useful to look at [`DigestServer::username_of`] first.
    pub fn verify_credentials_at<'a>(
        &self,
        credentials: Credentials<'a>,
        method: &str,
        request_uri: &str,
        body: &[u8],
        now: u64,
    ) -> Verdict<'a> {
        let request = Request {
            method,
            request_uri,
            body,
            now,
        };
        let (counter, expired) = match self.check_binding(&credentials, &request) {
            Ok(found) => found,
            Err(reason) => return Verdict::new(reason, Some(credentials.username)),
        };

        let (username, reason) = self.check_response(&credentials, &request);
        if reason != Reason::None {
            return Verdict::new(reason, Some(username));
        }

        // RFC 7616 section 3.3: a valid response on an old nonce is stale, not a failure;
        // it is decided only after the response verified, and it changes no state.
        if expired {
            return Verdict::new(Reason::StaleNonce, Some(username));
        }
        let nc = credentials.nc.map(|nc| nc.value);
        let reason = match self.replay.accept(counter, nc) {
            ReplayDecision::Fresh => Reason::None,
            ReplayDecision::Replay => Reason::Replay,
            ReplayDecision::Forgotten => Reason::StaleNonce,
        };
        Verdict::new(reason, Some(username))
    }

    /// The username the credentials speak for: as sent, or with `userhash=true` the user
    /// whose userhash it is (the hash as sent when no user matches).
    pub fn username_of<'a>(&self, credentials: &Credentials<'a>) -> Cow<'a, str> {
        self.resolve_user(credentials)
            .unwrap_or_else(|| credentials.username.clone())
    }

    /// The user the credentials name, or `None` when a userhash matches no user: a plain
    /// name sent with `userhash=true` must not be taken for that name.
    fn resolve_user<'a>(&self, credentials: &Credentials<'a>) -> Option<Cow<'a, str>> {
        if !credentials.userhash {
            return Some(credentials.username.clone());
        }
        let hash = credentials.algorithm.hash();
        let lower = credentials.username.to_ascii_lowercase();
        let store = self.read_users();
        store.by_userhash[hash.index()]
            .get(&lower)
            .map(|real| Cow::Owned(real.clone()))
    }

    /// Checks everything but the response: realm, algorithm, nonce, qop, opaque, uri.
    /// Returns the nonce counter and whether the nonce expired.
    fn check_binding(
        &self,
        credentials: &Credentials<'_>,
        request: &Request<'_>,
    ) -> Result<(u64, bool), Reason> {
        if credentials.realm != self.realm {
            return Err(Reason::WrongRealm);
        }
        if !self.algorithms.contains(&credentials.algorithm) {
            return Err(Reason::AlgorithmMismatch);
        }

        let info = self
            .issuer
            .check(&credentials.nonce)
            .map_err(|_| Reason::BadNonce)?;
        if info.algorithm != credentials.algorithm {
            return Err(Reason::AlgorithmMismatch);
        }
        let qop_matches = match credentials.qop {
            Some(qop) => info.qop.contains(qop),
            None => info.qop.is_empty(),
        };
        if !qop_matches {
            return Err(Reason::QopMismatch);
        }

        if credentials.opaque.as_deref() != Some(self.opaque.as_str()) {
            return Err(Reason::OpaqueMismatch);
        }
        if credentials.uri != request.request_uri {
            return Err(Reason::UriMismatch);
        }

        let expired = request.now > info.issue_time.saturating_add(self.nonce_ttl);
        Ok((info.counter, expired))
    }

    /// Looks the user up and compares the response in constant time. An unknown user is
    /// checked against a random HA1 so that it costs the same work as a wrong password.
    fn check_response<'a>(
        &self,
        credentials: &Credentials<'a>,
        request: &Request<'_>,
    ) -> (Cow<'a, str>, Reason) {
        let hash = credentials.algorithm.hash();
        let resolved = self.resolve_user(credentials);
        let store = self.read_users();
        let known = resolved
            .as_deref()
            .and_then(|name| store.users.get(name))
            .and_then(|user| user.ha1[hash.index()].as_ref());
        let username = resolved.unwrap_or_else(|| credentials.username.clone());
        let is_known = known.is_some();
        let ha1 = known.unwrap_or(&self.dummy_ha1[hash.index()]);

        let input = ResponseInput {
            algorithm: credentials.algorithm,
            method: request.method,
            uri: &credentials.uri,
            nonce: &credentials.nonce,
            qop: credentials.qop,
            nc: credentials.nc.map_or("", |nc| nc.text),
            cnonce: credentials.cnonce.as_deref().unwrap_or(""),
            body: request.body,
        };
        let expected = compute::response(ha1, &input);
        drop(store);

        let matches = response_matches(expected.as_bytes(), credentials.response.as_bytes());
        let reason = match (is_known, matches) {
            (false, _) => Reason::UnknownUser,
            (true, false) => Reason::BadResponse,
            (true, true) => Reason::None,
        };
        (username, reason)
    }
}

/// The request a set of credentials is checked against.
struct Request<'r> {
    method: &'r str,
    request_uri: &'r str,
    body: &'r [u8],
    now: u64,
}

/// Compares the expected lowercase hex response with the one sent (either case), in
/// constant time for equal lengths.
fn response_matches(expected: &[u8], sent: &[u8]) -> bool {
    if sent.len() != expected.len() {
        return false;
    }
    let mut lowered = [0u8; 64];
    let lowered = &mut lowered[..sent.len()];
    lowered.copy_from_slice(sent);
    lowered.make_ascii_lowercase();
    compute::constant_time_eq(lowered, expected)
}

/// The opaque value: a fixed, secret-derived token per server and realm, so that it is the
/// same on every server sharing a secret.
fn opaque_for(secret: &[u8], realm: &str) -> String {
    let issuer = NonceIssuer::new(secret, realm);
    let token = issuer.tag_for_label(b"sipsec digest opaque");
    HexDigest::from_bytes(&token[..12]).as_str().to_owned()
}
