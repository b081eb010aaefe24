//! SRTP sessions made from negotiated `a=crypto` attributes.

use sipsec::sdes::{answer_offer, CryptoAttribute, SdesError, SdesErrorKind, Suite};
use sipsec::srtp::{Direction, Error as SrtpError, Session};

const KEY_128: &str = "YmTVLq/x05xcYFAADgerGIQkdmV7gfSqITYw75p1";
const OTHER_128: &str = "+n/9tU0AuZTeBwbUU+xAvAS+2MkbNm1OlAFMGars";

fn rtp_packet(seq: u16, payload: &[u8]) -> Vec<u8> {
    let mut packet = vec![0x80, 0x00];
    packet.extend_from_slice(&seq.to_be_bytes());
    packet.extend_from_slice(&[0, 0, 0, 160, 0xde, 0xad, 0xbe, 0xef]);
    packet.extend_from_slice(payload);
    packet
}

/// Protects one packet with `sender` and unprotects it with `receiver`.
fn carry(sender: &mut Session, receiver: &mut Session, seq: u16) -> Result<Vec<u8>, SrtpError> {
    let plain = rtp_packet(seq, b"media payload");
    let mut buffer = plain.clone();
    buffer.resize(plain.len() + sender.rtp_overhead(), 0);

    let protected = sender.protect_rtp(&mut buffer, plain.len())?;
    assert_ne!(
        &buffer[12..plain.len()],
        &plain[12..],
        "payload was not encrypted"
    );
    let clear = receiver.unprotect_rtp(&mut buffer[..protected])?;
    assert_eq!(&buffer[..clear], plain.as_slice());
    Ok(buffer[..protected].to_vec())
}

#[test]
fn offer_and_answer_keys_carry_media_both_ways() {
    for suite in [
        Suite::AeadAes256Gcm,
        Suite::AesCm128HmacSha1_80,
        Suite::Aes192CmHmacSha1_32,
    ] {
        let offer = CryptoAttribute::generate(1, suite).unwrap();
        let offer_line = offer.to_string();
        let exchange = answer_offer(&[&offer_line], &[suite]).unwrap();

        let mut offerer_out = offer.new_session(Direction::Outbound).unwrap();
        let mut answerer_in = exchange.offered.new_session(Direction::Inbound).unwrap();
        carry(&mut offerer_out, &mut answerer_in, 1).unwrap();

        let mut answerer_out = exchange.answer.new_session(Direction::Outbound).unwrap();
        let mut offerer_in = exchange.answer.new_session(Direction::Inbound).unwrap();
        carry(&mut answerer_out, &mut offerer_in, 1).unwrap();

        let mut wrong_in = offer.new_session(Direction::Inbound).unwrap();
        let mut answerer_out = exchange.answer.new_session(Direction::Outbound).unwrap();
        assert_eq!(
            carry(&mut answerer_out, &mut wrong_in, 2),
            Err(SrtpError::Auth),
            "{suite}"
        );
    }
}

#[test]
fn session_parameters_become_the_configuration() {
    let line = format!(
        "1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}|2^20|7:2 UNENCRYPTED_SRTCP KDR=10 WSH=256 -X"
    );
    let attribute = CryptoAttribute::parse(&line).unwrap();
    let config = attribute.session_config(Direction::Inbound).unwrap();

    assert_eq!(config.suite, Suite::AesCm128HmacSha1_80);
    assert_eq!(config.direction, Direction::Inbound);
    assert!(!config.encrypt_rtcp);
    assert_eq!(config.key_derivation_rate, 1 << 10);
    assert_eq!(config.replay_window, 256);
    assert_eq!(config.key_lifetime, 1 << 20);
    assert_eq!(config.mki, vec![0, 7]);

    let plain =
        CryptoAttribute::parse(&format!("1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} KDR=0"));
    let config = plain.unwrap().session_config(Direction::Outbound).unwrap();
    assert!(config.encrypt_rtcp);
    assert_eq!(config.key_derivation_rate, 0);
    assert_eq!(config.key_lifetime, 0);
    assert!(config.mki.is_empty());
}

#[test]
fn several_keys_protect_with_the_first_and_accept_each_by_mki() {
    let line =
        format!("1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}|2^31|1:1;inline:{OTHER_128}|2^20|2:1");
    let attribute = CryptoAttribute::parse(&line).unwrap();
    assert_eq!(
        attribute
            .session_config(Direction::Outbound)
            .unwrap()
            .key_lifetime,
        1 << 20
    );

    let mut sender = attribute.new_session(Direction::Outbound).unwrap();
    let mut receiver = attribute.new_session(Direction::Inbound).unwrap();
    let protected = carry(&mut sender, &mut receiver, 1).unwrap();
    assert_eq!(
        protected[protected.len() - 11],
        1,
        "the first key's MKI goes on the wire"
    );

    let second_only = format!("1 AES_CM_128_HMAC_SHA1_80 inline:{OTHER_128}|2:1");
    let second = CryptoAttribute::parse(&second_only).unwrap();
    let mut second_sender = second.new_session(Direction::Outbound).unwrap();
    carry(&mut second_sender, &mut receiver, 2).unwrap();
}

#[test]
fn parameters_an_srtp_session_cannot_honour_are_refused() {
    for param in ["UNENCRYPTED_SRTP", "UNAUTHENTICATED_SRTP", "FUTURE_PARAM"] {
        let line = format!("1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} {param}");
        let error = CryptoAttribute::parse(&line)
            .unwrap()
            .new_session(Direction::Inbound);
        let error = error.unwrap_err();
        assert_eq!(error.kind(), SdesErrorKind::Unsupported, "{param}");
        assert!(error.to_string().contains(param), "{error}");
    }

    let fec = format!("1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} FEC_KEY=inline:{KEY_128}");
    let error = CryptoAttribute::parse(&fec)
        .unwrap()
        .session_config(Direction::Inbound);
    assert_eq!(error.unwrap_err().kind(), SdesErrorKind::Unsupported);

    let wide = format!("1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} WSH=65536");
    let error = CryptoAttribute::parse(&wide)
        .unwrap()
        .new_session(Direction::Inbound);
    assert!(matches!(
        error.unwrap_err(),
        SdesError::Srtp(SrtpError::InvalidArgument(_))
    ));
}
