"""SRTP and SRTCP sessions (RFC 3711, RFC 6188, RFC 7714).

A session protects (``outbound=True``) or unprotects (``outbound=False``) packets of one
crypto suite; it keeps one stream per SSRC. Replays raise :class:`sipsec.ReplayError`,
packets that fail authentication :class:`sipsec.AuthenticationError`, other SRTP failures
:class:`sipsec.SrtpError`.

A session is not thread-safe: use it from one thread at a time.
"""

from __future__ import annotations

import ctypes
from typing import NamedTuple, Optional, Sequence, Tuple

from ._native import Handle, bytes_arg, check, declare, text_arg

__all__ = ["SrtpSession", "SrtpKeyUsage", "srtp_suite_lengths", "SRTP_MAX_TRAILER_LEN"]

SRTP_MAX_TRAILER_LEN = 148
"""The most octets protecting adds to any packet (``SIPSEC_SRTP_MAX_TRAILER_LEN``)."""

_SSRC_ANY = 0
_SSRC_SPECIFIC = 1


class _Options(ctypes.Structure):
    """Mirror of ``sipsec_srtp_options``."""

    _fields_ = [
        ("replay_window", ctypes.c_uint32),
        ("max_streams", ctypes.c_uint32),
        ("ssrc_kind", ctypes.c_uint32),
        ("ssrc", ctypes.c_uint32),
        ("unencrypted_srtcp", ctypes.c_bool),
        ("key_derivation_rate", ctypes.c_uint64),
        ("key_lifetime", ctypes.c_uint64),
        ("mki", ctypes.c_char_p),
        ("mki_len", ctypes.c_size_t),
        ("encrypted_extension_ids", ctypes.c_char_p),
        ("encrypted_extension_ids_len", ctypes.c_size_t),
        ("cryptex", ctypes.c_bool),
    ]


_P = ctypes.c_void_p
_BUF = ctypes.c_char_p
_SIZE = ctypes.c_size_t
_SIZE_P = ctypes.POINTER(ctypes.c_size_t)

_new = declare("sipsec_srtp_session_new", [
    _BUF, _SIZE, _BUF, _SIZE, ctypes.c_bool, ctypes.POINTER(_Options), ctypes.POINTER(_P)])
_free = declare("sipsec_srtp_session_free", [_P], None)
_in_place = {
    name: declare(name, [_P, ctypes.c_void_p, _SIZE_P, _SIZE])
    for name in ("sipsec_srtp_protect", "sipsec_srtcp_protect")
}
_in_place.update({
    name: declare(name, [_P, ctypes.c_void_p, _SIZE_P])
    for name in ("sipsec_srtp_unprotect", "sipsec_srtcp_unprotect")
})
_get_roc = declare("sipsec_srtp_session_get_roc",
                   [_P, ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint32)])
_set_roc = declare("sipsec_srtp_session_set_roc", [_P, ctypes.c_uint32, ctypes.c_uint32])
_add_stream = declare("sipsec_srtp_session_add_stream", [_P, ctypes.c_uint32])
_remove_stream = declare("sipsec_srtp_session_remove_stream", [_P, ctypes.c_uint32])
_rekey = declare("sipsec_srtp_session_rekey", [_P, _BUF, _SIZE, _BUF, _SIZE])
_add_master_key = declare("sipsec_srtp_session_add_master_key", [_P, _BUF, _SIZE, _BUF, _SIZE])
_overhead = declare("sipsec_srtp_session_overhead", [_P, ctypes.c_bool, _SIZE_P])
_key_usage = declare("sipsec_srtp_session_key_usage", [
    _P, ctypes.POINTER(ctypes.c_uint64), ctypes.POINTER(ctypes.c_uint64),
    ctypes.POINTER(ctypes.c_bool)])
_stream_count = declare("sipsec_srtp_session_stream_count", [_P, _SIZE_P])
_new_from_crypto = declare("sipsec_srtp_session_new_from_crypto",
                           [_P, ctypes.c_bool, ctypes.POINTER(_P)])
_suite_lengths = declare("sipsec_srtp_suite_lengths", [_BUF, _SIZE, _SIZE_P, _SIZE_P, _SIZE_P])


class SrtpKeyUsage(NamedTuple):
    """How much the master key used for protecting has been used."""

    srtp_packets: int
    srtcp_packets: int
    soft_limit_reached: bool


def srtp_suite_lengths(suite: str) -> Tuple[int, int, int]:
    """(master key length, master salt length, SRTP tag length) of a suite name."""
    name, name_len = text_arg(suite)
    lengths = [_SIZE(0), _SIZE(0), _SIZE(0)]
    check(_suite_lengths(name, name_len, *(ctypes.byref(v) for v in lengths)))
    return lengths[0].value, lengths[1].value, lengths[2].value


class SrtpSession(Handle):
    """An SRTP/SRTCP session for one direction.

    ``key`` is the master key followed by the master salt (as in an SDES ``inline:`` key).
    Options: ``replay_window`` (64..32768 packets), ``max_streams`` (a cap on SSRCs),
    ``ssrc`` (serve only this SSRC instead of any), ``encrypt_rtcp`` (False sends SRTCP
    with E = 0), ``key_derivation_rate`` (0 or a power of two), ``key_lifetime`` (packets;
    None for the RFC limits), ``mki`` (the first master key's MKI) and
    ``encrypted_extension_ids`` (RTP header extension IDs encrypted as RFC 6904 says; AES-CM
    suites only) or ``cryptex`` (RFC 9335: CSRCs and the whole extension block encrypted).
    """

    _free = _free

    def __init__(
        self,
        suite: str,
        key: bytes,
        outbound: bool,
        *,
        replay_window: int = 128,
        max_streams: Optional[int] = None,
        ssrc: Optional[int] = None,
        encrypt_rtcp: bool = True,
        key_derivation_rate: int = 0,
        key_lifetime: Optional[int] = None,
        mki: Optional[bytes] = None,
        encrypted_extension_ids: Sequence[int] = (),
        cryptex: bool = False,
    ) -> None:
        ids = bytes(encrypted_extension_ids)
        options = _Options(
            replay_window=replay_window,
            max_streams=max_streams or 0,
            ssrc_kind=_SSRC_ANY if ssrc is None else _SSRC_SPECIFIC,
            ssrc=ssrc or 0,
            unencrypted_srtcp=not encrypt_rtcp,
            key_derivation_rate=key_derivation_rate,
            key_lifetime=key_lifetime or 0,
            mki=bytes(mki) if mki else None,
            mki_len=len(mki) if mki else 0,
            encrypted_extension_ids=ids or None,
            encrypted_extension_ids_len=len(ids),
            cryptex=bool(cryptex),
        )
        name, name_len = text_arg(suite)
        key_data, key_len = bytes_arg(key)
        pointer = _P()
        check(_new(name, name_len, key_data, key_len, bool(outbound), ctypes.byref(options),
                   ctypes.byref(pointer)))
        super().__init__(pointer)
        self.suite = suite
        self.outbound = bool(outbound)

    @classmethod
    def from_crypto_attribute(cls, attribute, outbound: bool = True) -> "SrtpSession":
        """A session keyed by a negotiated SDES attribute (a :class:`sipsec.CryptoAttribute`):
        ``outbound=True`` with the attribute this side sent, ``False`` with the peer's.

        The attribute's keys and MKIs, its shortest key lifetime, ``KDR``, ``WSH`` (as the
        replay window) and ``UNENCRYPTED_SRTCP`` are applied. With several keys the first
        protects and each unprotects the packets naming its MKI. ``UNENCRYPTED_SRTP``,
        ``UNAUTHENTICATED_SRTP``, ``FEC_KEY`` and unknown parameters without a leading
        ``-`` raise :class:`sipsec.SipsecError` (status 6, not supported).
        """
        pointer = _P()
        check(_new_from_crypto(attribute.pointer, bool(outbound), ctypes.byref(pointer)))
        session = cls.__new__(cls)
        Handle.__init__(session, pointer)
        session.suite = attribute.suite
        session.outbound = bool(outbound)
        return session

    def _run(self, function: str, packet: bytes, grow: bool) -> bytes:
        data = bytes(packet)
        capacity = len(data) + (SRTP_MAX_TRAILER_LEN if grow else 0)
        buffer = ctypes.create_string_buffer(data, max(capacity, 1))
        length = _SIZE(len(data))
        if grow:
            status = _in_place[function](self.pointer, buffer, ctypes.byref(length), capacity)
        else:
            status = _in_place[function](self.pointer, buffer, ctypes.byref(length))
        check(status)
        return buffer.raw[: length.value]

    def protect(self, rtp: bytes) -> bytes:
        """Protects an RTP packet and returns the SRTP packet."""
        return self._run("sipsec_srtp_protect", rtp, True)

    def unprotect(self, srtp: bytes) -> bytes:
        """Authenticates and decrypts an SRTP packet and returns the RTP packet."""
        return self._run("sipsec_srtp_unprotect", srtp, False)

    def protect_rtcp(self, rtcp: bytes) -> bytes:
        """Protects an RTCP packet and returns the SRTCP packet (first index 0)."""
        return self._run("sipsec_srtcp_protect", rtcp, True)

    def unprotect_rtcp(self, srtcp: bytes) -> bytes:
        """Authenticates and decrypts an SRTCP packet and returns the RTCP packet."""
        return self._run("sipsec_srtcp_unprotect", srtcp, False)

    def roc(self, ssrc: int) -> int:
        """The roll-over counter of the stream for ``ssrc``."""
        value = ctypes.c_uint32(0)
        check(_get_roc(self.pointer, ssrc, ctypes.byref(value)))
        return value.value

    def set_roc(self, ssrc: int, roc: int) -> None:
        """Sets the roll-over counter of ``ssrc``'s stream exactly (0 means 0)."""
        check(_set_roc(self.pointer, ssrc, roc))

    def add_stream(self, ssrc: int) -> None:
        """Adds a stream for ``ssrc``."""
        check(_add_stream(self.pointer, ssrc))

    def remove_stream(self, ssrc: int) -> None:
        """Removes the stream for ``ssrc``."""
        check(_remove_stream(self.pointer, ssrc))

    def rekey(self, key: bytes, mki: Optional[bytes] = None) -> None:
        """Replaces every master key; streams keep their ROC and replay windows."""
        key_data, key_len = bytes_arg(key)
        mki_data, mki_len = bytes_arg(mki)
        check(_rekey(self.pointer, key_data, key_len, mki_data, mki_len))

    def add_master_key(self, key: bytes, mki: bytes) -> None:
        """Adds a master key with its MKI and makes it the key used for protecting."""
        key_data, key_len = bytes_arg(key)
        mki_data, mki_len = bytes_arg(mki)
        check(_add_master_key(self.pointer, key_data, key_len, mki_data, mki_len))

    def overhead(self, rtcp: bool = False) -> int:
        """The octets protecting adds to an RTP (or RTCP) packet."""
        value = _SIZE(0)
        check(_overhead(self.pointer, bool(rtcp), ctypes.byref(value)))
        return value.value

    def key_usage(self) -> SrtpKeyUsage:
        """Packets processed with the current key, and whether to re-key soon."""
        srtp, srtcp, soft = ctypes.c_uint64(0), ctypes.c_uint64(0), ctypes.c_bool(False)
        check(_key_usage(self.pointer, ctypes.byref(srtp), ctypes.byref(srtcp),
                         ctypes.byref(soft)))
        return SrtpKeyUsage(srtp.value, srtcp.value, soft.value)

    def stream_count(self) -> int:
        """The number of streams the session holds."""
        value = _SIZE(0)
        check(_stream_count(self.pointer, ctypes.byref(value)))
        return value.value
