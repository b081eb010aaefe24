//! The RFC 4475 torture messages and the RFC 5118 IPv6 messages against the message
//! validator, with the verdicts listed in each directory's `expected.txt`.

use sipsec::validate::{validate_message, ProblemCode, Report};
use std::fs;
use std::path::PathBuf;

struct Expectation {
    file: String,
    section: String,
    valid: bool,
    codes: Vec<ProblemCode>,
}

fn data_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn manifest(name: &str) -> Vec<Expectation> {
    let text = fs::read_to_string(data_dir(name).join("expected.txt")).expect("manifest exists");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let codes = if fields[3] == "-" {
                Vec::new()
            } else {
                fields[3]
                    .split(',')
                    .map(|word| {
                        ProblemCode::from_word(word)
                            .unwrap_or_else(|| panic!("unknown code {word}"))
                    })
                    .collect()
            };
            Expectation {
                file: fields[0].to_string(),
                section: fields[1].to_string(),
                valid: fields[2] == "valid",
                codes,
            }
        })
        .collect()
}

fn describe(report: &Report) -> String {
    report
        .problems
        .iter()
        .map(|p| format!("{}@{}: {}", p.code.word(), p.offset, p.reason))
        .collect::<Vec<_>>()
        .join("; ")
}

fn check_directory(name: &str) -> usize {
    let mut failures = Vec::new();
    let expectations = manifest(name);
    for expected in &expectations {
        let bytes = fs::read(data_dir(name).join(&expected.file)).expect("message file exists");
        let report = validate_message(&bytes);
        let label = format!("{} (section {})", expected.file, expected.section);
        if expected.valid && !report.ok() {
            failures.push(format!("{label} should be valid: {}", describe(&report)));
        }
        if !expected.valid && report.ok() {
            failures.push(format!("{label} should be invalid: {}", describe(&report)));
        }
        for code in &expected.codes {
            if !report.has(*code) {
                failures.push(format!(
                    "{label} lacks {}: {}",
                    code.word(),
                    describe(&report)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    expectations.len()
}

#[test]
fn rfc4475_torture_messages_get_the_rfc_verdicts() {
    assert_eq!(check_directory("torture"), 50);
}

#[test]
fn rfc5118_ipv6_messages_get_the_rfc_verdicts() {
    assert_eq!(check_directory("ipv6"), 12);
}

#[test]
fn sdp_bodies_of_the_ipv6_messages_are_valid() {
    for file in [
        "ipv6_in_sdp.dat",
        "mult_ip_in_sdp.dat",
        "ipv4_mapped_ipv6.dat",
    ] {
        let bytes = fs::read(data_dir("ipv6").join(file)).expect("message file exists");
        let body_start = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("body")
            + 4;
        let report = sipsec::validate::validate_sdp(&bytes[body_start..]);
        assert!(report.ok(), "{file}: {}", describe(&report));
    }
}
