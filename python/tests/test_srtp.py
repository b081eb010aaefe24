"""SrtpSession: known answers, errors, ROC, and a cross-check with pylibsrtp both ways."""

import os
import random

import pylibsrtp
import pytest

import sipsec

KEY = bytes.fromhex("e1f97a0d3e018be0d64fa32c06de41390ec675ad498afeebb6960b3aabe6")
RTP = bytes.fromhex("800f1234decafbadcafebabeabababababababababababababababab")
SRTP = bytes.fromhex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb")
RTCP = bytes.fromhex("81c8000bcafebabeabababababababababababababababab")


def test_the_libsrtp_known_answer_and_round_trip():
    with sipsec.SrtpSession("AES_CM_128_HMAC_SHA1_80", KEY, outbound=True) as tx, \
            sipsec.SrtpSession("aes_cm_128_hmac_sha1_80", KEY, outbound=False,
                               replay_window=128) as rx:
        assert tx.protect(RTP) == SRTP
        assert rx.unprotect(SRTP) == RTP
        srtcp = tx.protect_rtcp(RTCP)
        assert srtcp[24:28] == bytes.fromhex("80000000")
        assert rx.unprotect_rtcp(srtcp) == RTCP
        assert rx.roc(0xCAFEBABE) == 0
        assert tx.overhead() == 10 and tx.overhead(rtcp=True) == 14


def test_replays_and_forgeries_raise_their_exceptions():
    key = os.urandom(28)
    tx = sipsec.SrtpSession("AEAD_AES_128_GCM", os.urandom(28), outbound=True)
    rx = sipsec.SrtpSession("AEAD_AES_128_GCM", key, outbound=False)
    tx.rekey(key)
    packet = tx.protect(RTP)
    forged = packet[:-1] + bytes([packet[-1] ^ 1])
    with pytest.raises(sipsec.AuthenticationError):
        rx.unprotect(forged)
    assert rx.stream_count() == 0
    assert rx.unprotect(packet) == RTP
    with pytest.raises(sipsec.ReplayError):
        rx.unprotect(packet)
    with pytest.raises(sipsec.SrtpError):
        rx.protect(RTP)
    with pytest.raises(sipsec.SrtpError):
        sipsec.SrtpSession("AES_CM_512", KEY, outbound=True)
    with pytest.raises(sipsec.InvalidArgumentError):
        sipsec.SrtpSession("AES_CM_128_HMAC_SHA1_80", KEY, outbound=True, replay_window=10)


def test_set_roc_is_taken_as_given_and_use_after_close_raises():
    tx = sipsec.SrtpSession("AES_CM_128_HMAC_SHA1_80", KEY, outbound=True)
    rx = sipsec.SrtpSession("AES_CM_128_HMAC_SHA1_80", KEY, outbound=False)
    tx.set_roc(0xCAFEBABE, 2)
    packet = tx.protect(RTP)
    with pytest.raises(sipsec.AuthenticationError):
        rx.unprotect(packet)
    rx.set_roc(0xCAFEBABE, 2)
    assert rx.unprotect(packet) == RTP and rx.roc(0xCAFEBABE) == 2
    rx.set_roc(0xCAFEBABE, 0)
    assert rx.roc(0xCAFEBABE) == 0
    assert sipsec.srtp_suite_lengths("AEAD_AES_256_GCM") == (32, 12, 16)
    rx.close()
    rx.close()
    with pytest.raises(sipsec.SipsecError):
        rx.unprotect(packet)


def random_rtp(rng, ssrc, seq):
    csrcs = rng.randrange(16)
    extension = rng.random() < 0.5
    padding = rng.random() < 0.25
    first = 0x80 | (0x20 if padding else 0) | (0x10 if extension else 0) | csrcs
    packet = bytes([first, rng.randrange(128)]) + seq.to_bytes(2, "big")
    packet += rng.randbytes(4) + ssrc.to_bytes(4, "big") + rng.randbytes(4 * csrcs)
    if extension:
        words = rng.randrange(5)
        packet += b"\xbe\xde" + words.to_bytes(2, "big") + rng.randbytes(4 * words)
    # pylibsrtp buffers 1500 octets including its 144-octet trailer allowance.
    packet += rng.randbytes(rng.randrange(1201))
    if padding:
        count = rng.randrange(1, 17)
        packet += bytes(count - 1) + bytes([count])
    return packet


def random_rtcp(rng, ssrc):
    words = rng.randrange(6, 60)
    return bytes([0x80, 200]) + (words - 1).to_bytes(2, "big") + ssrc.to_bytes(4, "big") \
        + rng.randbytes(4 * words - 8)


PROFILES = [
    ("AES_CM_128_HMAC_SHA1_80", pylibsrtp.Policy.SRTP_PROFILE_AES128_CM_SHA1_80, 30),
    ("AES_CM_128_HMAC_SHA1_32", pylibsrtp.Policy.SRTP_PROFILE_AES128_CM_SHA1_32, 30),
    ("AEAD_AES_128_GCM", pylibsrtp.Policy.SRTP_PROFILE_AEAD_AES_128_GCM, 28),
    ("AEAD_AES_256_GCM", pylibsrtp.Policy.SRTP_PROFILE_AEAD_AES_256_GCM, 44),
]


@pytest.mark.parametrize("suite,profile,key_len", PROFILES)
def test_cross_check_with_pylibsrtp_both_directions(suite, profile, key_len):
    rng = random.Random(key_len * 7919 + len(suite))
    key = rng.randbytes(key_len)
    ssrc = rng.getrandbits(32)

    def libsrtp(kind):
        return pylibsrtp.Session(policy=pylibsrtp.Policy(
            key=key, ssrc_type=kind, srtp_profile=profile))

    their_tx = libsrtp(pylibsrtp.Policy.SSRC_ANY_OUTBOUND)
    their_rx = libsrtp(pylibsrtp.Policy.SSRC_ANY_INBOUND)
    our_tx = sipsec.SrtpSession(suite, key, outbound=True)
    our_rx = sipsec.SrtpSession(suite, key, outbound=False, replay_window=128)

    start = 65536 - 200
    for n in range(600):
        rtp = random_rtp(rng, ssrc, (start + n) % 65536)
        ours, theirs = our_tx.protect(rtp), their_tx.protect(rtp)
        assert ours == theirs, f"packet {n} differs"
        assert their_rx.unprotect(ours) == rtp
        assert our_rx.unprotect(theirs) == rtp
        if n % 3 == 0:
            rtcp = random_rtcp(rng, ssrc)
            assert their_rx.unprotect_rtcp(our_tx.protect_rtcp(rtcp)) == rtcp
            assert our_rx.unprotect_rtcp(their_tx.protect_rtcp(rtcp)) == rtcp
    assert our_rx.roc(ssrc) == 1 and our_tx.roc(ssrc) == 1
    with pytest.raises(sipsec.ReplayError):
        our_rx.unprotect(theirs)


def test_header_extension_elements_can_be_encrypted():
    # One-byte extension form: element ID 1 with 3 octets, padded to a word.
    rtp = bytes.fromhex("900000010000000000000007bede0001") + bytes([0x12, 1, 2, 3]) + b"media"
    tx = sipsec.SrtpSession("AES_CM_128_HMAC_SHA1_80", KEY, outbound=True,
                            encrypted_extension_ids=[1])
    rx = sipsec.SrtpSession("AES_CM_128_HMAC_SHA1_80", KEY, outbound=False,
                            encrypted_extension_ids=[1])
    srtp = tx.protect(rtp)
    assert srtp[:17] == rtp[:17] and srtp[17:20] != rtp[17:20]
    assert rx.unprotect(srtp) == rtp
    with pytest.raises(sipsec.SipsecError):
        sipsec.SrtpSession("AEAD_AES_128_GCM", bytes(28), outbound=True,
                           encrypted_extension_ids=[1])


def test_cryptex_known_answer():
    # RFC 9335 Appendix A, AES-CM with a one-byte header extension.
    rtp = bytes.fromhex("900f1235decafbadcafebabebede000151000200" + "ab" * 16)
    srtp = bytes.fromhex("900f1235decafbadcafebabec0de0001eb92365251c3e036f8de27e9c27ee3e0"
                         "b4651d9fbc4218a70244522f34a5")
    tx = sipsec.SrtpSession("AES_CM_128_HMAC_SHA1_80", KEY, outbound=True, cryptex=True)
    rx = sipsec.SrtpSession("AES_CM_128_HMAC_SHA1_80", KEY, outbound=False, cryptex=True)
    assert tx.protect(rtp) == srtp
    assert rx.unprotect(srtp) == rtp
