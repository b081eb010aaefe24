"""SDES a=crypto attributes (RFC 4568, with the suites of RFC 6188 and RFC 7714) and the
offer/answer exchange.

>>> attr = CryptoAttribute.generate(1, "AEAD_AES_256_GCM")
>>> attr.tag, attr.suite
(1, 'AEAD_AES_256_GCM')

Failures raise :class:`sipsec.SdesError` (``status`` tells which: 300 parse, 301 unknown
suite, 302 bad key, 303 no acceptable offer line, 304 bad answer, 305 registered but
unsupported suite), or :class:`sipsec.InvalidArgumentError` for misuse.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Optional, Tuple, Union

from ._native import Handle, call_bytes_out, call_text_out, check, declare, text_arg

_ptr = ctypes.c_void_p
_out_ptr = ctypes.POINTER(ctypes.c_void_p)
_size = ctypes.c_size_t
_size_p = ctypes.POINTER(ctypes.c_size_t)


class _SessionParamsC(ctypes.Structure):
    _fields_ = [
        ("has_kdr", ctypes.c_bool),
        ("kdr", ctypes.c_uint8),
        ("unencrypted_srtp", ctypes.c_bool),
        ("unencrypted_srtcp", ctypes.c_bool),
        ("unauthenticated_srtp", ctypes.c_bool),
        ("fec_order", ctypes.c_int32),
        ("fec_key_count", ctypes.c_size_t),
        ("has_wsh", ctypes.c_bool),
        ("wsh", ctypes.c_uint32),
        ("unknown_count", ctypes.c_size_t),
    ]


_parse = declare("sipsec_crypto_attribute_parse", [ctypes.c_char_p, _size, _out_ptr])
_generate = declare(
    "sipsec_crypto_attribute_generate", [ctypes.c_uint32, ctypes.c_char_p, _size, _out_ptr]
)
_free = declare("sipsec_crypto_attribute_free", [_ptr], None)
_tag = declare("sipsec_crypto_attribute_tag", [_ptr, ctypes.POINTER(ctypes.c_uint32)])
_suite = declare("sipsec_crypto_attribute_suite", [_ptr, ctypes.c_char_p, _size, _size_p])
_key_count = declare("sipsec_crypto_attribute_key_count", [_ptr, _size_p])
_key = declare(
    "sipsec_crypto_attribute_key", [_ptr, _size, ctypes.POINTER(ctypes.c_uint8), _size, _size_p]
)
_key_lifetime = declare(
    "sipsec_crypto_attribute_key_lifetime",
    [_ptr, _size, ctypes.POINTER(ctypes.c_bool), ctypes.POINTER(ctypes.c_uint64)],
)
_key_mki = declare(
    "sipsec_crypto_attribute_key_mki",
    [_ptr, _size, ctypes.POINTER(ctypes.c_uint8), _size, _size_p],
)
_session_params = declare(
    "sipsec_crypto_attribute_session_params", [_ptr, ctypes.POINTER(_SessionParamsC)]
)
_unknown_param = declare(
    "sipsec_crypto_attribute_unknown_param", [_ptr, _size, ctypes.c_char_p, _size, _size_p]
)
_format = declare(
    "sipsec_crypto_attribute_format", [_ptr, ctypes.c_bool, ctypes.c_char_p, _size, _size_p]
)
_answer_offer = declare(
    "sipsec_sdes_answer_offer",
    [ctypes.c_char_p, _size, ctypes.c_char_p, _size, _out_ptr, _out_ptr],
)
_verify_answer = declare(
    "sipsec_sdes_verify_answer",
    [ctypes.c_char_p, _size, ctypes.c_char_p, _size, _out_ptr, _out_ptr],
)

_FEC_ORDERS = {0: None, 1: "FEC_SRTP", 2: "SRTP_FEC"}


class Mki(NamedTuple):
    """A master key identifier (RFC 4568 section 6.1): its value and length in bytes."""

    value: int
    length: int

    def to_bytes(self) -> bytes:
        """The MKI as SRTP packets carry it: big-endian, ``length`` bytes."""
        return self.value.to_bytes(self.length, "big")


@dataclass(frozen=True)
class KeyParam:
    """One ``inline:`` key: master key followed by master salt, lifetime, MKI."""

    key: bytes
    lifetime: Optional[int]
    mki: Optional[Mki]

    def __repr__(self) -> str:
        return f"KeyParam(key=<{len(self.key)} bytes>, lifetime={self.lifetime}, mki={self.mki})"


@dataclass(frozen=True)
class SessionParams:
    """The session parameters of an attribute (RFC 4568 section 6.3)."""

    kdr: Optional[int]
    unencrypted_srtp: bool
    unencrypted_srtcp: bool
    unauthenticated_srtp: bool
    fec_order: Optional[str]
    fec_key_count: int
    wsh: Optional[int]
    unknown: Tuple[str, ...]


def _new_attribute(pointer: ctypes.c_void_p) -> "CryptoAttribute":
    attribute = CryptoAttribute.__new__(CryptoAttribute)
    Handle.__init__(attribute, pointer)
    return attribute


class CryptoAttribute(Handle):
    """One ``a=crypto`` attribute. Immutable; owns a library handle (``close()`` frees it
    and zeroizes the key in the library; a context manager closes on exit)."""

    _free = _free

    def __init__(self, text: str) -> None:
        pointer = ctypes.c_void_p()
        data, length = text_arg(text)
        check(_parse(data, length, ctypes.byref(pointer)))
        super().__init__(pointer)

    @classmethod
    def parse(cls, text: str) -> "CryptoAttribute":
        """Parses one attribute, with or without the ``a=crypto:`` prefix."""
        return cls(text)

    @classmethod
    def generate(cls, tag: int, suite: str) -> "CryptoAttribute":
        """A new attribute for ``suite`` with a fresh random key and the given tag."""
        pointer = ctypes.c_void_p()
        data, length = text_arg(suite)
        check(_generate(tag, data, length, ctypes.byref(pointer)))
        return _new_attribute(pointer)

    @property
    def tag(self) -> int:
        """The tag that pairs an answer with the offered line."""
        tag = ctypes.c_uint32(0)
        check(_tag(self.pointer, ctypes.byref(tag)))
        return tag.value

    @property
    def suite(self) -> str:
        """The registered suite name, upper case."""
        return call_text_out(_suite, self.pointer, initial=32)

    @property
    def keys(self) -> Tuple[KeyParam, ...]:
        """The key-params, in the order given."""
        count = _size(0)
        check(_key_count(self.pointer, ctypes.byref(count)))
        return tuple(self._key_param(index) for index in range(count.value))

    def _key_param(self, index: int) -> KeyParam:
        key = call_bytes_out(_key, self.pointer, index, initial=64)
        has_lifetime = ctypes.c_bool(False)
        lifetime = ctypes.c_uint64(0)
        check(_key_lifetime(self.pointer, index, ctypes.byref(has_lifetime),
                            ctypes.byref(lifetime)))
        mki_bytes = call_bytes_out(_key_mki, self.pointer, index, initial=128)
        mki = Mki(int.from_bytes(mki_bytes, "big"), len(mki_bytes)) if mki_bytes else None
        return KeyParam(key, lifetime.value if has_lifetime.value else None, mki)

    @property
    def params(self) -> SessionParams:
        """The session parameters."""
        raw = _SessionParamsC()
        check(_session_params(self.pointer, ctypes.byref(raw)))
        unknown = tuple(
            call_text_out(_unknown_param, self.pointer, index, initial=64)
            for index in range(raw.unknown_count)
        )
        return SessionParams(
            kdr=raw.kdr if raw.has_kdr else None,
            unencrypted_srtp=raw.unencrypted_srtp,
            unencrypted_srtcp=raw.unencrypted_srtcp,
            unauthenticated_srtp=raw.unauthenticated_srtp,
            fec_order=_FEC_ORDERS.get(raw.fec_order),
            fec_key_count=raw.fec_key_count,
            wsh=raw.wsh if raw.has_wsh else None,
            unknown=unknown,
        )

    def format(self, with_prefix: bool = True) -> str:
        """The canonical text; with the ``a=crypto:`` prefix unless ``with_prefix`` is
        false. It contains the key."""
        return call_text_out(_format, self.pointer, with_prefix)

    def __str__(self) -> str:
        return self.format(True)

    def __repr__(self) -> str:
        if self._pointer is None:
            return "CryptoAttribute(<closed>)"
        return f"CryptoAttribute(tag={self.tag}, suite={self.suite!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CryptoAttribute):
            return NotImplemented
        return str(self) == str(other)

    __hash__ = None  # type: ignore[assignment]


Lines = Union[str, Iterable[str]]


def _lines_text(lines: Lines) -> str:
    if isinstance(lines, str):
        return lines
    return "\r\n".join(lines)


def _preferences_text(preferences: Union[str, Iterable[str], None]) -> Optional[str]:
    if preferences is None:
        return None
    if isinstance(preferences, str):
        return preferences
    return " ".join(preferences)


def _exchange(function, first: str, second: Optional[str]) -> Tuple[CryptoAttribute,
                                                                    CryptoAttribute]:
    answer = ctypes.c_void_p()
    offered = ctypes.c_void_p()
    first_data, first_len = text_arg(first)
    second_data, second_len = text_arg(second)
    check(function(first_data, first_len, second_data, second_len, ctypes.byref(answer),
                   ctypes.byref(offered)))
    return _new_attribute(answer), _new_attribute(offered)


def sdes_answer_offer(offer_lines: Lines,
                      preferences: Union[str, Iterable[str], None] = None
                      ) -> Tuple[CryptoAttribute, CryptoAttribute]:
    """Answers an offer (RFC 4568 section 5.1.2): returns ``(answer, offered)``.

    ``offer_lines`` is a list of ``a=crypto`` lines or one text with CRLF/LF between them.
    ``preferences`` lists suite names, best first; ``None`` or empty takes the first usable
    line. Lines sipsec cannot honour are skipped (unknown suite, bad key, repeated tag,
    ``UNENCRYPTED_*``, ``UNAUTHENTICATED_SRTP``, ``FEC_KEY``, unknown parameters without a
    leading ``-``). ``answer`` has the chosen tag and suite and a fresh key; ``offered`` is
    the chosen line, whose key protects the peer's media.
    """
    return _exchange(_answer_offer, _lines_text(offer_lines), _preferences_text(preferences))


def sdes_answer(offer_lines: Lines,
                preferences: Union[str, Iterable[str], None] = None) -> CryptoAttribute:
    """Like :func:`sdes_answer_offer`, returning only the answer attribute."""
    answer, offered = sdes_answer_offer(offer_lines, preferences)
    offered.close()
    return answer


def sdes_verify_answer(offer_lines: Lines,
                       answer_lines: Lines) -> Tuple[CryptoAttribute, CryptoAttribute]:
    """Checks an answer against the offer this side sent; returns ``(answer, offered)``.

    Raises SdesError (status 304) when the answer carries other than exactly one line, a
    tag never offered, a different suite than the offered tag's, or different
    ``UNENCRYPTED_*``/``UNAUTHENTICATED_SRTP`` parameters.
    """
    return _exchange(_verify_answer, _lines_text(offer_lines), _lines_text(answer_lines))


__all__ = [
    "CryptoAttribute",
    "KeyParam",
    "Mki",
    "SessionParams",
    "sdes_answer",
    "sdes_answer_offer",
    "sdes_verify_answer",
]
