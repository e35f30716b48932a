"""The shape of a table in the reading text: where tables are, their cells, and what a
column head says (unit, period, growth, rank, goal).

Readers hand a table over as lines of cells joined by " | " (DOCX by tabs); plain text and
PDF pages align columns with runs of spaces; text copied from a web page may hold a table
one cell per line. A table is found by its shape only: consecutive delimited lines with one
cell count, or a run of short lines (N label cells, then rows of a label and N-1 numbers or
units). Offsets are into the reading text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from zhibiao.extract import lexicon
from zhibiao.extract.periods import find_periods
from zhibiao.extract.units import read_unit
from zhibiao.model import Measure

_NUMBER = re.compile(r"^(?P<sign>[-−+])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<rest>.*)$")
RANK_CELL = re.compile(r"^第?(?P<num>\d{1,3})(?:位|名)?$")
_MD_RULE = re.compile(r"^:?-{2,}:?$")
BRACKET = re.compile(r"\((?:单位:?)?(?P<u>[^()]{1,8})\)")
_UNIT_TAIL = re.compile(r"(?:/|:)?(?P<u>%|‰|百分点|个百分点)$|/(?P<v>[^/]{1,6})$")
_UNIT_LINE = re.compile(r"^\s*\(?单位:\s*(?P<u>[^,;()]{1,16})\)?\s*$")  # 单位:亿元; 单位:个、亿元
# Of the units a table lists (单位:个、亿元), a money head takes the money unit, a count head the other.
_MONEY_HEAD = re.compile(r"额|投资|资金|收入|产值|总值|增加值|利润|支出|税|金")
_COUNT_HEAD = re.compile(r"个数|数量|项数|户数|家数|数$")
_ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")  # cells split by two spaces or more
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
class Column:
    """What a column head says about its cells."""

    measure: Measure = "level"
    unit: str | None = None
    factor: float = 1.0
    period: str | None = None
    year: int | None = None
    target: bool = False
    full: str = ""  # the head without period, unit and goal words: 工业增加值增速
    core: str = ""  # ... and without growth/rank words: 工业增加值


@lru_cache(maxsize=1)
def words() -> dict[str, tuple[str, ...]]:
    data: dict[str, Any] = lexicon.yaml_data("tables.yaml")
    return {k: tuple(sorted((str(w) for w in v), key=len, reverse=True)) for k, v in data.items()}


def has_word(text: str, key: str) -> bool:
    return any(w in text for w in words()[key])


def drop_words(text: str, key: str) -> str:
    for w in words()[key]:
        text = text.replace(w, "")
    return text


_REFLOW_MAX = 8  # columns tried when a table's rows were run together
# the title (表1 …) and the first head (指 标, 地区) that end the prose before a run-together table
_HEAD_IN_PROSE = re.compile(r"(?:^|[。；;]\s*)(?P<t>(?:表[0-9一二三四五六七八九十]+)?[^。；;|]{0,40}?)\s+"
                            r"(?P<h>指\s*标|项\s*目|地\s*区|区\s*县|县\s*区|名\s*称|类\s*别|行\s*业)\s*$")


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
        return _aligned(line)
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


def _aligned(line: Cell) -> list[Cell] | None:
    """The cells of a line whose columns are aligned by runs of spaces (plain-text and PDF
    tables); only short cells, so side-by-side prose columns of a page are no table."""
    if "  " not in line.text:
        return None
    out = [Cell(m.group(), line.start + m.start(), line.start + m.end()) for m in _ALIGNED_CELL.finditer(line.text)]
    if len(out) < 2 or not all(_is_label(c.text) or _is_number(c.text) for c in out):
        return None
    return out


def _is_number(text: str) -> bool:
    return text in words()["empty_cells"] or cell_value(text) is not None


def _is_label(text: str) -> bool:
    return (0 < len(text) <= _LABEL_MAX and (not _is_number(text) or _AGE_BAND.search(text) is not None)
            and not _SENTENCE.search(text) and "|" not in text and "\t" not in text)


_AGE_BAND = re.compile(r"\d{1,3}\s*[-—~至]\s*\d{1,3}岁|\d{1,3}岁(?:及以上|以上|以下)")  # 15-64岁, 65岁及以上: rows


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
        if table is None and rows:
            table = _reflowed([c for r in rows for c in r], lines, i)
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
    if len(rows[0]) == n - 1 and len(rows[1]) == n and not any(_is_number(c.text) for c in rows[0]) \
            and _row_numbers(rows[1]):
        # | 绝对数(亿元) | 比上年增长(%) | over rows of three: the corner cell was left out
        rows = [[Cell("", rows[0][0].start, rows[0][0].start), *rows[0]], *rows[1:]]
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


def _reflowed(cells: list[Cell], lines: list[Cell], first: int) -> Table | None:
    """区县 | 增速(%) | 位次 | 东湖区 | 6.1 | 3 | 西湖区 | 7.2 | 1: a table whose line breaks were
    lost (or fall anywhere), read as a header of N labels and rows of a label and N-1 numbers.
    Run into the end of a paragraph (…。 表1 2019年人口构成 指 标 | 年末数(万人) | …), the title
    and the first head are cut from the prose before the first bar."""
    title: Cell | None = None
    if cells and not _is_label(cells[0].text) and (head := _HEAD_IN_PROSE.search(cells[0].text)):
        c0 = cells[0]
        title = Cell(head.group("t"), c0.start + head.start("t"), c0.start + head.end("t")) if head.group("t") else None
        cells = [Cell(re.sub(r"\s+", "", head.group("h")), c0.start + head.start("h"), c0.start + head.end("h")), *cells[1:]]
    if cells and cells[-1].text and not (_is_label(cells[-1].text) or _is_number(cells[-1].text)):
        cells = cells[:-1]  # …| 47.87 |年末全区城镇就业人员86971人。: the prose after the last bar
    while cells and not cells[-1].text:
        cells = cells[:-1]
    # empty cells keep their place (常住人口 | 53.48 | | 其中:城镇 …) where that aligns the rows
    for run in (cells, [c for c in cells if c.text]):
        for n in range(2, min(_REFLOW_MAX, len(run) // 3) + 1):
            header, body = run[:n], run[n:]
            if len(body) % n or not all(_is_label(c.text) for c in header):
                continue
            rows = [body[k:k + n] for k in range(0, len(body), n)]
            if all(_is_label(r[0].text) and all(not c.text or _is_number(c.text) for c in r[1:]) and _row_numbers(r)
                   for r in rows):
                if not any((c := read_head(h.text, None, "")).unit or c.period or c.target or c.measure != "level"
                           for h in header[1:]):
                    return None  # no head says what its numbers are
                above, unit = _title(lines, first)
                return Table(header, rows, header[0].start, rows[-1][-1].end, title or above, unit)
    return None


def _row_numbers(row: list[Cell]) -> int:
    return sum(cell_value(c.text) is not None for c in row[1:])


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
        bare = s.strip("| ")  # 东湖区 | on a line of its own: one cell of a copied table
        if bare != s and "|" not in bare:
            s = bare
        short = idx < len(lines) and not used[idx] and (_is_label(s) or (_is_number(s) and s != ""))
        if short:
            lead = ln.text.index(s) if s else 0
            if not cells:
                run_first = idx
            cells.append(Cell(s, ln.start + lead, ln.start + lead + len(s)))
        elif s or idx == len(lines) or (idx < len(lines) and used[idx]):
            if cells:
                out.extend(_stacked_run(cells, lines, run_first))
            cells = []
    return out


def _stacked_run(run: list[Cell], lines: list[Cell], first_line: int) -> list[Table]:
    # A unit cell (万吨) under a 单位 head takes a number's place in a row's shape.
    nums = [_is_number(c.text) or (len(c.text) <= 4 and read_unit(c.text) is not None) for c in run]
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
    if not any((c := read_head(h.text, None, "")).unit or c.period or c.target for h in header[1:]):
        return []  # a contents list (一、总体要求 / 3): no head gives a unit, period or goal
    # A label line above the header titles the table; else the line above the run does.
    title, unit = (run[f - 2 - n], "") if heads > n else _title(lines, first_line)
    return [Table(header, rows, header[0].start, rows[-1][-1].end, title, unit)]


def cell_value(text: str) -> tuple[float, str | None, float] | None:
    """A cell's number with the unit and factor it carries (812.5亿元), or None."""
    first = text.lstrip(" ")[:1]
    if not first or (first not in "-−+" and not first.isdecimal()):
        return None  # every line of a text is asked: most open with a word (no copy, no regex)
    m = _NUMBER.match(text.replace(" ", ""))
    if not m:
        return None
    v = float(m.group("num").replace(",", "")) * (-1 if m.group("sign") in ("-", "−") else 1)
    rest = m.group("rest")
    if rest.startswith(("年", "月")) and re.fullmatch(r"(?:19|20)\d{2}", m.group("num")):
        return None  # a year heads a column, it is no figure
    unit = read_unit(rest) if rest else (None, 1.0)
    return (v, unit[0], unit[1]) if unit else None


def _unit_of_head(head: str, table_unit: str) -> str:
    units = [u.strip() for u in re.split(r"[、，,]", table_unit) if u.strip()]
    if len(units) < 2:
        return table_unit
    money = [u for u in units if "元" in u]
    other = [u for u in units if "元" not in u]
    if _MONEY_HEAD.search(head) and money:
        return money[0]
    if _COUNT_HEAD.search(head) and other:
        return other[0]
    return "" if money and other else units[0]  # a head of neither kind: no unit rather than a wrong one


def read_head(head: str, context: str | None, table_unit: str) -> Column:
    """A column head read: unit, period, growth or rank, goal, and the indicator it names."""
    col = Column()
    h = head.replace(" ", "")
    m = BRACKET.search(h)
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
    if has_word(h, "target_words") and not has_word(h, "target_exclude"):
        col.target = True
    if has_word(h, "rank_words"):
        col.measure, col.unit = "rank", "位"
    elif (has_word(h, "growth_words") and not (unit is not None and unit[0] == "‰")) or \
            (unit is not None and unit[0] == "百分点"):  # 自然增长率(‰) is a level
        col.measure, col.unit = "growth", "%"
        if unit is not None and unit[0] == "百分点":
            col.measure, col.unit = "change", "百分点"
    elif unit is not None:
        col.unit, col.factor = unit
    elif table_unit and (tu := read_unit(_unit_of_head(h, table_unit))):
        col.unit, col.factor = tu
    if col.target:
        # 2025年目标值: the row label names it; 年投资计划 over rows of places is the goal's own name
        # (and 年计划投资完成率, progress, is no goal and keeps its 计划)
        bare = drop_words(h, "target_words").strip("()_-:/ ")
        if len(bare) < 2 or bare in words()["generic_words"] or has_word(bare, "growth_words") or \
                has_word(bare, "rank_words"):
            h = bare
    h = h.strip("()_-:/ ")
    if h in words()["unit_heads"]:
        return col  # the column of each row's unit (亿元) names no figure
    col.full = "" if h in words()["generic_words"] else h
    core = drop_words(drop_words(h, "growth_words"), "rank_words").strip("()_-:/ ")
    col.core = "" if core in words()["generic_words"] or len(core) < 2 else core
    return col
