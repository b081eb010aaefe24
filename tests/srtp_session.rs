//! Session behaviour: index estimation across a wrap, replay, templates, caps, MKI, key
//! lifetimes, the key derivation rate, the SRTCP E flag, and that nothing changes on a
//! packet that did not authenticate.

use sipsec::srtp::{Direction, Error, Session, SessionConfig, SsrcPolicy, Suite};

const KEY_SALT: [u8; 30] = [
    0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39,
    0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6,
];
const SUITE: Suite = Suite::AesCm128HmacSha1_80;

fn pair_with(configure: impl Fn(&mut SessionConfig)) -> (Session, Session) {
    let mut tx = SessionConfig::new(SUITE, Direction::Outbound);
    let mut rx = SessionConfig::new(SUITE, Direction::Inbound);
    configure(&mut tx);
    configure(&mut rx);
    (
        Session::new(tx, &KEY_SALT).unwrap(),
        Session::new(rx, &KEY_SALT).unwrap(),
    )
}

fn pair() -> (Session, Session) {
    pair_with(|_| {})
}

fn rtp(ssrc: u32, seq: u16, payload_len: usize) -> Vec<u8> {
    let mut packet = vec![0x80, 0x00];
    packet.extend_from_slice(&seq.to_be_bytes());
    packet.extend_from_slice(&[0, 0, 0, 0]);
    packet.extend_from_slice(&ssrc.to_be_bytes());
    packet.extend((0..payload_len).map(|octet| octet as u8));
    packet
}

fn rtcp(ssrc: u32) -> Vec<u8> {
    let mut packet = vec![0x81, 0xc8, 0x00, 0x06];
    packet.extend_from_slice(&ssrc.to_be_bytes());
    packet.extend_from_slice(&[0xab; 20]);
    packet
}

fn protect(tx: &mut Session, packet: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; packet.len() + sipsec::srtp::MAX_TRAILER_LEN];
    let len = tx.protect_rtp_into(packet, &mut out).unwrap();
    out.truncate(len);
    out
}

fn protect_rtcp(tx: &mut Session, packet: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; packet.len() + sipsec::srtp::MAX_TRAILER_LEN];
    let len = tx.protect_rtcp_into(packet, &mut out).unwrap();
    out.truncate(len);
    out
}

fn unprotect(rx: &mut Session, packet: &[u8]) -> Result<Vec<u8>, Error> {
    let mut buffer = packet.to_vec();
    let len = rx.unprotect_rtp(&mut buffer)?;
    buffer.truncate(len);
    Ok(buffer)
}

fn unprotect_rtcp(rx: &mut Session, packet: &[u8]) -> Result<Vec<u8>, Error> {
    let mut buffer = packet.to_vec();
    let len = rx.unprotect_rtcp(&mut buffer)?;
    buffer.truncate(len);
    Ok(buffer)
}

#[test]
fn a_sequence_wrap_increments_the_roc_on_both_sides() {
    let (mut tx, mut rx) = pair();
    for seq in (65530..=65535).chain(0..5) {
        let packet = rtp(7, seq, 40);
        assert_eq!(
            unprotect(&mut rx, &protect(&mut tx, &packet)).unwrap(),
            packet
        );
    }
    assert_eq!(tx.roll_over_counter(7), Ok(1));
    assert_eq!(rx.roll_over_counter(7), Ok(1));

    // A late packet from before the wrap still decrypts with ROC 0.
    let mut late_tx = pair().0;
    late_tx.set_roll_over_counter(7, 0).unwrap();
    let late = protect(&mut late_tx, &rtp(7, 65529, 40));
    assert_eq!(unprotect(&mut rx, &late).unwrap(), rtp(7, 65529, 40));
    assert_eq!(rx.roll_over_counter(7), Ok(1));
}

#[test]
fn set_roc_zero_means_zero_and_other_values_are_used_as_given() {
    let (mut tx, mut rx) = pair();
    tx.set_roll_over_counter(9, 5).unwrap();
    let packet = protect(&mut tx, &rtp(9, 100, 20));
    rx.set_roll_over_counter(9, 0).unwrap();
    assert_eq!(rx.roll_over_counter(9), Ok(0));
    assert_eq!(unprotect(&mut rx, &packet), Err(Error::Auth));
    rx.set_roll_over_counter(9, 5).unwrap();
    assert_eq!(unprotect(&mut rx, &packet).unwrap(), rtp(9, 100, 20));
    assert_eq!(rx.roll_over_counter(9), Ok(5));
}

#[test]
fn reordering_inside_the_window_is_accepted_and_replays_and_old_packets_refused() {
    let (mut tx, mut rx) = pair_with(|c| c.replay_window = 64);
    let protected: Vec<Vec<u8>> = (0..200)
        .map(|seq| protect(&mut tx, &rtp(1, seq, 10)))
        .collect();
    for seq in [5usize, 3, 4, 100, 60, 99, 37] {
        unprotect(&mut rx, &protected[seq]).unwrap();
    }
    assert_eq!(unprotect(&mut rx, &protected[60]), Err(Error::Replay));
    assert_eq!(unprotect(&mut rx, &protected[36]), Err(Error::ReplayOld));
    assert_eq!(unprotect(&mut rx, &protected[5]), Err(Error::ReplayOld));
}

#[test]
fn a_forged_packet_changes_no_state() {
    let (mut tx, mut rx) = pair();
    unprotect(&mut rx, &protect(&mut tx, &rtp(3, 10, 30))).unwrap();

    // A far-future packet with a bad tag must not move the ROC or the window.
    let mut forged = protect(&mut pair().0, &rtp(3, 30000, 30));
    let last = forged.len() - 1;
    forged[last] ^= 1;
    let before = forged.clone();
    assert_eq!(unprotect(&mut rx, &forged), Err(Error::Auth));
    let mut in_place = forged.clone();
    assert_eq!(rx.unprotect_rtp(&mut in_place), Err(Error::Auth));
    assert_eq!(in_place, before, "the buffer is untouched on failure");
    assert_eq!(rx.roll_over_counter(3), Ok(0));
    assert_eq!(rx.key_usage().srtp_packets, 1);

    let next = protect(&mut tx, &rtp(3, 11, 30));
    assert_eq!(unprotect(&mut rx, &next).unwrap(), rtp(3, 11, 30));
}

#[test]
fn inbound_templates_create_streams_only_after_authentication() {
    let (mut tx, mut rx) = pair();
    let mut forged = protect(&mut tx, &rtp(44, 1, 10));
    forged[14] ^= 0x80;
    assert_eq!(unprotect(&mut rx, &forged), Err(Error::Auth));
    assert_eq!(rx.stream_count(), 0);
    assert_eq!(rx.roll_over_counter(44), Err(Error::NoStream));

    unprotect(&mut rx, &protect(&mut tx, &rtp(44, 2, 10))).unwrap();
    assert_eq!(rx.stream_count(), 1);
}

#[test]
fn the_stream_cap_and_specific_ssrc_policy_are_enforced() {
    let (mut tx, mut rx) = pair_with(|c| c.max_streams = 2);
    for ssrc in [1, 2] {
        unprotect(&mut rx, &protect(&mut tx, &rtp(ssrc, 1, 10))).unwrap();
    }
    let mut third = rtp(3, 1, 10);
    third.resize(third.len() + 10, 0);
    assert_eq!(tx.protect_rtp(&mut third, 22), Err(Error::StreamLimit));
    tx.remove_stream(1).unwrap();
    let third = protect(&mut tx, &rtp(3, 1, 10));
    assert_eq!(unprotect(&mut rx, &third), Err(Error::StreamLimit));
    rx.remove_stream(2).unwrap();
    assert!(unprotect(&mut rx, &third).is_ok());

    let (mut tx, mut rx) = pair_with(|c| c.ssrc = SsrcPolicy::Specific(77));
    assert_eq!(rx.stream_count(), 1);
    let other = protect(&mut pair().0, &rtp(78, 1, 10));
    assert_eq!(unprotect(&mut rx, &other), Err(Error::NoStream));
    let mut other = rtp(78, 1, 10);
    other.resize(40, 0);
    assert_eq!(tx.protect_rtp(&mut other, 22), Err(Error::NoStream));
    tx.add_stream(78).unwrap();
    assert!(tx.protect_rtp(&mut other, 22).is_ok());
}

#[test]
fn mki_chooses_the_master_key_and_unknown_mkis_are_refused() {
    let second_key = [0x42u8; 30];
    let (mut tx, mut rx) = pair_with(|c| c.mki = vec![0, 1]);
    assert_eq!(tx.rtp_overhead(), 12);
    let first = protect(&mut tx, &rtp(5, 1, 10));
    assert_eq!(&first[first.len() - 12..first.len() - 10], &[0, 1]);

    tx.add_master_key(&second_key, &[0, 2]).unwrap();
    let second = protect(&mut tx, &rtp(5, 2, 10));
    assert_eq!(unprotect(&mut rx, &second), Err(Error::UnknownMki));
    rx.add_master_key(&second_key, &[0, 2]).unwrap();
    assert_eq!(unprotect(&mut rx, &second).unwrap(), rtp(5, 2, 10));
    assert_eq!(unprotect(&mut rx, &first).unwrap(), rtp(5, 1, 10));

    let mut unknown = second.clone();
    let at = unknown.len() - 11;
    unknown[at] = 9;
    assert_eq!(unprotect(&mut rx, &unknown), Err(Error::UnknownMki));
    assert!(rx.add_master_key(&second_key, &[0]).is_err());
}

#[test]
fn the_key_lifetime_is_enforced_with_a_soft_warning_first() {
    let (mut tx, mut rx) = pair_with(|c| c.key_lifetime = 32);
    for seq in 0..32 {
        let protected = protect(&mut tx, &rtp(1, seq, 4));
        unprotect(&mut rx, &protected).unwrap();
        assert_eq!(
            tx.key_usage().soft_limit_reached,
            seq >= 29,
            "after packet {seq}"
        );
    }
    let mut next = rtp(1, 32, 4);
    next.resize(40, 0);
    assert_eq!(tx.protect_rtp(&mut next, 16), Err(Error::KeyExhausted));

    tx.rekey(&[7u8; 30], &[]).unwrap();
    rx.rekey(&[7u8; 30], &[]).unwrap();
    assert!(!tx.key_usage().soft_limit_reached);
    let after = protect(&mut tx, &rtp(1, 32, 4));
    assert_eq!(unprotect(&mut rx, &after).unwrap(), rtp(1, 32, 4));
    assert_eq!(
        rx.roll_over_counter(1),
        Ok(0),
        "the stream state survived the re-key"
    );
    assert_eq!(unprotect(&mut rx, &after), Err(Error::Replay));
}

#[test]
fn the_srtcp_index_limit_is_enforced() {
    let (mut tx, _) = pair();
    tx.set_next_srtcp_index(1, (1 << 31) - 1).unwrap();
    protect_rtcp(&mut tx, &rtcp(1));
    let mut again = rtcp(1);
    again.resize(60, 0);
    assert_eq!(tx.protect_rtcp(&mut again, 28), Err(Error::KeyExhausted));
}

#[test]
fn a_key_derivation_rate_re_derives_at_each_boundary() {
    let (mut plain_tx, _) = pair();
    let (mut tx, mut rx) = pair_with(|c| c.key_derivation_rate = 4);
    for seq in 0..12u16 {
        let packet = rtp(2, seq, 24);
        let with_rate = protect(&mut tx, &packet);
        let without = protect(&mut plain_tx, &packet);
        assert_eq!(with_rate == without, seq < 4, "packet {seq}");
        assert_eq!(unprotect(&mut rx, &with_rate).unwrap(), packet);
    }
    let config = SessionConfig {
        key_derivation_rate: 3,
        ..SessionConfig::new(SUITE, Direction::Outbound)
    };
    assert!(matches!(
        Session::new(config, &KEY_SALT),
        Err(Error::InvalidArgument(_))
    ));
}

#[test]
fn the_srtcp_e_flag_must_match_the_policy() {
    let (mut tx, mut rx) = pair_with(|c| c.encrypt_rtcp = false);
    let clear = protect_rtcp(&mut tx, &rtcp(8));
    assert_eq!(
        &clear[..28],
        &rtcp(8)[..],
        "E=0 leaves the payload in clear"
    );
    assert_eq!(unprotect_rtcp(&mut rx, &clear).unwrap(), rtcp(8));

    let (_, mut encrypting_rx) = pair();
    assert!(matches!(
        unprotect_rtcp(&mut encrypting_rx, &clear),
        Err(Error::Policy(_))
    ));
    let (mut encrypting_tx, _) = pair();
    let encrypted = protect_rtcp(&mut encrypting_tx, &rtcp(8));
    assert!(matches!(
        unprotect_rtcp(&mut rx, &encrypted),
        Err(Error::Policy(_))
    ));
}

#[test]
fn srtcp_replays_are_refused_and_indices_start_at_zero() {
    let (mut tx, mut rx) = pair();
    let first = protect_rtcp(&mut tx, &rtcp(4));
    assert_eq!(&first[28..32], &[0x80, 0, 0, 0]);
    assert_eq!(unprotect_rtcp(&mut rx, &first).unwrap(), rtcp(4));
    assert_eq!(unprotect_rtcp(&mut rx, &first), Err(Error::Replay));
}

#[test]
fn every_suite_round_trips_rtp_and_rtcp_with_csrcs_extension_and_padding() {
    for suite in Suite::all() {
        let key_salt: Vec<u8> = (0..suite.master_key_len() + suite.master_salt_len())
            .map(|i| i as u8)
            .collect();
        let mut tx =
            Session::new(SessionConfig::new(*suite, Direction::Outbound), &key_salt).unwrap();
        let mut rx =
            Session::new(SessionConfig::new(*suite, Direction::Inbound), &key_salt).unwrap();

        // V=2, P=1, X=1, CC=2; extension of one word; 3 padding octets.
        let mut packet = vec![0xb2, 0x60, 0x00, 0x01, 0, 0, 0, 1, 0, 0, 0, 9];
        packet.extend_from_slice(&[1, 1, 1, 1, 2, 2, 2, 2, 0xbe, 0xde, 0, 1, 5, 5, 5, 5]);
        packet.extend_from_slice(b"payload");
        packet.extend_from_slice(&[0, 0, 3]);
        let protected = protect(&mut tx, &packet);
        assert_eq!(
            protected.len(),
            packet.len() + suite.srtp_tag_len(),
            "{suite}"
        );
        assert_eq!(protected[..28], packet[..28], "{suite}: header in clear");
        assert_eq!(
            protected[28..packet.len()] == packet[28..],
            !suite.encrypts(),
            "{suite}"
        );
        assert_eq!(unprotect(&mut rx, &protected).unwrap(), packet, "{suite}");

        let protected = protect_rtcp(&mut tx, &rtcp(9));
        assert_eq!(protected.len(), 28 + 4 + suite.srtcp_tag_len(), "{suite}");
        assert_eq!(
            unprotect_rtcp(&mut rx, &protected).unwrap(),
            rtcp(9),
            "{suite}"
        );
    }
}

#[test]
fn malformed_packets_and_short_buffers_are_refused() {
    let (mut tx, mut rx) = pair();
    let mut bad_padding = rtp(1, 1, 4);
    bad_padding[0] |= 0x20;
    bad_padding[15] = 9;
    bad_padding.resize(40, 0);
    assert!(matches!(
        tx.protect_rtp(&mut bad_padding, 16),
        Err(Error::BadPacket(_))
    ));

    let mut short = rtp(1, 1, 4);
    assert_eq!(
        tx.protect_rtp(&mut short, 16),
        Err(Error::BufferTooSmall { needed: 26 })
    );
    let mut out = [0u8; 25];
    assert_eq!(
        tx.protect_rtp_into(&rtp(1, 1, 4), &mut out),
        Err(Error::BufferTooSmall { needed: 26 })
    );
    assert!(matches!(
        unprotect(&mut rx, &[0x80; 21]),
        Err(Error::BadPacket(_))
    ));
    assert!(matches!(
        unprotect(&mut rx, &[0x40; 40]),
        Err(Error::BadPacket(_))
    ));
    assert!(matches!(
        unprotect(&mut tx, &[0x80; 40]),
        Err(Error::Policy(_))
    ));
}

#[test]
fn a_session_can_move_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let (tx, _) = pair();
    assert_send(&tx);
    let moved = std::thread::spawn(move || tx.stream_count())
        .join()
        .unwrap();
    assert_eq!(moved, 0);
}

#[test]
fn chosen_header_extension_elements_are_encrypted_and_others_left_clear() {
    let (mut tx, mut rx) = pair_with(|c| c.encrypted_extension_ids = vec![1, 3]);
    // One-byte form: ID 1 (3 octets), ID 2 (1 octet), ID 3 (2 octets), one padding octet.
    let mut packet = vec![0x90, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 7, 0xbe, 0xde, 0, 3];
    packet.extend_from_slice(&[0x12, 1, 2, 3, 0x20, 4, 0x31, 5, 6, 0, 0, 0]);
    packet.extend_from_slice(b"media");

    let protected = protect(&mut tx, &packet);
    assert_eq!(
        protected[..17],
        packet[..17],
        "IDs and the clear header stay"
    );
    assert_ne!(protected[17..20], packet[17..20], "ID 1 data is encrypted");
    assert_eq!(protected[20..22], packet[20..22], "ID 2 is left in clear");
    assert_ne!(protected[23..25], packet[23..25], "ID 3 data is encrypted");
    assert_eq!(unprotect(&mut rx, &protected).unwrap(), packet);

    let (mut plain_tx, _) = pair();
    let without = protect(&mut plain_tx, &packet);
    assert_eq!(without[..28], packet[..28]);

    let gcm = SessionConfig {
        encrypted_extension_ids: vec![1],
        ..SessionConfig::new(Suite::AeadAes128Gcm, Direction::Outbound)
    };
    assert!(matches!(
        Session::new(gcm, &[0; 28]),
        Err(Error::Unsupported(_))
    ));
}

#[test]
fn cryptex_adds_an_empty_extension_block_for_csrcs_alone() {
    let (mut tx, mut rx) = pair_with(|c| c.cryptex = true);
    assert_eq!(tx.rtp_overhead(), 14);
    let mut packet = vec![0x81, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 7, 1, 2, 3, 4];
    packet.extend_from_slice(b"payload");
    let protected = protect(&mut tx, &packet);
    assert_eq!(protected[0], 0x91, "the X bit is set");
    assert_eq!(protected[16..20], [0xc0, 0xde, 0, 0]);
    assert_ne!(protected[12..16], packet[12..16], "the CSRC is encrypted");

    let mut expected = packet[..16].to_vec();
    expected[0] = 0x91;
    expected.extend_from_slice(&[0xbe, 0xde, 0, 0]);
    expected.extend_from_slice(b"payload");
    assert_eq!(unprotect(&mut rx, &protected).unwrap(), expected);

    let both = SessionConfig {
        cryptex: true,
        encrypted_extension_ids: vec![1],
        ..SessionConfig::new(SUITE, Direction::Outbound)
    };
    assert!(matches!(
        Session::new(both, &KEY_SALT),
        Err(Error::InvalidArgument(_))
    ));
}
