"""Tables for people: values in words (3.6万亿元), a short evidence, and the terminal's width.

Used by ``extract --format table`` and ``query``; json and csv carry the raw columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich import box
from rich.table import Table

from zhibiao.track.words import amount

EVIDENCE_CHARS = 40
# Columns of running text give way when the terminal is narrow: the evidence and the document
# are cut with …, the others wrap. Every other column holds one word (a name, a number, a
# date) and stays on one line, cut with … only when the terminal is too narrow even for those.
_WRAPPED = {"indicator", "title", "name", "plan"}
_CUT = {"evidence", "document"}


def value_text(value: float | None, value_max: float | None, unit: str | None) -> str:
    """3.6e12 元 -> 3.6万亿元; a range 5–6%; no value (a milestone) is empty."""
    if value is None:
        return ""
    if value_max is None:
        return amount(value, unit)
    return f"{amount(value, unit)}–{amount(value_max, unit)}"


def evidence_text(text: str | None, limit: int = EVIDENCE_CHARS) -> str:
    """The evidence on one line, cut to `limit` characters."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _cell(column: str, row: Mapping[str, Any]) -> str:
    if column == "value":
        return value_text(row.get("value"), row.get("value_max"), row.get("unit"))
    if column == "evidence":
        return evidence_text(row.get("evidence"))
    cell = row.get(column)
    return "" if cell is None else f"{cell:g}" if isinstance(cell, float) else str(cell)


def people_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], **options: Any) -> Table:
    """`columns` of `rows` (dicts as the store returns them); `options` go to rich's Table."""
    # No vertical rules: at 80 columns every cell of width goes to the text.
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=0, **options)
    for column in columns:
        if column in _WRAPPED:
            table.add_column(column, overflow="fold")
        elif column in _CUT:
            table.add_column(column, overflow="ellipsis")
        else:
            table.add_column(column, no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*[_cell(c, row) for c in columns])
    return table
