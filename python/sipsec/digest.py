"""SIP digest authentication: server (challenge, verify) and client (authorize).

The server keeps only HA1 values, issues stateless nonces bound to the realm, algorithm
and qop, and tracks nonce counts only for successful verifications. A server may be used
from several threads at once; a client may not.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Union

from ._native import Handle, bytes_arg, call_text_out, check, declare, lib, text_arg
from .errors import InvalidArgumentError, SipsecError

_INVALID_ARGUMENT = 2

_char_p = ctypes.c_char_p
_size = ctypes.c_size_t
_size_p = ctypes.POINTER(ctypes.c_size_t)
_u8_p = ctypes.c_char_p
_void_p = ctypes.c_void_p
_void_pp = ctypes.POINTER(ctypes.c_void_p)
_BUFFER_TOO_SMALL = 3


class _Verdict(ctypes.Structure):
    _fields_ = [("outcome", ctypes.c_int32), ("reason", ctypes.c_int32)]


class _Str(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_char_p), ("len", ctypes.c_size_t)]


_server_new = declare("sipsec_digest_server_new_with_secret", [
    _char_p, _size, _char_p, _size, _char_p, _size, ctypes.c_uint32, ctypes.c_uint32,
    _u8_p, _size, _void_pp])
_server_free = declare("sipsec_digest_server_free", [_void_p], None)
_server_add_user = declare("sipsec_digest_server_add_user",
                           [_void_p, _char_p, _size, _char_p, _size])
_server_add_user_ha1 = declare("sipsec_digest_server_add_user_ha1",
                               [_void_p, _char_p, _size, _char_p, _size, _char_p, _size])
_server_algorithm_count = declare("sipsec_digest_server_algorithm_count", [_void_p, _size_p])
_server_tracked = declare("sipsec_digest_server_tracked_nonces", [_void_p, _size_p])
_server_challenge = declare("sipsec_digest_server_challenge",
                            [_void_p, _size, ctypes.c_bool, _char_p, _size, _size_p])
_server_verify = declare("sipsec_digest_server_verify", [
    _void_p, _char_p, _size, _char_p, _size, _char_p, _size, _u8_p, _size,
    ctypes.POINTER(_Verdict), _char_p, _size, _size_p])
_reason_str = declare("sipsec_digest_reason_str", [ctypes.c_int32], ctypes.c_char_p)
_client_new = declare("sipsec_digest_client_new", [_char_p, _size, _char_p, _size, _void_pp])
_client_new_ha1 = declare("sipsec_digest_client_new_ha1", [
    _char_p, _size, _char_p, _size, _char_p, _size, _char_p, _size, _void_pp])
_client_free = declare("sipsec_digest_client_free", [_void_p], None)
_client_reset = declare("sipsec_digest_client_reset", [_void_p])
_client_authorize = declare("sipsec_digest_client_authorize", [
    _void_p, _char_p, _size, _char_p, _size, ctypes.POINTER(_Str), _size, _u8_p, _size,
    _char_p, _size, _size_p])
_response = declare("sipsec_digest_response", [
    _char_p, _size, _char_p, _size, _char_p, _size, _char_p, _size, _char_p, _size,
    _char_p, _size, _char_p, _size, _char_p, _size, _char_p, _size, _char_p, _size,
    _u8_p, _size, _char_p, _size, _size_p])

_OUTCOMES = {0: "ok", 1: "stale", 2: "rejected"}


@dataclass(frozen=True)
class DigestVerdict:
    """The result of :meth:`DigestServer.verify`.

    ``ok``: let the request through. ``stale``: the credentials were right but the nonce
    expired or was forgotten; send new challenges with ``stale=True``. Otherwise the
    credentials were refused. ``reason`` is the machine word for the log (``"none"``,
    ``"bad_response"``, ``"unknown_user"``, ...); never show it to the client.
    """

    ok: bool
    stale: bool
    outcome: str
    reason: str
    username: Optional[str]


def _new_handle(function, *args) -> ctypes.c_void_p:
    pointer = ctypes.c_void_p()
    check(function(*args, ctypes.byref(pointer)))
    return pointer


class DigestServer(Handle):
    """A digest authentication server for one realm; safe to share between threads.

    ``algorithms`` gives one challenge each, in order; ``qop`` is a sequence of ``"auth"``
    and ``"auth-int"`` (empty for challenges without qop). ``secret`` (bytes, 16 to 1024)
    lets several servers accept each other's nonces; by default a random key is drawn.
    ``max_tracked_nonces`` bounds the replay table (default 65536).
    """

    _free = _server_free

    def __init__(self, realm: str = "example.com",
                 algorithms: Sequence[str] = ("SHA-256", "MD5"),
                 qop: Sequence[str] = ("auth",), nonce_ttl: int = 300,
                 secret: Optional[bytes] = None,
                 max_tracked_nonces: Optional[int] = None) -> None:
        if isinstance(algorithms, str) or isinstance(qop, str):
            raise TypeError("algorithms and qop are sequences of names, not one string")
        if not 0 < nonce_ttl < 2**32:
            raise ValueError("nonce_ttl must be between 1 and 2**32-1 seconds")
        # The library reads an empty secret as "not given" and draws a random key, which
        # would silently stop servers meant to share a key from accepting each other's nonces.
        if secret is not None and len(secret) == 0:
            raise InvalidArgumentError(_INVALID_ARGUMENT, "secret: must be 16 to 1024 bytes")
        tracked = 0 if max_tracked_nonces is None else max_tracked_nonces
        if not 0 <= tracked < 2**32:
            raise ValueError("max_tracked_nonces must be below 2**32")
        pointer = _new_handle(_server_new, *text_arg(realm), *text_arg(",".join(algorithms)),
                              *text_arg(",".join(qop)), nonce_ttl, tracked,
                              *bytes_arg(secret))
        super().__init__(pointer)

    def add_user(self, user: str, password: str) -> None:
        """Adds a user; only the HA1 per configured algorithm is kept, not the password."""
        check(_server_add_user(self.pointer, *text_arg(user), *text_arg(password)))

    def add_user_ha1(self, user: str, ha1: str, algorithm: str = "MD5") -> None:
        """Adds an HA1 (hex of H(user:realm:password)) for the hash of ``algorithm``."""
        check(_server_add_user_ha1(self.pointer, *text_arg(user), *text_arg(algorithm),
                                   *text_arg(ha1)))

    @property
    def algorithm_count(self) -> int:
        """How many algorithms (and so challenges) are configured."""
        count = ctypes.c_size_t(0)
        check(_server_algorithm_count(self.pointer, ctypes.byref(count)))
        return count.value

    @property
    def tracked_nonces(self) -> int:
        """How many nonces the replay table tracks now."""
        count = ctypes.c_size_t(0)
        check(_server_tracked(self.pointer, ctypes.byref(count)))
        return count.value

    def challenge(self, proxy: bool = False, stale: bool = False) -> List[str]:
        """Fresh challenge values, one per algorithm, in configured order.

        The values are the same for WWW-Authenticate (401) and Proxy-Authenticate (407);
        ``proxy`` only documents which header the caller will use.
        """
        del proxy
        return [call_text_out(_server_challenge, self.pointer, index, stale)
                for index in range(self.algorithm_count)]

    def verify(self, method: str, uri: str, authorization_value: str,
               body: bytes = b"") -> DigestVerdict:
        """Verifies an Authorization / Proxy-Authorization value for a request whose
        Request-URI is ``uri`` (compared byte for byte with the credentials' uri)."""
        verdict = _Verdict()
        method_arg, uri_arg = text_arg(method), text_arg(uri)
        value_arg, body_arg = text_arg(authorization_value), bytes_arg(body)
        capacity = 256
        for _ in range(2):
            buffer = ctypes.create_string_buffer(capacity)
            length = ctypes.c_size_t(0)
            status = _server_verify(self.pointer, *method_arg, *uri_arg, *value_arg,
                                    *body_arg, ctypes.byref(verdict), buffer, capacity,
                                    ctypes.byref(length))
            if status == _BUFFER_TOO_SMALL:
                capacity = length.value
                continue
            check(status)
            name = buffer.raw[: length.value].decode()
            outcome = _OUTCOMES.get(verdict.outcome, "rejected")
            return DigestVerdict(ok=outcome == "ok", stale=outcome == "stale",
                                 outcome=outcome, reason=reason_word(verdict.reason),
                                 username=name or None)
        raise SipsecError(_BUFFER_TOO_SMALL, "username kept growing")


class DigestClient(Handle):
    """A digest client for one username; use one object from one thread at a time.

    Build it from a password, or with :meth:`from_ha1` from an HA1 for one realm.
    """

    _free = _client_free

    def __init__(self, username: str, password: str) -> None:
        super().__init__(_new_handle(_client_new, *text_arg(username), *text_arg(password)))

    @classmethod
    def from_ha1(cls, username: str, realm: str, ha1: str,
                 algorithm: str = "MD5") -> "DigestClient":
        """A client that knows only the HA1 (hex) for ``realm`` and ``algorithm``'s hash."""
        client = cls.__new__(cls)
        pointer = _new_handle(_client_new_ha1, *text_arg(username), *text_arg(realm),
                              *text_arg(algorithm), *text_arg(ha1))
        Handle.__init__(client, pointer)
        return client

    def authorize(self, method: str, uri: str, challenges: Union[str, Iterable[str]],
                  body: bytes = b"") -> str:
        """The Authorization / Proxy-Authorization value answering the strongest usable
        challenge. ``challenges`` is one header value or a list of them."""
        values = [challenges] if isinstance(challenges, str) else list(challenges)
        encoded = [value.encode() for value in values]
        array = (_Str * max(1, len(encoded)))()
        for index, value in enumerate(encoded):
            array[index].ptr = value
            array[index].len = len(value)
        return call_text_out(_client_authorize, self.pointer, *text_arg(method),
                             *text_arg(uri), array, len(encoded), *bytes_arg(body),
                             initial=1024)

    def reset(self) -> None:
        """Forgets the per-realm attempt counts; call it after a request was accepted."""
        check(_client_reset(self.pointer))


def reason_word(reason: int) -> str:
    """The machine word of a verdict reason number, such as ``"bad_response"``."""
    return _reason_str(reason).decode()


def digest_response(*, username: str, password: str, realm: str, method: str, uri: str,
                    nonce: str, algorithm: str = "MD5", qop: Optional[str] = None,
                    nc: Union[int, str, None] = None, cnonce: Optional[str] = None,
                    body: bytes = b"") -> str:
    """The request-digest (``response`` parameter) in lowercase hex (RFC 7616 3.4.1).

    ``nc`` is an int (formatted as 8 hex digits) or the 8 hex digits themselves.
    """
    if isinstance(nc, int):
        nc = f"{nc:08x}"
    return call_text_out(_response, *text_arg(username), *text_arg(password),
                         *text_arg(realm), *text_arg(method), *text_arg(uri),
                         *text_arg(nonce), *text_arg(algorithm), *text_arg(qop),
                         *text_arg(nc), *text_arg(cnonce), *bytes_arg(body), initial=80)


__all__ = ["DigestServer", "DigestClient", "DigestVerdict", "digest_response"]
