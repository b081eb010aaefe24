//! The Via received/rport rewrite against the cases in
//! `tests/vectors/via_rfc3581_rfc5118.txt` and a few that a data file cannot express.

use sipsec::guard::{parse_first_via_parm, via_received_rport, SentByHost, ViaError};
use std::net::{IpAddr, SocketAddr};

const VECTORS: &str = include_str!("vectors/via_rfc3581_rfc5118.txt");

fn source(ip: &str, port: u16) -> SocketAddr {
    SocketAddr::new(
        ip.parse::<IpAddr>().expect("vector source is an address"),
        port,
    )
}

#[test]
fn every_vector_gives_its_expected_rewrite_or_error() {
    let mut checked = 0;
    for (number, line) in VECTORS.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(" | ").collect();
        assert_eq!(
            fields.len(),
            4,
            "vector line {} has {} fields",
            number + 1,
            fields.len()
        );
        let port: u16 = fields[2].parse().expect("vector port");

        let outcome = via_received_rport(fields[0], source(fields[1], port));
        match (fields[3], &outcome) {
            ("ERROR:contradiction", Err(ViaError::Contradiction(_))) => {}
            ("ERROR:malformed", Err(ViaError::Malformed { .. })) => {}
            (expected, Ok(rewritten)) if !expected.starts_with("ERROR:") => {
                assert_eq!(rewritten, expected, "vector line {}", number + 1)
            }
            (expected, got) => panic!(
                "vector line {}: expected {expected}, got {got:?}",
                number + 1
            ),
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} vectors");
}

#[test]
fn trailing_white_space_and_further_via_parms_are_kept_byte_for_byte() {
    let via = "SIP/2.0/UDP 10.0.0.1;rport  ,\r\n SIP/2.0/TCP [::1]:5060 ;branch=x ";
    let rewritten = via_received_rport(via, source("192.0.2.1", 1234)).unwrap();

    assert_eq!(
        rewritten,
        concat!(
            "SIP/2.0/UDP 10.0.0.1;rport=1234;received=192.0.2.1  ,",
            "\r\n SIP/2.0/TCP [::1]:5060 ;branch=x "
        )
    );
}

#[test]
fn folded_white_space_inside_the_via_parm_is_accepted() {
    let via = "SIP/2.0/UDP\r\n 10.0.0.1\r\n\t;branch=z9hG4bK1";
    let rewritten = via_received_rport(via, source("10.0.0.1", 5060)).unwrap();
    assert_eq!(rewritten, via);
}

#[test]
fn a_bare_line_break_is_malformed() {
    let outcome = via_received_rport("SIP/2.0/UDP 10.0.0.1\r\n;branch=x", source("10.0.0.1", 1));
    assert!(
        matches!(outcome, Err(ViaError::Malformed { .. })),
        "{outcome:?}"
    );
}

#[test]
fn an_empty_rport_value_is_never_written_when_rport_is_absent() {
    let rewritten = via_received_rport(
        "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1",
        source("192.0.2.1", 5060),
    )
    .unwrap();
    assert!(
        !rewritten.to_ascii_lowercase().contains("rport"),
        "{rewritten}"
    );
}

#[test]
fn the_parse_exposes_sent_by_and_params() {
    let parm = parse_first_via_parm("SIP/2.0/TLS [2001:DB8::1]:5061;Branch=z9hG4bK;rport").unwrap();

    assert_eq!(parm.transport, "TLS");
    assert_eq!(parm.host, SentByHost::Ip("2001:db8::1".parse().unwrap()));
    assert_eq!(parm.port, Some(5061));
    assert_eq!(
        parm.param("branch").and_then(|p| p.value.as_deref()),
        Some("z9hG4bK")
    );
    assert_eq!(parm.param("RPORT").map(|p| p.value.is_none()), Some(true));
}

#[test]
fn a_host_name_sent_by_is_kept_as_a_name() {
    let parm = parse_first_via_parm("SIP/2.0/UDP Proxy-1.Example.COM.").unwrap();
    assert_eq!(
        parm.host,
        SentByHost::Name("Proxy-1.Example.COM.".to_string())
    );
}

#[test]
fn malformed_errors_name_the_byte_offset() {
    let outcome = via_received_rport("SIP/2.0/UDP 10.0.0.1 junk", source("10.0.0.1", 1));
    assert_eq!(
        outcome,
        Err(ViaError::Malformed {
            at: 21,
            reason: "expected ';', ',' or the end of the Via, found 'j'".to_string()
        })
    );
}

#[test]
fn non_ascii_input_is_refused_without_panicking() {
    for via in [
        "SIP/2.0/UDP h\u{e9}.example",
        "SIP/2.0/UDP 10.0.0.1;x=\"\\\u{e9}\"",
        "\u{e9}",
    ] {
        let outcome = via_received_rport(via, source("10.0.0.1", 1));
        assert!(
            matches!(outcome, Err(ViaError::Malformed { .. })),
            "{via}: {outcome:?}"
        );
    }
    let quoted = via_received_rport(
        "SIP/2.0/UDP 10.0.0.1;x=\"caf\u{e9}\"",
        source("10.0.0.1", 1),
    );
    assert!(quoted.is_ok(), "{quoted:?}");
}

#[test]
fn the_contradiction_message_names_both_addresses() {
    let outcome = via_received_rport(
        "SIP/2.0/UDP h.example;received=10.9.9.9",
        source("10.0.0.1", 1),
    );
    let Err(ViaError::Contradiction(text)) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        text.contains("10.9.9.9") && text.contains("10.0.0.1"),
        "{text}"
    );
}

#[test]
fn a_received_without_value_points_at_the_parameter() {
    let outcome = via_received_rport("SIP/2.0/UDP 10.0.0.1;received", source("10.0.0.1", 1));
    let Err(ViaError::Malformed { at, .. }) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(at, 21);
}
