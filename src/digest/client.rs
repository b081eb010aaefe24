//! The client side: answering challenges (RFC 3261 section 22.2, RFC 7616 section 3.4,
//! RFC 8760 section 2.4).

use super::algorithm::{Algorithm, HashFunction, HexDigest, Qop};
use super::compute::{self, Ha1, ResponseInput};
use super::parse::{self, Challenge, ParseError};
use rand::rngs::OsRng;
use rand::RngCore;
use std::collections::HashMap;
use std::fmt;
use zeroize::Zeroizing;

/// How many challenges without `stale=true` a client answers for one realm before it gives
/// up: the first one and one retry.
pub const MAX_REFUSED_ATTEMPTS: u32 = 2;

/// How many answers in a row (stale ones included) a client gives one realm.
pub const MAX_ATTEMPTS: u32 = 6;

/// The most nonces whose counts a client remembers.
const MAX_REMEMBERED_NONCES: usize = 32;

/// Why a client could not answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// No challenge names an algorithm and qop sipsec supports, or none is for a realm the
    /// client has credentials for.
    NoUsableChallenge,
    /// The server keeps challenging the same realm without `stale=true`: the credentials
    /// were refused. Call [`DigestClient::reset`] before trying again.
    TooManyChallenges,
    /// No challenge value could be parsed; this is the first problem found.
    Parse(ParseError),
    /// An HA1 is not hex of the algorithm's digest length.
    BadHa1,
}

impl fmt::Display for ClientError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::NoUsableChallenge => formatter.write_str("no usable digest challenge"),
            ClientError::TooManyChallenges => {
                formatter.write_str("the server challenged again without stale=true")
            }
            ClientError::Parse(error) => write!(formatter, "challenge: {error}"),
            ClientError::BadHa1 => formatter.write_str("HA1 is not hex of the digest length"),
        }
    }
}

impl std::error::Error for ClientError {}

#[derive(Default, Clone, Copy)]
struct Attempts {
    refused: u32,
    total: u32,
}

/// A digest client for one username.
///
/// It keeps the HA1 per realm and hash function once derived, so a `stale=true` challenge
/// is answered from the HA1 alone; a client built with [`DigestClient::from_ha1`] never
/// sees a password. Not thread-safe for mutation: `authorize` takes `&mut self`.
#[derive(Clone)]
pub struct DigestClient {
    username: String,
    password: Option<Zeroizing<String>>,
    ha1: HashMap<(String, HashFunction), Ha1>,
    nonce_counts: HashMap<String, u32>,
    attempts: HashMap<String, Attempts>,
}

impl fmt::Debug for DigestClient {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("DigestClient")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "hidden"))
            .finish_non_exhaustive()
    }
}

impl DigestClient {
    /// A client that derives HA1 from `password` for whatever realm challenges it.
    pub fn new(username: &str, password: &str) -> Self {
        DigestClient {
            username: username.to_owned(),
            password: Some(Zeroizing::new(password.to_owned())),
            ha1: HashMap::new(),
            nonce_counts: HashMap::new(),
            attempts: HashMap::new(),
        }
    }

    /// A client that knows only an HA1 (hex, either case) for one realm and the hash
    /// function of `algorithm` (the `-sess` variant of that hash works too).
    pub fn from_ha1(
        username: &str,
        realm: &str,
        algorithm: Algorithm,
        ha1_hex: &str,
    ) -> Result<Self, ClientError> {
        let mut client = DigestClient {
            username: username.to_owned(),
            password: None,
            ha1: HashMap::new(),
            nonce_counts: HashMap::new(),
            attempts: HashMap::new(),
        };
        client.add_ha1(realm, algorithm, ha1_hex)?;
        Ok(client)
    }

    /// Adds an HA1 for another realm or hash function.
    pub fn add_ha1(
        &mut self,
        realm: &str,
        algorithm: Algorithm,
        ha1_hex: &str,
    ) -> Result<(), ClientError> {
        let hash = algorithm.hash();
        let ha1 = Ha1::from_hex(hash, ha1_hex).ok_or(ClientError::BadHa1)?;
        self.ha1.insert((realm.to_owned(), hash), ha1);
        Ok(())
    }

    /// The username.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// Forgets the per-realm attempt counts; call it after a request was accepted.
    pub fn reset(&mut self) {
        self.attempts.clear();
    }

    fn can_answer(&self, challenge: &Challenge) -> bool {
        let Some(algorithm) = challenge.algorithm else {
            return false;
        };
        challenge.is_usable()
            && (self.password.is_some()
                || self
                    .ha1
                    .contains_key(&(challenge.realm.clone(), algorithm.hash())))
    }

    /// Picks the challenge to answer: the strongest algorithm (RFC 8760 section 2.4), the
    /// first offered among equals.
    fn choose<'c>(&self, challenges: &'c [Challenge]) -> Option<&'c Challenge> {
        let mut best: Option<&Challenge> = None;
        for challenge in challenges
            .iter()
            .filter(|challenge| self.can_answer(challenge))
        {
            let strength = challenge.algorithm.map_or(0, Algorithm::strength);
            let best_strength = best
                .and_then(|best| best.algorithm)
                .map_or(0, Algorithm::strength);
            if strength > best_strength {
                best = Some(challenge);
            }
        }
        best
    }

    fn count_attempt(&mut self, challenge: &Challenge) -> Result<(), ClientError> {
        let attempts = self.attempts.entry(challenge.realm.clone()).or_default();
        if !challenge.stale {
            if attempts.refused >= MAX_REFUSED_ATTEMPTS {
                return Err(ClientError::TooManyChallenges);
            }
            attempts.refused += 1;
        }
        if attempts.total >= MAX_ATTEMPTS {
            return Err(ClientError::TooManyChallenges);
        }
        attempts.total += 1;
        Ok(())
    }

    fn ha1_for(&mut self, realm: &str, hash: HashFunction) -> Option<&Ha1> {
        let key = (realm.to_owned(), hash);
        if !self.ha1.contains_key(&key) {
            let password = self.password.as_ref()?;
            let ha1 = Ha1::from_password(hash, &self.username, realm, password);
            self.ha1.insert(key.clone(), ha1);
        }
        self.ha1.get(&key)
    }

    fn next_nonce_count(&mut self, nonce: &str) -> u32 {
        if !self.nonce_counts.contains_key(nonce)
            && self.nonce_counts.len() >= MAX_REMEMBERED_NONCES
        {
            self.nonce_counts.clear();
        }
        let count = self.nonce_counts.entry(nonce.to_owned()).or_insert(0);
        *count = count.wrapping_add(1).max(1);
        *count
    }

    /// Answers the best of `challenges` (each a WWW-Authenticate or Proxy-Authenticate
    /// value, which may hold several challenges) for a request with `method`, Request-URI
    /// `request_uri` and `body`, and returns the Authorization (or Proxy-Authorization)
    /// value.
    ///
    /// The `uri` parameter is `request_uri` byte for byte; `opaque` is echoed as received;
    /// qop=auth is preferred when auth-int is also offered; the nonce count goes up each
    /// time the same nonce is answered.
    pub fn authorize(
        &mut self,
        method: &str,
        request_uri: &str,
        challenges: &[&str],
        body: &[u8],
    ) -> Result<String, ClientError> {
        let parsed = parse_all(challenges)?;
        let challenge = self
            .choose(&parsed)
            .ok_or(ClientError::NoUsableChallenge)?
            .clone();
        let algorithm = challenge.algorithm.ok_or(ClientError::NoUsableChallenge)?;
        self.count_attempt(&challenge)?;

        let qop = choose_qop(&challenge);
        let nc = qop.map(|_| nonce_count_text(self.next_nonce_count(&challenge.nonce)));
        let cnonce = (qop.is_some() || algorithm.is_session()).then(fresh_cnonce);
        let input = ResponseInput {
            algorithm,
            method,
            uri: request_uri,
            nonce: &challenge.nonce,
            qop,
            nc: nc.as_ref().map_or("", |nc| nc.as_str()),
            cnonce: cnonce.as_ref().map_or("", |cnonce| cnonce.as_str()),
            body,
        };
        let ha1 = self
            .ha1_for(&challenge.realm, algorithm.hash())
            .ok_or(ClientError::NoUsableChallenge)?;
        let response = compute::response(ha1, &input);

        Ok(self.render(&challenge, &input, &response))
    }

    fn render(
        &self,
        challenge: &Challenge,
        input: &ResponseInput<'_>,
        response: &HexDigest,
    ) -> String {
        let hash = input.algorithm.hash();
        let username = if challenge.userhash {
            compute::userhash(hash, &self.username, &challenge.realm)
                .as_str()
                .to_owned()
        } else {
            self.username.clone()
        };

        let mut value = String::with_capacity(256);
        value.push_str("Digest username=");
        parse::push_quoted(&mut value, &username);
        value.push_str(", realm=");
        parse::push_quoted(&mut value, &challenge.realm);
        value.push_str(", nonce=");
        parse::push_quoted(&mut value, &challenge.nonce);
        value.push_str(", uri=");
        parse::push_quoted(&mut value, input.uri);
        value.push_str(", response=\"");
        value.push_str(response.as_str());
        value.push_str("\", algorithm=");
        value.push_str(input.algorithm.name());
        if !input.cnonce.is_empty() {
            value.push_str(", cnonce=\"");
            value.push_str(input.cnonce);
            value.push('"');
        }
        if let Some(opaque) = &challenge.opaque {
            value.push_str(", opaque=");
            parse::push_quoted(&mut value, opaque);
        }
        if let Some(qop) = input.qop {
            value.push_str(", qop=");
            value.push_str(qop.name());
            value.push_str(", nc=");
            value.push_str(input.nc);
        }
        if challenge.userhash {
            value.push_str(", userhash=true");
        }
        value
    }
}

/// Parses every value; values that fail to parse are skipped as long as another one
/// parses, otherwise the first parse error is returned.
fn parse_all(values: &[&str]) -> Result<Vec<Challenge>, ClientError> {
    let mut challenges = Vec::new();
    let mut first_error = None;
    let mut any_parsed = false;

    for value in values {
        match parse::parse_challenges(value) {
            Ok(mut found) => {
                any_parsed = true;
                challenges.append(&mut found);
            }
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }

    match first_error {
        Some(error) if !any_parsed => Err(ClientError::Parse(error)),
        _ => Ok(challenges),
    }
}

/// qop=auth when offered, else auth-int, else none (RFC 7616 section 3.4).
fn choose_qop(challenge: &Challenge) -> Option<Qop> {
    if !challenge.qop_present {
        None
    } else if challenge.qop.contains(Qop::Auth) {
        Some(Qop::Auth)
    } else {
        Some(Qop::AuthInt)
    }
}

/// The nonce count as 8 lowercase hex digits (RFC 7616 section 3.4: hex, so ten is
/// `0000000a`).
pub fn nonce_count_text(count: u32) -> String {
    HexDigest::from_bytes(&count.to_be_bytes())
        .as_str()
        .to_owned()
}

/// A fresh client nonce: 16 random bytes from the operating system, in hex.
fn fresh_cnonce() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    HexDigest::from_bytes(&bytes).as_str().to_owned()
}
