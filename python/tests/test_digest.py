"""Digest authentication from Python: vectors, server verdicts, client flows, handle
lifetime, and a cross-check against independent implementations."""

import hashlib
import random
import re
import string
import threading
from pathlib import Path

import pytest
from requests.auth import HTTPDigestAuth

import sipsec
from sipsec import DigestClient, DigestServer, digest_response

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"
URI = "sip:example.com"


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"r": "\r", "n": "\n"}.get(m.group(1), m.group(1)), value)


def load_vectors():
    vectors = []
    for path in sorted(VECTORS.glob("digest_*.txt")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert "RFC" in first, path.name
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line == "[vector]":
                vectors.append({"file": path.name})
            elif " = " in line:
                key, value = line.split(" = ", 1)
                vectors[-1][key] = _unescape(value)
    return vectors


ALL_VECTORS = load_vectors()


def _response_for(vector) -> str:
    return digest_response(
        username=vector["username"], password=vector["password"], realm=vector["realm"],
        method=vector["method"], uri=vector["uri"], nonce=vector["nonce"],
        algorithm=vector["algorithm"], qop=vector.get("qop"), nc=vector.get("nc"),
        cnonce=vector.get("cnonce"), body=vector.get("body", "").encode())


@pytest.mark.parametrize("vector", ALL_VECTORS, ids=lambda v: v["name"])
def test_vector_files(vector):
    computed = _response_for(vector)
    if "response" in vector:
        assert computed == vector["response"], vector["name"]
    if "known_wrong_response" in vector:
        assert computed != vector["known_wrong_response"]


def test_vector_files_are_all_there():
    assert len(ALL_VECTORS) == 17
    assert {v["file"] for v in ALL_VECTORS} >= {"digest_rfc2617_3_5.txt",
                                                "digest_rfc7616_sha512_256.txt"}


def test_nc_accepts_int_and_hex_text():
    common = dict(username="alice", password="secret", realm="example.com", method="REGISTER",
                  uri=URI, nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", qop="auth",
                  cnonce="0a4f113b")
    assert digest_response(nc=10, **common) == digest_response(nc="0000000a", **common)
    assert digest_response(nc=10, **common) == "89dc476094a7a8b313605f97af0331bd"
    with pytest.raises(sipsec.InvalidArgumentError, match="nc"):
        digest_response(nc="10", **common)
    with pytest.raises(sipsec.DigestError):
        digest_response(**{**common, "nc": 1}, algorithm="SHA-1")


def _server(**options) -> DigestServer:
    options.setdefault("secret", b"k" * 32)
    server = DigestServer(**options)
    server.add_user("alice", "secret")
    return server


def test_round_trip_replay_and_reason_words():
    with _server() as server, DigestClient("alice", "secret") as client:
        challenges = server.challenge()
        assert len(challenges) == 2
        assert "algorithm=SHA-256" in challenges[0]
        value = client.authorize("REGISTER", URI, challenges)
        first = server.verify("REGISTER", URI, value)
        assert (first.ok, first.stale, first.reason, first.username) == (
            True, False, "none", "alice")
        again = server.verify("REGISTER", URI, value)
        assert (again.ok, again.outcome, again.reason) == (False, "rejected", "replay")
        assert server.tracked_nonces == 1


def test_rejections_are_named_for_the_log_only():
    server = _server()
    wrong = DigestClient("alice", "wrong").authorize("REGISTER", URI, server.challenge())
    unknown = DigestClient("bob", "secret").authorize("REGISTER", URI, server.challenge())
    verdicts = [server.verify("REGISTER", URI, v) for v in (wrong, unknown)]
    assert [v.outcome for v in verdicts] == ["rejected", "rejected"]
    assert [v.reason for v in verdicts] == ["bad_response", "unknown_user"]
    assert server.verify("REGISTER", URI, "Digest nc=1").reason == "malformed"
    good = DigestClient("alice", "secret").authorize("REGISTER", URI, server.challenge())
    assert server.verify("REGISTER", "sip:other", good).reason == "uri_mismatch"
    assert server.tracked_nonces == 0


def test_stale_flow_with_shared_secret():
    before = _server()
    client = DigestClient("alice", "secret")
    value = client.authorize("REGISTER", URI, before.challenge())
    after = _server()
    verdict = after.verify("REGISTER", URI, value)
    assert (verdict.ok, verdict.stale, verdict.reason) == (False, True, "stale_nonce")
    fresh = after.challenge(stale=True)
    assert all(c.endswith("stale=true") for c in fresh)
    assert after.verify("REGISTER", URI, client.authorize("REGISTER", URI, fresh)).ok


def test_auth_int_and_ha1_users():
    server = _server(algorithms=("MD5",), qop=("auth-int",))
    ha1 = hashlib.md5(b"bob:example.com:pw").hexdigest()
    server.add_user_ha1("bob", ha1.upper(), algorithm="MD5")
    client = DigestClient.from_ha1("bob", "example.com", ha1)
    value = client.authorize("INVITE", URI, server.challenge(), body=b"v=0\r\n")
    assert "qop=auth-int" in value
    assert server.verify("INVITE", URI, value, body=b"v=1\r\n").reason == "bad_response"
    assert server.verify("INVITE", URI, value, body=b"v=0\r\n").ok
    with pytest.raises(sipsec.DigestError):
        server.add_user_ha1("bob", "abc")


def test_client_errors():
    client = DigestClient("alice", "secret")
    with pytest.raises(sipsec.DigestError) as refused:
        client.authorize("REGISTER", URI, [])
    assert refused.value.status == 101
    with pytest.raises(sipsec.DigestParseError):
        client.authorize("REGISTER", URI, 'Digest realm="x')
    challenge = 'Digest realm="r", nonce="n", qop="auth"'
    client.authorize("REGISTER", URI, challenge)
    client.authorize("REGISTER", URI, challenge)
    with pytest.raises(sipsec.DigestError) as looped:
        client.authorize("REGISTER", URI, challenge)
    assert looped.value.status == 102
    client.reset()
    assert client.authorize("REGISTER", URI, challenge)


def test_server_argument_errors():
    with pytest.raises(sipsec.DigestError):
        DigestServer(algorithms=("SHA-1",))
    with pytest.raises(sipsec.InvalidArgumentError):
        DigestServer(qop=("auth-conf",))
    with pytest.raises(sipsec.InvalidArgumentError):
        DigestServer(secret=b"short")
    with pytest.raises(TypeError):
        DigestServer(algorithms="MD5")


def test_handles_close_and_raise_after_close():
    server = DigestServer()
    server.close()
    server.close()
    with pytest.raises(sipsec.SipsecError):
        server.challenge()
    with DigestClient("a", "b") as client:
        pass
    with pytest.raises(sipsec.SipsecError):
        client.authorize("REGISTER", URI, 'Digest realm="r", nonce="n"')


def test_server_is_shared_between_threads():
    server = _server(max_tracked_nonces=1000)
    failures = []

    def work(index: int) -> None:
        server.add_user(f"user{index}", "pw")
        client = DigestClient(f"user{index}", "pw")
        for _ in range(100):
            value = client.authorize("REGISTER", URI, server.challenge())
            client.reset()
            verdict = server.verify("REGISTER", URI, value)
            if not verdict.ok:
                failures.append(verdict.reason)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert server.tracked_nonces == 400


# Independent implementations for the cross-check. requests' HTTPDigestAuth supports MD5,
# SHA, SHA-256 and SHA-512, but not SHA-512-256, so that one is computed with hashlib's
# 'sha512_256' (OpenSSL's FIPS 180-4 SHA-512/256) following RFC 7616 section 3.4.1.


def _requests_header(username, password, realm, nonce, algorithm, path, method):
    auth = HTTPDigestAuth(username, password)
    auth.init_per_thread_state()
    auth._thread_local.chal = {"realm": realm, "nonce": nonce, "qop": "auth",
                               "algorithm": algorithm, "opaque": "opaque-value"}
    return auth.build_digest_header(method, "http://127.0.0.1" + path)


def _field(header: str, name: str) -> str:
    return re.search(name + r'="?([^",]*)"?', header).group(1)


def _hashlib_sha512_256(username, password, realm, nonce, path, method, cnonce):
    h = lambda text: hashlib.new("sha512_256", text.encode()).hexdigest()  # noqa: E731
    ha1 = h(f"{username}:{realm}:{password}")
    ha2 = h(f"{method}:{path}")
    return h(f"{ha1}:{nonce}:00000001:{cnonce}:auth:{ha2}")


def _random_text(rng: random.Random, alphabet: str, low: int, high: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256", "SHA-512-256"])
def test_responses_agree_with_independent_implementations(algorithm):
    rng = random.Random(7616 + len(algorithm))
    text = string.ascii_letters + string.digits + " .-_@äöüßøé"
    token = string.ascii_letters + string.digits + "+/="
    for _ in range(300):
        username = _random_text(rng, text, 1, 20).replace('"', "")
        password = _random_text(rng, text + ",:;", 0, 24)
        realm = _random_text(rng, string.ascii_lowercase + ".", 1, 20)
        nonce = _random_text(rng, token, 8, 48)
        path = "/" + _random_text(rng, string.ascii_letters + string.digits + "/._-", 0, 30)
        method = rng.choice(["GET", "REGISTER", "INVITE", "OPTIONS"])
        if algorithm == "SHA-512-256":
            cnonce = _random_text(rng, string.hexdigits.lower(), 16, 16)
            expected = _hashlib_sha512_256(username, password, realm, nonce, path, method,
                                           cnonce)
        else:
            header = _requests_header(username, password, realm, nonce, algorithm, path,
                                      method)
            cnonce, expected = _field(header, "cnonce"), _field(header, "response")
        ours = digest_response(username=username, password=password, realm=realm,
                               method=method, uri=path, nonce=nonce, algorithm=algorithm,
                               qop="auth", nc=1, cnonce=cnonce)
        assert ours == expected, (username, password, realm, nonce, path)


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_server_accepts_what_requests_sends(algorithm):
    server = _server(realm="api.example", algorithms=(algorithm,))
    server.add_user("Jäsøn", "Secret, or not?")
    challenge = server.challenge()[0]
    nonce, opaque = _field(challenge, "nonce"), _field(challenge, "opaque")
    auth = HTTPDigestAuth("Jäsøn", "Secret, or not?")
    auth.init_per_thread_state()
    auth._thread_local.chal = {"realm": "api.example", "nonce": nonce, "qop": "auth",
                               "algorithm": algorithm, "opaque": opaque}
    header = auth.build_digest_header("GET", "http://127.0.0.1/doe.json?x=1")
    assert 'qop="auth"' in header and f'algorithm="{algorithm}"' in header
    verdict = server.verify("GET", "/doe.json?x=1", header)
    assert (verdict.ok, verdict.username) == (True, "Jäsøn"), verdict


@pytest.mark.parametrize("secret", [b"", b"k" * 15, b"k" * 1025])
def test_a_secret_outside_16_to_1024_bytes_is_refused(secret):
    with pytest.raises(sipsec.InvalidArgumentError, match="16 to 1024"):
        DigestServer("example.com", ["MD5"], ["auth"], secret=secret)
