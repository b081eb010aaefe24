"""The guard contract from Python: Via rewrite and the rate limiter."""

import threading

import pytest

import sipsec

SECOND = 1_000_000_000


def test_received_and_rport_are_added_from_the_real_source():
    via = "SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff"
    assert sipsec.via_received_rport(via, "192.0.2.1", 9988) == (
        "SIP/2.0/UDP 10.1.1.1:4540;rport=9988;branch=z9hG4bKkjshdyff;received=192.0.2.1"
    )


def test_a_matching_via_without_rport_is_unchanged():
    via = "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1"
    assert sipsec.via_received_rport(via, "192.0.2.1", 5060) == via


def test_ipv6_compares_numerically_and_is_written_without_brackets():
    assert sipsec.via_received_rport(
        "SIP/2.0/UDP [2001:db8::1];branch=x", "2001:DB8:0:0:0:0:0:1", 5060
    ) == "SIP/2.0/UDP [2001:db8::1];branch=x"
    assert sipsec.via_received_rport(
        "SIP/2.0/UDP [2001:db8::1];branch=x", "[2001:db8::2]", 5060
    ) == "SIP/2.0/UDP [2001:db8::1];branch=x;received=2001:db8::2"


def test_a_contradicting_received_raises_via_mismatch():
    with pytest.raises(sipsec.ViaMismatchError) as caught:
        sipsec.via_received_rport("SIP/2.0/UDP h.example;received=10.0.0.9", "10.0.0.1", 5060)
    assert caught.value.status == 401
    assert "10.0.0.9" in caught.value.message
    assert isinstance(caught.value, sipsec.SipsecError)


def test_a_malformed_via_raises_with_the_offset():
    with pytest.raises(sipsec.ViaMalformedError) as caught:
        sipsec.via_received_rport("SIP/2.0/UDP 10.0.0.1 junk", "10.0.0.1", 5060)
    assert caught.value.status == 440
    assert "byte 21" in caught.value.message


def test_a_bad_source_address_is_an_invalid_argument():
    with pytest.raises(sipsec.InvalidArgumentError):
        sipsec.via_received_rport("SIP/2.0/UDP 10.0.0.1", "not-an-ip", 5060)
    with pytest.raises(ValueError):
        sipsec.via_received_rport("SIP/2.0/UDP 10.0.0.1", "10.0.0.1", 70000)


def test_a_long_via_grows_the_buffer():
    via = "SIP/2.0/UDP 10.0.0.1;rport;x=" + "a" * 3000
    assert sipsec.via_received_rport(via, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 65535).endswith(
        ";received=2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"
    )


def test_the_limiter_allows_the_burst_then_the_rate():
    with sipsec.RateLimiter(rate=10.0, burst=20, max_sources=100_000) as limiter:
        allowed = [limiter.allow("192.0.2.10", now_ns=SECOND) for _ in range(25)]
        assert allowed == [True] * 20 + [False] * 5
        assert limiter.allow("192.0.2.10", now_ns=SECOND + SECOND // 10)
        assert limiter.allow("192.0.2.11", now_ns=SECOND)
        assert limiter.tracked_sources == 2
        assert 0 < limiter.bytes_per_source <= 32


def test_the_limiter_counts_ipv6_per_prefix():
    with sipsec.RateLimiter(rate=1.0, burst=1, max_sources=100, ipv6_prefix=64) as limiter:
        assert limiter.allow("2001:db8:1:1::1", now_ns=0)
        assert not limiter.allow("2001:db8:1:1::2", now_ns=0)
        assert not limiter.would_allow("2001:db8:1:1::3")


def test_the_real_clock_path_works():
    with sipsec.RateLimiter(rate=1.0, burst=2) as limiter:
        assert limiter.allow("192.0.2.1")
        assert limiter.allow("192.0.2.1")
        assert not limiter.allow("192.0.2.1")


def test_bad_arguments_raise():
    with pytest.raises(sipsec.InvalidArgumentError):
        sipsec.RateLimiter(rate=0.0)
    with pytest.raises(sipsec.InvalidArgumentError):
        sipsec.RateLimiter(ipv6_prefix=0)
    with sipsec.RateLimiter() as limiter:
        with pytest.raises(sipsec.InvalidArgumentError):
            limiter.allow("192.0.2.300")


def test_close_is_idempotent_and_use_after_close_raises():
    limiter = sipsec.RateLimiter()
    limiter.close()
    limiter.close()
    with pytest.raises(sipsec.SipsecError):
        limiter.allow("192.0.2.1")


def test_the_limiter_is_shared_between_threads():
    limiter = sipsec.RateLimiter(rate=1.0, burst=50, max_sources=1000)
    counts = []

    def worker():
        counts.append(sum(limiter.allow("192.0.2.7", now_ns=0) for _ in range(100)))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 50
    limiter.close()
