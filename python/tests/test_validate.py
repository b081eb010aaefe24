"""The validators through the Python wrapper, including the RFC 4475 torture messages."""

from pathlib import Path

import pytest

import sipsec

ROOT = Path(__file__).resolve().parents[2]
TORTURE = ROOT / "tests" / "data" / "torture"


def manifest():
    rows = []
    for line in (TORTURE / "expected.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split()
        codes = [] if fields[3] == "-" else fields[3].split(",")
        rows.append((fields[0], fields[1], fields[2] == "valid", codes))
    return rows


def test_valid_uri_returns_a_report():
    report = sipsec.validate_uri("sip:alice@example.com;transport=tls")
    assert report.ok and report.problems == []


def test_invalid_uri_raises_with_every_problem():
    with pytest.raises(sipsec.ValidationError) as caught:
        sipsec.validate_uri("sip:al%zce@exa_mple.com:99999")
    codes = [code for code, _, _ in caught.value.problems]
    assert codes == ["uri_bad_escape", "uri_bad_host", "uri_bad_port"]
    offsets = [offset for _, offset, _ in caught.value.problems]
    assert offsets[0] == 6
    assert "uri_bad_escape" in str(caught.value)


def test_unknown_scheme_is_its_own_code():
    with pytest.raises(sipsec.ValidationError) as caught:
        sipsec.validate_uri("http://www.example.com/")
    assert [p.code for p in caught.value.problems] == ["unknown_scheme"]


def test_headers_by_name():
    assert sipsec.validate_header("Max-Forwards", "70").ok
    assert sipsec.validate_header("Max-Forwards", "255").ok
    with pytest.raises(sipsec.ValidationError) as caught:
        sipsec.validate_header("Max-Forwards", "256")
    assert caught.value.problems[0].code == "max_forwards_out_of_range"
    with pytest.raises(sipsec.ValidationError) as caught:
        sipsec.validate_header("Subject", "hi\r\nVia: SIP/2.0/UDP evil")
    assert "header_injection" in [p.code for p in caught.value.problems]
    report = sipsec.validate_header("v", "SIP/2.0/UDP host;branch=390skdjuw")
    assert report.ok and report.codes == ["via_branch_no_cookie"]
    assert report.warnings and not report.errors


def test_sdp_returns_a_report_and_does_not_raise():
    good = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" \
        "m=audio 49170 RTP/AVP 0\r\n"
    assert sipsec.validate_sdp(good).ok
    report = sipsec.validate_sdp(good.replace("c=IN IP4 192.0.2.1\r\n", ""))
    assert not report.ok
    assert report.codes == ["sdp_missing_connection"]


def test_uri_equal_follows_rfc3261():
    assert sipsec.uri_equal("sip:%61lice@atlanta.com;transport=TCP",
                            "sip:alice@AtLanTa.CoM;Transport=tcp")
    assert not sipsec.uri_equal("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060")
    with pytest.raises(sipsec.ValidationError):
        sipsec.uri_equal("sip:bad host", "sip:x")


def test_problem_words_come_from_the_library():
    assert sipsec.problem_code_word(13) == "uri_bad_escape"
    assert sipsec.problem_code_word(9999) is None


@pytest.mark.parametrize("row", manifest(), ids=lambda row: row[0])
def test_torture_messages(row):
    name, section, valid, codes = row
    report = sipsec.validate_message((TORTURE / name).read_bytes())
    assert report.ok == valid, (section, report.problems)
    for code in codes:
        assert code in report.codes, (section, code, report.problems)
    for code, offset, reason in report.problems:
        assert isinstance(code, str) and isinstance(offset, int) and reason


def test_torture_manifest_covers_every_file():
    files = sorted(p.name for p in TORTURE.glob("*.dat"))
    assert files == sorted(row[0] for row in manifest())
    assert len(files) == 50
