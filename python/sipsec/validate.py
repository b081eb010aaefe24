"""Validators for SIP URIs, header values, whole messages and SDP."""

from __future__ import annotations

__all__: list = []
