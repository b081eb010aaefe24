"""The package as a whole: version, loading, error mapping."""

import re
from pathlib import Path

import sipsec
from sipsec import _native


def test_version_matches_library_and_cargo_toml():
    cargo = (Path(__file__).resolve().parents[2] / "Cargo.toml").read_text()
    cargo_version = re.search(r'^version = "([^"]+)"', cargo, re.M).group(1)
    assert sipsec.__version__ == cargo_version
    assert sipsec.library_version() == cargo_version


def test_status_text_comes_from_the_library():
    assert _native.status_text(0) == "success"
    assert _native.status_text(123456) == "unknown status code"


def test_error_classes_share_one_base():
    for cls in (sipsec.ReplayError, sipsec.AuthenticationError, sipsec.ValidationError,
                sipsec.DigestParseError):
        assert issubclass(cls, sipsec.SipsecError)
    assert _native.check(0) is None
