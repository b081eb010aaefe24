"""SRTP and SRTCP sessions."""

from __future__ import annotations

__all__: list = []
