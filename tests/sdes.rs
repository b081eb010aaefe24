//! SDES `a=crypto` parsing, formatting, generation and offer/answer.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sipsec::sdes::{
    answer_offer, key_salt_len, split_lines, suite_from_name, verify_answer, CryptoAttribute,
    FecOrder, KeyParamProblem, Mki, SdesError, SdesErrorKind, Suite, MAX_KEY_PARAMS, MAX_LINE_LEN,
    MAX_OFFER_LINES, MAX_SESSION_PARAMS, SUITES,
};
use std::fs;
use std::path::PathBuf;

const KEY_128: &str = "YmTVLq/x05xcYFAADgerGIQkdmV7gfSqITYw75p1";
const KEY_256_PADDED: &str = "yYF3HBNK8xAoxktRieBGSDS2b4Y/Fu7UdBc21tK1lymRdLMuGKYSQ6tEwgTPxQ==";
const KEY_GCM_128: &str = "vM6jV21cUmdtwAxjgVZAThCw6JFZbHw1XnF+tA==";
const KEY_GCM_256: &str = "lOz/WMJ5GJc9YQII6ZOBuVGT+fQECyyg56NOkYujb7ukykXn3AwdhZAVXmg=";

fn data_file(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(relative);
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn kind_name(kind: SdesErrorKind) -> String {
    format!("{kind:?}")
}

fn verdict(line: &str) -> String {
    match CryptoAttribute::parse(line) {
        Ok(_) => "ok".to_string(),
        Err(error) => kind_name(error.kind()),
    }
}

fn line_128(rest: &str) -> String {
    format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}{rest}")
}

fn parse_error(line: &str) -> SdesError {
    CryptoAttribute::parse(line).expect_err(line)
}

fn assert_round_trip(attribute: &CryptoAttribute) {
    let with_prefix = attribute.format(true);
    let bare = attribute.format(false);
    assert_eq!(with_prefix, format!("a=crypto:{bare}"));
    assert_eq!(
        &CryptoAttribute::parse(&with_prefix).unwrap(),
        attribute,
        "{with_prefix}"
    );
    assert_eq!(&CryptoAttribute::parse(&bare).unwrap(), attribute, "{bare}");
}

#[test]
fn rfc4568_examples_reach_their_verdicts_and_round_trip() {
    let text = data_file("vectors/sdes_rfc4568_examples.txt");
    let mut checked = 0;

    for row in text
        .lines()
        .filter(|row| !row.starts_with('#') && !row.is_empty())
    {
        let fields: Vec<&str> = row.splitn(3, '\t').collect();
        let (section, expected, line) = (fields[0], fields[1], fields[2]);
        assert_eq!(
            verdict(line),
            expected,
            "RFC 4568 section {section}: {line}"
        );
        if let Ok(attribute) = CryptoAttribute::parse(line) {
            assert_round_trip(&attribute);
        }
        checked += 1;
    }
    assert_eq!(checked, 5);
}

#[test]
fn rfc4568_section_4_example_fields() {
    let line = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 \
                inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32";
    let attribute = CryptoAttribute::parse(line).unwrap();

    assert_eq!(attribute.tag(), 1);
    assert_eq!(attribute.suite(), Suite::AesCm128HmacSha1_80);
    assert_eq!(attribute.keys().len(), 1);
    let key = &attribute.keys()[0];
    let expected = STANDARD
        .decode("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR")
        .unwrap();
    assert_eq!(key.key_salt().as_bytes(), expected.as_slice());
    assert_eq!(
        key.key_salt().master_key(attribute.suite()),
        &expected[..16]
    );
    assert_eq!(
        key.key_salt().master_salt(attribute.suite()),
        &expected[16..]
    );
    assert_eq!(key.lifetime(), Some(1 << 20));
    let mki = key.mki().unwrap();
    assert_eq!(mki.length(), 32);
    assert_eq!(mki.value_u64(), Some(1));
    assert_eq!(mki.as_bytes()[31], 1);
    assert!(mki.as_bytes()[..31].iter().all(|byte| *byte == 0));
    assert_eq!(attribute.to_string(), line);
}

#[test]
fn real_world_lines_reach_their_verdicts() {
    let text = data_file("data/sdes_lines.txt");
    let mut checked = 0;

    for row in text
        .lines()
        .filter(|row| !row.starts_with('#') && !row.is_empty())
    {
        let (expected, line) = row.split_once('\t').expect("verdict TAB line");
        assert_eq!(verdict(line), expected, "{line}");
        let with_crlf = format!("{line}\r\n");
        assert_eq!(verdict(&with_crlf), expected, "with CRLF: {line}");
        if let Ok(attribute) = CryptoAttribute::parse(line) {
            assert_round_trip(&attribute);
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} lines");
}

#[test]
fn rfc6188_and_rfc7714_suites_have_their_lengths() {
    let text = data_file("vectors/sdes_rfc6188_rfc7714_suites.txt");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|row| !row.starts_with('#') && !row.is_empty())
        .map(|row| row.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), SUITES.len(), "every SDES suite has a row");
    let cases = rows.iter().map(|row| {
        let length = |field: &str| field.parse::<usize>().expect("a length");
        (row[0], length(row[1]), length(row[2]))
    });

    for (name, key_len, salt_len) in cases {
        let suite = suite_from_name(name).unwrap();
        assert_eq!(suite.name(), name);
        assert_eq!(
            (suite.master_key_len(), suite.master_salt_len()),
            (key_len, salt_len)
        );
        let key = STANDARD.encode(vec![7u8; key_len + salt_len]);
        let attribute = CryptoAttribute::parse(&format!("9 {name} inline:{key}")).unwrap();
        assert_eq!(
            attribute.keys()[0].key_salt().as_bytes().len(),
            key_len + salt_len
        );
        let short = STANDARD.encode(vec![7u8; key_len + salt_len - 1]);
        let error = parse_error(&format!("9 {name} inline:{short}"));
        let needed = key_len + salt_len;
        let problem = KeyParamProblem::WrongLength {
            found: needed - 1,
            needed,
        };
        assert_eq!(
            error,
            SdesError::KeyParam {
                fec: false,
                index: 1,
                problem
            },
            "{name}"
        );
    }
}

#[test]
fn gcm_lines_parse() {
    let line = format!("a=crypto:1 AEAD_AES_128_GCM inline:{KEY_GCM_128}|2^48");
    let attribute = CryptoAttribute::parse(&line).unwrap();
    assert_eq!(attribute.suite(), Suite::AeadAes128Gcm);
    assert_eq!(attribute.keys()[0].key_salt().as_bytes().len(), 28);
    assert_eq!(attribute.keys()[0].lifetime(), Some(1 << 48));

    let line = format!("a=crypto:2 AEAD_AES_256_GCM inline:{KEY_GCM_256}");
    assert_eq!(
        CryptoAttribute::parse(&line).unwrap().keys()[0]
            .key_salt()
            .as_bytes()
            .len(),
        44
    );
}

#[test]
fn keys_are_accepted_with_and_without_padding_and_written_padded() {
    let unpadded = KEY_256_PADDED.trim_end_matches('=');
    let padded = CryptoAttribute::parse(&format!(
        "1 AES_256_CM_HMAC_SHA1_80 inline:{KEY_256_PADDED}"
    ));
    let bare = CryptoAttribute::parse(&format!("1 AES_256_CM_HMAC_SHA1_80 inline:{unpadded}"));
    let (padded, bare) = (padded.unwrap(), bare.unwrap());

    assert_eq!(padded, bare);
    assert_eq!(
        bare.to_string(),
        format!("a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:{KEY_256_PADDED}")
    );
    let one_pad = format!(
        "1 AEAD_AES_128_GCM inline:{}=",
        KEY_GCM_128.trim_end_matches('=')
    );
    assert_eq!(verdict(&one_pad), "ok");
    let too_much = format!("1 AEAD_AES_128_GCM inline:{KEY_GCM_128}=");
    assert_eq!(verdict(&too_much), "BadKey");
}

#[test]
fn whitespace_splits_before_bars_so_a_lifetime_can_precede_a_session_parameter() {
    let attribute = CryptoAttribute::parse(&line_128("|2^48 UNENCRYPTED_SRTCP")).unwrap();

    assert_eq!(attribute.keys()[0].lifetime(), Some(1 << 48));
    assert!(attribute.keys()[0].mki().is_none());
    assert!(attribute.params().unencrypted_srtcp);
    assert!(!attribute.params().unencrypted_srtp);
    assert!(attribute.params().unknown.is_empty());
    assert_eq!(attribute.to_string(), line_128("|2^48 UNENCRYPTED_SRTCP"));
}

#[test]
fn lifetimes_in_both_notations() {
    let decimal = CryptoAttribute::parse(&line_128("|1048576")).unwrap();
    assert_eq!(decimal.keys()[0].lifetime(), Some(1 << 20));
    assert_eq!(decimal.to_string(), line_128("|2^20"));

    let odd = CryptoAttribute::parse(&line_128("|1000|7:2")).unwrap();
    assert_eq!(odd.keys()[0].lifetime(), Some(1000));
    assert_eq!(odd.keys()[0].mki(), Mki::new(7, 2).as_ref());
    assert_eq!(odd.to_string(), line_128("|1000|7:2"));

    let mki_only = CryptoAttribute::parse(&line_128("|300:2")).unwrap();
    assert_eq!(mki_only.keys()[0].lifetime(), None);
    assert_eq!(mki_only.keys()[0].mki().unwrap().as_bytes(), &[1, 44]);
}

#[test]
fn suite_names_match_without_case_and_aliases_are_unknown() {
    let lower =
        CryptoAttribute::parse(&format!("1 aead_aes_128_gcm inline:{KEY_GCM_128}")).unwrap();
    assert_eq!(lower.suite(), Suite::AeadAes128Gcm);
    assert!(lower.to_string().contains(" AEAD_AES_128_GCM "));

    for alias in [
        "AES_CM_256_HMAC_SHA1_80",
        "AES_CM_256_HMAC_SHA1_32",
        "AES_CM_192_HMAC_SHA1_80",
        "AEAD_AES_128_GCM_8",
        "AEAD_AES_256_GCM_8",
        "NULL_HMAC_SHA1_80",
    ] {
        let error = suite_from_name(alias).unwrap_err();
        assert_eq!(error, SdesError::UnknownSuite(alias.to_string()));
        assert_eq!(error.kind(), SdesErrorKind::UnknownSuite);
    }
    let f8 = suite_from_name("f8_128_hmac_sha1_80").unwrap_err();
    assert_eq!(f8, SdesError::UnsupportedSuite("F8_128_HMAC_SHA1_80"));
    assert_eq!(f8.kind(), SdesErrorKind::UnsupportedSuite);
}

#[test]
fn session_parameters_are_read() {
    let fec_key = format!("FEC_KEY=inline:{KEY_128}|2^20|1:4;inline:{KEY_128}|2^20|2:4");
    let line = line_128(&format!(
        " KDR=24 UNENCRYPTED_SRTP UNENCRYPTED_SRTCP UNAUTHENTICATED_SRTP \
         FEC_ORDER=SRTP_FEC {fec_key} WSH=1024 -X-OPT=1 FUTURE_PARAM"
    ));
    let attribute = CryptoAttribute::parse(&line).unwrap();
    let params = attribute.params();

    assert_eq!(params.kdr, Some(24));
    assert!(params.unencrypted_srtp && params.unencrypted_srtcp && params.unauthenticated_srtp);
    assert_eq!(params.fec_order, Some(FecOrder::SrtpFec));
    assert_eq!(params.fec_keys.len(), 2);
    assert_eq!(params.fec_keys[1].mki(), Mki::new(2, 4).as_ref());
    assert_eq!(params.wsh, Some(1024));
    assert_eq!(
        params.unknown,
        vec!["-X-OPT=1".to_string(), "FUTURE_PARAM".to_string()]
    );
    assert_eq!(
        params.unknown_mandatory().collect::<Vec<_>>(),
        vec!["FUTURE_PARAM"]
    );
    assert_eq!(attribute.to_string(), line);
    assert_round_trip(&attribute);

    let lower = CryptoAttribute::parse(&line_128(" kdr=3 wsh=64 fec_order=fec_srtp")).unwrap();
    assert_eq!(lower.params().kdr, Some(3));
    assert_eq!(lower.params().wsh, Some(64));
    assert_eq!(lower.params().fec_order, Some(FecOrder::FecSrtp));
    assert_eq!(
        lower.to_string(),
        line_128(" KDR=3 FEC_ORDER=FEC_SRTP WSH=64")
    );
}

#[test]
fn every_parse_error_names_its_field() {
    let key_param = |index, problem| SdesError::KeyParam {
        fec: false,
        index,
        problem,
    };
    let cases: Vec<(String, SdesError, &str)> = vec![
        ("".into(), SdesError::Missing("tag"), "missing tag"),
        (
            "a=crypto:1".into(),
            SdesError::Missing("crypto-suite"),
            "missing crypto-suite",
        ),
        (
            "1 AES_CM_128_HMAC_SHA1_80".into(),
            SdesError::Missing("key-params"),
            "key-params",
        ),
        (
            format!("x1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}"),
            SdesError::BadTag,
            "tag",
        ),
        (
            format!("1 AES_CM_999 inline:{KEY_128}"),
            SdesError::UnknownSuite("AES_CM_999".into()),
            "AES_CM_999",
        ),
        (
            line_128(";"),
            key_param(2, KeyParamProblem::MissingMethod),
            "key-param 2",
        ),
        (
            "1 AES_CM_128_HMAC_SHA1_80 uri:x".into(),
            key_param(1, KeyParamProblem::UnsupportedMethod("uri".into())),
            "'uri'",
        ),
        (
            line_128("|2^20|1:4|x"),
            key_param(1, KeyParamProblem::TooManyFields),
            "more than",
        ),
        (
            "1 AES_CM_128_HMAC_SHA1_80 inline:@@@@".into(),
            key_param(1, KeyParamProblem::NotBase64),
            "base64",
        ),
        (
            line_128("|2^"),
            key_param(
                1,
                KeyParamProblem::BadLifetime("is not '2^n' or a decimal number"),
            ),
            "lifetime",
        ),
        (
            line_128("|0"),
            key_param(1, KeyParamProblem::BadLifetime("must be at least 1 packet")),
            "at least",
        ),
        (
            line_128("|281474976710657"),
            key_param(1, KeyParamProblem::BadLifetime("exceeds 2^48 packets")),
            "2^48",
        ),
        (
            line_128("|1:4|2^20"),
            key_param(1, KeyParamProblem::BadLifetime("must come before the MKI")),
            "before",
        ),
        (
            line_128("|2^20|2^20"),
            key_param(1, KeyParamProblem::BadLifetime("is given twice")),
            "twice",
        ),
        (
            line_128("|1:4|2:4"),
            key_param(1, KeyParamProblem::BadMki("is given twice")),
            "MKI is given",
        ),
        (
            line_128("|1:0"),
            key_param(1, KeyParamProblem::BadMki("length is outside 1..128")),
            "1..128",
        ),
        (
            line_128("|1:1000"),
            key_param(
                1,
                KeyParamProblem::BadMki("length is not 1 to 3 decimal digits"),
            ),
            "3 decimal",
        ),
        (
            line_128("|:4"),
            key_param(1, KeyParamProblem::BadMki("value is not a decimal number")),
            "value",
        ),
        (
            line_128("|65536:2"),
            key_param(1, KeyParamProblem::BadMki("value does not fit its length")),
            "fit",
        ),
        (
            line_128(&format!(";inline:{KEY_128}")),
            key_param(1, KeyParamProblem::MkiRequired),
            "required",
        ),
        (
            line_128(&format!("|1:4;inline:{KEY_128}|2:2")),
            key_param(2, KeyParamProblem::MkiLengthMismatch),
            "differs",
        ),
        (
            line_128(&format!("|1:4;inline:{KEY_128}|1:4")),
            key_param(2, KeyParamProblem::DuplicateMki),
            "earlier",
        ),
        (
            line_128(" KDR=25"),
            SdesError::SessionParam {
                name: "KDR",
                why: "is not 1 or 2 digits in 0..24",
            },
            "KDR",
        ),
        (
            line_128(" KDR=001"),
            SdesError::SessionParam {
                name: "KDR",
                why: "is not 1 or 2 digits in 0..24",
            },
            "KDR",
        ),
        (
            line_128(" KDR"),
            SdesError::SessionParam {
                name: "KDR",
                why: "needs a value",
            },
            "needs",
        ),
        (
            line_128(" UNENCRYPTED_SRTP=1"),
            SdesError::SessionParam {
                name: "UNENCRYPTED_SRTP",
                why: "takes no value",
            },
            "no value",
        ),
        (
            line_128(" FEC_ORDER=XOR"),
            SdesError::SessionParam {
                name: "FEC_ORDER",
                why: "is not FEC_SRTP or SRTP_FEC",
            },
            "FEC_ORDER",
        ),
        (
            line_128(" WSH=63"),
            SdesError::SessionParam {
                name: "WSH",
                why: "is not a number from 64 up",
            },
            "WSH",
        ),
        (
            line_128(" WSH=99999999999"),
            SdesError::SessionParam {
                name: "WSH",
                why: "is not a number from 64 up",
            },
            "WSH",
        ),
        (
            line_128(" X=\u{e9}"),
            SdesError::SessionParam {
                name: "unknown",
                why: "has characters outside visible ASCII",
            },
            "visible",
        ),
        (
            line_128(" KDR=1 KDR=2"),
            SdesError::RepeatedSessionParam("KDR"),
            "twice",
        ),
        (
            line_128(" UNENCRYPTED_SRTCP UNENCRYPTED_SRTCP"),
            SdesError::RepeatedSessionParam("UNENCRYPTED_SRTCP"),
            "twice",
        ),
        (
            line_128(&format!(
                " FEC_KEY=inline:{KEY_128} FEC_KEY=inline:{KEY_128}"
            )),
            SdesError::RepeatedSessionParam("FEC_KEY"),
            "FEC_KEY",
        ),
        (
            line_128(" FEC_KEY=inline:AAAA"),
            SdesError::KeyParam {
                fec: true,
                index: 1,
                problem: KeyParamProblem::WrongLength {
                    found: 3,
                    needed: 30,
                },
            },
            "FEC_KEY key-param 1",
        ),
    ];

    for (line, expected, message_part) in cases {
        let error = parse_error(&line);
        assert_eq!(error, expected, "{line}");
        let message = error.to_string();
        assert!(
            message.contains(message_part),
            "{line}: '{message}' lacks '{message_part}'"
        );
        assert!(!message.contains(KEY_128), "{line}: message shows the key");
    }
}

#[test]
fn error_kinds_map_bad_keys_apart_from_syntax() {
    assert_eq!(parse_error(&line_128("|0")).kind(), SdesErrorKind::Parse);
    assert_eq!(
        parse_error("1 AES_CM_128_HMAC_SHA1_80 inline:@@").kind(),
        SdesErrorKind::BadKey
    );
    assert_eq!(
        parse_error("1 AES_CM_128_HMAC_SHA1_80 inline:AAAA").kind(),
        SdesErrorKind::BadKey
    );
    assert_eq!(
        SdesError::BadAnswer("x".into()).kind(),
        SdesErrorKind::BadAnswer
    );
    assert_eq!(
        SdesError::NoAcceptableOffer(vec![]).kind(),
        SdesErrorKind::NoAcceptableOffer
    );
}

#[test]
fn sizes_are_bounded() {
    let long = line_128(&" ".repeat(MAX_LINE_LEN));
    assert_eq!(parse_error(&long), SdesError::TooLong(long.len()));

    let key = format!("inline:{KEY_128}|1:4");
    let many_keys = vec![key; MAX_KEY_PARAMS + 1].join(";");
    let line = format!("1 AES_CM_128_HMAC_SHA1_80 {many_keys}");
    assert_eq!(parse_error(&line), SdesError::TooManyKeyParams);

    let many_params = vec!["-X"; MAX_SESSION_PARAMS + 1].join(" ");
    assert_eq!(
        parse_error(&line_128(&format!(" {many_params}"))),
        SdesError::TooManySessionParams
    );
    let enough = vec!["-X"; MAX_SESSION_PARAMS].join(" ");
    assert!(CryptoAttribute::parse(&line_128(&format!(" {enough}"))).is_ok());

    let lines = vec!["x"; MAX_OFFER_LINES + 1].join("\n");
    assert_eq!(split_lines(&lines).unwrap_err(), SdesError::TooManyLines);
}

#[test]
fn large_mki_values_round_trip() {
    let big = "340282366920938463463374607431768211456";
    let attribute = CryptoAttribute::parse(&line_128(&format!("|{big}:17"))).unwrap();
    let mki = attribute.keys()[0].mki().unwrap();

    assert_eq!(mki.length(), 17);
    assert_eq!(mki.as_bytes()[0], 1);
    assert_eq!(mki.value_u64(), None);
    assert_eq!(attribute.to_string(), line_128(&format!("|{big}:17")));
    assert_eq!(verdict(&line_128(&format!("|{big}:16"))), "Parse");

    let padded = format!("{}{big}", "0".repeat(400));
    let attribute = CryptoAttribute::parse(&line_128(&format!("|{padded}:17"))).unwrap();
    assert_eq!(attribute.to_string(), line_128(&format!("|{big}:17")));
    // 10^308 has 309 digits and fits in 128 bytes (2^1024 is about 1.8 * 10^308).
    let ten_to_308 = format!("1{}", "0".repeat(308));
    assert_eq!(verdict(&line_128(&format!("|{ten_to_308}:128"))), "ok");
    assert_eq!(verdict(&line_128(&format!("|{ten_to_308}0:128"))), "Parse");
}

#[test]
fn generated_attributes_are_fresh_and_round_trip() {
    for suite in SUITES {
        let first = CryptoAttribute::generate(5, suite).unwrap();
        let second = CryptoAttribute::generate(5, suite).unwrap();

        assert_eq!(first.tag(), 5);
        assert_eq!(first.suite(), suite);
        assert_eq!(
            first.keys()[0].key_salt().as_bytes().len(),
            key_salt_len(suite)
        );
        assert_ne!(first.keys()[0].key_salt(), second.keys()[0].key_salt());
        assert_round_trip(&first);
    }
    assert_eq!(
        CryptoAttribute::generate(1_000_000_000, Suite::AeadAes256Gcm).unwrap_err(),
        SdesError::BadTag
    );
}

#[test]
fn debug_output_shows_no_key_material() {
    let attribute = CryptoAttribute::generate(1, Suite::Aes256CmHmacSha1_80).unwrap();
    let debug = format!("{attribute:?}");
    let key = attribute.keys()[0].key_salt().as_bytes();

    assert!(debug.contains("redacted"));
    assert!(!debug.contains(&STANDARD.encode(key)));
    assert!(!debug.contains(&format!("{:?}", &key[..4])));
    let hex: String = key.iter().map(|byte| format!("{byte:02x}")).collect();
    assert!(!debug.contains(&hex[..8]));
}

fn offer_text() -> String {
    [
        format!("a=crypto:1 AEAD_AES_256_GCM_8 inline:{KEY_GCM_256}"),
        format!("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}|2^31 UNENCRYPTED_SRTP"),
        "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:AAAA".to_string(),
        format!("a=crypto:4 AES_CM_128_HMAC_SHA1_32 inline:{KEY_128}|2^31 -OPTIONAL"),
        format!("a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}|2^31|1:1 KDR=1 WSH=256"),
        format!("a=crypto:6 AEAD_AES_128_GCM inline:{KEY_GCM_128} FUTURE_PARAM"),
        format!("a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} FEC_KEY=inline:{KEY_128}"),
        format!("a=crypto:5 AEAD_AES_256_GCM inline:{KEY_GCM_256}"),
    ]
    .join("\r\n")
}

#[test]
fn answer_follows_preferences_and_skips_unusable_lines() {
    let text = offer_text();
    let lines = split_lines(&text).unwrap();
    assert_eq!(lines.len(), 8);

    let preferences = [Suite::AeadAes256Gcm, Suite::AesCm128HmacSha1_80];
    let outcome = answer_offer(&lines, &preferences).unwrap();
    assert_eq!(outcome.offered.tag(), 5);
    assert_eq!(outcome.offered.suite(), Suite::AesCm128HmacSha1_80);
    assert_eq!(outcome.offered.params().kdr, Some(1));
    assert_eq!(outcome.answer.tag(), 5);
    assert_eq!(outcome.answer.suite(), Suite::AesCm128HmacSha1_80);
    assert_ne!(
        outcome.answer.keys()[0].key_salt(),
        outcome.offered.keys()[0].key_salt()
    );
    assert_eq!(outcome.answer.params(), &Default::default());

    let skipped = outcome.skipped.join("\n");
    for expected in [
        "line 1: unknown crypto-suite 'AEAD_AES_256_GCM_8'",
        "line 2: session parameter UNENCRYPTED_SRTP is not accepted",
        "line 3: key-param 1: inline key decodes to 3 bytes",
        "line 6: unknown session parameter 'FUTURE_PARAM' is not accepted",
        "line 7: session parameter FEC_KEY is not accepted",
        "line 8: tag 5 repeats an earlier line",
    ] {
        assert!(
            skipped.contains(expected),
            "'{expected}' missing from:\n{skipped}"
        );
    }
    assert!(
        !skipped.contains("line 4"),
        "the '-' parameter may be ignored:\n{skipped}"
    );
}

#[test]
fn answer_uses_offer_order_between_equal_preferences_and_without_preferences() {
    let text = offer_text();
    let lines = split_lines(&text).unwrap();

    let first = answer_offer(&lines, &[]).unwrap();
    assert_eq!(
        (first.offered.tag(), first.offered.suite()),
        (4, Suite::AesCm128HmacSha1_32)
    );

    let preferred = answer_offer(&lines, &[Suite::AesCm128HmacSha1_32]).unwrap();
    assert_eq!(preferred.answer.tag(), 4);
    assert_eq!(preferred.answer.suite(), Suite::AesCm128HmacSha1_32);
}

#[test]
fn answer_fails_when_nothing_is_acceptable() {
    let text = offer_text();
    let lines = split_lines(&text).unwrap();

    let error = answer_offer(&lines, &[Suite::Aes192CmHmacSha1_80]).unwrap_err();
    assert_eq!(error.kind(), SdesErrorKind::NoAcceptableOffer);
    let message = error.to_string();
    assert!(
        message.contains("suite AES_CM_128_HMAC_SHA1_80 is not in the preferences"),
        "{message}"
    );
    assert!(message.contains("line 1:"), "{message}");

    let error = answer_offer(&[], &[]).unwrap_err();
    assert_eq!(error, SdesError::NoAcceptableOffer(vec![]));
    assert_eq!(
        error.to_string(),
        "no acceptable crypto line: the offer has no crypto line"
    );
}

#[test]
fn offerer_accepts_a_matching_answer() {
    let offer = [
        CryptoAttribute::generate(1, Suite::AeadAes256Gcm)
            .unwrap()
            .to_string(),
        CryptoAttribute::generate(2, Suite::AesCm128HmacSha1_80)
            .unwrap()
            .to_string(),
    ];
    let offer: Vec<&str> = offer.iter().map(String::as_str).collect();
    let answered = answer_offer(&offer, &[Suite::AesCm128HmacSha1_80]).unwrap();
    let answer_line = answered.answer.to_string();

    let verified = verify_answer(&offer, &[&answer_line]).unwrap();
    assert_eq!(verified.offered.tag(), 2);
    assert_eq!(verified.answer, answered.answer);
    assert_eq!(verified.offered, answered.offered);
}

#[test]
fn offerer_refuses_answers_that_do_not_fit() {
    let offer = [
        format!("a=crypto:1 AEAD_AES_256_GCM inline:{KEY_GCM_256}"),
        format!("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} UNENCRYPTED_SRTCP"),
    ];
    let offer: Vec<&str> = offer.iter().map(String::as_str).collect();
    let good = format!("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} UNENCRYPTED_SRTCP");
    assert!(verify_answer(&offer, &[&good]).is_ok());

    let cases = [
        (vec![good.clone(), good.clone()], "2 crypto lines"),
        (vec![], "0 crypto lines"),
        (
            vec![format!("3 AEAD_AES_256_GCM inline:{KEY_GCM_256}")],
            "tag 3 was never offered",
        ),
        (
            vec![format!("1 AEAD_AES_128_GCM inline:{KEY_GCM_128}")],
            "offered with AEAD_AES_256_GCM",
        ),
        (
            vec![format!("2 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}")],
            "UNENCRYPTED_SRTCP differs",
        ),
    ];
    for (answer, expected) in cases {
        let answer: Vec<&str> = answer.iter().map(String::as_str).collect();
        let error = verify_answer(&offer, &answer).unwrap_err();
        assert_eq!(error.kind(), SdesErrorKind::BadAnswer, "{answer:?}");
        assert!(
            error.to_string().contains(expected),
            "{error} lacks {expected}"
        );
    }

    let broken = verify_answer(&offer, &["2 AES_CM_128_HMAC_SHA1_80 inline:AAAA"]).unwrap_err();
    assert_eq!(broken.kind(), SdesErrorKind::BadKey);
}

#[test]
fn split_lines_accepts_crlf_and_lf_and_skips_blank_lines() {
    let text = "a=crypto:1 X\r\n\r\n  \na=crypto:2 Y\n";
    assert_eq!(
        split_lines(text).unwrap(),
        vec!["a=crypto:1 X", "a=crypto:2 Y"]
    );
    assert!(split_lines("").unwrap().is_empty());
}
