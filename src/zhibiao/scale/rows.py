"""One partition of a batch dataset straight into the store's tables, column by column.

The bulk load's writer: the same rows store.write makes of extracted documents, read
from the Parquet columns without rebuilding Document, Fact and Target objects, with ids
taken ahead (no reading back) and many rows per statement (store.insert).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection

import zhibiao
from zhibiao.extract.indicators import indicator_key
from zhibiao.extract.periods import last_year
from zhibiao.store.files import free_document_ids
from zhibiao.store.insert import insert_ignore, insert_rows
from zhibiao.store.schema import articles, documents, entity_mentions, facts, indicators, targets
from zhibiao.store.write import entity_ids, entity_key, note_regions, plan_ids, plan_key

Columns = dict[str, list[Any]]


def columns(table: pa.Table) -> Columns:
    """A table's columns as lists, NUL in strings made U+FFFD as store.write.clean does."""
    out = {}
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_string(col.type):
            col = pc.replace_substring(col, "\x00", "\ufffd")
        out[name] = col.to_pylist()
    return out


def next_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """`n` fresh primary keys of `table`, for rows about to be inserted in this transaction.
    SQLite: past the largest (the caller holds the write lock); PostgreSQL: from its sequence."""
    if n == 0:
        return []
    if conn.dialect.name == "postgresql":
        return list(conn.execute(text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                                      "FROM generate_series(1, :n)"), {"n": n}).scalars())
    top = conn.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(top + 1, top + 1 + n))


def resolved_paths(paths: Sequence[str | None]) -> list[str | None]:
    """Path(p).resolve() of each path, the folders resolved once each (not once a file)."""
    folders: dict[str, str] = {}
    out: list[str | None] = []
    for p in paths:
        if not p:
            out.append(None)
            continue
        head, name = os.path.split(os.path.abspath(p))
        if head not in folders:
            folders[head] = os.path.realpath(head)
        out.append(os.path.realpath(p) if os.path.islink(p) else os.path.join(folders[head], name))
    return out


def write_partition(conn: Connection, parts: dict[str, Columns], keep: list[int], paths: list[str | None]) -> None:
    """Write the documents at positions `keep` of the partition's documents (their rows in
    the other tables follow), stored under `paths` (one per kept document)."""
    docs = parts["documents"]
    pks = next_ids(conn, documents, len(keep))
    doc_ids = free_document_ids(conn, [(docs["id"][i], path) for i, path in zip(keep, paths, strict=True)])
    now = datetime.now(UTC).isoformat(timespec="seconds")
    version = zhibiao.__version__
    insert_rows(conn, documents, _DOCUMENT_COLUMNS, [
        (pk, doc_id, docs["content_hash"][i], path, docs["url"][i], docs["title"][i], docs["published"][i],
         docs["format"][i], docs["encoding"][i], len(docs["text"][i]), docs["text"][i], version, now, None)
        for pk, doc_id, i, path in zip(pks, doc_ids, keep, paths, strict=True)])
    # The dataset's document number -> the stored document's key and text.
    pk_of = {docs["document"][i]: pk for i, pk in zip(keep, pks, strict=True)}
    text_of = {docs["document"][i]: docs["text"][i] for i in keep}
    spans = _write_articles(conn, parts["articles"], pk_of)
    fs, ts = parts["facts"], parts["targets"]
    keys = _indicator_keys(conn, fs, ts, pk_of)
    plan_of = plan_ids(conn, {plan_key(p, c): (p, s, c) for n, p, s, c in zip(
        ts["document"], ts["plan"], ts["subject"], ts["subject_code"], strict=True) if p and n in pk_of})
    years: dict[str | None, int | None] = {}

    def year(period: str | None) -> int | None:
        if period not in years:
            years[period] = last_year(period)
        return years[period]

    insert_rows(conn, facts, _FACT_COLUMNS, [
        (pk_of[n], _article_of(spans.get(n, ()), s), subject, code, ind, keys[ind], measure, value, vmax, unit,
         period, year(period), basis, qualifier, s, e, text_of[n][max(0, s):max(0, e)])
        for n, subject, code, ind, measure, value, vmax, unit, period, basis, qualifier, s, e in zip(
            fs["document"], fs["subject"], fs["subject_code"], fs["indicator"], fs["measure"], fs["value"],
            fs["value_max"], fs["unit"], fs["period"], fs["basis"], fs["qualifier"], fs["start"], fs["end"],
            strict=True) if n in pk_of])
    insert_rows(conn, targets, _TARGET_COLUMNS, [
        (pk_of[n], _article_of(spans.get(n, ()), s), plan_of.get(plan_key(plan, code)) if plan else None, plan,
         subject, code, ind, keys[ind], measure, value, vmax, unit, qualifier, bool(per_year), deadline,
         year(deadline), s, e, text_of[n][max(0, s):max(0, e)])
        for n, plan, subject, code, ind, measure, value, vmax, unit, qualifier, per_year, deadline, s, e in zip(
            ts["document"], ts["plan"], ts["subject"], ts["subject_code"], ts["indicator"], ts["measure"],
            ts["value"], ts["value_max"], ts["unit"], ts["qualifier"], ts["per_year"], ts["deadline"],
            ts["start"], ts["end"], strict=True) if n in pk_of])
    _write_entities(conn, parts["entities"], pk_of)
    note_regions(conn, _named_regions(parts, pk_of))


_DOCUMENT_COLUMNS = ("id", "doc_id", "content_hash", "path", "url", "title", "published", "format", "encoding",
                     "chars", "text", "extractor_version", "ingested_at", "kind")
_FACT_COLUMNS = ("document_id", "article_id", "subject", "subject_code", "indicator", "indicator_key", "measure",
                 "value", "value_max", "unit", "period", "period_year", "basis", "qualifier", "start", "end",
                 "evidence")
_TARGET_COLUMNS = ("document_id", "article_id", "plan_id", "plan", "subject", "subject_code", "indicator",
                   "indicator_key", "measure", "value", "value_max", "unit", "qualifier", "per_year", "deadline",
                   "deadline_year", "start", "end", "evidence")

Spans = dict[int, list[tuple[int, int, int]]]


def _write_articles(conn: Connection, arts: Columns, pk_of: dict[int, int]) -> Spans:
    """Articles in document order; each document's (start, end, article key) in key order."""
    rows = [(n, kind, title, json.dumps(bylines, ensure_ascii=False), s, e) for n, kind, title, bylines, s, e in zip(
        arts["document"], arts["kind"], arts["title"], arts["bylines"], arts["start"], arts["end"], strict=True)
        if n in pk_of]
    ids = next_ids(conn, articles, len(rows))
    insert_rows(conn, articles, ("id", "document_id", "kind", "title", "bylines", "start", "end"),
                [(pk, pk_of[r[0]], *r[1:]) for pk, r in zip(ids, rows, strict=True)])
    spans: Spans = {}
    for pk, r in zip(ids, rows, strict=True):
        spans.setdefault(r[0], []).append((r[4], r[5], pk))
    return spans


def _article_of(spans: Sequence[tuple[int, int, int]], start: int) -> int | None:
    for s, e, pk in spans:
        if s <= start < e:
            return pk
    return None


def _first(seen: dict[Any, tuple[int, int, int]], stage: int, documents_: list[int], values: list[Any],
           pk_of: dict[int, int]) -> None:
    """Where each value first occurs, as (document, stage, row): the order store.write meets them in."""
    for row, (n, value) in enumerate(zip(documents_, values, strict=True)):
        if n in pk_of and (value not in seen or (n, stage, row) < seen[value]):
            seen[value] = (n, stage, row)


def _indicator_keys(conn: Connection, fs: Columns, ts: Columns, pk_of: dict[int, int]) -> dict[str | None, str | None]:
    """indicator_key of every indicator as written; new keys stored with their first label."""
    first: dict[Any, tuple[int, int, int]] = {}
    _first(first, 0, fs["document"], fs["indicator"], pk_of)
    _first(first, 1, ts["document"], ts["indicator"], pk_of)
    keys = {ind: indicator_key(ind) for ind in first}
    labels: dict[str, str] = {}
    for ind in sorted(first, key=first.__getitem__):
        k = keys[ind]
        if k:
            labels.setdefault(k, ind or k)
    insert_ignore(conn, indicators, [{"key": k, "label": v} for k, v in labels.items()])
    return keys


def _write_entities(conn: Connection, ents: Columns, pk_of: dict[int, int]) -> None:
    rows = [(n, entity_key(type_, name, code), type_, name, code, s, e) for n, type_, name, code, s, e in zip(
        ents["document"], ents["type"], ents["name"], ents["code"], ents["start"], ents["end"], strict=True)
        if n in pk_of]
    if not rows:
        return
    ids = entity_ids(conn, {r[1]: (r[2], r[3], r[4]) for r in rows})
    insert_rows(conn, entity_mentions, ("entity_id", "document_id", "start", "end"),
                [(ids[r[1]], pk_of[r[0]], r[5], r[6]) for r in rows])


def _named_regions(parts: dict[str, Columns], pk_of: dict[int, int]) -> dict[str, str]:
    """Regions named with a code, the first name of each as store.write meets them:
    document by document, its entities, then its facts, then its targets."""
    ents = parts["entities"]
    sources = [(ents["document"], [c if t == "region" else None for t, c in zip(ents["type"], ents["code"],
                                                                               strict=True)], ents["name"])]
    sources += [(parts[t]["document"], [c if s else None for c, s in zip(parts[t]["subject_code"],
                                                                         parts[t]["subject"], strict=True)],
                 parts[t]["subject"]) for t in ("facts", "targets")]
    first: dict[str, tuple[tuple[int, int, int], str]] = {}
    for stage, (docs, codes, names) in enumerate(sources):
        mine: set[str] = set()  # rows are in document order: a code's first row in a table is its first
        for row, code in enumerate(codes):
            if code and code not in mine and code.isdigit() and docs[row] in pk_of:
                mine.add(code)
                where = (docs[row], stage, row)
                if code not in first or where < first[code][0]:
                    first[code] = (where, names[row])
    return {code: name for code, (_where, name) in first.items()}
