//! Known-answer tests from the data files in tests/vectors/digest_*.txt: every vector's
//! response is recomputed from the password and from the HA1, the printed challenge and
//! credentials parse to the vector's fields, and known-wrong published values are refused.

use sipsec::digest::{
    parse_challenges, parse_credentials, response, userhash, Algorithm, Ha1, Qop, ResponseInput,
};
use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

type Vector = HashMap<String, String>;

fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('r') => out.push('\r'),
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn load(file: &str) -> Vec<Vector> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(file);
    let text = fs::read_to_string(&path).expect("vector file is readable");
    assert!(
        text.lines().next().is_some_and(|line| line.contains("RFC")),
        "{file}: no RFC line"
    );

    let mut vectors = Vec::new();
    for line in text.lines().map(str::trim) {
        if line == "[vector]" {
            vectors.push(Vector::new());
        } else if let Some((key, value)) = line.split_once(" = ") {
            let vector = vectors.last_mut().expect("a [vector] line comes first");
            vector.insert(key.to_owned(), unescape(value));
        }
    }
    assert!(!vectors.is_empty(), "{file}: no vectors");
    vectors
}

fn all_vectors() -> Vec<Vector> {
    [
        "digest_rfc2617_3_5.txt",
        "digest_rfc7616_md5.txt",
        "digest_rfc7616_sha256.txt",
        "digest_rfc7616_sha512_256.txt",
        "digest_sip_vectors.txt",
    ]
    .iter()
    .flat_map(|file| load(file))
    .collect()
}

fn field<'v>(vector: &'v Vector, key: &str) -> &'v str {
    vector.get(key).map(String::as_str).unwrap_or("")
}

fn input(vector: &Vector) -> ResponseInput<'_> {
    let algorithm = Algorithm::from_name(field(vector, "algorithm")).expect("known algorithm");
    let qop = vector
        .get("qop")
        .map(|qop| Qop::from_name(qop).expect("known qop"));
    ResponseInput {
        algorithm,
        method: field(vector, "method"),
        uri: field(vector, "uri"),
        nonce: field(vector, "nonce"),
        qop,
        nc: field(vector, "nc"),
        cnonce: field(vector, "cnonce"),
        body: field(vector, "body").as_bytes(),
    }
}

fn ha1_of(vector: &Vector) -> Ha1 {
    let input = input(vector);
    Ha1::from_password(
        input.algorithm.hash(),
        field(vector, "username"),
        field(vector, "realm"),
        field(vector, "password"),
    )
}

#[test]
fn responses_match_every_vector() {
    let mut checked = 0;
    for vector in all_vectors() {
        let name = field(&vector, "name");
        let computed = response(&ha1_of(&vector), &input(&vector));
        if let Some(expected) = vector.get("response") {
            assert_eq!(computed.as_str(), expected, "vector {name}");
            checked += 1;
        }
        if let Some(wrong) = vector.get("known_wrong_response") {
            assert_ne!(
                computed.as_str(),
                wrong,
                "vector {name} gave the known-wrong value"
            );
        }
    }
    assert_eq!(checked, 16);
}

#[test]
fn ha1_values_match_and_work_from_hex() {
    for vector in all_vectors() {
        let name = field(&vector, "name");
        let Some(expected) = vector.get("ha1") else {
            continue;
        };
        let ha1 = ha1_of(&vector);
        assert_eq!(
            std::str::from_utf8(ha1.as_bytes()).unwrap(),
            expected,
            "vector {name}"
        );

        let hash = input(&vector).algorithm.hash();
        let upper = Ha1::from_hex(hash, &expected.to_ascii_uppercase()).expect("hex HA1");
        let computed = response(&upper, &input(&vector));
        assert_eq!(
            computed.as_str(),
            field(&vector, "response"),
            "vector {name} from HA1"
        );
    }
}

#[test]
fn userhash_is_true_sha512_256() {
    let vector = &load("digest_rfc7616_sha512_256.txt")[0];
    let hash = Algorithm::Sha512_256.hash();
    let computed = userhash(hash, field(vector, "username"), field(vector, "realm"));
    assert_eq!(computed.as_str(), field(vector, "userhash"));
    assert_ne!(computed.as_str(), field(vector, "known_wrong_userhash"));
}

#[test]
fn printed_headers_parse_to_the_vector_fields() {
    let mut parsed = 0;
    for vector in all_vectors() {
        let name = field(&vector, "name");
        if let Some(value) = vector.get("challenge") {
            let challenges = parse_challenges(value).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(challenges.len(), 1, "vector {name}");
            let challenge = &challenges[0];
            assert_eq!(challenge.realm, field(&vector, "realm"), "vector {name}");
            assert_eq!(challenge.nonce, field(&vector, "nonce"), "vector {name}");
            assert_eq!(
                challenge.opaque.as_deref(),
                vector.get("opaque").map(String::as_str)
            );
            assert_eq!(
                challenge.algorithm,
                Some(input(&vector).algorithm),
                "vector {name}"
            );
            assert!(challenge.qop.contains(Qop::Auth), "vector {name}");
        }
        if let Some(value) = vector.get("authorization") {
            let credentials = parse_credentials(value).unwrap_or_else(|e| panic!("{name}: {e}"));
            let input = input(&vector);
            assert_eq!(credentials.realm, field(&vector, "realm"), "vector {name}");
            assert_eq!(credentials.uri, input.uri, "vector {name}");
            assert_eq!(credentials.nonce, input.nonce, "vector {name}");
            assert_eq!(credentials.qop, input.qop, "vector {name}");
            assert_eq!(
                credentials.nc.map(|nc| nc.text),
                Some(input.nc),
                "vector {name}"
            );
            assert_eq!(
                credentials.cnonce.as_deref(),
                Some(input.cnonce),
                "vector {name}"
            );
            assert_eq!(
                credentials.response,
                field(&vector, "response"),
                "vector {name}"
            );
            assert_eq!(credentials.algorithm, input.algorithm, "vector {name}");
            parsed += 1;
        }
    }
    assert_eq!(parsed, 4);
}

#[test]
fn nonce_count_is_hashed_as_hex_digits() {
    let vectors = load("digest_sip_vectors.txt");
    let s3 = vectors
        .iter()
        .find(|v| field(v, "name") == "sip_S3")
        .expect("S3");
    let credentials = format!(
        "Digest username=\"alice\", realm=\"example.com\", nonce=\"{}\", uri=\"sip:example.com\", \
         response=\"{}\", qop=auth, nc={}, cnonce=\"{}\"",
        field(s3, "nonce"),
        field(s3, "response"),
        field(s3, "nc"),
        field(s3, "cnonce")
    );
    let parsed = parse_credentials(&credentials).expect("parses");
    assert_eq!(parsed.nc.expect("nc").value, 10);
}

#[test]
fn constant_time_comparison_sees_every_byte() {
    use sipsec::digest::compute::constant_time_eq;
    let base: Vec<u8> = (0..64).collect();
    for len in [0, 1, 7, 8, 9, 16, 32, 63, 64] {
        assert!(constant_time_eq(&base[..len], &base[..len]), "len {len}");
        for at in 0..len {
            let mut other = base[..len].to_vec();
            other[at] ^= 0x20;
            assert!(
                !constant_time_eq(&base[..len], &other),
                "len {len}, byte {at}"
            );
        }
    }
    assert!(!constant_time_eq(&base[..3], &base[..4]));
    assert!(!constant_time_eq(&[0; 65], &[0; 65]));
}

/// The request-digest of RFC 7616 section 3.4.1 for qop=auth, computed from scratch.
fn reference_response<D: sha2::Digest>(ha1: &Ha1, input: &ResponseInput<'_>) -> String {
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let ha2 = hex(&D::digest(format!("{}:{}", input.method, input.uri)));
    let ha1 = std::str::from_utf8(ha1.as_bytes()).unwrap().to_owned();
    let joined = format!(
        "{ha1}:{}:{}:{}:auth:{ha2}",
        input.nonce, input.nc, input.cnonce
    );
    hex(&D::digest(joined))
}

#[test]
fn responses_do_not_depend_on_the_previous_request() {
    // Pairs share the concatenation of method and URI, or the URI with another hash, so
    // any value remembered between requests must be told apart by all of its inputs.
    let requests = [
        (Algorithm::Md5, "REGISTER", "sip:a.example.com"),
        (Algorithm::Md5, "REGISTE", "Rsip:a.example.com"),
        (Algorithm::Md5, "REGISTER", "sip:a.example.com"),
        (Algorithm::Sha256, "REGISTER", "sip:a.example.com"),
        (Algorithm::Md5Sess, "REGISTER", "sip:a.example.com"),
        (Algorithm::Md5, "INVITE", "sip:a.example.com"),
        (Algorithm::Md5, "INVITE", "sip:b.example.com"),
        (Algorithm::Sha256, "INVITE", "sip:b.example.com"),
        (Algorithm::Sha256, "INVITE", "sip:b.example.com"),
    ];
    for (algorithm, method, uri) in requests {
        let ha1 = Ha1::from_password(algorithm.hash(), "alice", "example.com", "secret");
        let input = ResponseInput {
            algorithm,
            method,
            uri,
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            qop: Some(Qop::Auth),
            nc: "00000001",
            cnonce: "0a4f113b",
            body: b"",
        };
        let session;
        let base = if algorithm == Algorithm::Md5Sess {
            session = ha1.session(algorithm.hash(), input.nonce, input.cnonce);
            &session
        } else {
            &ha1
        };
        let expected = match algorithm.hash() {
            sipsec::digest::HashFunction::Md5 => reference_response::<md5::Md5>(base, &input),
            _ => reference_response::<sha2::Sha256>(base, &input),
        };
        assert_eq!(
            response(&ha1, &input).as_str(),
            expected,
            "{algorithm} {method} {uri}"
        );
    }
}
