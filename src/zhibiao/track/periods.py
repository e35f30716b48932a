"""Periods of the contract (2023, 2023-11, 2023-Q3, 2023-H1, 2023-01/2023-11, 2019/2023)
as date ranges, and time as fractional years, so paces can be interpolated."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_PART = re.compile(r"^(\d{4})(?:-(?:(Q[1-4])|(H[12])|(\d{1,2}))(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def full_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
            and self.start.year == self.end.year

    @property
    def months(self) -> int:
        """Calendar months covered (a stock at one date counts as 0)."""
        if self.start == self.end:
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def _part(text: str) -> Period | None:
    m = _PART.match(text)
    if not m:
        return None
    year = int(m.group(1))
    quarter, half, month, day = m.group(2), m.group(3), m.group(4), m.group(5)
    if quarter:
        q = int(quarter[1])
        first, last = 3 * q - 2, 3 * q
    elif half:
        first, last = (1, 6) if half == "H1" else (7, 12)
    elif month:
        first = last = int(month)
        if not 1 <= first <= 12:
            return None
        if day:
            d = date(year, first, int(day))
            return Period(d, d)
    else:
        first, last = 1, 12
    return Period(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]))


# A few hundred distinct periods stand for every figure's: judging the targets after an
# ingest of 500 files parsed 10 800 of them, a third of the tracker's time.
@lru_cache(maxsize=4096)
def parse_period(text: str | None) -> Period | None:
    """A contract period as an inclusive date range, or None when unreadable.

    >>> parse_period("2023-01/2023-11")
    Period(start=datetime.date(2023, 1, 1), end=datetime.date(2023, 11, 30))
    """
    if not text:
        return None
    try:
        if "/" in text:
            a, b = (_part(p.strip()) for p in text.split("/", 1))
            return Period(a.start, b.end) if a and b and a.start <= b.end else None
        return _part(text.strip())
    except ValueError:  # 2023-02-30 and the like
        return None


def years(d: date) -> float:
    """A date as fractional years, so that the end of 2023 is 2024.0."""
    start = date(d.year, 1, 1)
    length = 366 if calendar.isleap(d.year) else 365
    return d.year + ((d - start).days + 1) / length


@lru_cache(maxsize=4096)  # a few hundred distinct periods stand for every figure's
def end_of(text: str | None) -> float | None:
    """Where a period ends, in fractional years (``2022`` -> 2023.0)."""
    period = parse_period(text)
    return years(period.end) if period else None


def label(text: str | None) -> str:
    """A period in words for the reasoning (2023-01/2023-11 -> January–November 2023)."""
    period = parse_period(text)
    if period is None:
        return text or "an unknown period"
    if period.full_year:
        return str(period.start.year)
    if period.start == period.end:
        return period.end.isoformat()
    if (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31):
        return f"{period.start.year}–{period.end.year}"
    a, b = calendar.month_name[period.start.month], calendar.month_name[period.end.month]
    if period.start.year == period.end.year:
        if period.start.month == period.end.month:
            return f"{a} {period.start.year}"
        return f"{a}–{b} {period.end.year}"
    return f"{a} {period.start.year}–{b} {period.end.year}"
