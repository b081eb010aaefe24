//! The server: every verdict, replay and stale handling, downgrade refusal, the replay
//! table's bound and watermark, memory under a challenge flood, and use from many threads.

use sipsec::digest::compute::{response, Ha1, ResponseInput};
use sipsec::digest::nonce::now_seconds;
use sipsec::digest::{
    parse_challenges, Algorithm, DigestClient, DigestServer, Outcome, Qop, QopSet, Reason,
    ServerConfig,
};
use std::sync::Arc;

const URI: &str = "sip:example.com";

fn server_with(configure: impl FnOnce(&mut ServerConfig)) -> DigestServer {
    let mut config = ServerConfig::new("example.com");
    config.secret = Some(b"a fixed secret for the tests, 32b".to_vec());
    configure(&mut config);
    let server = DigestServer::new(config).expect("valid config");
    server.add_user("alice", "secret");
    server
}

fn server() -> DigestServer {
    server_with(|_| {})
}

/// Credentials built by hand, so that each field can be bent.
struct Answer {
    username: String,
    password: String,
    realm: String,
    nonce: String,
    opaque: Option<String>,
    uri: String,
    algorithm: Algorithm,
    qop: Option<Qop>,
    nc: u32,
    body: Vec<u8>,
}

impl Answer {
    fn to(challenge: &str) -> Self {
        let parsed = &parse_challenges(challenge).expect("challenge parses")[0];
        Answer {
            username: "alice".into(),
            password: "secret".into(),
            realm: parsed.realm.clone(),
            nonce: parsed.nonce.clone(),
            opaque: parsed.opaque.clone(),
            uri: URI.into(),
            algorithm: parsed.algorithm.expect("known algorithm"),
            qop: parsed.qop.values().next(),
            nc: 1,
            body: Vec::new(),
        }
    }

    fn render(&self) -> String {
        let nc = format!("{:08x}", self.nc);
        let ha1 = Ha1::from_password(
            self.algorithm.hash(),
            &self.username,
            &self.realm,
            &self.password,
        );
        let input = ResponseInput {
            algorithm: self.algorithm,
            method: "REGISTER",
            uri: &self.uri,
            nonce: &self.nonce,
            qop: self.qop,
            nc: &nc,
            cnonce: "0a4f113b",
            body: &self.body,
        };
        let digest = response(&ha1, &input);
        let mut value = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", response=\"{}\", \
             algorithm={}, cnonce=\"0a4f113b\"",
            self.username, self.realm, self.nonce, self.uri, digest, self.algorithm
        );
        if let Some(opaque) = &self.opaque {
            value += &format!(", opaque=\"{opaque}\"");
        }
        if let Some(qop) = self.qop {
            value += &format!(", qop={}, nc={nc}", qop.name());
        }
        value
    }
}

fn verify(server: &DigestServer, authorization: &str) -> (Outcome, Reason) {
    let verdict = server.verify("REGISTER", URI, authorization, b"");
    (verdict.outcome, verdict.reason)
}

const OK: (Outcome, Reason) = (Outcome::Ok, Reason::None);

fn rejected(reason: Reason) -> (Outcome, Reason) {
    (Outcome::Rejected, reason)
}

#[test]
fn valid_credentials_pass_once_per_nonce_count() {
    let server = server();
    let mut answer = Answer::to(&server.challenge(0, false).unwrap());

    assert_eq!(verify(&server, &answer.render()), OK);
    assert_eq!(verify(&server, &answer.render()), rejected(Reason::Replay));
    answer.nc = 3;
    assert_eq!(verify(&server, &answer.render()), OK);
    answer.nc = 2;
    assert_eq!(verify(&server, &answer.render()), rejected(Reason::Replay));
    assert_eq!(server.replay_table().len(), 1);
}

#[test]
fn every_rejection_reason() {
    let server = server();
    let fresh = || Answer::to(&server.challenge(0, false).unwrap());

    let mut answer = fresh();
    answer.realm = "other.example".into();
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::WrongRealm)
    );

    let mut answer = fresh();
    answer.uri = "sip:EXAMPLE.com".into();
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::UriMismatch)
    );

    let mut answer = fresh();
    answer.opaque = None;
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::OpaqueMismatch)
    );
    answer.opaque = Some("00".into());
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::OpaqueMismatch)
    );

    let mut answer = fresh();
    answer.nonce.replace_range(
        20..21,
        if &answer.nonce[20..21] == "A" {
            "B"
        } else {
            "A"
        },
    );
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::BadNonce)
    );
    answer.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093".into();
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::BadNonce)
    );

    let mut answer = fresh();
    answer.username = "mallory".into();
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::UnknownUser)
    );

    let mut answer = fresh();
    answer.password = "guess".into();
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::BadResponse)
    );

    assert_eq!(
        verify(&server, "Digest username=\"alice\""),
        rejected(Reason::Malformed)
    );
    let verdict = server.verify("REGISTER", URI, "Digest nc=1", b"");
    assert!(verdict.parse_error.is_some());

    assert!(
        server.replay_table().is_empty(),
        "failures must not touch the table"
    );
}

#[test]
fn unknown_user_and_wrong_password_look_the_same_to_the_client() {
    let server = server();
    let mut unknown = Answer::to(&server.challenge(0, false).unwrap());
    unknown.username = "nobody".into();
    let mut wrong = Answer::to(&server.challenge(0, false).unwrap());
    wrong.password = "wrong".into();

    let (unknown, wrong) = (unknown.render(), wrong.render());
    let unknown = server.verify("REGISTER", URI, &unknown, b"");
    let wrong = server.verify("REGISTER", URI, &wrong, b"");
    assert_eq!(unknown.outcome, wrong.outcome);
    assert_ne!(unknown.reason, wrong.reason);
    assert_eq!(unknown.username.as_deref(), Some("nobody"));
}

#[test]
fn response_is_accepted_in_either_hex_case() {
    let server = server();
    let value = Answer::to(&server.challenge(1, false).unwrap()).render();
    let at = value.find("response=\"").unwrap() + 10;
    let upper = format!(
        "{}{}{}",
        &value[..at],
        value[at..at + 32].to_uppercase(),
        &value[at + 32..]
    );
    assert_ne!(upper, value);
    assert_eq!(verify(&server, &upper), OK);
}

#[test]
fn algorithm_downgrade_is_refused() {
    let server = server();
    let sha_challenge = server.challenge(0, false).unwrap();
    assert!(sha_challenge.contains("algorithm=SHA-256"));

    let mut answer = Answer::to(&sha_challenge);
    answer.algorithm = Algorithm::Md5;
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::AlgorithmMismatch)
    );

    answer.algorithm = Algorithm::Sha512_256;
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::AlgorithmMismatch)
    );
}

#[test]
fn qop_downgrade_is_refused() {
    let server = server();
    let mut answer = Answer::to(&server.challenge(0, false).unwrap());
    answer.qop = None;
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::QopMismatch)
    );
    answer.qop = Some(Qop::AuthInt);
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::QopMismatch)
    );
    answer.qop = Some(Qop::Auth);
    assert_eq!(verify(&server, &answer.render()), OK);
}

#[test]
fn auth_int_covers_the_body() {
    let server = server_with(|config| config.qop = QopSet::of(&[Qop::AuthInt]));
    let mut answer = Answer::to(&server.challenge(0, false).unwrap());
    assert_eq!(answer.qop, Some(Qop::AuthInt));
    answer.body = b"v=0\r\n".to_vec();
    let value = answer.render();

    let altered = server.verify("REGISTER", URI, &value, b"v=1\r\n");
    assert_eq!(altered.reason, Reason::BadResponse);
    let verdict = server.verify("REGISTER", URI, &value, b"v=0\r\n");
    assert_eq!(verdict.reason, Reason::None);
}

#[test]
fn expired_nonce_is_stale_only_when_the_response_is_right() {
    let server = server_with(|config| config.nonce_ttl = 30);
    let now = now_seconds();
    let mut answer = Answer::to(&server.challenge_at(0, false, now - 100).unwrap());

    let value = answer.render();
    let late = server.verify_at("REGISTER", URI, &value, b"", now);
    assert_eq!(
        (late.outcome, late.reason),
        (Outcome::Stale, Reason::StaleNonce)
    );
    assert!(
        server.replay_table().is_empty(),
        "a stale answer changes no state"
    );

    answer.password = "wrong".into();
    let value = answer.render();
    let wrong = server.verify_at("REGISTER", URI, &value, b"", now);
    assert_eq!(wrong.reason, Reason::BadResponse);

    let challenge = server.challenge(0, true).unwrap();
    assert!(challenge.ends_with(", stale=true"));
}

#[test]
fn failed_attempts_do_not_burn_the_nonce_count() {
    let server = server();
    let mut answer = Answer::to(&server.challenge(0, false).unwrap());
    answer.password = "wrong".into();
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::BadResponse)
    );
    answer.password = "secret".into();
    assert_eq!(verify(&server, &answer.render()), OK);
}

#[test]
fn without_qop_a_nonce_is_single_use() {
    let server = server_with(|config| config.qop = QopSet::NONE);
    let challenge = server.challenge(1, false).unwrap();
    assert!(!challenge.contains("qop"));
    let answer = Answer::to(&challenge);
    assert_eq!(answer.qop, None);

    assert_eq!(verify(&server, &answer.render()), OK);
    assert_eq!(verify(&server, &answer.render()), rejected(Reason::Replay));
}

#[test]
fn eviction_never_reenables_a_replay() {
    let server = server_with(|config| config.max_tracked_nonces = 2);
    let mut answers: Vec<Answer> = (0..3)
        .map(|_| Answer::to(&server.challenge(0, false).unwrap()))
        .collect();

    for answer in &answers {
        assert_eq!(verify(&server, &answer.render()), OK);
    }
    assert_eq!(server.replay_table().len(), 2);

    // The first nonce was evicted: replaying it, even with a higher count, is stale.
    assert_eq!(
        verify(&server, &answers[0].render()),
        (Outcome::Stale, Reason::StaleNonce)
    );
    answers[0].nc = 9;
    assert_eq!(
        verify(&server, &answers[0].render()),
        (Outcome::Stale, Reason::StaleNonce)
    );
    assert_eq!(
        verify(&server, &answers[2].render()),
        rejected(Reason::Replay)
    );
    answers[2].nc = 2;
    assert_eq!(verify(&server, &answers[2].render()), OK);
}

#[test]
fn nonces_from_before_a_restart_are_stale() {
    let first = server();
    let answer = Answer::to(&first.challenge(0, false).unwrap());
    std::thread::sleep(std::time::Duration::from_millis(2));
    let restarted = server();
    assert_eq!(
        verify(&restarted, &answer.render()),
        (Outcome::Stale, Reason::StaleNonce)
    );

    let other_secret =
        server_with(|config| config.secret = Some(b"another secret, 32 bytes long!!".to_vec()));
    assert_eq!(verify(&other_secret, &answer.render()).1, Reason::BadNonce);
}

#[test]
fn userhash_credentials_resolve_to_the_user() {
    let server = server_with(|config| config.userhash = true);
    let challenges = server.challenges(false);
    assert!(challenges[0].contains("userhash=true"));
    let mut client = DigestClient::new("alice", "secret");
    let value = client
        .authorize("REGISTER", URI, &[challenges[0].as_str()], b"")
        .unwrap();
    assert!(!value.contains("\"alice\""));

    let verdict = server.verify("REGISTER", URI, &value, b"");
    assert_eq!(verdict.reason, Reason::None);
    assert_eq!(verdict.username.as_deref(), Some("alice"));
}

#[test]
fn userhash_flag_on_a_plain_username_is_not_taken_for_that_user() {
    let server = server();
    let mut client = DigestClient::new("alice", "secret");
    let value = client
        .authorize(
            "REGISTER",
            URI,
            &[server.challenge(0, false).unwrap().as_str()],
            b"",
        )
        .unwrap();
    assert_eq!(
        server.verify("REGISTER", URI, &value, b"").reason,
        Reason::None
    );

    let mut client = DigestClient::new("alice", "secret");
    let value = client
        .authorize(
            "REGISTER",
            URI,
            &[server.challenge(0, false).unwrap().as_str()],
            b"",
        )
        .unwrap();
    let flagged = format!("{value}, userhash=true");
    assert_eq!(
        server.verify("REGISTER", URI, &flagged, b"").reason,
        Reason::UnknownUser
    );
}

#[test]
fn ha1_only_users() {
    let server = server_with(|config| config.algorithms = vec![Algorithm::Md5]);
    let ha1 = "B1726872C344B6DC8365B774F8FD6412";
    server.add_user_ha1("bob", Algorithm::Md5Sess, ha1).unwrap();
    assert!(server
        .add_user_ha1("bob", Algorithm::Md5, &ha1[1..])
        .is_err());
    assert!(server.add_user_ha1("bob", Algorithm::Sha256, ha1).is_err());

    let mut answer = Answer::to(&server.challenge(0, false).unwrap());
    answer.username = "bob".into();
    answer.password = "secret".into();
    // The HA1 above is alice's password hash, so bob authenticates only as HA1 of "alice".
    assert_eq!(
        verify(&server, &answer.render()),
        rejected(Reason::BadResponse)
    );
    server
        .add_user_ha1("bob", Algorithm::Md5, &format!("{}", Ha1Hex("bob")))
        .unwrap();
    assert_eq!(verify(&server, &answer.render()), OK);
}

struct Ha1Hex(&'static str);

impl std::fmt::Display for Ha1Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ha1 = Ha1::from_password(Algorithm::Md5.hash(), self.0, "example.com", "secret");
        f.write_str(std::str::from_utf8(ha1.as_bytes()).unwrap())
    }
}

#[test]
fn a_million_challenges_cost_no_table_memory() {
    let server = server();
    let mut last = String::new();
    for _ in 0..1_000_000 {
        last = server.challenge(0, false).unwrap();
    }
    let mut answer = Answer::to(&last);
    answer.password = "wrong".into();
    for _ in 0..10_000 {
        let _ = verify(&server, &answer.render());
    }
    assert!(server.replay_table().is_empty());
}

#[test]
fn config_errors() {
    let bad = |configure: fn(&mut ServerConfig)| {
        let mut config = ServerConfig::new("example.com");
        configure(&mut config);
        DigestServer::new(config).is_err()
    };
    assert!(bad(|c| c.algorithms.clear()));
    assert!(bad(|c| c.algorithms = vec![Algorithm::Md5, Algorithm::Md5]));
    assert!(bad(|c| c.realm.clear()));
    assert!(bad(|c| c.nonce_ttl = 0));
}

#[test]
fn debug_output_hides_secrets() {
    let server = server();
    let shown = format!("{server:?} {:?}", ServerConfig::new("x"));
    assert!(!shown.contains("b1726872"));
    let ha1 = Ha1::from_password(Algorithm::Md5.hash(), "alice", "example.com", "secret");
    assert!(!format!("{ha1:?}").contains("b1726872"));
}

#[test]
fn many_threads_share_one_server() {
    let server = Arc::new(server());
    let value = Answer::to(&server.challenge(0, false).unwrap()).render();

    let threads: Vec<_> = (0..4)
        .map(|index| {
            let server = Arc::clone(&server);
            let replayed = value.clone();
            std::thread::spawn(move || {
                let user = format!("user{index}");
                server.add_user(&user, "pw");
                let mut client = DigestClient::new(&user, "pw");
                let mut passed = 0;
                for _ in 0..200 {
                    let challenge = server.challenge(index % 2, false).unwrap();
                    let value = client
                        .authorize("REGISTER", URI, &[challenge.as_str()], b"")
                        .unwrap();
                    client.reset();
                    passed += usize::from(
                        server.verify("REGISTER", URI, &value, b"").outcome == Outcome::Ok,
                    );
                }
                let replay_won =
                    server.verify("REGISTER", URI, &replayed, b"").outcome == Outcome::Ok;
                (passed, replay_won)
            })
        })
        .collect();

    let results: Vec<(usize, bool)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(results.iter().all(|(passed, _)| *passed == 200));
    assert_eq!(
        results.iter().filter(|(_, won)| *won).count(),
        1,
        "exactly one replay wins"
    );
}

#[test]
fn every_algorithm_and_qop_round_trips() {
    for algorithm in Algorithm::ALL {
        for qop in [
            QopSet::NONE,
            QopSet::of(&[Qop::Auth]),
            QopSet::of(&[Qop::AuthInt]),
        ] {
            let server = server_with(|config| {
                config.algorithms = vec![algorithm];
                config.qop = qop;
            });
            let challenge = server.challenge(0, false).unwrap();
            let mut client = DigestClient::new("alice", "secret");
            let body = b"v=0\r\n";
            let value = client
                .authorize("INVITE", URI, &[challenge.as_str()], body)
                .unwrap();
            let verdict = server.verify("INVITE", URI, &value, body);
            assert_eq!(verdict.reason, Reason::None, "{algorithm} {qop:?}: {value}");
        }
    }
}
