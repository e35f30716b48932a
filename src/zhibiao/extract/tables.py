"""Tables in the reading text: one figure per numeric cell.

Readers hand a table over as lines of cells joined by " | " (DOCX by tabs), header row
first; text copied from a web page may hold it one cell per line. A table is found by its
shape only: consecutive delimited lines with one cell count, or a run of short lines (N
label cells, then rows of a label and N-1 numbers). Each numeric cell is a Fact (a Target
under a 目标/计划/预期 head); row label, column head and title give its indicator, measure,
unit and period (地区 | 1-9月工业增加值增速(%): subject 南康区, growth; 指标 | 绝对额(亿元):
the row label is the indicator, level in 元). Offsets are into the reading text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from zhibiao.extract import lexicon
from zhibiao.extract.periods import PeriodMention, find_periods
from zhibiao.extract.regions import CHINA, RegionMention
from zhibiao.extract.subjects import Subject
from zhibiao.extract.units import read_unit
from zhibiao.model import Fact, Measure, Target

_NUMBER = re.compile(r"^(?P<sign>[-−+])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<rest>.*)$")
_RANK_CELL = re.compile(r"^第?(?P<num>\d{1,3})(?:位|名)?$")
_MD_RULE = re.compile(r"^:?-{2,}:?$")
_BRACKET = re.compile(r"\((?:单位:?)?(?P<u>[^()]{1,8})\)")
_UNIT_TAIL = re.compile(r"(?:/|:)?(?P<u>%|‰|百分点|个百分点)$|/(?P<v>[^/]{1,6})$")
_UNIT_LINE = re.compile(r"^\s*\(?单位:\s*(?P<u>[^,、;()]{1,8})\)?\s*$")
_SENTENCE = re.compile(r"[。;!?，]")
_LABEL_MAX = 24
_TITLE_MAX = 60


@dataclass(slots=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Table:
    header: list[Cell]
    rows: list[list[Cell]]
    start: int
    end: int
    title: Cell | None = None  # the line just before the table, when it reads as a title
    unit: str = ""  # 单位：亿元 given above the table


@dataclass(slots=True)
class TableFigures:
    facts: list[Fact] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # the tables' extents


@dataclass(slots=True)
class _Column:
    measure: Measure = "level"
    unit: str | None = None
    factor: float = 1.0
    period: str | None = None
    year: int | None = None
    target: bool = False
    full: str = ""  # the head without period, unit and goal words: 工业增加值增速
    core: str = ""  # ... and without growth/rank words: 工业增加值


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    data: dict[str, Any] = lexicon.yaml_data("tables.yaml")
    return {k: tuple(sorted((str(w) for w in v), key=len, reverse=True)) for k, v in data.items()}


def _has(text: str, key: str) -> bool:
    return any(w in text for w in _words()[key])


def _remove(text: str, key: str) -> str:
    for w in _words()[key]:
        text = text.replace(w, "")
    return text


def _lines(text: str) -> list[Cell]:
    out, pos = [], 0
    for ln in text.split("\n"):
        out.append(Cell(ln, pos, pos + len(ln)))
        pos += len(ln) + 1
    return out


def _cells(line: Cell) -> list[Cell] | None:
    """The cells of a delimited line; [] for a markdown rule row; None if not delimited."""
    sep = "|" if "|" in line.text else "\t" if "\t" in line.text else None
    if sep is None:
        return None
    out: list[Cell] = []
    pos = line.start
    for part in line.text.split(sep):
        lead = len(part) - len(part.lstrip())
        s = part.strip()
        out.append(Cell(s, pos + lead, pos + lead + len(s)))
        pos += len(part) + 1
    if sep == "|":  # "| a | b |": the outer bars open and close the row
        if out and not out[0].text:
            out.pop(0)
        if out and not out[-1].text:
            out.pop()
    if out and all(_MD_RULE.match(c.text) for c in out):
        return []
    return out if len(out) >= 2 else None


def _is_number(text: str) -> bool:
    return text in _words()["empty_cells"] or _value(text) is not None


def _is_label(text: str) -> bool:
    return (0 < len(text) <= _LABEL_MAX and not _is_number(text) and not _SENTENCE.search(text)
            and "|" not in text and "\t" not in text)


def find_tables(text: str) -> list[Table]:
    """Delimited tables first; then one-cell-per-line tables in the lines left over."""
    lines = _lines(text)
    tables: list[Table] = []
    used = [False] * len(lines)
    i = 0
    while i < len(lines):
        rows: list[list[Cell]] = []
        j = i
        while j < len(lines):
            cells = _cells(lines[j])
            if cells is None:
                break
            if cells:
                rows.append(cells)
            j += 1
        table = _delimited(rows, lines, i) if len(rows) >= 2 else None
        if table is not None:
            tables.append(table)
            for k in range(i, j):
                used[k] = True
        i = max(j, i + 1)
    tables.extend(_stacked(lines, used))
    tables.sort(key=lambda t: t.start)
    return tables


def _delimited(rows: list[list[Cell]], lines: list[Cell], first: int) -> Table | None:
    caption = None
    widths = [len(r) for r in rows]
    n = max(set(widths), key=lambda w: (widths.count(w), -widths.index(w)))
    # Caption rows spanning the table, or merged group heads (a DOCX cell written once):
    # the header is the first row of the table's own width; rows above it title it.
    while len(rows) > 2 and (len(rows[0]) != n or sum(bool(c.text) for c in rows[0]) <= 1):
        filled = [c for c in rows[0] if c.text]
        if filled:
            caption = Cell(" ".join(c.text for c in filled), filled[0].start, filled[-1].end)
        rows = rows[1:]
    header = rows[0]
    body = [r for r in rows[1:] if len(r) == n]
    if len(body) < max(1, (len(rows) - 1) // 2):
        return None  # cell counts disagree: no table shape
    if sum(not _is_number(c.text) for c in header[1:]) * 2 < n - 1:
        return None  # no header row
    # A second header row (月份 over 绝对额 | 增长): a row of labels right under the first.
    if body and all(not c.text or _is_label(c.text) for c in body[0][1:]) and not _row_numbers(body[0]):
        second = body.pop(0)
        header = [Cell(f"{a.text}{b.text}", a.start, b.end) if b.text else a for a, b in zip(header, second, strict=True)]
    numeric = sum(_row_numbers(r) for r in body)
    if not numeric or numeric * 2 < sum(len(r) - 1 for r in body):
        return None  # navigation bars, lists of links: labels only
    title, unit = _title(lines, first)
    return Table(header, body, rows[0][0].start, rows[-1][-1].end, caption or title, unit)


def _row_numbers(row: list[Cell]) -> int:
    return sum(_value(c.text) is not None for c in row[1:])


def _title(lines: list[Cell], first: int) -> tuple[Cell | None, str]:
    """The title line and a 单位：… line just above line ``first`` (blank lines skipped)."""
    above = [ln for ln in lines[max(0, first - 6):first] if ln.text.strip()][-2:]
    unit = ""
    if above and (m := _UNIT_LINE.match(above[-1].text)):
        unit, above = m.group("u"), above[:-1]
    if not above or len(ln := above[-1].text.strip()) > _TITLE_MAX or ln.endswith(("。", ":", ";")):
        return None, unit
    start = above[-1].start + len(above[-1].text) - len(above[-1].text.lstrip())
    m2 = re.search(r"单位:\s*(?P<u>[^,、;()]{1,8})", ln)
    return Cell(ln, start, start + len(ln)), unit or (m2.group("u") if m2 else "")


def _stacked(lines: list[Cell], used: list[bool]) -> list[Table]:
    """Tables copied one cell per line: labels, then rows of a label and N-1 numbers."""
    out: list[Table] = []
    cells: list[Cell] = []  # the current run of short lines (blank lines skipped)
    run_first = 0
    for idx, ln in enumerate([*lines, Cell("", -1, -1)]):
        s = ln.text.strip()
        short = idx < len(lines) and not used[idx] and (_is_label(s) or (_is_number(s) and s != ""))
        if short:
            lead = len(ln.text) - len(ln.text.lstrip())
            if not cells:
                run_first = idx
            cells.append(Cell(s, ln.start + lead, ln.start + lead + len(s)))
        elif s or idx == len(lines) or (idx < len(lines) and used[idx]):
            if cells:
                out.extend(_stacked_run(cells, lines, run_first))
            cells = []
    return out


def _stacked_run(run: list[Cell], lines: list[Cell], first_line: int) -> list[Table]:
    nums = [_is_number(c.text) for c in run]
    f = next((i for i, x in enumerate(nums) if x), None)
    if f is None or f < 2:
        return []
    n = 1 + next((k for k, x in enumerate(nums[f:]) if not x), len(run) - f)  # a label, then numbers
    heads = f - 1
    if heads < n - 1:
        return []
    header = run[f - 1 - n:f - 1] if heads >= n else [Cell("", run[0].start, run[0].start), *run[:f - 1]]
    rows: list[list[Cell]] = []
    pos = f - 1
    while pos + n <= len(run) and not nums[pos] and all(nums[pos + 1:pos + n]):
        rows.append(run[pos:pos + n])
        pos += n
    if len(rows) < 2 or (pos < len(run) and nums[pos]) or not any(_row_numbers(r) for r in rows):
        return []  # the rows do not keep one width: no unambiguous table
    if not any((c := _column(h.text, None, "")).unit or c.period or c.target for h in header[1:]):
        return []  # a contents list (一、总体要求 / 3): no head gives a unit, period or goal
    # A label line above the header titles the table; else the line above the run does.
    title, unit = (run[f - 2 - n], "") if heads > n else _title(lines, first_line)
    return [Table(header, rows, header[0].start, rows[-1][-1].end, title, unit)]


def _value(text: str) -> tuple[float, str | None, float] | None:
    """A cell's number with the unit and factor it carries (812.5亿元), or None."""
    m = _NUMBER.match(text.replace(" ", ""))
    if not m:
        return None
    v = float(m.group("num").replace(",", "")) * (-1 if m.group("sign") in ("-", "−") else 1)
    rest = m.group("rest")
    if rest.startswith(("年", "月")) and re.fullmatch(r"(?:19|20)\d{2}", m.group("num")):
        return None  # a year heads a column, it is no figure
    unit = read_unit(rest) if rest else (None, 1.0)
    return (v, unit[0], unit[1]) if unit else None


def _column(head: str, context: str | None, table_unit: str) -> _Column:
    col = _Column()
    h = head.replace(" ", "")
    m = _BRACKET.search(h)
    unit = read_unit(m.group("u")) if m else None
    if unit and m:
        h = h[:m.start()] + h[m.end():]
    else:
        t = _UNIT_TAIL.search(h)
        unit = read_unit(t.group("u") or t.group("v")) if t else None
        if unit and t:
            h = h[:t.start()]
    for p in find_periods(h, context):
        if p.period and p.role == "time":
            col.period, col.year = p.period, p.year
            h = h[:p.start] + h[p.end:]
            break
    if _has(h, "target_words") and not _has(h, "target_exclude"):
        col.target = True
    if _has(h, "rank_words"):
        col.measure, col.unit = "rank", "位"
    elif _has(h, "growth_words") or (unit is not None and unit[0] == "百分点"):
        col.measure, col.unit = "growth", "%"
        if unit is not None and unit[0] == "百分点":
            col.measure, col.unit = "change", "百分点"
    elif unit is not None:
        col.unit, col.factor = unit
    elif table_unit and (tu := read_unit(table_unit)):
        col.unit, col.factor = tu
    h = _remove(h, "target_words").strip("()_-:/ ")
    col.full = "" if h in _words()["generic_words"] else h
    core = _remove(_remove(h, "growth_words"), "rank_words").strip("()_-:/ ")
    col.core = "" if core in _words()["generic_words"] or len(core) < 2 else core
    return col


def _label(text: str) -> tuple[str, tuple[str, float] | None]:
    """A row label without its 其中:/# lead and its (亿元) unit."""
    t = re.sub(r"^(?:其中:|#|\s)+", "", text).replace(" ", "")
    m = _BRACKET.search(t)
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
    if len(t.header) > 2 and (t.header[0].text in _words()["serial_heads"] or
                              all(_RANK_CELL.match(r[0].text) for r in t.rows)):
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
    cols = [_column(c.text, context, t.unit) for c in t.header]
    for i, c in enumerate(cols[1:], 1):
        if not c.core and c.measure != "level":
            # 增长(%) or 位次 right of 一般公共预算收入(亿元): the figure of the column to its left.
            left = next((x for x in reversed(cols[1:i]) if x.core and x.measure == "level"), None)
            if left is not None:
                c.full = c.core = left.core
        if c.target and c.measure == "level" and c.unit == "%" and any(x.measure == "growth" for x in cols):
            c.measure = "growth"  # 目标(%) beside 比上年增长(%): a growth goal
    units_col = next((i for i, c in enumerate(t.header) if i and c.text in _words()["unit_heads"]), None)
    corner = t.header[0].text.replace(" ", "")
    place_rows = corner in _words()["region_heads"] or \
        sum((r[0].start, r[0].end) in by_span for r in t.rows) * 2 >= len(t.rows)
    for p in reversed(title_ps):
        title = title[:p.start] + title[p.end:]
    title_ind = _remove(re.sub(r"^表\s*\d+", "", title), "title_noise").strip(" :()")
    if own is not None:
        title_ind = title_ind.replace(own.name, "")
    for row in t.rows:
        label, label_unit = _label(row[0].text)
        if not label:
            continue
        row_subject = own
        if place_rows and label not in _words()["total_rows"]:
            m = by_span.get((row[0].start, row[0].end))
            row_subject = Subject(m.name, m.region.code, m.region.level) if m is not None and m.region \
                else Subject(label, None, None)
        if label in _words()["china_rows"]:
            row_subject = Subject("中国", CHINA, 0)
        row_unit = read_unit(row[units_col].text) if units_col is not None else label_unit
        for col, cell in zip(cols[1:], row[1:], strict=True):
            _cell(cell, col, label, row_unit, place_rows, title_ind, title_p, year, row_subject, out)


def _cell(cell: Cell, col: _Column, label: str, row_unit: tuple[str, float] | None, place_rows: bool,
          title_ind: str, title_p: Any, year: int | None, subject: Subject | None, out: TableFigures) -> None:
    read = _value(cell.text)
    if read is None:
        return
    value, unit, factor = read
    measure = col.measure
    if measure == "rank":
        rank = _RANK_CELL.match(cell.text)
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
        indicator = label + col.core if col.core and not label.endswith(col.core) else label
    if measure == "level" and unit == "%" and _has(label, "growth_words"):
        measure = "growth"  # a row 地区生产总值增速(%): its cells are growth rates
    value = float(f"{value * factor:.12g}")
    period = col.period or (title_p.period if title_p is not None else None)
    sub_name, sub_code = (subject.name, subject.code) if subject is not None else (None, None)
    if col.target:
        deadline = str(col.year or year) if (col.year or year) else None
        out.targets.append(Target(indicator=indicator, measure=measure, value=value, unit=unit, deadline=deadline,
                                  start=cell.start, end=cell.end, subject=sub_name, subject_code=sub_code))
        return
    out.facts.append(Fact(indicator=indicator, measure=measure, value=value, unit=unit, period=period,
                          start=cell.start, end=cell.end, subject=sub_name, subject_code=sub_code,
                          basis="yoy" if measure in ("growth", "change") else None))
