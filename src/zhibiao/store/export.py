"""Export facts, targets, entities and documents (csv, json, parquet, xlsx) and write
Datasette metadata. Rows are streamed in batches, so exports do not hold the DB in memory.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Boolean, Float, Integer, Select
from sqlalchemy.engine import Connection

from zhibiao.errors import StoreError
from zhibiao.store import query
from zhibiao.store.schema import metadata

FORMATS = ("csv", "json", "parquet", "xlsx")
TABLES = ("facts", "targets", "entities", "documents")
_BATCH = 10_000
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _select(conn: Connection, name: str, with_text: bool) -> Select[Any]:
    q = query.build(conn, name)
    if name == "documents" and with_text:
        from zhibiao.store.schema import documents

        q = q.add_columns(documents.c.text)
    return q


def _rows(conn: Connection, q: Select[Any]) -> Iterator[list[dict[str, Any]]]:
    result = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(q)
    for part in result.mappings().partitions(_BATCH):
        yield [dict(r) for r in part]


def export(conn: Connection, path: Path, fmt: str, *, excel: bool = False) -> list[Path]:
    """Write every table; returns the files written. csv and parquet write one file per
    table into the directory `path`; json and xlsx write the single file `path`.
    excel: csv in UTF-8 with a byte-order mark, which Excel needs to see UTF-8."""
    if fmt not in FORMATS:
        raise StoreError(f"--format {fmt[:40]!r}: expected one of {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise StoreError(f"--excel is for csv; {fmt} needs no byte-order mark")
    try:
        if fmt in ("csv", "parquet"):
            if path.exists() and not path.is_dir():
                raise StoreError(f"{path}: {fmt} export writes one file per table; give a directory")
            path.mkdir(parents=True, exist_ok=True)
            return [_write_csv(conn, name, path / f"{name}.csv", excel) if fmt == "csv"
                    else _write_parquet(conn, name, path / f"{name}.parquet") for name in TABLES]
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "json":
            with path.open("w", encoding="utf-8") as fh:
                write_json(conn, fh)
        else:
            _write_xlsx(conn, path)
        return [path]
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _write_csv(conn: Connection, name: str, out: Path, excel: bool) -> Path:
    q = _select(conn, name, with_text=True)
    with out.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.name for c in q.selected_columns])
        for batch in _rows(conn, q):
            writer.writerows([list(r.values()) for r in batch])
    return out


def write_json(conn: Connection, fh: TextIO) -> None:
    """Every table as one JSON object ({"facts": [...], ...}), streamed into `fh`."""
    fh.write("{")
    for i, name in enumerate(TABLES):
        fh.write(("," if i else "") + f"\n{json.dumps(name)}: [")
        first = True
        for batch in _rows(conn, _select(conn, name, with_text=True)):
            for row in batch:
                fh.write(("" if first else ",") + "\n " + json.dumps(row, ensure_ascii=False))
                first = False
        fh.write("\n]")
    fh.write("\n}\n")


def _arrow_type(col: Any) -> Any:
    import pyarrow as pa

    t = col.type
    if isinstance(t, Boolean):
        return pa.bool_()
    if isinstance(t, Integer):
        return pa.int64()
    if isinstance(t, Float):
        return pa.float64()
    return pa.string()


def _write_parquet(conn: Connection, name: str, out: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    q = _select(conn, name, with_text=True)
    schema = pa.schema([(c.name, _arrow_type(c)) for c in q.selected_columns])
    with pq.ParquetWriter(str(out), schema) as writer:
        wrote = False
        for batch in _rows(conn, q):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            wrote = True
        if not wrote:
            writer.write_table(schema.empty_table())
    return out


def _cell(value: Any) -> Any:
    return _XLSX_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def _write_xlsx(conn: Connection, out: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name in TABLES:
        # No document text: Excel cells stop at 32,767 characters.
        q = _select(conn, name, with_text=False)
        ws = wb.create_sheet(name)
        ws.append([c.name for c in q.selected_columns])
        n = 0
        for batch in _rows(conn, q):
            n += len(batch)
            if n >= 1_048_576:
                raise StoreError(f"{name}: more rows than an Excel sheet holds; export csv or parquet")
            for row in batch:
                ws.append([_cell(v) for v in row.values()])
    wb.save(str(out))


# -- Datasette ---------------------------------------------------------------------------
_TABLE_DESCRIPTIONS = {
    "documents": "One row per ingested document: its plain text and where it came from.",
    "articles": "Items of a page (news story, commentary, caption) as offsets into the document text.",
    "facts": "Reported figures: subject, indicator, period and value, with the evidence text.",
    "targets": "Stated goals of plans and programmes, with deadline and evidence text.",
    "entities": "Distinct regions, organisations, people and plans named in the documents.",
    "entity_mentions": "Where each entity is mentioned (offsets into documents.text).",
    "regions": "GB/T 2260 administrative divisions: code, name, level and parent.",
    "indicators": "Canonical indicator keys, so figures join across documents.",
    "plans": "Plans and programmes that targets belong to.",
    "target_statuses": "The last judged status of every tracked target (zhibiao.track.alerts).",
    "alerts": "Supervision alerts: a target's status changed, with the figure that changed it.",
    "facts_view": "Facts joined with their document, region name and evidence: the table to browse.",
    "targets_view": "Targets joined with their document, plan, region name and evidence.",
    "entities_view": "Entities with how often, and in how many documents, they are mentioned.",
}
_VIEW_COLUMNS = {
    "document": "document.id of the source document (file stem)",
    "published": "publication date of the source document",
    "source": "URL or file path of the source document",
    "region": "name of the subject region (from the regions table)",
    "plan": "plan or programme the target belongs to",
    "mentions": "number of mentions",
    "documents": "number of documents mentioning it",
}
_UNIT_NOTE = ("Values are in base units with scale words multiplied out (3.6万亿元 -> 3600000000000); "
              "the unit column gives the unit: 元, % (growth), 百分点 (change of a rate), 位 (rank), 家, 个 …")


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette metadata: descriptions of every table, view and column, and the units."""
    tables: dict[str, Any] = {}
    for table in metadata.sorted_tables:
        cols = {c.name: c.comment for c in table.columns if c.comment}
        tables[table.name] = {"description": _TABLE_DESCRIPTIONS.get(table.name, ""), "columns": cols}
    for view, base in (("facts_view", "facts"), ("targets_view", "targets"), ("entities_view", "entities")):
        cols = {**tables[base]["columns"], **_VIEW_COLUMNS}
        tables[view] = {"description": _TABLE_DESCRIPTIONS[view], "columns": cols}
    for name in ("facts", "targets", "facts_view", "targets_view"):
        tables[name]["description"] += " " + _UNIT_NOTE
        tables[name]["facets"] = ["measure", "unit"]
    tables["documents"]["columns"]["chars"] = "length of the text in characters (Unicode code points)"
    for name in ("documents_fts", "documents_fts_config", "documents_fts_data", "documents_fts_docsize",
                 "documents_fts_idx", "alembic_version"):
        tables[name] = {"hidden": True}
    return {
        "title": "zhibiao",
        "description": "Figures and targets from Chinese regional-development reporting, with their sources.",
        "license": "Source texts remain their publishers'; see documents.url.",
        "databases": {database: {"tables": tables}},
    }


def write_datasette_metadata(path: Path, database_file: str | None) -> Path:
    name = Path(database_file).stem if database_file else "zhibiao"
    try:
        path.write_text(json.dumps(datasette_metadata(name), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path
