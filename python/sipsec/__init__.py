"""sipsec: SIP security for Python, over the sipsec C library.

Digest authentication (RFC 3261, 7616, 8760), SRTP/SRTCP with SDES keying (RFC 3711, 6188,
7714, 4568), and validators and guards for SIP input.
"""

from . import digest, guard, sdes, srtp, validate
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
from .digest import *  # noqa: F401,F403
from .guard import *  # noqa: F401,F403
from .sdes import *  # noqa: F401,F403
from .srtp import *  # noqa: F401,F403
from .validate import *  # noqa: F401,F403


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
__all__ += digest.__all__ + guard.__all__ + sdes.__all__ + srtp.__all__ + validate.__all__
