"""SDES a=crypto attributes and offer/answer through the Python wrapper."""

import base64
from pathlib import Path

import pytest

import sipsec

EXAMPLE = ("a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
           "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32")
KEY_128 = "YmTVLq/x05xcYFAADgerGIQkdmV7gfSqITYw75p1"


LINES = Path(__file__).resolve().parents[2] / "tests" / "data" / "sdes_lines.txt"
STATUS_OF_VERDICT = {"Parse": 300, "UnknownSuite": 301, "BadKey": 302, "UnsupportedSuite": 305}


def _real_world_lines():
    for row in LINES.read_text().splitlines():
        if row and not row.startswith("#"):
            verdict, line = row.split("\t", 1)
            yield pytest.param(verdict, line, id=line[:60])


@pytest.mark.parametrize("verdict, line", list(_real_world_lines()))
def test_real_world_lines_reach_the_same_verdicts(verdict, line):
    if verdict == "ok":
        attr = sipsec.CryptoAttribute.parse(line)
        assert sipsec.CryptoAttribute.parse(str(attr)) == attr
        return
    with pytest.raises(sipsec.SdesError) as caught:
        sipsec.CryptoAttribute.parse(line)
    assert caught.value.status == STATUS_OF_VERDICT[verdict]


def test_rfc4568_example_fields():
    attr = sipsec.CryptoAttribute.parse(EXAMPLE)
    assert attr.tag == 1
    assert attr.suite == "AES_CM_128_HMAC_SHA1_80"
    assert len(attr.keys) == 1
    key = attr.keys[0]
    assert key.key == base64.b64decode("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR")
    assert key.lifetime == 2 ** 20
    assert key.mki == sipsec.Mki(1, 32)
    assert key.mki.to_bytes() == b"\x00" * 31 + b"\x01"
    assert str(attr) == EXAMPLE
    assert attr.format(with_prefix=False) == EXAMPLE[len("a=crypto:"):]


def test_generate_round_trips_and_hides_the_key():
    attr = sipsec.CryptoAttribute.generate(1, "AEAD_AES_256_GCM")
    other = sipsec.CryptoAttribute.generate(1, "AEAD_AES_256_GCM")
    assert attr.tag == 1 and attr.suite == "AEAD_AES_256_GCM"
    assert len(attr.keys[0].key) == 44
    assert attr.keys[0].key != other.keys[0].key
    assert attr.keys[0].lifetime is None and attr.keys[0].mki is None
    again = sipsec.CryptoAttribute.parse(str(attr))
    assert again == attr
    assert base64.b64encode(attr.keys[0].key).decode() not in repr(attr)
    assert "44 bytes" in repr(attr.keys[0])


def test_session_params():
    attr = sipsec.CryptoAttribute.parse(
        f"1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}|2^48 UNENCRYPTED_SRTCP KDR=2 "
        f"FEC_ORDER=FEC_SRTP WSH=256 -X-VENDOR FUTURE")
    params = attr.params
    assert params.kdr == 2
    assert params.unencrypted_srtcp and not params.unencrypted_srtp
    assert not params.unauthenticated_srtp
    assert params.fec_order == "FEC_SRTP"
    assert params.fec_key_count == 0
    assert params.wsh == 256
    assert params.unknown == ("-X-VENDOR", "FUTURE")
    assert attr.keys[0].lifetime == 2 ** 48


@pytest.mark.parametrize("line, status, text", [
    ("1 AES_CM_128_HMAC_SHA1_80", 300, "missing key-params"),
    (f"1 AES_CM_256_HMAC_SHA1_80 inline:{KEY_128}", 301, "unknown crypto-suite"),
    (f"1 AEAD_AES_128_GCM_8 inline:{KEY_128}", 301, "AEAD_AES_128_GCM_8"),
    ("1 AES_CM_128_HMAC_SHA1_80 inline:AAAA", 302, "key-param 1"),
    (f"1 F8_128_HMAC_SHA1_80 inline:{KEY_128}", 305, "not supported"),
    (f"1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} KDR=30", 300, "KDR"),
])
def test_errors(line, status, text):
    with pytest.raises(sipsec.SdesError) as caught:
        sipsec.CryptoAttribute.parse(line)
    assert caught.value.status == status
    assert text in caught.value.message
    assert KEY_128 not in caught.value.message


def test_generate_refuses_unknown_suite():
    with pytest.raises(sipsec.SdesError) as caught:
        sipsec.CryptoAttribute.generate(1, "AES_CM_192_HMAC_SHA1_80")
    assert caught.value.status == 301


def test_closed_attribute_raises():
    attr = sipsec.CryptoAttribute.parse(EXAMPLE)
    attr.close()
    attr.close()
    with pytest.raises(sipsec.SipsecError):
        attr.tag
    assert repr(attr) == "CryptoAttribute(<closed>)"


def test_answer_prefers_and_skips():
    offer = [
        f"a=crypto:1 AEAD_AES_256_GCM_8 inline:{KEY_128}",
        f"a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} UNENCRYPTED_SRTP",
        f"a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:{KEY_128}",
        f"a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}",
    ]
    answer = sipsec.sdes_answer(offer, ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"])
    assert (answer.tag, answer.suite) == (4, "AES_CM_128_HMAC_SHA1_80")
    assert answer.keys[0].key != base64.b64decode(KEY_128)

    first, offered = sipsec.sdes_answer_offer("\r\n".join(offer))
    assert first.tag == 3 and offered.tag == 3
    assert offered.keys[0].key == base64.b64decode(KEY_128)

    with pytest.raises(sipsec.SdesError) as caught:
        sipsec.sdes_answer(offer, ["AEAD_AES_128_GCM"])
    assert caught.value.status == 303
    assert "line 1" in caught.value.message


def test_offerer_verifies_the_answer():
    ours = [str(sipsec.CryptoAttribute.generate(1, "AEAD_AES_128_GCM")),
            str(sipsec.CryptoAttribute.generate(2, "AES_256_CM_HMAC_SHA1_80"))]
    answer = sipsec.sdes_answer(ours, "AES_256_CM_HMAC_SHA1_80")
    checked, offered = sipsec.sdes_verify_answer(ours, [str(answer)])
    assert checked == answer
    assert offered.tag == 2 and str(offered) == ours[1]

    for bad, why in [([str(answer), str(answer)], "exactly one"),
                     ([f"a=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}"], "never offered"),
                     ([str(sipsec.CryptoAttribute.generate(1, "AEAD_AES_256_GCM"))],
                      "answered with")]:
        with pytest.raises(sipsec.SdesError) as caught:
            sipsec.sdes_verify_answer(ours, bad)
        assert caught.value.status == 304
        assert why in caught.value.message


RTP = bytes.fromhex("800f1234decafbadcafebabeabababababababababababababababab")
RTCP = bytes.fromhex("81c8000bcafebabeabababababababababababababababab")


def test_sessions_from_an_offer_and_its_answer():
    offer = sipsec.CryptoAttribute.generate(1, "AEAD_AES_256_GCM")
    answer, offered = sipsec.sdes_answer_offer([str(offer)], ["AEAD_AES_256_GCM"])

    offerer_tx = sipsec.SrtpSession.from_crypto_attribute(offer, outbound=True)
    answerer_rx = sipsec.SrtpSession.from_crypto_attribute(offered, outbound=False)
    assert answerer_rx.unprotect(offerer_tx.protect(RTP)) == RTP
    assert offerer_tx.suite == "AEAD_AES_256_GCM" and not answerer_rx.outbound

    answerer_tx = sipsec.SrtpSession.from_crypto_attribute(answer, outbound=True)
    offerer_rx = sipsec.SrtpSession.from_crypto_attribute(answer, outbound=False)
    assert offerer_rx.unprotect(answerer_tx.protect(RTP)) == RTP
    with pytest.raises(sipsec.AuthenticationError):
        answerer_rx.unprotect(answerer_tx.protect(RTP[:2] + b"\x12\x35" + RTP[4:]))


def test_session_parameters_are_applied():
    key = base64.b64decode(KEY_128)
    attr = sipsec.CryptoAttribute.parse(
        f"1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128}|2^20|5:2 UNENCRYPTED_SRTCP KDR=4 WSH=256")
    tx = sipsec.SrtpSession.from_crypto_attribute(attr)
    rx = sipsec.SrtpSession("AES_CM_128_HMAC_SHA1_80", key, outbound=False, replay_window=256,
                            encrypt_rtcp=False, key_derivation_rate=2 ** 4, mki=b"\x00\x05",
                            key_lifetime=2 ** 20)

    srtp = tx.protect(RTP)
    assert srtp[-12:-10] == b"\x00\x05"
    assert rx.unprotect(srtp) == RTP
    srtcp = tx.protect_rtcp(RTCP)
    assert srtcp[8:len(RTCP)] == RTCP[8:], "UNENCRYPTED_SRTCP leaves the payload clear"
    assert rx.unprotect_rtcp(srtcp) == RTCP
    assert tx.overhead() == 12


def test_session_from_attribute_interoperates_with_libsrtp():
    import pylibsrtp

    attr = sipsec.CryptoAttribute.generate(1, "AES_CM_128_HMAC_SHA1_80")
    policy = pylibsrtp.Policy(key=attr.keys[0].key, ssrc_type=pylibsrtp.Policy.SSRC_ANY_OUTBOUND,
                              srtp_profile=pylibsrtp.Policy.SRTP_PROFILE_AES128_CM_SHA1_80)
    theirs = pylibsrtp.Session(policy=policy)
    ours = sipsec.SrtpSession.from_crypto_attribute(attr, outbound=False)
    assert ours.unprotect(theirs.protect(RTP)) == RTP


def test_session_refuses_parameters_it_cannot_honour():
    attr = sipsec.CryptoAttribute.parse(
        f"1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_128} UNAUTHENTICATED_SRTP")
    with pytest.raises(sipsec.SipsecError) as caught:
        sipsec.SrtpSession.from_crypto_attribute(attr, outbound=False)
    assert caught.value.status == 6
    assert "UNAUTHENTICATED_SRTP" in caught.value.message
