//! Parsing of challenge and credentials values: the forms real clients and servers send,
//! and the errors that name each problem.

use sipsec::digest::parse::{parse_challenges, parse_credentials, ParseErrorKind, MAX_VALUE_LEN};
use sipsec::digest::{Algorithm, Qop};

const BASE: &str = "username=\"alice\", realm=\"example.com\", nonce=\"abc\", \
                    uri=\"sip:example.com\", response=\"0123456789abcdef0123456789abcdef\"";

fn kind_of(value: &str) -> ParseErrorKind {
    match parse_credentials(value) {
        Ok(parsed) => panic!("{value:?} parsed: {parsed:?}"),
        Err(error) => {
            assert!(!error.message.is_empty());
            error.kind
        }
    }
}

#[test]
fn scheme_and_names_are_case_insensitive() {
    let value = "DIGEST UserName=\"alice\", REALM=\"example.com\", Nonce=\"abc\", \
                 URI=\"sip:example.com\", Response=\"0123456789ABCDEF0123456789ABCDEF\", \
                 ALGORITHM=md5";
    let credentials = parse_credentials(value).expect("parses");
    assert_eq!(credentials.username, "alice");
    assert_eq!(credentials.algorithm, Algorithm::Md5);
    assert_eq!(credentials.response, "0123456789ABCDEF0123456789ABCDEF");
}

#[test]
fn quoted_forms_real_clients_send() {
    let value = format!(
        "Digest {BASE}, qop=\"auth\", algorithm=\"MD5\", nc=0000000a, cnonce=\"x\", opaque=\"\""
    );
    let credentials = parse_credentials(&value).expect("parses");
    assert_eq!(credentials.qop, Some(Qop::Auth));
    assert_eq!(credentials.algorithm, Algorithm::Md5);
    assert_eq!(credentials.nc.expect("nc").value, 10);
    assert_eq!(credentials.opaque.as_deref(), Some(""));
}

#[test]
fn missing_algorithm_means_md5_and_no_space_after_colon_is_fine() {
    let value = format!("Digest {}", BASE.replace(", ", ","));
    let credentials = parse_credentials(&value).unwrap();
    assert_eq!(credentials.algorithm, Algorithm::Md5);
    assert_eq!(credentials.uri, "sip:example.com");
}

#[test]
fn escapes_and_embedded_commas_are_unquoted() {
    let value = BASE.replace("\"alice\"", "\"al\\\"ice, the \\\\ one\"");
    let value = format!("Digest {value}");
    let credentials = parse_credentials(&value).expect("parses");
    assert_eq!(credentials.username, "al\"ice, the \\ one");
}

#[test]
fn folded_lines_are_whitespace() {
    let value = format!("Digest\r\n {}", BASE.replace(", ", ",\r\n\t"));
    let credentials = parse_credentials(&value).expect("parses");
    assert_eq!(credentials.realm, "example.com");
}

#[test]
fn challenge_forms() {
    let value = "Digest realm=\"example.com\", qop=\"auth,auth-int\", nonce=\"n1\", \
                 stale=FALSE, opaque=\"\", algorithm=SHA-256, userhash=TRUE";
    let challenges = parse_challenges(value).expect("parses");
    assert_eq!(challenges.len(), 1);
    let challenge = &challenges[0];
    assert!(challenge.qop.contains(Qop::Auth) && challenge.qop.contains(Qop::AuthInt));
    assert!(!challenge.stale);
    assert!(challenge.userhash);
    assert_eq!(challenge.opaque.as_deref(), Some(""));
    assert_eq!(challenge.algorithm, Some(Algorithm::Sha256));
}

#[test]
fn several_challenges_in_one_value_each_with_its_nonce() {
    let value = "Digest realm=\"a\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\", \
                 Basic realm=\"a\", Digest realm=\"a\", nonce=\"n2\", qop=auth, \
                 Digest realm=\"a\", nonce=\"n3\", algorithm=SHA-1";
    let challenges = parse_challenges(value).expect("parses");
    let nonces: Vec<&str> = challenges.iter().map(|c| c.nonce.as_str()).collect();
    assert_eq!(nonces, ["n1", "n2", "n3"]);
    assert_eq!(challenges[1].algorithm, Some(Algorithm::Md5));
    assert_eq!(challenges[2].algorithm, None);
    assert!(!challenges[2].is_usable());
}

#[test]
fn errors_name_the_problem() {
    let twice = format!("Digest {BASE}, realm=\"again\"");
    assert_eq!(kind_of(&twice), ParseErrorKind::DuplicateParameter);
    assert!(parse_credentials(&twice)
        .unwrap_err()
        .message
        .contains("realm"));

    let no_nonce = BASE.replace("nonce=\"abc\", ", "");
    let error = parse_credentials(&format!("Digest {no_nonce}")).unwrap_err();
    assert_eq!(error.kind, ParseErrorKind::MissingParameter);
    assert!(error.message.contains("nonce"));

    for nc in ["1", "0000001", "000000001", "0000000g", "\"00000001x\""] {
        let value = format!("Digest {BASE}, qop=auth, cnonce=\"c\", nc={nc}");
        assert_eq!(kind_of(&value), ParseErrorKind::BadNonceCount, "nc={nc}");
    }

    let no_nc = format!("Digest {BASE}, qop=auth, cnonce=\"c\"");
    assert_eq!(kind_of(&no_nc), ParseErrorKind::MissingParameter);
    assert_eq!(
        kind_of(&format!("Digest {BASE}, qop=auth-conf")),
        ParseErrorKind::BadQop
    );
    assert_eq!(
        kind_of(&format!("Digest {BASE}, algorithm=SHA-1")),
        ParseErrorKind::UnknownAlgorithm
    );
    assert_eq!(
        kind_of(&format!("Digest {BASE}, userhash=maybe")),
        ParseErrorKind::BadValue
    );
}

#[test]
fn escaped_quote_is_not_the_closing_quote() {
    let swallowed = "Digest username=\"alice\\\", realm=\"example.com\"";
    assert_eq!(kind_of(swallowed), ParseErrorKind::EscapedQuote);

    let at_end = "Digest realm=\"x\", username=\"alice\\\"";
    assert_eq!(kind_of(at_end), ParseErrorKind::EscapedQuote);
    assert!(parse_credentials(at_end)
        .unwrap_err()
        .message
        .contains("username"));
}

#[test]
fn unterminated_quote() {
    assert_eq!(
        kind_of("Digest username=\"alice, realm=x"),
        ParseErrorKind::UnterminatedQuote
    );
}

#[test]
fn several_credentials_in_one_authorization_are_refused() {
    let value = format!("Digest {BASE}, Digest {BASE}");
    assert_eq!(kind_of(&value), ParseErrorKind::SeveralCredentials);
}

#[test]
fn other_schemes_and_garbage() {
    assert_eq!(
        kind_of("Basic YWxhZGRpbjpvcGVuc2VzYW1l"),
        ParseErrorKind::NotDigest
    );
    assert_eq!(kind_of(""), ParseErrorKind::Empty);
    assert_eq!(kind_of("Digest username"), ParseErrorKind::Syntax);
    assert_eq!(
        kind_of("Digest username=\"a\" realm=\"b\""),
        ParseErrorKind::Syntax
    );
    assert_eq!(kind_of("Digest username="), ParseErrorKind::Syntax);
    assert_eq!(
        kind_of("Digest username=\"a\r\nb\""),
        ParseErrorKind::Syntax
    );
}

#[test]
fn size_and_parameter_count_are_bounded() {
    let long = format!("Digest {BASE}, x=\"{}\"", "a".repeat(MAX_VALUE_LEN));
    assert_eq!(kind_of(&long), ParseErrorKind::TooLong);

    let many: String = (0..40).map(|i| format!(", p{i}=v")).collect();
    assert_eq!(
        kind_of(&format!("Digest {BASE}{many}")),
        ParseErrorKind::TooMany
    );

    let challenge = "Digest realm=\"a\", nonce=\"n\", ".repeat(20);
    let error = parse_challenges(challenge.trim_end_matches(", ")).unwrap_err();
    assert_eq!(error.kind, ParseErrorKind::TooMany);
}

#[test]
fn parsing_time_is_linear() {
    // A value at the size limit made of the costliest shapes still parses quickly.
    let inner = "\\\"".repeat(MAX_VALUE_LEN / 2 - 40);
    let value = format!("Digest username=\"{inner}\"");
    let started = std::time::Instant::now();
    for _ in 0..1000 {
        let _ = parse_credentials(&value);
        let _ = parse_challenges(&",".repeat(MAX_VALUE_LEN));
    }
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn escaped_line_breaks_are_refused() {
    assert_eq!(
        kind_of("Digest username=\"a\\\r\n b\""),
        ParseErrorKind::Syntax
    );
}
