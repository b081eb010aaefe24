//! Hostile shapes of input: deep nesting, thousands of parameters, very long lines, many
//! headers. Oversized input must be refused with `size_limit` (never examined past the
//! limit), large input inside raised limits must complete with a correct verdict, and
//! reports stay bounded by `max_problems`. No timing is asserted.

use sipsec::validate::{
    validate_header_with_limits, validate_message_with_limits, validate_sdp_with_limits,
    validate_uri_with_limits, Limits, ProblemCode as P,
};

fn message_with(headers: &str) -> String {
    format!(
        "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n\
         To: <sip:a@example.com>\r\nFrom: <sip:b@example.com>;tag=1\r\nCall-ID: x@y\r\n\
         CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n{headers}Content-Length: 0\r\n\r\n"
    )
}

fn wide() -> Limits {
    Limits {
        max_input_bytes: 1 << 24,
        max_line_bytes: 1 << 24,
        max_headers: 1 << 20,
        max_sdp_lines: 1 << 20,
        max_params: 1 << 20,
        max_problems: 1 << 20,
    }
}

#[test]
fn oversized_message_is_refused_before_it_is_read() {
    let limits = Limits::default();
    let huge = vec![b'A'; limits.max_input_bytes + 1];
    let report = validate_message_with_limits(&huge, &limits);
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].code, P::SizeLimit);
}

#[test]
fn very_long_header_line_hits_the_line_limit_and_passes_when_allowed() {
    let long = format!("Subject: {}\r\n", "x".repeat(100_000));
    let message = message_with(&long);
    let limits = Limits {
        max_input_bytes: 1 << 20,
        ..Limits::default()
    };
    let report = validate_message_with_limits(message.as_bytes(), &limits);
    assert!(report.has(P::SizeLimit) && !report.ok());

    let report = validate_message_with_limits(message.as_bytes(), &wide());
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn many_headers_hit_the_header_limit_and_pass_when_allowed() {
    let many: String = (0..20_000).map(|n| format!("X-H{n}: v\r\n")).collect();
    let message = message_with(&many);
    let limits = Limits {
        max_input_bytes: 1 << 20,
        ..Limits::default()
    };
    let report = validate_message_with_limits(message.as_bytes(), &limits);
    assert!(report.has(P::SizeLimit));
    assert_eq!(report.problems.len(), 1, "the walk stops at the limit");

    let report = validate_message_with_limits(message.as_bytes(), &wide());
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn thousands_of_uri_parameters() {
    let uri = format!("sip:a@example.com{}", ";p=v".repeat(10_000));
    let report = validate_uri_with_limits(uri.as_bytes(), &Limits::default());
    assert!(report.has(P::SizeLimit));

    let report = validate_uri_with_limits(uri.as_bytes(), &wide());
    assert!(report.ok(), "{:?}", report.problems);

    let duplicated = format!("sip:a@example.com{}", ";lr".repeat(10_000));
    let report = validate_uri_with_limits(duplicated.as_bytes(), &wide());
    assert_eq!(
        report
            .problems
            .iter()
            .filter(|p| p.code == P::UriDuplicateParam)
            .count(),
        9_999
    );
}

#[test]
fn thousands_of_header_parameters_and_list_elements() {
    let contact = format!("<sip:a@b>{}", ";x=1".repeat(10_000));
    let report = validate_header_with_limits(b"Contact", contact.as_bytes(), &Limits::default());
    assert!(report.has(P::SizeLimit));
    let report = validate_header_with_limits(b"Contact", contact.as_bytes(), &wide());
    assert!(report.ok(), "{:?}", report.problems);

    let via = vec!["SIP/2.0/UDP h;branch=z9hG4bK1"; 10_000].join(",");
    let report = validate_header_with_limits(b"Via", via.as_bytes(), &Limits::default());
    assert!(report.has(P::SizeLimit));
    let report = validate_header_with_limits(b"Via", via.as_bytes(), &wide());
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn deep_nesting_of_brackets_quotes_and_escapes() {
    let limits = wide();
    let brackets = format!("{}sip:a@b{}", "<".repeat(50_000), ">".repeat(50_000));
    let report = validate_header_with_limits(b"To", brackets.as_bytes(), &limits);
    assert!(!report.ok());

    let quotes = format!("\"{}\" <sip:a@b>", "\\\"".repeat(50_000));
    let report = validate_header_with_limits(b"From", quotes.as_bytes(), &limits);
    assert!(
        report.ok(),
        "{:?}",
        &report.problems[..report.problems.len().min(3)]
    );

    let unterminated = format!("\"{}", "\\".repeat(100_001));
    let report = validate_header_with_limits(b"From", unterminated.as_bytes(), &limits);
    assert!(report.has(P::QuotedStringUnterminated));

    let escapes = format!("sip:{}@example.com", "%41".repeat(50_000));
    let report = validate_uri_with_limits(escapes.as_bytes(), &limits);
    assert!(report.ok());

    let ipv6 = format!("sip:[{}]", "1:".repeat(50_000));
    let report = validate_uri_with_limits(ipv6.as_bytes(), &limits);
    assert!(report.has(P::UriBadIpv6));

    let folds = format!("SIP/2.0/UDP h{}", ";x=1\r\n ".repeat(20_000));
    let report = validate_header_with_limits(b"Via", folds.as_bytes(), &limits);
    assert!(report.problems.iter().all(|p| p.code != P::HeaderInjection));
}

#[test]
fn reports_stay_bounded_by_max_problems() {
    let limits = Limits {
        max_params: 1 << 20,
        max_input_bytes: 1 << 20,
        ..Limits::default()
    };
    let uri = format!("sip:a@example.com{}", ";%zz".repeat(10_000));
    let report = validate_uri_with_limits(uri.as_bytes(), &limits);
    assert_eq!(report.problems.len(), limits.max_problems);
    assert!(report.truncated);
    assert_eq!(
        report.problems.last().map(|p| p.code),
        Some(P::TooManyProblems)
    );
}

#[test]
fn sdp_line_and_size_limits() {
    let mut sdp =
        String::from("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n");
    sdp.push_str("m=audio 49170 RTP/AVP 0\r\n");
    sdp.push_str(&"a=x\r\n".repeat(5_000));
    let report = validate_sdp_with_limits(sdp.as_bytes(), &Limits::default());
    assert!(report.has(P::SizeLimit));
    let report = validate_sdp_with_limits(sdp.as_bytes(), &wide());
    assert!(report.ok(), "{:?}", report.problems);

    let long = format!("v=0\r\ns={}\r\n", "x".repeat(20_000));
    let report = validate_sdp_with_limits(long.as_bytes(), &Limits::default());
    assert!(report.has(P::SizeLimit));
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"<>\"\\;:,=@?%&[]/ \t\r\n\0sipSIP2.0zZ9hG4bK-+*tag";
    for _ in 0..2_000 {
        let len = (next() % 300) as usize;
        let input: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let _ = validate_message_with_limits(&input, &Limits::default());
        let _ = validate_header_with_limits(b"Via", &input, &Limits::default());
        let _ = validate_header_with_limits(b"Contact", &input, &Limits::default());
        let _ = validate_uri_with_limits(&input, &Limits::default());
        let _ = validate_sdp_with_limits(&input, &Limits::default());
    }
}

#[test]
fn header_name_longer_than_a_line_is_a_size_limit() {
    let limits = Limits::default();
    let name = vec![b'X'; limits.max_line_bytes + 1];
    let report = validate_header_with_limits(&name, b"v", &limits);
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].code, P::SizeLimit);

    let name = vec![b'X'; limits.max_line_bytes];
    assert!(validate_header_with_limits(&name, b"v", &limits).ok());
}
