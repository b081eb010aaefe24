//! The client: algorithm and qop choice, canonical output, nonce counts, stale handling,
//! the refusal bound and unusable challenges.

use sipsec::digest::{parse_credentials, Algorithm, ClientError, DigestClient, Qop};

const URI: &str = "sip:example.com;transport=tcp";

fn challenge(algorithm: &str, nonce: &str, extra: &str) -> String {
    format!(
        "Digest realm=\"example.com\", nonce=\"{nonce}\", algorithm={algorithm}, \
         qop=\"auth\"{extra}"
    )
}

fn authorize(client: &mut DigestClient, challenges: &[&str]) -> Result<String, ClientError> {
    client.authorize("REGISTER", URI, challenges, b"")
}

#[test]
fn strongest_algorithm_wins_across_values_and_within_one() {
    let mut client = DigestClient::new("alice", "secret");
    let md5 = challenge("MD5", "n1", "");
    let both = format!(
        "{}, {}",
        challenge("SHA-256", "n2", ""),
        challenge("SHA-512-256", "n3", "")
    );
    let value = authorize(&mut client, &[&md5, &both]).unwrap();
    let credentials = parse_credentials(&value).unwrap();
    assert_eq!(credentials.algorithm, Algorithm::Sha512_256);
    assert_eq!(credentials.nonce, "n3");

    let value = authorize(&mut client, &[&md5, &challenge("SHA-256-sess", "n4", "")]).unwrap();
    assert_eq!(
        parse_credentials(&value).unwrap().algorithm,
        Algorithm::Sha256Sess
    );
}

#[test]
fn output_is_canonical_and_echoes_the_challenge() {
    let mut client = DigestClient::new("alice", "secret");
    let extra = ", opaque=\"Q/x+y \\\"z\\\"\"";
    let value = authorize(&mut client, &[&challenge("md5", "n1", extra)]).unwrap();

    assert!(value.contains(", algorithm=MD5"), "{value}");
    assert!(value.contains(", qop=auth, nc=00000001"), "{value}");
    assert!(value.contains(&format!("uri=\"{URI}\"")), "{value}");
    let credentials = parse_credentials(&value).unwrap();
    assert_eq!(credentials.opaque.as_deref(), Some("Q/x+y \"z\""));
    let cnonce = credentials.cnonce.unwrap();
    assert_eq!(cnonce.len(), 32);
    assert!(cnonce.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn nonce_count_increments_per_nonce_and_cnonce_is_fresh() {
    let mut client = DigestClient::new("alice", "secret");
    let first = challenge("SHA-256", "n1", "");
    let mut cnonces = Vec::new();
    for expected in 1..=11u32 {
        let value = authorize(&mut client, &[&first]).unwrap();
        client.reset();
        let credentials = parse_credentials(&value).unwrap();
        assert_eq!(credentials.nc.unwrap().value, expected);
        cnonces.push(credentials.cnonce.unwrap().into_owned());
    }
    assert!(authorize(&mut client, &[&first])
        .unwrap()
        .contains("nc=0000000c"));
    cnonces.sort();
    cnonces.dedup();
    assert_eq!(cnonces.len(), 11);

    let other = authorize(&mut client, &[&challenge("SHA-256", "n2", "")]).unwrap();
    assert!(other.contains("nc=00000001"));
}

#[test]
fn auth_preferred_over_auth_int_which_hashes_the_body() {
    let mut client = DigestClient::new("alice", "secret");
    let both = "Digest realm=\"r\", nonce=\"n\", qop=\"auth-int,auth\"";
    let value = authorize(&mut client, &[both]).unwrap();
    assert_eq!(parse_credentials(&value).unwrap().qop, Some(Qop::Auth));

    let only_int = "Digest realm=\"r\", nonce=\"n2\", qop=\"auth-int\"";
    let empty = client.authorize("INVITE", URI, &[only_int], b"").unwrap();
    client.reset();
    let with_body = client
        .authorize("INVITE", URI, &[only_int], b"v=0\r\n")
        .unwrap();
    let response = |value: &str| parse_credentials(value).unwrap().response.into_owned();
    assert_eq!(parse_credentials(&empty).unwrap().qop, Some(Qop::AuthInt));
    assert_ne!(response(&empty), response(&with_body));
}

#[test]
fn repeated_challenges_without_stale_stop() {
    let mut client = DigestClient::new("alice", "wrong");
    assert!(authorize(&mut client, &[&challenge("MD5", "n1", "")]).is_ok());
    assert!(authorize(&mut client, &[&challenge("MD5", "n2", "")]).is_ok());
    let third = authorize(&mut client, &[&challenge("MD5", "n3", "")]);
    assert_eq!(third, Err(ClientError::TooManyChallenges));

    // A stale challenge is still answered; after reset the realm is tried again.
    assert!(authorize(&mut client, &[&challenge("MD5", "n4", ", stale=true")]).is_ok());
    client.reset();
    assert!(authorize(&mut client, &[&challenge("MD5", "n5", "")]).is_ok());
}

#[test]
fn endless_stale_challenges_also_stop() {
    let mut client = DigestClient::new("alice", "secret");
    let results: Vec<bool> = (0..10)
        .map(|i| {
            authorize(
                &mut client,
                &[&challenge("MD5", &format!("n{i}"), ", stale=true")],
            )
            .is_ok()
        })
        .collect();
    assert!(results[0] && !results[9]);
}

#[test]
fn ha1_client_answers_stale_without_a_password() {
    let ha1 = "b1726872c344b6dc8365b774f8fd6412";
    let mut client = DigestClient::from_ha1("alice", "example.com", Algorithm::Md5, ha1).unwrap();
    let stale = challenge("MD5", "n1", ", stale=true");
    let value = authorize(&mut client, &[&stale]).unwrap();
    assert!(value.contains("username=\"alice\""));

    let elsewhere = "Digest realm=\"other\", nonce=\"n\", qop=\"auth\"";
    assert_eq!(
        authorize(&mut client, &[elsewhere]),
        Err(ClientError::NoUsableChallenge)
    );
    let sha = challenge("SHA-256", "n2", "");
    assert_eq!(
        authorize(&mut client, &[&sha]),
        Err(ClientError::NoUsableChallenge)
    );
    assert!(DigestClient::from_ha1("a", "r", Algorithm::Md5, "xyz").is_err());
}

#[test]
fn unusable_and_unparsable_challenges() {
    let mut client = DigestClient::new("alice", "secret");
    assert_eq!(
        authorize(&mut client, &[]),
        Err(ClientError::NoUsableChallenge)
    );
    let unknown = "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1";
    let bad_qop = "Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"";
    let basic = "Basic realm=\"r\"";
    let result = authorize(&mut client, &[unknown, bad_qop, basic]);
    assert_eq!(result, Err(ClientError::NoUsableChallenge));

    let broken = "Digest realm=\"r";
    assert!(matches!(
        authorize(&mut client, &[broken]),
        Err(ClientError::Parse(_))
    ));
    let usable = challenge("MD5", "n", "");
    assert!(authorize(&mut client, &[broken, &usable]).is_ok());
}

#[test]
fn rfc2069_challenge_without_qop() {
    let mut client = DigestClient::new("alice", "secret");
    let value = authorize(&mut client, &["Digest realm=\"r\", nonce=\"n\""]).unwrap();
    let credentials = parse_credentials(&value).unwrap();
    assert_eq!(credentials.qop, None);
    assert!(credentials.nc.is_none() && credentials.cnonce.is_none());
    assert!(value.contains("algorithm=MD5"));
}

#[test]
fn userhash_when_asked() {
    let mut client = DigestClient::new("Jäsøn Doe", "Secret, or not?");
    let asked = "Digest realm=\"api@example.org\", nonce=\"n\", algorithm=SHA-512-256, \
                 qop=\"auth\", userhash=true";
    let value = authorize(&mut client, &[asked]).unwrap();
    let credentials = parse_credentials(&value).unwrap();
    assert!(credentials.userhash);
    assert_eq!(
        credentials.username,
        "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b"
    );
}
