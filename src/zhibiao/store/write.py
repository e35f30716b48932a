"""Extracted documents to rows: many documents in one transaction, one statement per table.

A batch costs about a dozen statements whatever its size (executemany across its
documents), where writing document by document cost a dozen per document. Callers hold
the transaction: ingest commits a batch at a time, so a killed run leaves whole batches.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.engine import Connection

import zhibiao
from zhibiao.extract.indicators import indicator_key
from zhibiao.extract.periods import last_year
from zhibiao.ingest import Source
from zhibiao.model import Document, Fact, Target
from zhibiao.store.files import free_document_ids
from zhibiao.store.insert import insert_ignore, insert_many, insert_rows
from zhibiao.store.regions import level_of, parent_of, prefix
from zhibiao.store.schema import (
    articles,
    documents,
    entities,
    entity_mentions,
    facts,
    indicators,
    plans,
    regions,
    targets,
)

if TYPE_CHECKING:
    from zhibiao.extract.pipeline import Progress


@dataclass(slots=True)
class Item:
    """One document to write: the extraction, where it came from, its content hash and path;
    ``progress`` is told how the reading of a LongDocument goes (extract.pipeline.Progress)."""

    doc: Document
    source: Source | None = None
    digest: str | None = None
    path: str | None = None
    progress: Progress | None = None


def content_hash(data: bytes) -> str:
    """What makes a document the same document: sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def clean(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; U+FFFD has the same length, so offsets stay valid.
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def remove_documents(conn: Connection, doc_ids: list[int]) -> None:
    """Delete documents and everything hanging off them, then the orphans they leave."""
    ent_ids = [r[0] for r in conn.execute(
        select(entity_mentions.c.entity_id).where(entity_mentions.c.document_id.in_(doc_ids)).distinct())]
    plan_ids = [r[0] for r in conn.execute(
        select(targets.c.plan_id).where(targets.c.document_id.in_(doc_ids), targets.c.plan_id.is_not(None))
        .distinct())]
    # Explicit deletes rather than relying on ON DELETE CASCADE being enabled.
    for table in (entity_mentions, facts, targets, articles):
        conn.execute(delete(table).where(table.c.document_id.in_(doc_ids)))
    conn.execute(delete(documents).where(documents.c.id.in_(doc_ids)))
    if ent_ids:
        used = select(entity_mentions.c.entity_id).where(entity_mentions.c.entity_id.in_(ent_ids))
        conn.execute(delete(entities).where(entities.c.id.in_(ent_ids), entities.c.id.not_in(used)))
    drop_unused_plans(conn, plan_ids)


def drop_unused_plans(conn: Connection, plan_ids: Iterable[int]) -> None:
    """Undeclared plans exist only through their targets: drop those left with none."""
    ids = list(plan_ids)
    if ids:
        used = select(targets.c.plan_id).where(targets.c.plan_id.in_(ids))
        conn.execute(delete(plans).where(plans.c.id.in_(ids), plans.c.declared.is_(False),
                                         plans.c.id.not_in(used)))


def write_document(conn: Connection, doc: Document, source: Source | None = None,
                   digest: str | None = None, path: str | None = None, progress: Progress | None = None) -> bool:
    """Write one extracted document inside the caller's transaction; see write_documents."""
    return write_documents(conn, [Item(doc, source, digest, path, progress)])[0]


def write_documents(conn: Connection, items: Sequence[Item]) -> list[bool]:
    """Write extracted documents inside the caller's transaction, in order.

    Rows of an older version (same path) or of the same content are replaced; so is an
    earlier item of the same batch. Returns, per item, whether something was replaced.
    """
    replaced: list[bool] = []
    chunk: list[Item] = []
    keys: set[str] = set()
    for item in items:
        digest = item.digest or content_hash(item.doc.text.encode("utf-8"))
        path = item.path if item.path is not None else item.doc.source
        item = Item(item.doc, item.source, digest, path, item.progress)
        if digest in keys or (path is not None and "path:" + path in keys):
            # The same content or path twice: the later one replaces the earlier, as one by one.
            replaced += _write_chunk(conn, chunk)
            chunk, keys = [], set()
        chunk.append(item)
        keys |= {digest} | ({"path:" + path} if path is not None else set())
    return replaced + _write_chunk(conn, chunk)


def _write_chunk(conn: Connection, items: list[Item]) -> list[bool]:
    """Items whose content hashes and paths are all distinct."""
    if not items:
        return []
    digests = [i.digest for i in items]
    paths = [i.path for i in items if i.path is not None]
    olds = conn.execute(select(documents.c.id, documents.c.content_hash, documents.c.path).where(
        or_(documents.c.content_hash.in_(digests), documents.c.path.in_(paths)))).all()
    if olds:
        remove_documents(conn, [r[0] for r in olds])
    old_keys = {r[1] for r in olds} | {r[2] for r in olds if r[2] is not None}
    replaced = [i.digest in old_keys or (i.path is not None and i.path in old_keys) for i in items]

    now = datetime.now(UTC).isoformat(timespec="seconds")
    doc_ids = free_document_ids(conn, [(i.doc.id, i.path) for i in items])
    doc_rows = [{k: clean(v) for k, v in _document_row(i, doc_id, now).items()} for i, doc_id in zip(items, doc_ids, strict=True)]
    # Plain executemany, then the ids read back by unique key: RETURNING in executemany
    # is one statement per row on SQLite.
    insert_many(conn, documents, doc_rows)
    ids = dict(conn.execute(select(documents.c.content_hash, documents.c.id)
                            .where(documents.c.content_hash.in_(digests))).all())
    pks = [ids[i.digest] for i in items]
    for i, pk in zip(items, pks, strict=True):
        if isinstance(i.doc, LongDocument):
            _write_text(conn, pk, i.doc.text)
            _write_parts(conn, i, pk)
    _write_rows(conn, [i for i in items if not isinstance(i.doc, LongDocument)],
                [pk for i, pk in zip(items, pks, strict=True) if not isinstance(i.doc, LongDocument)])
    return replaced


class LongDocument(Document):
    """A document too long to hold its items at once: they are read window by window as
    they are written (extract.pipeline.parts), so memory holds one window's rows."""

    __slots__ = ()


def _write_text(conn: Connection, pk: int, text: str) -> None:
    """The text of a long document, into its row written without it.

    SQLite: bound as UTF-8 bytes read back as text, and the statement bound again to
    nothing: binding the str would keep a UTF-8 copy on it for as long as the text lives,
    and the driver's cached statement would keep its own copy until next used (each as
    large as the file, through the whole extraction).
    """
    if conn.dialect.name != "sqlite":
        conn.execute(update(documents).where(documents.c.id == pk).values(text=clean(text)))
        return
    sql = 'UPDATE documents SET "text" = CAST(? AS TEXT) WHERE id = ?'
    conn.exec_driver_sql(sql, (clean(text).encode("utf-8"), pk))
    conn.exec_driver_sql(sql, (b"", None))  # matches no row
    _give_back_freed_memory()


def _give_back_freed_memory() -> None:
    """Return the C heap's free memory to the system (glibc; elsewhere nothing is done).

    Reading and indexing a long text (the trigram index of one row is built in memory) take
    several times its size for a moment; glibc keeps what is freed, and Python's allocator
    (its own arenas) never reuses it, so the extraction that follows would run on top of it:
    about 100 MB at 20 MB of text.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _write_parts(conn: Connection, item: Item, pk: int) -> None:
    from zhibiao.extract.pipeline import parts

    doc, any_article = item.doc, False
    for n, part in enumerate(parts(doc.text, doc.published, item.progress)):
        if n == 0:  # the first window's frame is the document's (as extract() takes it)
            conn.execute(update(documents).where(documents.c.id == pk).values(kind=part.frame.kind))
        piece = Document(id=doc.id, text=doc.text, published=doc.published, source=doc.source, title=doc.title,
                         articles=part.articles, facts=part.facts, targets=part.targets, entities=part.entities)
        any_article = any_article or bool(part.articles)
        _write_rows(conn, [Item(piece, item.source, item.digest, item.path)], [pk])
    if not any_article and doc.text:  # as extract() does: the whole text is one article
        insert_many(conn, articles, [{"document_id": pk, "kind": "other", "title": None, "bylines": "[]",
                                      "start": 0, "end": len(doc.text)}])


def _write_rows(conn: Connection, items: list[Item], pks: list[int]) -> None:
    """Everything of the documents but their own rows: articles, indicators, plans, facts,
    targets, entities, regions."""
    if not items:
        return
    article_rows = [{"document_id": pk, "kind": a.kind, "title": clean(a.title),
                     "bylines": json.dumps(a.bylines, ensure_ascii=False), "start": a.start, "end": a.end}
                    for i, pk in zip(items, pks, strict=True) for a in i.doc.articles]
    spans: dict[int, list[tuple[int, int, int]]] = {}
    if article_rows:
        # Only the articles written now: a window of a long document reads back its own,
        # not every one before it (a figure lies in the window its article was read in).
        before = conn.execute(select(func.max(articles.c.id))).scalar() or 0
        insert_many(conn, articles, article_rows)
        # In id order, so that where two articles share a span the first wins, as it did.
        for art_pk, doc_pk, start, end in conn.execute(
                select(articles.c.id, articles.c.document_id, articles.c.start, articles.c.end)
                .where(articles.c.document_id.in_(pks), articles.c.id > before).order_by(articles.c.id)):
            spans.setdefault(doc_pk, []).append((start, end, art_pk))

    labels: dict[str, str] = {}
    for i in items:
        figures: list[Fact | Target] = [*i.doc.facts, *i.doc.targets]
        for figure in figures:
            k = indicator_key(figure.indicator)
            if k:
                labels.setdefault(k, figure.indicator or k)
    insert_ignore(conn, indicators, [{"key": k, "label": clean(v)} for k, v in labels.items()])

    plan_ids = _plans_for(conn, [i.doc for i in items])
    fact_rows, target_rows = [], []
    for i, pk in zip(items, pks, strict=True):
        doc_spans = spans.get(pk, [])
        fact_rows += [_fact_row(f, pk, i.doc.text, doc_spans) for f in i.doc.facts]
        target_rows += [_target_row(t, pk, i.doc.text, doc_spans, plan_ids) for t in i.doc.targets]
    insert_rows(conn, facts, FACT_COLUMNS, fact_rows)
    insert_rows(conn, targets, TARGET_COLUMNS, target_rows)
    _write_entities(conn, items, pks)
    _note_regions(conn, [i.doc for i in items])


def _document_row(item: Item, doc_id: str, now: str) -> dict[str, Any]:
    doc, source = item.doc, item.source
    return {
        "doc_id": doc_id, "content_hash": item.digest, "path": item.path,
        "url": source.url if source else None,
        "title": doc.title or (source.title if source else None),
        "published": doc.published or (source.published if source else None),
        "format": source.format if source else None,
        "encoding": source.encoding if source else None,
        # A long document's text is written on its own (_write_text).
        "chars": len(doc.text), "text": "" if isinstance(doc, LongDocument) else doc.text,
        "extractor_version": zhibiao.__version__,
        "ingested_at": now, "kind": doc.frame.get("kind"),
    }


def _article_of(spans: list[tuple[int, int, int]], start: int) -> int | None:
    return next((pk for s, e, pk in spans if s <= start < e), None)


# The columns of a fact's and a target's row, in the order _fact_row and _target_row give them.
FACT_COLUMNS = ("document_id", "article_id", "subject", "subject_code", "indicator", "indicator_key", "measure",
                "value", "value_max", "unit", "period", "period_year", "basis", "qualifier", "start", "end",
                "evidence")
TARGET_COLUMNS = ("document_id", "article_id", "plan_id", "plan", "subject", "subject_code", "indicator",
                  "indicator_key", "measure", "value", "value_max", "unit", "qualifier", "per_year", "deadline",
                  "deadline_year", "start", "end", "evidence")


def _fact_row(f: Fact, pk: int, text: str, spans: list[tuple[int, int, int]]) -> tuple[Any, ...]:
    # A tuple, not a dict: thousands of rows a batch, straight to executemany or COPY.
    return (pk, _article_of(spans, f.start), clean(f.subject), f.subject_code, clean(f.indicator),
            indicator_key(f.indicator), f.measure, f.value, f.value_max, clean(f.unit), f.period,
            last_year(f.period), clean(f.basis), f.qualifier, f.start, f.end,
            clean(text[max(0, f.start):max(0, f.end)]))


def _target_row(t: Target, pk: int, text: str, spans: list[tuple[int, int, int]],
                plan_ids: dict[str, int]) -> tuple[Any, ...]:
    return (pk, _article_of(spans, t.start), plan_ids.get(plan_key(t.plan, t.subject_code)) if t.plan else None,
            clean(t.plan), clean(t.subject), t.subject_code, clean(t.indicator), indicator_key(t.indicator),
            t.measure, t.value, t.value_max, clean(t.unit), t.qualifier, bool(t.per_year), t.deadline,
            last_year(t.deadline), t.start, t.end, clean(text[max(0, t.start):max(0, t.end)]))


def _write_entities(conn: Connection, items: list[Item], pks: list[int]) -> None:
    found = {clean(entity_key(e.type, e.name, e.code)): (e.type, e.name, e.code)
             for i in items for e in i.doc.entities}
    if not found:
        return
    ids = entity_ids(conn, found)
    insert_many(conn, entity_mentions, [
        {"entity_id": ids[clean(entity_key(e.type, e.name, e.code))], "document_id": pk, "start": e.start,
         "end": e.end} for i, pk in zip(items, pks, strict=True) for e in i.doc.entities])


def entity_ids(conn: Connection, found: Mapping[str, tuple[str, str, str | None]]) -> dict[str, int]:
    """The ids of entities by key (type, name, code), stored first when new."""
    insert_ignore(conn, entities, [{"type": type_, "name": clean(name), "code": code, "key": k}
                                   for k, (type_, name, code) in found.items()])
    return dict(conn.execute(select(entities.c.key, entities.c.id).where(entities.c.key.in_(list(found)))).all())


def _note_regions(conn: Connection, docs: list[Document]) -> None:
    """Add regions named with a code to the regions table when the gazetteer did not."""
    named: dict[str, str] = {}
    for doc in docs:
        for e in doc.entities:
            if e.type == "region" and e.code and e.code.isdigit():
                named.setdefault(e.code, e.name)
        figures: list[Fact | Target] = [*doc.facts, *doc.targets]
        for item in figures:
            if item.subject_code and item.subject and item.subject_code.isdigit():
                named.setdefault(item.subject_code, item.subject)
    note_regions(conn, named)


def note_regions(conn: Connection, named: dict[str, str]) -> None:
    """Add these regions (code -> name) where the regions table lacks them."""
    if not named:
        return
    parents = {c: parent_of(c) for c in named}
    known = {r[0] for r in conn.execute(select(regions.c.code).where(
        regions.c.code.in_(list(named) + [p for p in parents.values() if p])))}
    rows = []
    for code in sorted(named, key=lambda c: (len(prefix(c)), c)):
        parent = parents[code]
        rows.append({"code": code, "name": clean(named[code]), "level": level_of(code),
                     "parent_code": parent if parent in known or parent in named else None})
        known.add(code)
    insert_ignore(conn, regions, rows)


def entity_key(type_: str, name: str, code: str | None) -> str:
    return f"{type_}|{name}|{code or ''}"


def plan_key(name: str | None, subject_code: str | None) -> str:
    return clean(f"{name or ''}|{subject_code or ''}")


def _plans_for(conn: Connection, docs: list[Document]) -> dict[str, int]:
    """Plan rows named by the documents' targets (created undeclared when new)."""
    return plan_ids(conn, {plan_key(t.plan, t.subject_code): (t.plan, t.subject, t.subject_code)
                           for doc in docs for t in doc.targets if t.plan})


def plan_ids(conn: Connection, wanted: dict[str, tuple[str | None, str | None, str | None]]) -> dict[str, int]:
    """The ids of plans by plan_key, given (name, subject, subject code); new ones undeclared."""
    if not wanted:
        return {}
    insert_ignore(conn, plans, [{"name": clean(name), "subject": clean(subject), "subject_code": code,
                                 "declared": False, "key": k} for k, (name, subject, code) in wanted.items()])
    return dict(conn.execute(select(plans.c.key, plans.c.id).where(plans.c.key.in_(list(wanted)))).all())


def counts(conn: Connection) -> dict[str, int]:
    """Row counts of every table (tests and the CLI summary use them)."""
    tables = (documents, articles, facts, targets, entities, entity_mentions, plans, indicators)
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
