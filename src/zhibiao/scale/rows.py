"""One partition of a batch dataset straight into the store's tables, column by column.

The bulk load's writer: the same rows store.write makes of extracted documents, read
from the Parquet columns without rebuilding Document, Fact and Target objects, with ids
taken ahead (no reading back) and many rows per statement (store.insert).

Rows are made column by column and zipped into tuples in C (a Python expression per row
and column cost more than SQLite's own work), in two steps: `prepare`, a pure function of
the partition's columns (everything but the store's keys), and `write_partition`, which
adds the store's keys and inserts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import compress
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
from zhibiao.store.write import (
    FACT_COLUMNS,
    TARGET_COLUMNS,
    entity_ids,
    entity_key,
    note_regions,
    plan_ids,
    plan_key,
)

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


@dataclass(slots=True)
class Partition:
    """A partition's rows ready for the store but for the store's keys. Each table's columns
    are named as the store's; the figures' `article` column holds row numbers of `articles`
    (None: outside every article), made keys on writing."""

    documents: Columns
    articles: Columns
    facts: Columns
    targets: Columns
    entities: Columns
    labels: dict[str, str]  # indicator key -> its first label
    plans: dict[str, tuple[str | None, str | None, str | None]]  # plan_key -> (name, subject, code)
    found: dict[str, tuple[str, str, str | None]]  # entity key -> (type, name, code)
    regions: dict[str, str]  # code -> first name, for store.write.note_regions


def only(cols: dict[str, Columns], keep: list[int]) -> dict[str, Columns]:
    """The rows of the documents at positions `keep` (the other tables' rows follow theirs)."""
    docs = cols["documents"]
    wanted = {docs["document"][i] for i in keep}
    out = {"documents": {name: [values[i] for i in keep] for name, values in docs.items()}}
    for table, rows in cols.items():
        if table != "documents":
            mask = [n in wanted for n in rows["document"]]
            out[table] = {name: list(compress(values, mask)) for name, values in rows.items()}
    return out


def prepare(cols: dict[str, Columns]) -> Partition:
    """Everything of the rows that does not depend on the store (see the module's doc)."""
    docs = cols["documents"]
    text_of = dict(zip(docs["document"], docs["text"], strict=True))
    arts = {**cols["articles"], "bylines": [json.dumps(b, ensure_ascii=False) for b in cols["articles"]["bylines"]]}
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for row, (n, s, e) in enumerate(zip(arts["document"], arts["start"], arts["end"], strict=True)):
        spans.setdefault(n, []).append((s, e, row))
    fs, ts = dict(cols["facts"]), dict(cols["targets"])
    keys = {ind: indicator_key(ind) for ind in {*fs["indicator"], *ts["indicator"]}}
    years = {period: last_year(period) for period in {*fs["period"], *ts["deadline"]}}
    for rows, period in ((fs, "period"), (ts, "deadline")):
        rows["evidence"] = [text_of[n][max(0, s):max(0, e)] for n, s, e in zip(
            rows["document"], rows["start"], rows["end"], strict=True)]
        rows["article"] = _article_rows(spans, rows)
        rows["indicator_key"] = _each(keys, rows["indicator"])
        rows[f"{period}_year"] = _each(years, rows[period])
    ts["plan_key"] = [plan_key(plan, code) if plan else None
                      for plan, code in zip(ts["plan"], ts["subject_code"], strict=True)]
    ts["per_year"] = list(map(bool, ts["per_year"]))
    ents = dict(cols["entities"])
    ents["key"] = list(map(entity_key, ents["type"], ents["name"], ents["code"]))
    return Partition(
        docs, arts, fs, ts, ents, labels=_labels(keys, fs, ts),
        plans={k: (p, s, c) for k, p, s, c in zip(ts["plan_key"], ts["plan"], ts["subject"], ts["subject_code"],
                                                 strict=True) if k is not None},
        found=dict(zip(ents["key"], zip(ents["type"], ents["name"], ents["code"], strict=True), strict=True)),
        regions=_named_regions(ents, fs, ts))


def write_partition(conn: Connection, part: Partition, paths: list[str | None]) -> None:
    """Write the partition's documents, stored under `paths` (one a document), and their rows."""
    docs = part.documents
    n = len(docs["document"])
    if n == 0:
        return
    pks = next_ids(conn, documents, n)
    doc_ids = free_document_ids(conn, list(zip(docs["id"], paths, strict=True)))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    insert_rows(conn, documents, _DOCUMENT_COLUMNS, list(zip(
        pks, doc_ids, docs["content_hash"], paths, docs["url"], docs["title"], docs["published"], docs["format"],
        docs["encoding"], list(map(len, docs["text"])), docs["text"], [zhibiao.__version__] * n, [now] * n,
        [None] * n, strict=True)))
    # The dataset's document number -> the stored document's key.
    pk_of = dict(zip(docs["document"], pks, strict=True))
    arts = part.articles
    article_ids = next_ids(conn, articles, len(arts["document"]))
    insert_rows(conn, articles, _ARTICLE_COLUMNS, list(zip(
        article_ids, _each(pk_of, arts["document"]), *(arts[c] for c in _ARTICLE_COLUMNS[2:]), strict=True)))
    article_of: dict[int | None, int | None] = {None: None, **dict(enumerate(article_ids))}
    insert_ignore(conn, indicators, [{"key": k, "label": v} for k, v in part.labels.items()])
    plan_of = plan_ids(conn, part.plans)
    fs, ts = part.facts, part.targets
    insert_rows(conn, facts, FACT_COLUMNS, list(zip(
        _each(pk_of, fs["document"]), _each(article_of, fs["article"]), *(fs[c] for c in FACT_COLUMNS[2:]),
        strict=True)))
    insert_rows(conn, targets, TARGET_COLUMNS, list(zip(
        _each(pk_of, ts["document"]), _each(article_of, ts["article"]), list(map(plan_of.get, ts["plan_key"])),
        *(ts[c] for c in TARGET_COLUMNS[3:]), strict=True)))
    ents = part.entities
    if part.found:
        ids = entity_ids(conn, part.found)
        insert_rows(conn, entity_mentions, ("entity_id", "document_id", "start", "end"), list(zip(
            _each(ids, ents["key"]), _each(pk_of, ents["document"]), ents["start"], ents["end"], strict=True)))
    note_regions(conn, part.regions)


_DOCUMENT_COLUMNS = ("id", "doc_id", "content_hash", "path", "url", "title", "published", "format", "encoding",
                     "chars", "text", "extractor_version", "ingested_at", "kind")
_ARTICLE_COLUMNS = ("id", "document_id", "kind", "title", "bylines", "start", "end")


def _each(lookup: Mapping[Any, Any], keys: list[Any]) -> list[Any]:
    return list(map(lookup.__getitem__, keys))


def _article_rows(spans: dict[int, list[tuple[int, int, int]]], rows: Columns) -> list[int | None]:
    """The article row each row's start lies in; most documents are one article, checked inline."""
    only_one = {n: s[0] for n, s in spans.items() if len(s) == 1}
    out: list[int | None] = []
    for n, start in zip(rows["document"], rows["start"], strict=True):
        one = only_one.get(n)
        if one is not None:
            out.append(one[2] if one[0] <= start < one[1] else None)
        else:
            out.append(next((row for s, e, row in spans.get(n, ()) if s <= start < e), None))
    return out


def _first_rows(values: list[Any]) -> dict[Any, int]:
    """Each value's first row, the dict made in C: of the rows taken last to first, the last wins."""
    return dict(zip(reversed(values), range(len(values) - 1, -1, -1), strict=True))


def _labels(keys: dict[str | None, str | None], fs: Columns, ts: Columns) -> dict[str, str]:
    """Each indicator key with its first label, in the order store.write meets them:
    document by document, its facts, then its targets (rows are in document order)."""
    first: dict[Any, tuple[int, int, int]] = {}
    for stage, rows in enumerate((fs, ts)):
        for ind, row in _first_rows(rows["indicator"]).items():
            where = (rows["document"][row], stage, row)
            if ind not in first or where < first[ind]:
                first[ind] = where
    labels: dict[str, str] = {}
    for ind in sorted(first, key=first.__getitem__):
        k = keys[ind]
        if k:
            labels.setdefault(k, ind or k)
    return labels


def _named_regions(ents: Columns, fs: Columns, ts: Columns) -> dict[str, str]:
    """Regions named with a code, the first name of each as store.write meets them:
    document by document, its entities, then its facts, then its targets."""
    sources = [(ents["document"], [c if t == "region" else None for t, c in zip(ents["type"], ents["code"],
                                                                               strict=True)], ents["name"])]
    sources += [(rows["document"], [c if s else None for c, s in zip(rows["subject_code"], rows["subject"],
                                                                     strict=True)], rows["subject"])
                for rows in (fs, ts)]
    first: dict[str, tuple[tuple[int, int, int], str]] = {}
    for stage, (docs, codes, names) in enumerate(sources):
        for code, row in _first_rows(codes).items():  # rows are in document order
            if code and code.isdigit():
                where = (docs[row], stage, row)
                if code not in first or where < first[code][0]:
                    first[code] = (where, names[row])
    return {code: name for code, (_where, name) in first.items()}
