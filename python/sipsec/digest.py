"""SIP digest authentication: server (challenge, verify) and client (authorize)."""

from __future__ import annotations

__all__: list = []
