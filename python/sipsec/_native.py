"""Loading the shared library and turning its status codes into exceptions.

The library is looked for in this order: the path in the environment variable
``SIPSEC_LIBRARY``, the copy installed inside the package, and the repository's
``target/release`` when running from a source checkout.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Type

from .errors import SipsecError, error_class_for

_HERE = Path(__file__).resolve().parent


def _candidates() -> list:
    override = os.environ.get("SIPSEC_LIBRARY")
    if override:
        return [Path(override)]
    return [
        _HERE / "_native" / "libsipsec.so",
        _HERE.parent.parent / "target" / "release" / "libsipsec.so",
    ]


def _load() -> ctypes.CDLL:
    tried = []
    for path in _candidates():
        if path.exists():
            return ctypes.CDLL(str(path))
        tried.append(str(path))
    raise ImportError("libsipsec.so not found; tried: " + ", ".join(tried))


lib = _load()

lib.sipsec_status_str.argtypes = [ctypes.c_int32]
lib.sipsec_status_str.restype = ctypes.c_char_p
lib.sipsec_last_error_message.argtypes = []
lib.sipsec_last_error_message.restype = ctypes.c_char_p
lib.sipsec_last_error_status.argtypes = []
lib.sipsec_last_error_status.restype = ctypes.c_int32
lib.sipsec_version.argtypes = []
lib.sipsec_version.restype = ctypes.c_char_p

OK = 0
BUFFER_TOO_SMALL = 3


def declare(name: str, argtypes: list, restype: Any = ctypes.c_int32) -> Callable:
    """Declares argument and return types for one export and returns it."""
    function = getattr(lib, name)
    function.argtypes = argtypes
    function.restype = restype
    return function


def status_text(status: int) -> str:
    """The library's static description of a status code."""
    return lib.sipsec_status_str(status).decode()


def check(status: int) -> None:
    """Raises the exception for a failed status, with the library's detailed reason.

    The reason is read right after the failing call, on the same thread: the library keeps
    it per thread until the next call.
    """
    if status == OK:
        return
    detail = lib.sipsec_last_error_message().decode(errors="replace")
    raise error_class_for(status)(status, detail or status_text(status))


def text_arg(value: Optional[str]) -> tuple:
    """A (bytes, length) pair for a text argument; None becomes (None, 0)."""
    if value is None:
        return None, 0
    data = value.encode()
    return data, len(data)


def bytes_arg(value: Optional[bytes]) -> tuple:
    """A (buffer, length) pair for a bytes argument; None becomes (None, 0)."""
    if value is None:
        return None, 0
    data = bytes(value)
    return data, len(data)


def call_text_out(function: Callable, *args: Any, initial: int = 512) -> str:
    """Calls an export whose last three arguments are (char *out, size_t cap, size_t *len),
    growing the buffer once when the library says it is too small."""
    capacity = initial
    for _ in range(2):
        buffer = ctypes.create_string_buffer(capacity)
        length = ctypes.c_size_t(0)
        status = function(*args, buffer, capacity, ctypes.byref(length))
        if status == BUFFER_TOO_SMALL:
            capacity = length.value
            continue
        check(status)
        return buffer.raw[: length.value].decode()
    raise SipsecError(BUFFER_TOO_SMALL, "output kept growing")


def call_bytes_out(function: Callable, *args: Any, initial: int = 2048) -> bytes:
    """Like call_text_out, for byte outputs (uint8_t *out, size_t cap, size_t *len)."""
    capacity = initial
    for _ in range(2):
        buffer = (ctypes.c_uint8 * capacity)()
        length = ctypes.c_size_t(0)
        status = function(*args, buffer, capacity, ctypes.byref(length))
        if status == BUFFER_TOO_SMALL:
            capacity = length.value
            continue
        check(status)
        return bytes(buffer[: length.value])
    raise SipsecError(BUFFER_TOO_SMALL, "output kept growing")


class Handle:
    """Owns one library handle: close() is idempotent, use after close raises.

    Subclasses set ``_free`` to the library's matching free function.
    """

    _free: Optional[Callable] = None

    def __init__(self, pointer: ctypes.c_void_p) -> None:
        self._pointer: Optional[ctypes.c_void_p] = pointer

    @property
    def pointer(self) -> ctypes.c_void_p:
        """The live handle; raises SipsecError after close()."""
        if self._pointer is None:
            raise SipsecError(0, f"{type(self).__name__} is closed")
        return self._pointer

    def close(self) -> None:
        """Frees the handle now; calling it again does nothing."""
        pointer, self._pointer = self._pointer, None
        if pointer is not None and type(self)._free is not None:
            type(self)._free(pointer)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


__all__ = ["lib", "declare", "check", "status_text", "text_arg", "bytes_arg",
           "call_text_out", "call_bytes_out", "Handle", "Dict", "Type"]
