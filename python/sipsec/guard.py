"""Guards: Via received/rport handling and per-source rate limiting."""

from __future__ import annotations

__all__: list = []
