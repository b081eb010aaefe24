"""SDES a=crypto attributes and offer/answer."""

from __future__ import annotations

__all__: list = []
