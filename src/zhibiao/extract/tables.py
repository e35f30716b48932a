"""Tables in the reading text: one figure per numeric cell.

Each numeric cell of a table (found by table_shapes) is a Fact, or a Target under a
目标/计划/预期 head; row label, column head and title give its indicator, measure, unit and
period (地区 | 1-9月工业增加值增速(%): subject 南康区, growth; 指标 | 绝对额(亿元): the row
label is the indicator, level in 元). Offsets are into the reading text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from zhibiao.extract.periods import PeriodMention, find_periods
from zhibiao.extract.regions import CHINA, RegionMention
from zhibiao.extract.subjects import Subject
from zhibiao.extract.table_shapes import (
    BRACKET,
    RANK_CELL,
    Cell,
    Column,
    Table,
    cell_value,
    drop_words,
    find_tables,
    has_word,
    read_head,
    words,
)
from zhibiao.extract.units import read_unit
from zhibiao.model import Fact, Target

__all__ = ["TableFigures", "find_tables", "read_tables"]


@dataclass(slots=True)
class TableFigures:
    facts: list[Fact] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # the tables' extents


def _label(text: str) -> tuple[str, tuple[str, float] | None]:
    """A row label without its 其中:/# lead and its (亿元) unit."""
    t = re.sub(r"^(?:其中:|#|\s)+", "", text).replace(" ", "")
    m = BRACKET.search(t)
    if m and (u := read_unit(m.group("u"))):
        return (t[:m.start()] + t[m.end():]).strip(), u
    return t, None


def read_tables(text: str, published: str | None, regions: list[RegionMention],
                subject: Subject | None, periods: list[PeriodMention] | None = None) -> TableFigures:
    """Facts and targets of every table of the reading text, and the tables' spans;
    ``periods`` are the text's (found here when not given)."""
    out = TableFigures()
    tables = find_tables(text)
    if not tables:
        return out
    if periods is None:
        periods = find_periods(text, published)
    times = [p for p in periods if p.role == "time" and p.period]
    ends = [p.end for p in times]
    by_span = {(m.start, m.end): m for m in regions if m.region is not None}
    for t in tables:
        out.spans.append((t.start, t.end))
        # The time in force just before the table (within a few paragraphs) dates it.
        i = bisect_right(ends, t.start)
        near = times[i - 1] if i else None
        _read(t, published, near if near is not None and t.start - near.end < 800 else None,
              by_span, regions, subject, out)
    return out


def _read(t: Table, published: str | None, near: Any, by_span: dict[tuple[int, int], RegionMention],
          regions: list[RegionMention], subject: Subject | None, out: TableFigures) -> None:
    if len(t.header) > 2 and (t.header[0].text in words()["serial_heads"] or
                              all(RANK_CELL.match(r[0].text) for r in t.rows)):
        t = Table(t.header[1:], [r[1:] for r in t.rows], t.start, t.end, t.title, t.unit)  # 序号 1, 2, 3
    title = t.title.text if t.title is not None else ""
    title_ps = [p for p in find_periods(title, published) if p.period]
    title_p = next((p for p in title_ps if p.role == "time"), near)
    year = title_p.year if title_p is not None else (int(published[:4]) if published else None)
    context = str(year) if year is not None else published
    own = subject
    if t.title is not None:
        lo, hi = t.title.start, t.title.end
        m = next((m for m in regions if m.region is not None and lo <= m.start and m.end <= hi), None)
        if m is not None and m.region is not None:
            own = Subject(m.name, m.region.code, m.region.level)
    cols = [read_head(c.text, context, t.unit) for c in t.header]
    for i, c in enumerate(cols[1:], 1):
        if not c.core and c.measure != "level":
            # 增长(%) or 位次 right of 一般公共预算收入(亿元): the figure of the column to its left.
            left = next((x for x in reversed(cols[1:i]) if x.core and x.measure == "level"), None)
            if left is not None:
                c.full = c.core = left.core
            elif c.measure == "rank" and (left := next((x for x in reversed(cols[1:i]) if x.core), None)):
                c.full = c.core = left.full or left.core  # 位次 right of 工业增加值增速(%): the rate's rank
        if c.target and c.measure == "level" and c.unit == "%" and any(x.measure == "growth" for x in cols):
            c.measure = "growth"  # 目标(%) beside 比上年增长(%): a growth goal
    units_col = next((i for i, c in enumerate(t.header) if i and c.text in words()["unit_heads"]), None)
    corner = t.header[0].text.replace(" ", "")
    place_rows = corner in words()["region_heads"] or \
        sum((r[0].start, r[0].end) in by_span for r in t.rows) * 2 >= len(t.rows)
    # Rows named by years (| 2017 | 50.35 | …): each row is its own period, the head the indicator.
    row_periods = [_label_period(r[0].text, published) for r in t.rows]
    period_rows = sum(p is not None for p in row_periods) * 2 > len(t.rows)
    for p in reversed(title_ps):
        title = title[:p.start] + title[p.end:]
    title_ind = drop_words(re.sub(r"^表\s*\d+", "", title), "title_noise").strip(" :()")
    if own is not None:
        title_ind = title_ind.replace(own.name, "")
    for row, row_period in zip(t.rows, row_periods, strict=True):
        label, label_unit = _label(row[0].text)
        if not label or (period_rows and row_period is None):
            continue
        row_subject = own
        if place_rows and label not in words()["total_rows"]:
            m = by_span.get((row[0].start, row[0].end))
            row_subject = Subject(m.name, m.region.code, m.region.level) if m is not None and m.region \
                else Subject(label, None, None)
        if label in words()["china_rows"]:
            row_subject = Subject("中国", CHINA, 0)
        row_unit = read_unit(row[units_col].text) if units_col is not None else label_unit
        for col, cell in zip(cols[1:], row[1:], strict=True):
            _cell(cell, col, label, row_unit, place_rows or period_rows, title_ind, title_p, year, row_subject, out,
                  row_period)


def _label_period(text: str, published: str | None) -> str | None:
    """The period a row label names whole (2017, 2023年, 2024年1-9月), else None."""
    t = text.strip()
    if re.fullmatch(r"(?:19|20)\d{2}", t):
        return t
    return next((p.period for p in find_periods(t, published)
                 if p.role == "time" and p.start == 0 and p.end == len(t)), None)


def _cell(cell: Cell, col: Column, label: str, row_unit: tuple[str, float] | None, place_rows: bool,
          title_ind: str, title_p: Any, year: int | None, subject: Subject | None, out: TableFigures,
          row_period: str | None = None) -> None:
    read = cell_value(cell.text)
    if read is None:
        return
    value, unit, factor = read
    measure = col.measure
    if measure == "rank":
        rank = RANK_CELL.match(cell.text)
        if not rank:
            return
        value, unit, factor = float(rank.group("num")), "位", 1.0
    elif measure in ("growth", "change"):
        unit, factor = col.unit, 1.0
    elif unit is None:
        unit, factor = (col.unit, col.factor) if col.unit is not None else row_unit or ("", 1.0)
    if place_rows:
        indicator = col.full or title_ind or None
    else:
        # 发电量 under 产量 is 发电量: a label that is a quantity already takes no head
        own = not col.core or label.endswith(col.core) or (label[-1] == col.core[-1] == "量")
        indicator = label if own else label + col.core
    if measure == "level" and unit == "%" and has_word(label, "growth_words"):
        measure = "growth"  # a row 地区生产总值增速(%): its cells are growth rates
    value = float(f"{value * factor:.12g}")
    period = row_period or col.period or (title_p.period if title_p is not None else None)
    sub_name, sub_code = (subject.name, subject.code) if subject is not None else (None, None)
    if col.target:
        deadline = str(col.year or year) if (col.year or year) else None
        out.targets.append(Target(indicator=indicator, measure=measure, value=value, unit=unit, deadline=deadline,
                                  start=cell.start, end=cell.end, subject=sub_name, subject_code=sub_code))
        return
    out.facts.append(Fact(indicator=indicator, measure=measure, value=value, unit=unit, period=period,
                          start=cell.start, end=cell.end, subject=sub_name, subject_code=sub_code,
                          basis="yoy" if measure in ("growth", "change") else None))
