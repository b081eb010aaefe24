"""Guards: Via received/rport handling and per-source rate limiting.

``via_received_rport`` records a request's real source in its top Via (RFC 3261 section
18.2.1, RFC 3581 section 4, RFC 5118 section 4.5). ``RateLimiter`` counts requests per
source address (IPv6 per prefix) in a table of fixed size; one instance for requests and
another for failed authentications is the usual arrangement.
"""

from __future__ import annotations

import ctypes
from typing import Optional

from ._native import Handle, call_text_out, check, declare, text_arg
from .errors import ViaMalformedError, ViaMismatchError

__all__ = ["via_received_rport", "RateLimiter", "ViaMalformedError", "ViaMismatchError"]

_c_char_p = ctypes.c_char_p
_size_t = ctypes.c_size_t
_limiter_p = ctypes.c_void_p

_via_received_rport = declare(
    "sipsec_via_received_rport",
    [_c_char_p, _size_t, _c_char_p, _size_t, ctypes.c_uint16, _c_char_p, _size_t,
     ctypes.POINTER(_size_t)],
)
_new = declare(
    "sipsec_rate_limiter_new",
    [ctypes.c_double, ctypes.c_double, _size_t, ctypes.c_uint8, ctypes.POINTER(_limiter_p)],
)
_free = declare("sipsec_rate_limiter_free", [_limiter_p], None)
_allow = declare(
    "sipsec_rate_limiter_allow", [_limiter_p, _c_char_p, _size_t, ctypes.POINTER(ctypes.c_bool)]
)
_allow_at = declare(
    "sipsec_rate_limiter_allow_at",
    [_limiter_p, _c_char_p, _size_t, ctypes.c_uint64, ctypes.POINTER(ctypes.c_bool)],
)
_would_allow = declare(
    "sipsec_rate_limiter_would_allow",
    [_limiter_p, _c_char_p, _size_t, ctypes.POINTER(ctypes.c_bool)],
)
_tracked_sources = declare("sipsec_rate_limiter_tracked_sources", [_limiter_p], _size_t)
_bytes_per_source = declare("sipsec_rate_limiter_bytes_per_source", [_limiter_p], _size_t)


def via_received_rport(via_value: str, source_ip: str, source_port: int) -> str:
    """The top Via value with ``received`` added and a bare ``rport`` filled in.

    ``source_ip`` and ``source_port`` are where the packet really came from. Only the first
    via-parm changes. Raises ``ViaMismatchError`` when an existing ``received`` or ``rport``
    contradicts the source, ``ViaMalformedError`` for a Via that does not parse, and
    ``InvalidArgumentError`` for a bad address.
    """
    if not 0 <= source_port <= 0xFFFF:
        raise ValueError("source_port must be 0-65535")
    via, via_len = text_arg(via_value)
    ip, ip_len = text_arg(source_ip)
    return call_text_out(
        _via_received_rport, via, via_len, ip, ip_len, source_port, initial=via_len + 65
    )


class RateLimiter(Handle):
    """A thread-safe per-source rate limiter with a fixed-size table.

    Each source may send ``burst`` requests at once and ``rate`` per second sustained. At
    most ``max_sources`` sources are tracked; when the table is full a new source is counted
    in a shared overflow bucket unless an idle source's slot can be reused. IPv6 sources are
    counted per ``ipv6_prefix``-bit prefix.
    """

    _free = _free

    def __init__(
        self,
        rate: float = 10.0,
        burst: float = 20.0,
        max_sources: int = 100_000,
        ipv6_prefix: int = 64,
    ) -> None:
        pointer = _limiter_p()
        check(_new(float(rate), float(burst), int(max_sources), int(ipv6_prefix),
                   ctypes.byref(pointer)))
        super().__init__(pointer)

    def _decide(self, function, source_ip: str, *extra: int) -> bool:
        allowed = ctypes.c_bool(False)
        ip, ip_len = text_arg(source_ip)
        check(function(self.pointer, ip, ip_len, *extra, ctypes.byref(allowed)))
        return bool(allowed.value)

    def allow(self, source_ip: str, now_ns: Optional[int] = None) -> bool:
        """Counts one request from ``source_ip`` and says whether it may proceed.

        ``now_ns`` (monotonic nanoseconds, same clock for every call) replaces the library's
        own clock, for tests.
        """
        if now_ns is None:
            return self._decide(_allow, source_ip)
        return self._decide(_allow_at, source_ip, int(now_ns))

    def would_allow(self, source_ip: str) -> bool:
        """Whether a request from ``source_ip`` would be allowed now, without counting it."""
        return self._decide(_would_allow, source_ip)

    @property
    def tracked_sources(self) -> int:
        """The number of sources in the table now (never more than ``max_sources``)."""
        return int(_tracked_sources(self.pointer))

    @property
    def bytes_per_source(self) -> int:
        """The table's memory per tracked source, in bytes."""
        return int(_bytes_per_source(self.pointer))
