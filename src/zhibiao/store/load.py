"""Ingest: files -> extraction -> rows, one transaction per document.

Idempotence rests on two unique keys of ``documents``: ``content_hash`` (the same bytes
are never ingested twice, wherever they lie) and ``path`` (a new version of a file
replaces the old one's rows). Each document is written in a single transaction, so a
killed run leaves whole documents only, and running it again skips what is done.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

import zhibiao
from zhibiao.errors import IngestError, StoreError, ZhibiaoError
from zhibiao.extract.indicators import indicator_key
from zhibiao.ingest import Source, read, read_bytes
from zhibiao.model import Document, Fact, Target
from zhibiao.store.engine import write_transaction
from zhibiao.store.files import FileSelection, free_document_id, select_files
from zhibiao.store.regions import level_of, parent_of, prefix
from zhibiao.store.schema import (
    articles,
    documents,
    entities,
    entity_mentions,
    facts,
    indicators,
    last_year,
    plans,
    regions,
    targets,
)

Outcome = Literal["new", "unchanged", "replaced", "failed"]
MAX_JOBS = 1024
Extractor = Callable[..., Document]


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did; ``failed`` holds (path, reason) pairs."""

    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: str = ""  # files under the folders that are not taken, and why

    def add(self, outcome: Outcome, path: str = "", reason: str = "") -> None:
        if outcome == "failed":
            self.failed.append((path, reason))
        else:
            setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def total(self) -> int:
        return self.new + self.unchanged + self.replaced + len(self.failed)

    def summary(self) -> str:
        done = (f"{self.total} files: {self.new} new, {self.unchanged} unchanged, "
                f"{self.replaced} replaced, {len(self.failed)} failed")
        return f"{done}; {self.skipped}" if self.skipped else done


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


Prepared = tuple[Source, Document] | str  # the read and extracted document, or why it failed


def prepare(path: str, doc_id: str, extractor: Extractor | None = None,
            max_bytes: int | None = None) -> Prepared:
    """Read and extract one file (runs in worker processes too, so no database here)."""
    step = "reading"
    try:
        source = read(path, max_bytes=max_bytes)
        step = "extraction"
        doc = (extractor or zhibiao.extract)(source.text, published=source.published, doc_id=doc_id,
                                             source=path, title=source.title)
    except ZhibiaoError as exc:
        return getattr(exc, "problem", None) or str(exc)
    except Exception as exc:  # a reader or extractor bug must cost one document, not the run
        return f"{step} failed: {type(exc).__name__}: {exc}"
    return source, doc


def _check(engine: Engine, path: str, force: bool, seen: set[str],
           max_bytes: int | None = None) -> tuple[Outcome, str]:
    """("new", digest) when the file needs extracting, else its final outcome and reason."""
    try:
        # Bounded: a file over the limit is refused before it is read into memory.
        data = read_bytes(path, max_bytes)
    except IngestError as exc:
        return "failed", exc.problem
    digest = content_hash(data)
    if digest in seen:  # the same bytes twice in one run
        return "unchanged", ""
    seen.add(digest)
    return ("new", digest) if force else _check_stored(engine, digest)


def _check_stored(engine: Engine, digest: str) -> tuple[Outcome, str]:
    try:
        with engine.connect() as conn:
            same = conn.execute(select(documents.c.id).where(documents.c.content_hash == digest)).first()
    except SQLAlchemyError as exc:
        return "failed", _db_reason(exc)
    return ("unchanged", "") if same is not None else ("new", digest)


def _store(engine: Engine, path: str | None, prepared: Prepared, digest: str, force: bool) -> tuple[Outcome, str]:
    if isinstance(prepared, str):
        return "failed", prepared
    source, doc = prepared
    reason = ""
    for _attempt in range(2):
        try:
            with write_transaction(engine) as conn:  # one transaction per document
                if not force and conn.execute(
                        select(documents.c.id).where(documents.c.content_hash == digest)).first() is not None:
                    return "unchanged", ""  # another process stored it since _check
                replaced = write_document(conn, doc, source, digest, str(Path(path).resolve()) if path else None)
        except ZhibiaoError as exc:
            return "failed", str(exc)
        except IntegrityError as exc:
            # PostgreSQL: another process inserted the same content or path meanwhile;
            # the second attempt sees its row.
            reason = _db_reason(exc)
            continue
        except SQLAlchemyError as exc:
            return "failed", _db_reason(exc)
        return ("replaced" if replaced else "new"), ""
    return "failed", reason


def _db_reason(exc: BaseException) -> str:
    return "database: " + (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def ingest_file(engine: Engine, path: str, extractor: Extractor | None = None,
                force: bool = False, max_bytes: int | None = None) -> tuple[Outcome, str]:
    """Ingest one file; returns (outcome, reason-if-failed). Never raises for bad input."""
    outcome, digest = _check(engine, path, force, set(), max_bytes)
    if outcome != "new":
        return outcome, digest
    return _store(engine, path, prepare(path, Path(path).stem, extractor, max_bytes), digest, force)


def ingest_bytes(engine: Engine, data: bytes, name: str, doc_id: str, extractor: Extractor | None = None,
                 force: bool = False, max_bytes: int | None = None) -> tuple[Outcome, str]:
    """Ingest a document given as bytes (standard input): known by its content alone."""
    digest = content_hash(data)
    if not force:
        outcome, info = _check_stored(engine, digest)
        if outcome != "new":
            return outcome, info
    try:
        source = read(data, name=name, max_bytes=max_bytes)
        doc = (extractor or zhibiao.extract)(source.text, published=source.published, doc_id=doc_id,
                                             title=source.title)
    except ZhibiaoError as exc:
        return "failed", str(exc)
    return _store(engine, None, (source, doc), digest, force)


def ingest_paths(engine: Engine, paths: Iterable[str | Path] | FileSelection, extractor: Extractor | None = None,
                 force: bool = False, progress: Callable[[str, Outcome], None] | None = None,
                 jobs: int | None = None, max_bytes: int | None = None) -> IngestReport:
    """Ingest files (or a FileSelection made by select_files). With the default extractor,
    extraction runs in `jobs` worker processes (default: one per CPU) while this process
    writes, in input order. A file over `max_bytes` (default: zhibiao.ingest's) fails."""
    selection = paths if isinstance(paths, FileSelection) else select_files(paths)
    report = IngestReport(skipped=selection.skipped_summary())
    seen: set[str] = set()
    jobs = check_jobs(jobs)
    pool: ProcessPoolExecutor | None = None
    # (path, document id, outcome, digest or reason, extraction under way)
    pending: deque[tuple[str, str, Outcome, str, Future[Prepared] | None]] = deque()

    def finish() -> None:
        path, doc_id, outcome, info, future = pending.popleft()
        reason = info
        if outcome == "new":
            try:
                prepared = future.result() if future is not None else prepare(path, doc_id, extractor, max_bytes)
            except Exception as exc:  # a worker died (killed, out of memory): this document fails
                prepared = f"extraction failed: {type(exc).__name__}: {exc}"
            outcome, reason = _store(engine, path, prepared, info, force)
        report.add(outcome, path, reason)
        if progress is not None:
            progress(path, outcome)

    try:
        for path, doc_id, problem in selection.files:
            outcome: Outcome
            outcome, info = ("failed", problem) if problem else _check(engine, path, force, seen, max_bytes)
            future = None
            if outcome == "new" and extractor is None and jobs > 1:
                if pool is None:
                    # fork: workers inherit the loaded modules; they never touch the database.
                    # Never more workers than files: the pool starts them all at once.
                    pool = ProcessPoolExecutor(min(jobs, len(selection.files)), mp_context=get_context("fork"),
                                               initializer=_orphan_guard, initargs=(os.getpid(),))
                future = pool.submit(prepare, path, doc_id, None, max_bytes)
            pending.append((path, doc_id, outcome, info, future))
            # Bounded look-ahead: workers stay busy, memory stays flat.
            while pending and (len(pending) > 2 * jobs or (pending[0][4] is None and pool is None)
                               or pending[0][2] != "new"):
                finish()
        while pending:
            finish()
    except KeyboardInterrupt:
        if pool is not None:
            # Workers only extract (no database), so stopping them loses nothing; waiting
            # could mean minutes on a large document.
            workers = list(getattr(pool, "_processes", {}).values())
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.join(5)
            # The workers are gone, so waiting is short; not waiting leaves the pool's
            # manager thread to fail at interpreter exit with a traceback on stderr.
            pool.shutdown(wait=True, cancel_futures=True)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return report


def check_jobs(jobs: int | None) -> int:
    """The number of extraction processes: `jobs`, default one per CPU; at least 1."""
    if jobs is not None and not 1 <= jobs <= MAX_JOBS:
        raise StoreError(f"--jobs {str(jobs)[:24]}: give 1 to {MAX_JOBS} extraction processes")
    return jobs or os.cpu_count() or 1


def _orphan_guard(parent: int) -> None:
    """In a worker: exit when the ingesting process dies (a killed ingest leaves no workers).
    Ctrl-C is the parent's to handle: it stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _clean(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; U+FFFD has the same length, so offsets stay valid.
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def _insert_ignore(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def _remove(conn: Connection, doc_ids: list[int]) -> None:
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
                   digest: str | None = None, path: str | None = None) -> bool:
    """Write one extracted document inside the caller's transaction.

    Rows of an older version (same path) or of the same content are replaced.
    Returns True when something was replaced.
    """
    text = _clean(doc.text)
    digest = digest or content_hash(doc.text.encode("utf-8"))
    path = path if path is not None else doc.source
    old = select(documents.c.id).where(documents.c.content_hash == digest)
    if path is not None:
        old = old.union(select(documents.c.id).where(documents.c.path == path))  # type: ignore[assignment]
    old_ids = [r[0] for r in conn.execute(old)]
    if old_ids:
        _remove(conn, old_ids)
    row = {
        "doc_id": free_document_id(conn, doc.id, path), "content_hash": digest, "path": path,
        "url": source.url if source else None,
        "title": doc.title or (source.title if source else None),
        "published": doc.published or (source.published if source else None),
        "format": source.format if source else None,
        "encoding": source.encoding if source else None,
        "chars": len(doc.text), "text": text, "extractor_version": zhibiao.__version__,
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    doc_pk = conn.execute(insert(documents).returning(documents.c.id), [{k: _clean(v) for k, v in row.items()}]
                          ).scalar_one()

    spans: list[tuple[int, int, int]] = []
    for a in doc.articles:
        art_pk = conn.execute(insert(articles).returning(articles.c.id), [{
            "document_id": doc_pk, "kind": a.kind, "title": _clean(a.title),
            "bylines": json.dumps(a.bylines, ensure_ascii=False), "start": a.start, "end": a.end,
        }]).scalar_one()
        spans.append((a.start, a.end, art_pk))

    def article_of(start: int) -> int | None:
        return next((pk for s, e, pk in spans if s <= start < e), None)

    def evidence(start: int, end: int) -> str:
        return text[max(0, start):max(0, end)]

    keys: dict[str, str] = {}
    items: list[Fact | Target] = [*doc.facts, *doc.targets]
    for item in items:
        k = indicator_key(item.indicator)
        if k:
            keys.setdefault(k, item.indicator or k)
    _insert_ignore(conn, indicators, [{"key": k, "label": _clean(v)} for k, v in keys.items()])

    fact_rows = [{
        "document_id": doc_pk, "article_id": article_of(f.start), "subject": _clean(f.subject),
        "subject_code": f.subject_code, "indicator": _clean(f.indicator), "indicator_key": indicator_key(f.indicator),
        "measure": f.measure, "value": f.value, "value_max": f.value_max, "unit": _clean(f.unit),
        "period": f.period, "period_year": last_year(f.period), "basis": _clean(f.basis),
        "qualifier": f.qualifier, "start": f.start, "end": f.end, "evidence": evidence(f.start, f.end),
    } for f in doc.facts]
    if fact_rows:
        conn.execute(insert(facts), fact_rows)

    plan_ids = _plans_for(conn, doc)
    target_rows = [{
        "document_id": doc_pk, "article_id": article_of(t.start),
        "plan_id": plan_ids.get(_plan_key(t.plan, t.subject_code)) if t.plan else None,
        "plan": _clean(t.plan), "subject": _clean(t.subject), "subject_code": t.subject_code,
        "indicator": _clean(t.indicator), "indicator_key": indicator_key(t.indicator), "measure": t.measure,
        "value": t.value, "value_max": t.value_max, "unit": _clean(t.unit), "qualifier": t.qualifier,
        "per_year": bool(t.per_year), "deadline": t.deadline, "deadline_year": last_year(t.deadline),
        "start": t.start, "end": t.end, "evidence": evidence(t.start, t.end),
    } for t in doc.targets]
    if target_rows:
        conn.execute(insert(targets), target_rows)

    if doc.entities:
        ent_keys = {entity_key(e.type, e.name, e.code): e for e in doc.entities}
        _insert_ignore(conn, entities, [{"type": e.type, "name": _clean(e.name), "code": e.code, "key": _clean(k)}
                                        for k, e in ent_keys.items()])
        ids = dict(conn.execute(select(entities.c.key, entities.c.id)
                                .where(entities.c.key.in_([_clean(k) for k in ent_keys]))).all())
        conn.execute(insert(entity_mentions), [{
            "entity_id": ids[_clean(entity_key(e.type, e.name, e.code))], "document_id": doc_pk,
            "start": e.start, "end": e.end} for e in doc.entities])
    _note_regions(conn, doc)
    return bool(old_ids)


def _note_regions(conn: Connection, doc: Document) -> None:
    """Add regions named with a code to the regions table when the gazetteer did not."""
    named: dict[str, str] = {}
    for e in doc.entities:
        if e.type == "region" and e.code and e.code.isdigit():
            named.setdefault(e.code, e.name)
    items: list[Fact | Target] = [*doc.facts, *doc.targets]
    for item in items:
        if item.subject_code and item.subject and item.subject_code.isdigit():
            named.setdefault(item.subject_code, item.subject)
    if not named:
        return
    parents = {c: parent_of(c) for c in named}
    known = {r[0] for r in conn.execute(select(regions.c.code).where(
        regions.c.code.in_(list(named) + [p for p in parents.values() if p])))}
    rows = []
    for code in sorted(named, key=lambda c: (len(prefix(c)), c)):
        parent = parents[code]
        rows.append({"code": code, "name": _clean(named[code]), "level": level_of(code),
                     "parent_code": parent if parent in known or parent in named else None})
        known.add(code)
    _insert_ignore(conn, regions, rows)


def entity_key(type_: str, name: str, code: str | None) -> str:
    return f"{type_}|{name}|{code or ''}"


def _plan_key(name: str | None, subject_code: str | None) -> str:
    return _clean(f"{name or ''}|{subject_code or ''}")


def _plans_for(conn: Connection, doc: Document) -> dict[str, int]:
    """Plan rows named by the document's targets (created undeclared when new)."""
    wanted = {_plan_key(t.plan, t.subject_code): t for t in doc.targets if t.plan}
    if not wanted:
        return {}
    _insert_ignore(conn, plans, [{"name": _clean(t.plan), "subject": _clean(t.subject),
                                  "subject_code": t.subject_code, "declared": False, "key": k}
                                 for k, t in wanted.items()])
    return dict(conn.execute(select(plans.c.key, plans.c.id).where(plans.c.key.in_(list(wanted)))).all())


def counts(conn: Connection) -> dict[str, int]:
    """Row counts of every table (tests and the CLI summary use them)."""
    tables = (documents, articles, facts, targets, entities, entity_mentions, plans, indicators)
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
