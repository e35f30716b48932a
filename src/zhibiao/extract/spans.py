"""Sorted span sets answering 'is this inside one of them' in O(log n)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Spans:
    """[s, e) spans, queried by prefix maximum of ends over spans sorted by start."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end: list[int] = []
        ends = self._max_end
        best = -1
        for _, e in ordered:
            if e > best:  # (a comparison, not max(): half the time on every span set)
                best = e
            ends.append(best)

    def covers(self, start: int, end: int) -> bool:
        """Some span has s <= start and end <= e."""
        i = bisect_right(self._starts, start)
        return i > 0 and self._max_end[i - 1] >= end

    def holds(self, pos: int) -> bool:
        """Some span has s <= pos < e."""
        i = bisect_right(self._starts, pos)
        return i > 0 and self._max_end[i - 1] > pos

    def overlaps(self, start: int, end: int) -> bool:
        """Some span shares a character with [start, end)."""
        i = bisect_left(self._starts, end)
        return i > 0 and self._max_end[i - 1] > start
