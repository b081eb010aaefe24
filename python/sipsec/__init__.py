"""sipsec: SIP security for Python, over the sipsec C library.

Digest authentication (RFC 3261, 7616, 8760), SRTP/SRTCP with SDES keying (RFC 3711, 6188,
7714, 4568), and validators and guards for SIP input.
"""

from ._native import lib as _lib
from ._version import __version__
from .errors import (
    AuthenticationError,
    DigestError,
    DigestParseError,
    InvalidArgumentError,
    ReplayError,
    SdesError,
    SipsecError,
    SrtpError,
    ValidationError,
)


def library_version() -> str:
    """The version reported by the loaded native library."""
    return _lib.sipsec_version().decode()


__all__ = [
    "__version__",
    "library_version",
    "AuthenticationError",
    "DigestError",
    "DigestParseError",
    "InvalidArgumentError",
    "ReplayError",
    "SdesError",
    "SipsecError",
    "SrtpError",
    "ValidationError",
]
