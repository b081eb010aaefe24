"""Exceptions raised by sipsec, one class per family of status codes."""

from __future__ import annotations

from typing import Dict, Type


class SipsecError(Exception):
    """Base class of every sipsec error; ``status`` is the library's status code."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class InvalidArgumentError(SipsecError, ValueError):
    """An argument was missing, malformed or out of range."""


class DigestParseError(SipsecError, ValueError):
    """A digest header value could not be parsed."""


class DigestError(SipsecError):
    """A digest exchange cannot continue (no usable challenge, credentials refused)."""


class AuthenticationError(SipsecError):
    """An SRTP or SRTCP packet failed authentication."""


class ReplayError(SipsecError):
    """An SRTP or SRTCP packet was a replay or older than the replay window."""


class SrtpError(SipsecError):
    """Any other SRTP failure (bad packet, unknown MKI, exhausted key, policy)."""


class SdesError(SipsecError, ValueError):
    """An a=crypto attribute or offer/answer could not be used."""


class ValidationError(SipsecError, ValueError):
    """Input failed validation; ``problems`` lists (code, offset, reason) when known."""

    def __init__(self, status: int, message: str, problems=None) -> None:
        super().__init__(status, message)
        self.problems = list(problems or [])


_BY_STATUS: Dict[int, Type[SipsecError]] = {
    1: InvalidArgumentError,
    2: InvalidArgumentError,
    4: InvalidArgumentError,
    100: DigestParseError,
    101: DigestError,
    102: DigestError,
    103: DigestError,
    200: AuthenticationError,
    201: ReplayError,
    202: ReplayError,
    400: ValidationError,
}


def error_class_for(status: int) -> Type[SipsecError]:
    """The exception class for a status code."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if 200 <= status < 300:
        return SrtpError
    if 300 <= status < 400:
        return SdesError
    if 400 <= status < 500:
        return ValidationError
    return SipsecError


class ViaMismatchError(SipsecError, ValueError):
    """A Via's received/rport contradict the packet's real source (status 401)."""


class ViaMalformedError(SipsecError, ValueError):
    """A Via header value does not follow the via-parm grammar (status 440)."""


_BY_STATUS.update({401: ViaMismatchError, 440: ViaMalformedError})
