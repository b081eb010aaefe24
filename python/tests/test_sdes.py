"""SDES a=crypto attributes and offer/answer through the Python wrapper."""

import base64

import pytest

import sipsec

EXAMPLE = ("a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
           "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32")
KEY_128 = "YmTVLq/x05xcYFAADgerGIQkdmV7gfSqITYw75p1"


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
