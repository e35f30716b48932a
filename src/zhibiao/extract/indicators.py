"""Indicator keys: one canonical name per indicator, so figures join across documents.

Placeholder: the vocabulary (data/indicators.yaml) lands with the tracker.
"""

from __future__ import annotations

import re

_NOISE = re.compile(r"[\s“”\"'‘’《》（）()【】、，,。:：;；·]+")


def indicator_key(indicator: str | None) -> str | None:
    """The canonical key of an indicator phrase (规上工业增加值 -> 规模以上工业增加值)."""
    if not indicator:
        return None
    return _NOISE.sub("", indicator) or None
