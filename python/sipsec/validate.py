"""Validators for SIP URIs, header values, whole messages and SDP.

``validate_uri`` and ``validate_header`` raise :class:`sipsec.ValidationError` when the
input is invalid; the exception's ``problems`` lists ``(code, offset, reason)`` tuples.
``validate_message`` and ``validate_sdp`` never raise for bad input: they return a
:class:`Report` whose ``ok`` says whether the input is valid and whose ``problems`` lists
every error and warning, because a caller handling messages wants the whole list to decide
on a response, not an exception. ``code`` is the library's stable machine word, such as
``"content_length_exceeds_body"``.
"""

from __future__ import annotations

import ctypes
from typing import List, NamedTuple, Optional, Union

from ._native import bytes_arg, check, declare
from .errors import ValidationError

__all__ = [
    "Problem",
    "Report",
    "validate_uri",
    "validate_header",
    "validate_message",
    "validate_sdp",
    "uri_equal",
    "problem_code_word",
]

_VALIDATION = 400
_OK = 0

_report_p = ctypes.c_void_p
_out_report = ctypes.POINTER(ctypes.c_void_p)
_text = ctypes.c_char_p
_size = ctypes.c_size_t

_validate_uri = declare("sipsec_validate_uri", [_text, _size, ctypes.c_void_p, _out_report])
_validate_header = declare(
    "sipsec_validate_header", [_text, _size, _text, _size, ctypes.c_void_p, _out_report]
)
_validate_message = declare(
    "sipsec_validate_message", [_text, _size, ctypes.c_void_p, _out_report]
)
_validate_sdp = declare("sipsec_validate_sdp", [_text, _size, ctypes.c_void_p, _out_report])
_uri_equal = declare(
    "sipsec_uri_equal", [_text, _size, _text, _size, ctypes.POINTER(ctypes.c_bool)]
)
_report_ok = declare("sipsec_validation_report_ok", [_report_p], ctypes.c_bool)
_report_count = declare("sipsec_validation_report_count", [_report_p], _size)
_report_problem = declare(
    "sipsec_validation_report_problem",
    [
        _report_p,
        _size,
        ctypes.POINTER(ctypes.c_int32),
        ctypes.POINTER(_size),
        ctypes.POINTER(ctypes.c_bool),
    ],
)
_report_word = declare(
    "sipsec_validation_report_word",
    [_report_p, _size, ctypes.c_char_p, _size, ctypes.POINTER(_size)],
)
_report_reason = declare(
    "sipsec_validation_report_reason",
    [_report_p, _size, ctypes.c_char_p, _size, ctypes.POINTER(_size)],
)
_code_word = declare("sipsec_validation_code_word", [ctypes.c_int32], ctypes.c_char_p)
_report_free = declare("sipsec_validation_report_free", [_report_p], None)


class Problem(NamedTuple):
    """One problem: the machine word, the byte offset into the input, a short reason."""

    code: str
    offset: int
    reason: str


class Report:
    """The outcome of a validation.

    ``ok`` is True when no error was found (warnings are allowed). ``problems`` lists every
    problem as a :class:`Problem` (a ``(code, offset, reason)`` tuple); ``warnings`` and
    ``errors`` split them by severity.
    """

    def __init__(self, ok: bool, problems: List[Problem], is_error: List[bool]) -> None:
        self.ok = ok
        self.problems = problems
        self.errors = [p for p, error in zip(problems, is_error) if error]
        self.warnings = [p for p, error in zip(problems, is_error) if not error]

    @property
    def codes(self) -> List[str]:
        """The machine words of every problem, in report order."""
        return [problem.code for problem in self.problems]

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"Report(ok={self.ok}, problems={self.problems!r})"


def _read_text(function, pointer, index: int) -> str:
    capacity = 128
    for _ in range(2):
        buffer = ctypes.create_string_buffer(capacity)
        length = _size(0)
        status = function(pointer, index, buffer, capacity, ctypes.byref(length))
        if status == 3:
            capacity = length.value
            continue
        check(status)
        return buffer.raw[: length.value].decode()
    raise ValidationError(3, "problem text kept growing")


def _collect(status: int, pointer: ctypes.c_void_p) -> Report:
    """Reads and frees a report written by a sipsec_validate_* call."""
    if status not in (_OK, _VALIDATION) or not pointer.value:
        check(status)
    try:
        problems: List[Problem] = []
        is_error: List[bool] = []
        for index in range(_report_count(pointer)):
            code = ctypes.c_int32(0)
            offset = _size(0)
            error = ctypes.c_bool(False)
            check(
                _report_problem(
                    pointer, index, ctypes.byref(code), ctypes.byref(offset), ctypes.byref(error)
                )
            )
            word = _read_text(_report_word, pointer, index)
            reason = _read_text(_report_reason, pointer, index)
            problems.append(Problem(word, offset.value, reason))
            is_error.append(bool(error.value))
        return Report(bool(_report_ok(pointer)), problems, is_error)
    finally:
        _report_free(pointer)


def _as_bytes(value: Union[str, bytes, bytearray, memoryview]) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


def _raise_unless_ok(report: Report, what: str) -> Report:
    if not report.ok:
        first = report.errors[0]
        message = f"{what}: {first.code} at byte {first.offset}: {first.reason}"
        raise ValidationError(_VALIDATION, message, report.problems)
    return report


def validate_uri(uri: Union[str, bytes]) -> Report:
    """Validates a SIP, SIPS or tel URI (RFC 3261 section 25.1, RFC 3966).

    Returns the report (which may hold warnings) when the URI is valid; raises
    :class:`sipsec.ValidationError` with ``problems`` when it is not. Other schemes are
    reported as ``unknown_scheme``.
    """
    data, length = bytes_arg(_as_bytes(uri))
    pointer = ctypes.c_void_p()
    status = _validate_uri(data, length, None, ctypes.byref(pointer))
    return _raise_unless_ok(_collect(status, pointer), "invalid URI")


def validate_header(name: Union[str, bytes], value: Union[str, bytes]) -> Report:
    """Validates one header value by header name (full or compact form).

    Returns the report when the value is valid; raises :class:`sipsec.ValidationError`
    with ``problems`` when it is not. Offsets count from the start of ``value``.
    """
    name_data, name_length = bytes_arg(_as_bytes(name))
    value_data, value_length = bytes_arg(_as_bytes(value))
    pointer = ctypes.c_void_p()
    status = _validate_header(
        name_data, name_length, value_data, value_length, None, ctypes.byref(pointer)
    )
    return _raise_unless_ok(_collect(status, pointer), "invalid header value")


def validate_message(message: Union[bytes, bytearray, memoryview]) -> Report:
    """Validates a whole SIP request or response (one UDP datagram); never raises for bad
    input. Check ``report.ok`` and ``report.problems``."""
    data, length = bytes_arg(bytes(message))
    pointer = ctypes.c_void_p()
    status = _validate_message(data, length, None, ctypes.byref(pointer))
    return _collect(status, pointer)


def validate_sdp(sdp: Union[str, bytes]) -> Report:
    """Validates an SDP session description (RFC 8866); never raises for bad input. Check
    ``report.ok`` and ``report.problems``."""
    data, length = bytes_arg(_as_bytes(sdp))
    pointer = ctypes.c_void_p()
    status = _validate_sdp(data, length, None, ctypes.byref(pointer))
    return _collect(status, pointer)


def uri_equal(a: str, b: str) -> bool:
    """Whether two URIs are equal by RFC 3261 section 19.1.4; raises
    :class:`sipsec.ValidationError` when either is malformed."""
    a_data, a_length = bytes_arg(_as_bytes(a))
    b_data, b_length = bytes_arg(_as_bytes(b))
    equal = ctypes.c_bool(False)
    check(_uri_equal(a_data, a_length, b_data, b_length, ctypes.byref(equal)))
    return bool(equal.value)


def problem_code_word(number: int) -> Optional[str]:
    """The machine word of a problem code number, or None for an unknown number."""
    word = _code_word(number).decode()
    return word or None

