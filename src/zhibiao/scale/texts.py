"""Tables of texts as batch input: Parquet or JSONL with columns id, text, published.

The driver only counts rows (Parquet metadata; one pass over a JSONL file, keeping the
byte offset of every partition's first line), so texts are read by the workers alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

TABLE_SUFFIXES = (".parquet", ".jsonl")


@dataclass(frozen=True, slots=True)
class RowSlice:
    """Rows start … start+count-1 of a table; `first` is the first one's document position."""

    path: str
    first: int
    start: int
    count: int
    offset: int = 0  # JSONL: byte offset of row `start`


@dataclass(frozen=True, slots=True)
class TextRow:
    index: int
    id: str
    text: str
    published: str | None
    problem: str | None = None


def is_table(path: str) -> bool:
    return Path(path).suffix.lower() in TABLE_SUFFIXES and Path(path).is_file()


def slices(path: str, first: int, size: int) -> list[RowSlice]:
    """The table cut into slices of `size` rows; OSError or ValueError when it cannot be read."""
    if path.lower().endswith(".parquet"):
        n = pq.ParquetFile(path).metadata.num_rows
        return [RowSlice(path, first + lo, lo, min(size, n - lo)) for lo in range(0, n, size)]
    starts: list[tuple[int, int]] = []
    row = offset = 0
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                if row % size == 0:
                    starts.append((row, offset))
                row += 1
            offset += len(line)
    return [RowSlice(path, first + start, start, min(size, row - start), at) for start, at in starts]


def read_rows(part: RowSlice) -> Iterator[TextRow]:
    """The slice's rows; a row without text, or a line that is not JSON, has its problem."""
    stem = Path(part.path).stem
    for n, record in enumerate(_records(part)):
        index, default_id = part.first + n, f"{stem}-{part.start + n}"
        if not isinstance(record, dict):
            yield TextRow(index, default_id, "", None, str(record))
            continue
        doc_id = record.get("id")
        doc_id = default_id if doc_id is None or doc_id == "" else str(doc_id)
        text, published = record.get("text"), record.get("published")
        if not isinstance(text, str) or not text.strip():
            yield TextRow(index, doc_id, "", None, "no text in this row")
        elif published is not None and not isinstance(published, str):
            yield TextRow(index, doc_id, "", None, f"published {str(published)[:40]!r}: not a YYYY-MM-DD string")
        else:
            yield TextRow(index, doc_id, text, published)


def _records(part: RowSlice) -> Iterator[dict[str, Any] | str]:
    if part.path.lower().endswith(".parquet"):
        pf = pq.ParquetFile(part.path)
        groups: list[int] = []
        at = skip = 0
        for g in range(pf.num_row_groups):
            rows = pf.metadata.row_group(g).num_rows
            if at + rows > part.start and at < part.start + part.count:
                if not groups:
                    skip = part.start - at
                groups.append(g)
            at += rows
        columns = [c for c in ("id", "text", "published") if c in pf.schema_arrow.names]
        yield from pf.read_row_groups(groups, columns=columns).slice(skip, part.count).to_pylist()
        return
    with open(part.path, "rb") as fh:
        fh.seek(part.offset)
        n = 0
        for line in fh:
            if n == part.count:
                return
            if not line.strip():
                continue
            n += 1
            try:
                record = json.loads(line)
            except ValueError as exc:
                yield f"line {part.start + n}: not JSON ({exc})"
                continue
            yield record if isinstance(record, dict) else f"line {part.start + n}: not a JSON object"
