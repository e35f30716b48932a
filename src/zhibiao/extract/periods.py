"""Time expressions and the periods they name, resolved against context and publication date.

2023年 -> "2023"; 2023年11月 -> "2023-11"; 去年底 (published 2024) -> "2023-12-31";
1月至11月 (year 2023 in context) -> "2023-01/2023-11"; 前三季度 -> "2023-01/2023-09";
目前 -> the publication date. A mention after 比/较 is a basis (比上年), after 到 or before 前
a deadline (到2030年, 2030年前); neither sets the time of the figures that follow.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from zhibiao.extract import lexicon
from zhibiao.extract.numbers import parse_chinese
from zhibiao.extract.spans import Spans

Role = Literal["time", "basis", "deadline", "local"]

_Y = r"(?:19|20)\d{2}"
_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?:3[01]|[12]\d|0?[1-9])"
_DASH = r"(?:—{1,2}|-|~|至|到|―)"


@dataclass(frozen=True, slots=True)
class PeriodMention:
    start: int
    end: int
    period: str | None  # ISO-style period, or None when it cannot be resolved
    role: Role
    year: int | None  # the year it establishes as context (last year of a range)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    data = lexicon.yaml_data("periods.yaml")
    parts = lexicon.alternation(tuple(data["year_part"]))
    rel = lexicon.alternation(tuple(data["relative_year"]))
    now = lexicon.alternation(tuple(data["now_words"]))
    fyp = lexicon.alternation(tuple(data["five_year_plan"]))
    # Every alternative starts with one of these characters: testing the set first lets the
    # scan skip the rest of the text quickly.
    words = [*data["year_part"], *data["relative_year"], *data["now_words"], *data["five_year_plan"]]
    first = set("0123456789零〇一二两三四五六七八九十前过近这年“\" \t") | {w[0] for w in words}
    trigger = "".join(sorted(re.escape(c) for c in first))
    return re.compile(
        rf"(?=[{trigger}])(?:"
        rf"(?P<yrange>(?P<y1>{_Y})年?{_DASH}(?P<y2>{_Y})年)"
        rf"|(?m:^[ \t]*(?P<lone>{_Y})[ \t]*$)"
        rf"|(?P<fyp>[“\"]?(?P<fname>{fyp})[”\"]?(?P<fsuf>期间|时期|以来|末|初)?)"
        rf"|(?:(?P<year>{_Y})年(?:度)?|(?P<rel>{rel}))"
        rf"(?:(?P<m1>{_M})(?:月(?:份)?)?{_DASH}(?P<m2>{_M})月(?:份)?|前(?P<mfirst>{_M}|两)个月"
        rf"|(?P<mon>{_M})月(?:份)?(?:(?P<day>{_D})日|(?P<mend>末|底))?"
        rf"|(?P<part>{parts})|(?P<yend>年末|年底|底|末))?"
        rf"|(?P<m1b>{_M})(?:月(?:份)?)?{_DASH}(?P<m2b>{_M})月(?:份)?|前(?P<mfirstb>{_M}|两)个月"
        rf"|(?P<monb>{_M})月(?:份)?(?:(?P<dayb>{_D})日|(?P<mendb>末|底))?"
        rf"|(?P<partb>{parts})"
        rf"|(?P<yendb>年末|年底)"
        rf"|(?P<now>{now})"
        rf"|(?P<span>(?:过去|近|这)(?P<n1>[0-9一二三四五六七八九十]+)年(?:来|间)?"
        rf"|(?<!连续)(?<![0-9一二三四五六七八九十])(?P<n2>[0-9一二三四五六七八九十]{{1,3}})年(?:来(?!到)|间)|(?P<n3>[二三四五两])年(?=年均|累计|增加)))"
    )


def _month(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    v = parse_chinese(text)
    return int(v) if v else None


def _count(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else int(parse_chinese(text) or 0) or None


def _last_day(y: int, m: int) -> str:
    return f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _role(text: str, start: int, end: int) -> Role:
    before = text[max(0, start - 3) : start]
    after = text[end : end + 2]
    if re.search(r"(?:比|较|同|与|相比|和)$", before):
        return "basis"
    if re.search(r"(?:是|为|相当于)[“\"]?$", before) and re.match(r"[”\"]?[末时期]*的", text[end:end + 4]):
        return "basis"  # 是“十二五”末的1.3倍: the comparison, not the time
    if re.search(r"(?:到|至|截至前|力争|于)$", before) and not re.search(r"截至$", before):
        return "deadline" if not before.endswith("于") else "time"
    if after.startswith("前") and not after.startswith("前三") and not after.startswith("前两"):
        return "deadline"
    return "time"


class Periods(list[PeriodMention]):
    """Period mentions in text order, with their start offsets for lookups by position."""

    def __init__(self, items: list[PeriodMention]) -> None:
        super().__init__(items)
        self.starts = [p.start for p in items]

    def at_or_after(self, pos: int) -> int:
        """Index of the first mention starting at or after pos."""
        return bisect.bisect_left(self.starts, pos)


def find_periods(text: str, published: str | None = None,
                 skip: list[tuple[int, int]] | None = None) -> Periods:
    """Time expressions in order, each resolved against the year in context."""
    data = lexicon.yaml_data("periods.yaml")
    pub_year = int(published[:4]) if published else None
    context_year = pub_year
    out: list[PeriodMention] = []
    skipped = Spans(skip or [])
    for m in _pattern().finditer(text):
        if skipped.holds(m.start()):
            continue
        g = m.groupdict()
        year: int | None = None
        if g["year"] or g["lone"]:
            year = int(g["year"] or g["lone"])
        elif g["rel"]:
            year = pub_year + int(data["relative_year"][g["rel"]]) if pub_year else None
        role = _role(text, m.start(), m.end())
        period: str | None = None
        ctx = year if year is not None else context_year
        if g["yrange"]:
            period, year = f"{g['y1']}/{g['y2']}", int(g["y2"])
            if role == "deadline" or text[m.end():m.end() + 1] == "前":
                role = "deadline"
        elif g["fyp"]:
            span = str(data["five_year_plan"][g["fname"]])
            first, last = span.split("/")
            if g["fsuf"] == "末":
                period, year = last, int(last)
                role = "deadline" if role != "basis" else role
            elif g["fsuf"] == "初":
                period, year = first, int(first)
            else:
                period, year = span, int(last)
        elif g["now"]:
            period = published
            year = pub_year
        elif g["span"]:
            span_n = _count(g["n1"] or g["n2"] or g["n3"])
            # 过去五年 in a report published in 2024 means 2019–2023; with a year in the text, up to it.
            end_year = ctx - 1 if ctx is not None and ctx == pub_year and year is None and \
                context_year == pub_year else ctx
            if span_n and end_year:
                period = f"{end_year - span_n + 1}/{end_year}" if span_n > 1 else str(end_year)
            if g["n3"] and role == "time":
                role = "local"  # 五年增加2万家: this figure's span only
        else:
            m1, m2 = _month(g["m1"] or g["m1b"]), _month(g["m2"] or g["m2b"])
            first_n = g["mfirst"] or g["mfirstb"]
            if first_n:  # 前10个月, 前两个月
                m1, m2 = 1, (2 if first_n == "两" else _month(first_n))
            mon = _month(g["mon"] or g["monb"])
            day = g["day"] or g["dayb"]
            mend = g["mend"] or g["mendb"]
            part = g["part"] or g["partb"]
            yend = g["yend"] or g["yendb"]
            if ctx is None:
                period = None
            elif m1 and m2:
                period = f"{ctx}-{m1:02d}/{ctx}-{m2:02d}" if m1 < m2 else None
            elif mon:
                if day:
                    period = f"{ctx}-{mon:02d}-{int(day):02d}"
                elif mend:
                    period = _last_day(ctx, mon)
                else:
                    period = f"{ctx}-{mon:02d}"
            elif part:
                period = str(data["year_part"][part]).format(y=ctx)
            elif yend:
                period = f"{ctx}-12-31"
            elif year is not None:
                period = str(year)
            if period is None and year is None:
                continue
            if year is None and period is not None:
                year = ctx
        out.append(PeriodMention(m.start(), m.end(), period, role, year))
        if role == "time" and year is not None and not g["now"]:
            context_year = year
    return Periods(out)


_FINE_PERIOD = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


class PeriodTrack:
    """The period in force: a month or a day holds for its sentence, a year or span carries on."""

    def __init__(self, periods: list[PeriodMention]) -> None:
        self.periods = periods
        self.i = 0
        self.carried: str | None = None
        self.current: str | None = None
        self.local: str | None = None

    def new_sentence(self, paragraph: bool = False) -> None:
        if paragraph:
            self.carried = None  # a time stated in one paragraph does not date the next
        self.current = self.carried

    def new_clause(self) -> None:
        self.local = None

    def advance(self, pos: int) -> None:
        while self.i < len(self.periods) and self.periods[self.i].start < pos:
            p = self.periods[self.i]
            self.i += 1
            if not p.period:
                continue
            if p.role == "local":
                self.local = p.period
            elif p.role == "time":
                self.current = p.period
                if not _FINE_PERIOD.match(p.period):
                    self.carried = p.period

    @property
    def value(self) -> str | None:
        return self.local or self.current
