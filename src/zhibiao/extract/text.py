"""The reading text: a normalised copy of the original with a map back to it.

Extraction reads one canonical form: simplified script (OpenCC t2s), half-width digits
and signs, and sentences rejoined across column breaks. Every character of the reading
text remembers the original offset it came from, so spans map back exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from zhibiao.ingest.layout import column_breaks

# Full-width ASCII (！ to ～) shifts by 0xFEE0; the ideographic space becomes a space.
# The full-width comma stays: "1，200" is two numbers in running text, "1,200" is one.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if c != 0xFF0C} | {0x3000: 0x20}
# Dashes and ratio colons that spell the same thing.
_SIGNS = str.maketrans({"∶": ":", "－": "-", "～": "~", "〜": "~"})
_READING = _FULLWIDTH | _SIGNS  # one pass over the text


_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Simplified script of the same length (character-aligned, so offsets survive)."""
    if not text or text.isascii():
        return text
    # OpenCC encodes to UTF-8: a lone surrogate would raise, so it reads as U+FFFD.
    text = _SURROGATE.sub("\ufffd", text)
    converted: str = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to character by character.
    out = []
    for ch in text:
        c = _t2s().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


@dataclass(slots=True)
class ReadingText:
    """``text`` is what components read; ``origin[i]`` is the original offset of ``text[i]``."""

    text: str
    origin: list[int]
    original_length: int
    breaks: list[tuple[int, int]] = field(default_factory=list)  # column breaks removed

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a reading-text span [start, end) to the original text."""
        if end <= start:
            o = self.origin[start] if start < len(self.origin) else self.original_length
            return o, o
        return self.origin[start], self.origin[end - 1] + 1


def reading_text(original: str) -> ReadingText:
    text = to_simplified(original).translate(_READING)
    breaks = column_breaks(original)
    if not breaks:
        return ReadingText(text, list(range(len(text))), len(original), breaks)
    parts: list[str] = []
    origin: list[int] = []
    pos = 0
    for start, end in breaks:
        parts.append(text[pos:start])
        origin.extend(range(pos, start))
        pos = end
    parts.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return ReadingText("".join(parts), origin, len(original), breaks)
