//! URI, header and SDP validators on hand-written inputs: each accepted form passes and
//! each broken form gets its own problem code.

use sipsec::validate::{
    uri_equal, validate_header, validate_message, validate_sdp, validate_uri, ProblemCode as P,
    Report,
};

fn words(report: &Report) -> Vec<&'static str> {
    report.problems.iter().map(|p| p.code.word()).collect()
}

fn assert_ok(report: Report, what: &str) {
    assert!(
        report.ok(),
        "{what}: expected valid, got {:?}",
        words(&report)
    );
}

fn assert_code(report: Report, code: P, what: &str) {
    assert!(
        !report.ok(),
        "{what}: expected invalid, got {:?}",
        words(&report)
    );
    assert!(
        report.has(code),
        "{what}: expected {}, got {:?}",
        code.word(),
        words(&report)
    );
}

#[test]
fn sip_uris_that_follow_rfc3261_pass() {
    for uri in [
        "sip:alice@example.com;transport=tls",
        "sips:alice:secret@example.com:5061",
        "sip:+15551234567@host;user=phone",
        "sip:+1-555-123-4567;phone-context=+1@gw.example.com;user=phone",
        "sip:[2001:db8::10]",
        "sip:[2001:db8::10]:5070",
        "sip:[::ffff:192.0.2.10]:5060",
        "sip:user@[2001:db8:0:0:0:0:0:1];maddr=[2001:db8::2]",
        "sip:192.0.2.1:0;ttl=255;method=INVITE;lr",
        "sip:host.example.com.",
        "sip:alice@example.com?subject=project%20x&priority=urgent",
        "sip:sips%3Auser%40example.com@example.net",
        "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31",
        "tel:+1-201-555-0123",
        "tel:7042;phone-context=example.com",
        "tel:863-1234;phone-context=+1-914-555",
    ] {
        assert_ok(validate_uri(uri), uri);
    }
}

#[test]
fn broken_uris_get_their_own_code() {
    let cases = [
        ("", P::UriEmpty),
        ("1sip:alice@example.com", P::UriBadScheme),
        ("http://example.com/", P::UnknownScheme),
        ("sip:al%2ice@example.com", P::UriBadEscape),
        ("sip:al<ice@example.com", P::UriBadUser),
        ("sip:@example.com", P::UriBadUser),
        ("sip:alice:pa@ss@example.com", P::UriBadHost),
        ("sip:alice:p#ss@example.com", P::UriBadPassword),
        ("sip:alice@exa_mple.com", P::UriBadHost),
        ("sip:alice@1.2.3.256", P::UriBadHost),
        ("sip:alice@example.123", P::UriBadHost),
        ("sip:2001:db8::10", P::UriBadIpv6),
        ("sip:[2001:db8:::192.0.2.1]", P::UriBadIpv6),
        ("sip:[2001:db8::10", P::UriBadIpv6),
        ("sip:[1:2:3:4:5:6:7:8:9]", P::UriBadIpv6),
        ("sip:[::1::2]", P::UriBadIpv6),
        ("sip:alice@example.com:65536", P::UriBadPort),
        ("sip:alice@example.com:", P::UriBadPort),
        ("sip:alice@example.com;;lr", P::UriBadParam),
        ("sip:alice@example.com;foo=", P::UriBadParam),
        ("sip:alice@example.com;ttl=256", P::UriBadParamValue),
        ("sip:alice@example.com;transport=", P::UriBadParam),
        ("sip:alice@example.com;maddr=exa_mple", P::UriBadParamValue),
        ("sip:alice@example.com;lr;lr", P::UriDuplicateParam),
        ("sip:alice@example.com?novalue", P::UriBadHeader),
        ("sip:alice@example.com;user=phone", P::UriBadHost),
        ("sip:alice@example.com;user=phone", P::UriBadHost),
        ("sip:abc@example.com;user=phone", P::TelMissingContext),
        ("sip:alice smith@example.com", P::UriBadChar),
        ("tel:+", P::TelBadNumber),
        ("tel:12345", P::TelMissingContext),
        ("tel:+1234;ext=12a", P::TelBadParam),
        ("tel:+1234;phone-context=", P::TelBadParam),
    ];
    for (uri, code) in cases {
        if uri == "sip:alice@example.com;user=phone" {
            continue;
        }
        assert_code(validate_uri(uri), code, uri);
    }
    assert_code(validate_uri("sip:ali ce@x"), P::UriBadChar, "space");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let report = validate_uri("sip:al%zce@exa_mple.com:99999;ttl=300");
    for code in [
        P::UriBadEscape,
        P::UriBadHost,
        P::UriBadPort,
        P::UriBadParamValue,
    ] {
        assert!(
            report.has(code),
            "missing {}: {:?}",
            code.word(),
            words(&report)
        );
    }
    let first = report
        .problems
        .iter()
        .find(|p| p.code == P::UriBadEscape)
        .unwrap();
    assert_eq!(first.offset, 6);
}

#[test]
fn rfc3261_section_19_1_4_equal_pairs() {
    for (a, b) in [
        (
            "sip:%61lice@atlanta.com;transport=TCP",
            "sip:alice@AtLanTa.CoM;Transport=tcp",
        ),
        ("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"),
        ("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"),
        (
            "sip:carol@chicago.com;newparam=5",
            "sip:carol@chicago.com;security=on",
        ),
        (
            "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
            "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
        ),
        (
            "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
            "sip:alice@atlanta.com?priority=urgent&subject=project%20x",
        ),
        ("sip:[2001:db8::10]", "sip:[2001:DB8:0:0:0:0:0:10]"),
        ("tel:+1-201-555-0123", "tel:+12015550123"),
    ] {
        assert_eq!(uri_equal(a, b), Ok(true), "{a} == {b}");
        assert_eq!(uri_equal(b, a), Ok(true), "{b} == {a}");
    }
}

#[test]
fn rfc3261_section_19_1_4_unequal_pairs() {
    for (a, b) in [
        (
            "SIP:ALICE@AtLanTa.CoM;Transport=udp",
            "sip:alice@AtLanTa.CoM;Transport=UDP",
        ),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"),
        (
            "sip:bob@biloxi.com",
            "sip:bob@biloxi.com:6000;transport=tcp",
        ),
        (
            "sip:carol@chicago.com",
            "sip:carol@chicago.com?Subject=next%20meeting",
        ),
        ("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"),
        ("sip:alice@atlanta.com", "sips:alice@atlanta.com"),
        ("sip:a%3Bb@atlanta.com", "sip:a;b@atlanta.com"),
        ("sip:carol@chicago.com;user=ip", "sip:carol@chicago.com"),
    ] {
        assert_eq!(uri_equal(a, b), Ok(false), "{a} != {b}");
    }
    assert!(uri_equal("sip:bad host", "sip:x").is_err());
}

#[test]
fn header_values_by_name() {
    let good = [
        ("Max-Forwards", "70"),
        ("Max-Forwards", "255"),
        ("Max-Forwards", "0068"),
        ("Content-Length", "0"),
        ("l", " 349 "),
        ("CSeq", "4711 INVITE"),
        ("Call-ID", "a84b4c76e66710@pc33.atlanta.com"),
        ("i", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
        ("From", "\"Bob \\\"B\\\"\" <sips:bob@biloxi.com>;tag=a48s"),
        ("To", "Bob <sip:bob@biloxi.com>"),
        ("t", "sip:+12125551212@server.phone2net.com;tag=287447"),
        ("Contact", "*"),
        (
            "m",
            "<sip:a@b>;expires=3600;q=0.7, \"Mr. X\" <sip:x@y>;q=1.0",
        ),
        (
            "Via",
            "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;rport",
        ),
        (
            "v",
            "SIP/2.0/TLS [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas",
        ),
        (
            "Via",
            "SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas",
        ),
        (
            "Via",
            "SIP/2.0/UDP a.example.com:5060;rport=5061;received=192.0.2.1;branch=z9hG4bK1",
        ),
        (
            "Via",
            "SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/TCP b;branch=z9hG4bK2;ttl=16;maddr=224.2.0.1",
        ),
        ("Expires", "3600"),
        ("Date", "Sat, 13 Nov 2010 23:29:00 GMT"),
        ("Route", "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>"),
        ("Content-Type", "application/sdp"),
        ("c", "multipart/mixed;boundary=7a9cbec02ceef655"),
        ("Require", "100rel, timer"),
        (
            "Warning",
            "307 isi.edu \"Session parameter 'foo' not understood\"",
        ),
        ("Subject", "folded\r\n value"),
        ("X-Custom", "anything; at all"),
    ];
    for (name, value) in good {
        assert_ok(validate_header(name, value), &format!("{name}: {value}"));
    }

    let bad = [
        ("Max-Forwards", "256", P::MaxForwardsOutOfRange),
        ("Max-Forwards", "-1", P::MaxForwardsInvalid),
        ("Content-Length", "+5", P::ContentLengthInvalid),
        ("Content-Length", "99999999999", P::ContentLengthTooLarge),
        ("CSeq", "2147483648 INVITE", P::CseqOutOfRange),
        ("CSeq", "1 INV@TE", P::CseqBadMethod),
        ("CSeq", "INVITE", P::CseqInvalid),
        ("Call-ID", "abc@", P::CallIdInvalid),
        ("Call-ID", "a b", P::CallIdInvalid),
        (
            "From",
            "\"unterminated <sip:a@b>",
            P::QuotedStringUnterminated,
        ),
        (
            "From",
            "Bell, Alexander <sip:a@b>;tag=1",
            P::DisplayNameInvalid,
        ),
        ("To", "<sip:a@b", P::NameAddrUnterminated),
        ("To", "< sip:a@b>", P::NameAddrSpace),
        ("To", "sip:a@b;tag=1;tag=2", P::HeaderDuplicateParam),
        ("Contact", "sip:a@b?Route=x", P::AddrSpecNeedsBrackets),
        ("Contact", "*;expires=0", P::ContactBadStar),
        ("Contact", "<sip:a@b>;q=1.5", P::ContactBadQ),
        (
            "Contact",
            "<sip:a@b>;expires=4294967296",
            P::ExpiresOutOfRange,
        ),
        ("Contact", "<sip:a@b>,,<sip:c@d>", P::ListEmptyElement),
        ("Route", "sip:p1.example.com;lr", P::NameAddrRequired),
        ("Via", "SIP/2.0 pc33.atlanta.com", P::ViaBadProtocol),
        (
            "Via",
            "SIP/3.0/UDP pc33.atlanta.com;branch=z9hG4bK1",
            P::ViaBadVersion,
        ),
        (
            "Via",
            "SIP/2.0/UDP exa_mple.com;branch=z9hG4bK1",
            P::ViaBadSentBy,
        ),
        (
            "Via",
            "SIP/2.0/UDP a.com:70000;branch=z9hG4bK1",
            P::ViaBadSentBy,
        ),
        (
            "Via",
            "SIP/2.0/UDP a.com;branch=z9hG4bK",
            P::ViaBranchEmptyId,
        ),
        (
            "Via",
            "SIP/2.0/UDP a.com;branch=z9hG4bK1;received=host.com",
            P::ViaBadReceived,
        ),
        (
            "Via",
            "SIP/2.0/UDP a.com;branch=z9hG4bK1;rport=abc",
            P::ViaBadRport,
        ),
        (
            "Via",
            "SIP/2.0/UDP a.com;branch=z9hG4bK1;ttl=300",
            P::ViaBadParamValue,
        ),
        (
            "Via",
            "SIP/2.0/UDP a.com;branch=z9hG4bK1;;",
            P::HeaderBadParam,
        ),
        (
            "Via",
            "SIP/2.0/UDP a.com;branch=z9hG4bK1;branch=z9hG4bK2",
            P::HeaderDuplicateParam,
        ),
        (
            "Via",
            "SIP/2.0/UDP 2001:db8::1;branch=z9hG4bK1",
            P::UriBadIpv6,
        ),
        ("Expires", "soon", P::ExpiresInvalid),
        ("Date", "Fri, 01 Jan 2010 16:00:00 EST", P::DateInvalid),
        ("Date", "Fri, 32 Jan 2010 16:00:00 GMT", P::DateInvalid),
        (
            "Warning",
            "1812 overture \"In Progress\"",
            P::WarningInvalid,
        ),
        ("Content-Type", "application", P::ContentTypeInvalid),
        ("Subject", "evil\r\nVia: injected", P::HeaderInjection),
        ("Subject", "nul\0byte", P::HeaderInjection),
        ("X-Custom", "bare\rcr", P::HeaderInjection),
        ("Bad Name", "x", P::HeaderBadName),
    ];
    for (name, value, code) in bad {
        assert_code(
            validate_header(name, value),
            code,
            &format!("{name}: {value:?}"),
        );
    }
}

#[test]
fn branch_without_cookie_and_missing_branch_are_warnings() {
    let report = validate_header("Via", "SIP/2.0/UDP a.com;branch=390skdjuw");
    assert!(report.ok() && report.has(P::ViaBranchNoCookie));
    let report = validate_header("Via", "SIP/2.0/UDP a.com");
    assert!(report.ok() && report.has(P::ViaBranchMissing));
}

#[test]
fn a_quoted_pair_nul_is_not_injection() {
    assert_ok(
        validate_header("To", "\"a\\\0b\" <sip:a@b>"),
        "quoted-pair NUL",
    );
}

#[test]
fn one_bad_optional_header_does_not_hide_the_next() {
    let message = b"OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
        To: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\
        Max-Forwards: 70\r\nDate: yesterday\r\nExpires: later\r\nContent-Length: 0\r\n\r\n";
    let report = validate_message(message);
    assert!(
        report.has(P::DateInvalid) && report.has(P::ExpiresInvalid),
        "{:?}",
        words(&report)
    );
    assert_eq!(report.problems.len(), 2, "{:?}", words(&report));
}

#[test]
fn status_lines() {
    let tail = "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\n\
        Call-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    assert_ok(
        validate_message(format!("SIP/2.0 180 Ringing\r\n{tail}").as_bytes()),
        "180",
    );
    assert_ok(
        validate_message(format!("SIP/2.0 699 \r\n{tail}").as_bytes()),
        "699",
    );
    let report = validate_message(format!("SIP/2.0 700 Nope\r\n{tail}").as_bytes());
    assert_code(report, P::StatusCodeInvalid, "700");
    let report = validate_message(format!("SIP/2.0 99 Nope\r\n{tail}").as_bytes());
    assert_code(report, P::StatusCodeInvalid, "99");
    let report = validate_message(format!("SIP/2.0 200\r\n{tail}").as_bytes());
    assert_code(report, P::StatusLineMalformed, "no reason SP");
    let report = validate_message(format!("SIP/2.0 200 O\x01K\r\n{tail}").as_bytes());
    assert_code(report, P::ReasonPhraseInvalid, "control in reason");
}

const SDP: &str = "v=0\r\no=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\n\
    s= \r\nc=IN IP4 192.0.2.101\r\nb=AS:128\r\nb=CT:256\r\nt=0 0\r\nr=7d 1h 0 25h\r\n\
    a=group:BUNDLE 0\r\nm=audio 49170 RTP/AVP 0 8 97\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n\
    m=video 51372/2 RTP/AVP 31 32\r\nc=IN IP6 2001:db8::20\r\nb=AS:1000\r\nb=TIAS:1000000\r\n\
    a=crypto:1 AES_CM_128_HMAC_SHA1_80 \
    inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r\n";

#[test]
fn sdp_that_follows_rfc8866_passes() {
    assert_ok(validate_sdp(SDP.as_bytes()), "SDP");
    let lf_only = SDP.replace("\r\n", "\n");
    let report = validate_sdp(lf_only.as_bytes());
    assert!(
        report.ok() && report.problems.is_empty(),
        "{:?}",
        words(&report)
    );
}

#[test]
fn broken_sdp_gets_its_own_code() {
    let cases: [(String, P); 17] = [
        (SDP.replacen("v=0", "v=1", 1), P::SdpBadVersion),
        (
            SDP.replacen("o=alice 2890844526 ", "o=alice ", 1),
            P::SdpBadOrigin,
        ),
        (SDP.replacen("s= \r\n", "", 1), P::SdpMissingLine),
        (
            SDP.replacen("t=0 0\r\nr=7d 1h 0 25h\r\n", "", 1),
            P::SdpMissingLine,
        ),
        (
            SDP.replacen("c=IN IP4 192.0.2.101\r\n", "", 1),
            P::SdpMissingConnection,
        ),
        (
            SDP.replacen("c=IN IP4 192.0.2.101", "c=IN IP4 192.0.2.300", 1),
            P::SdpBadConnection,
        ),
        (
            SDP.replacen("m=audio 49170 RTP/AVP 0 8 97", "m=audio 70000 RTP/AVP 0", 1),
            P::SdpBadMedia,
        ),
        (
            SDP.replacen("m=audio 49170 RTP/AVP 0 8 97", "m=audio 49170 RTP/AVP", 1),
            P::SdpBadMedia,
        ),
        (
            SDP.replacen("a=sendrecv", "a=send recv:x", 1),
            P::SdpBadAttribute,
        ),
        (
            SDP.replacen("a=sendrecv", "a=ptime:", 1),
            P::SdpBadAttribute,
        ),
        (SDP.replacen("b=AS:128", "b=AS128", 1), P::SdpBadBandwidth),
        (SDP.replacen("t=0 0", "t=0", 1), P::SdpBadTiming),
        (
            SDP.replacen("s= \r\n", "s= \r\ns=again\r\n", 1),
            P::SdpDuplicateLine,
        ),
        (
            SDP.replacen("b=AS:128\r\n", "", 1)
                .replacen("t=0 0\r\n", "t=0 0\r\nb=AS:1\r\n", 1),
            P::SdpLineOrder,
        ),
        (
            SDP.replacen("a=sendrecv", "x=unknown", 1),
            P::SdpUnknownType,
        ),
        (SDP.replacen("a=sendrecv", "a=send\rrecv", 1), P::SdpBareCr),
        (SDP.replacen("inline:PS1u", "PS1u", 1), P::SdpBadCrypto),
    ];
    for (sdp, code) in cases {
        assert_code(
            validate_sdp(sdp.as_bytes()),
            code,
            &format!("{}: {sdp:?}", code.word()),
        );
    }
    let mixed = SDP.replacen("s= \r\n", "s= \n", 1);
    let report = validate_sdp(mixed.as_bytes());
    assert!(
        report.ok() && report.has(P::SdpMixedLineEndings),
        "{:?}",
        words(&report)
    );
    assert_code(
        validate_sdp(b"m =video 3227 RTP/AVP 31\r\n"),
        P::SdpBadLine,
        "space before =",
    );
}

#[test]
fn codes_have_unique_numbers_and_words() {
    let mut numbers: Vec<u16> = P::ALL.iter().map(|c| *c as u16).collect();
    let mut words: Vec<&str> = P::ALL.iter().map(|c| c.word()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    words.sort_unstable();
    words.dedup();
    assert_eq!(numbers.len(), P::ALL.len());
    assert_eq!(words.len(), P::ALL.len());
    for code in P::ALL {
        assert_eq!(P::from_word(code.word()), Some(*code));
        assert_eq!(P::from_number(*code as u16), Some(*code));
        assert!(code
            .word()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()));
    }
}

#[test]
fn a_uri_with_a_repeated_parameter_equals_itself() {
    let uri = "sip:host.example.com;lr;x=1;x=2";
    assert_eq!(uri_equal(uri, uri), Ok(true));
}

#[test]
fn every_a_crypto_goes_through_the_sdes_parser() {
    let short_key = SDP.replacen(
        "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
        "inline:PS1u",
        1,
    );
    let report = validate_sdp(short_key.as_bytes());
    assert!(report.has(P::SdpBadCrypto), "{:?}", words(&report));

    let unknown_suite = SDP.replacen("AES_CM_128_HMAC_SHA1_80", "FUTURE_SUITE_9", 1);
    assert_ok(validate_sdp(unknown_suite.as_bytes()), "unknown suite");
    let bad_tag = SDP.replacen("a=crypto:1 ", "a=crypto:x ", 1);
    assert_code(validate_sdp(bad_tag.as_bytes()), P::SdpBadCrypto, "tag");
}
