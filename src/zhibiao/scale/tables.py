"""The tables of a batch dataset: zhibiao/1 fields as Parquet columns, and back.

Every table has ``document`` (the document's position in the run's input list, stable
across reruns) and ``id`` (its zhibiao/1 document id); ``documents`` keeps the text and
the content hash, so the dataset alone can fill a store.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa

from zhibiao.ingest import Source
from zhibiao.model import Article, Document, Entity, Fact, Target

_KEY = [("document", pa.int64()), ("id", pa.string())]
_SPAN = [("start", pa.int64()), ("end", pa.int64())]
_FIGURE = [("subject", pa.string()), ("subject_code", pa.string()), ("indicator", pa.string()),
           ("measure", pa.string()), ("value", pa.float64()), ("value_max", pa.float64()), ("unit", pa.string())]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([*_KEY, ("path", pa.string()), ("source", pa.string()), ("content_hash", pa.string()),
                            ("title", pa.string()), ("published", pa.string()), ("format", pa.string()),
                            ("encoding", pa.string()), ("url", pa.string()), ("chars", pa.int64()),
                            ("text", pa.string())]),
    "facts": pa.schema([*_KEY, *_FIGURE, ("period", pa.string()), ("basis", pa.string()),
                        ("qualifier", pa.string()), *_SPAN]),
    "targets": pa.schema([*_KEY, ("plan", pa.string()), *_FIGURE, ("qualifier", pa.string()),
                          ("per_year", pa.bool_()), ("deadline", pa.string()), *_SPAN]),
    "entities": pa.schema([*_KEY, ("type", pa.string()), ("name", pa.string()), ("code", pa.string()), *_SPAN]),
    "articles": pa.schema([*_KEY, ("kind", pa.string()), ("title", pa.string()),
                           ("bylines", pa.list_(pa.string())), *_SPAN]),
    "errors": pa.schema([*_KEY, ("path", pa.string()), ("error", pa.string())]),
}
TABLES = tuple(SCHEMAS)

Rows = dict[str, list[dict[str, Any]]]


def empty_rows() -> Rows:
    return {name: [] for name in TABLES}


def add_document(rows: Rows, index: int, doc: Document, source: Source, path: str | None, digest: str) -> None:
    """Append one extracted document's rows (its fields as zhibiao/1 names them)."""
    key = {"document": index, "id": doc.id}
    rows["documents"].append({**key, "path": path, "source": doc.source, "content_hash": digest,
                              "title": doc.title, "published": doc.published, "format": source.format,
                              "encoding": source.encoding, "url": source.url, "chars": len(doc.text),
                              "text": doc.text})
    # Raw floats, not to_dict's integers-when-whole: a Parquet column has one type.
    rows["facts"] += [{**key, **f.to_dict(), "value": f.value, "value_max": f.value_max} for f in doc.facts]
    rows["targets"] += [{**key, **t.to_dict(), "value": t.value, "value_max": t.value_max} for t in doc.targets]
    rows["entities"] += [{**key, **e.to_dict()} for e in doc.entities]
    rows["articles"] += [{**key, **a.to_dict()} for a in doc.articles]


def add_error(rows: Rows, index: int, doc_id: str, path: str, error: str) -> None:
    rows["errors"].append({"document": index, "id": doc_id, "path": path, "error": error})


def to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def documents_of(tables: dict[str, pa.Table]) -> list[tuple[Document, Source, str, str]]:
    """The documents of one partition's tables, rebuilt: (document, source, path or "" for
    a row of a table of texts, content hash)."""
    parts: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for name in ("facts", "targets", "entities", "articles"):
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in tables[name].to_pylist():
            grouped[row.pop("document")].append(row)
            row.pop("id")
        parts[name] = grouped
    out = []
    for row in tables["documents"].to_pylist():
        n = row["document"]
        doc = Document(id=row["id"], text=row["text"], published=row["published"], source=row["source"],
                       title=row["title"],
                       articles=[Article(**a) for a in parts["articles"].get(n, [])],
                       facts=[Fact(**f) for f in parts["facts"].get(n, [])],
                       targets=[Target(**t) for t in parts["targets"].get(n, [])],
                       entities=[Entity(**e) for e in parts["entities"].get(n, [])])
        source = Source(text=row["text"], name=row["path"] or row["source"], format=row["format"],
                        encoding=row["encoding"], title=row["title"], published=row["published"], url=row["url"])
        out.append((doc, source, row["path"] or "", row["content_hash"]))
    return out
