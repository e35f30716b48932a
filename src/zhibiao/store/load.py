"""Ingest: files -> extraction -> rows, a batch of documents per transaction.

Idempotence rests on two unique keys of ``documents``: ``content_hash`` (the same bytes
are never ingested twice, wherever they lie) and ``path`` (a new version of a file
replaces the old one's rows). Each batch is written in a single transaction, so a killed
run leaves whole documents only, and running it again skips what is done.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

import zhibiao
from zhibiao.cycles import without_cycle_collection
from zhibiao.errors import IngestError, StoreError, ZhibiaoError
from zhibiao.ingest import Source, read, read_bytes
from zhibiao.model import Document
from zhibiao.store.engine import write_transaction
from zhibiao.store.files import FileSelection, select_files
from zhibiao.store.schema import documents
from zhibiao.store.write import Item, LongDocument, content_hash, write_document, write_documents

if TYPE_CHECKING:
    from zhibiao.extract.pipeline import Progress

Outcome = Literal["new", "unchanged", "replaced", "failed"]
MAX_JOBS = 1024
# Documents per transaction: a dozen statements per batch instead of per document, and a
# killed run loses at most one batch (rerun, it is extracted again).
BATCH = 64
Extractor = Callable[..., Document]
# Told (path, windows read, windows in all) as a document too long to read at once is
# read and written: a progress bar per large document.
DocumentProgress = Callable[[str, int, int], None]


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


Prepared = tuple[Source, Document] | str  # the read and extracted document, or why it failed


def prepare(path: str, doc_id: str, extractor: Extractor | None = None,
            max_bytes: int | None = None) -> Prepared:
    """Read and extract one file (runs in worker processes too, so no database here)."""
    step = "reading"
    try:
        source = read(path, max_bytes=max_bytes)
        step = "extraction"
        doc = _extracted(source, doc_id, path, extractor)
    except ZhibiaoError as exc:
        return getattr(exc, "problem", None) or str(exc)
    except Exception as exc:  # a reader or extractor bug must cost one document, not the run
        return f"{step} failed: {type(exc).__name__}: {exc}"
    return source, doc


def _extracted(source: Source, doc_id: str, path: str | None, extractor: Extractor | None) -> Document:
    """The document read from a source; a text too long to read at once (default extractor)
    is a LongDocument, read window by window as it is written (store.write), never whole."""
    from zhibiao.extract.pipeline import resolved_date, windows  # the pipeline loads its lexicons

    if extractor is None and len(windows(source.text)) > 1:
        return LongDocument(id=doc_id, text=source.text, source=path, title=source.title,
                            published=resolved_date(source.text, source.published))
    return (extractor or zhibiao.extract)(source.text, published=source.published, doc_id=doc_id,
                                          source=path, title=source.title)


def _read_digest(path: str, seen: set[str], max_bytes: int | None = None) -> tuple[Outcome | None, str]:
    """(None, digest) when the file's content is new to this run, else its outcome and reason."""
    try:
        # Bounded: a file over the limit is refused before it is read into memory.
        data = read_bytes(path, max_bytes)
    except IngestError as exc:
        return "failed", exc.problem
    digest = content_hash(data)
    if digest in seen:  # the same bytes twice in one run
        return "unchanged", ""
    seen.add(digest)
    return None, digest


def _stored(conn: Connection, digests: list[str]) -> set[str]:
    """Which of these content hashes are stored: one query."""
    return set(conn.execute(select(documents.c.content_hash).where(documents.c.content_hash.in_(digests)))
               .scalars())


def stored_hashes(conn: Connection, digests: list[str]) -> set[str]:
    """Which of these content hashes are stored, however many: a query per 500."""
    found: set[str] = set()
    for lo in range(0, len(digests), 500):  # bounded IN lists
        found |= _stored(conn, digests[lo:lo + 500])
    return found


def _check_stored(engine: Engine, digest: str) -> tuple[Outcome | None, str]:
    try:
        with engine.connect() as conn:
            same = bool(_stored(conn, [digest]))
    except SQLAlchemyError as exc:
        return "failed", db_reason(exc)
    return ("unchanged", "") if same else (None, digest)


def _store(engine: Engine, path: str | None, prepared: Prepared, digest: str, force: bool,
           progress: DocumentProgress | None = None) -> tuple[Outcome, str]:
    if isinstance(prepared, str):
        return "failed", prepared
    source, doc = prepared
    reason = ""
    for _attempt in range(2):
        try:
            with write_transaction(engine) as conn:  # one transaction for this document
                if not force and _stored(conn, [digest]):
                    return "unchanged", ""  # another process stored it since it was checked
                replaced = write_document(conn, doc, source, digest, _resolved(path),
                                          _told(progress, path or source.name))
        except ZhibiaoError as exc:
            return "failed", str(exc)
        except IntegrityError as exc:
            # PostgreSQL: another process inserted the same content or path meanwhile;
            # the second attempt sees its row.
            reason = db_reason(exc)
            continue
        except SQLAlchemyError as exc:
            return "failed", db_reason(exc)
        return ("replaced" if replaced else "new"), ""
    return "failed", reason


def _told(progress: DocumentProgress | None, name: str) -> Progress | None:
    """The document's own progress callback (see DocumentProgress)."""
    return None if progress is None else partial(progress, name)


def _resolved(path: str | None) -> str | None:
    return str(Path(path).resolve()) if path else None


def db_reason(exc: BaseException) -> str:
    return "database: " + (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def ingest_file(engine: Engine, path: str, extractor: Extractor | None = None,
                force: bool = False, max_bytes: int | None = None,
                progress: DocumentProgress | None = None) -> tuple[Outcome, str]:
    """Ingest one file; returns (outcome, reason-if-failed). Never raises for bad input."""
    outcome, digest = _read_digest(path, set(), max_bytes)
    if outcome is None and not force:
        outcome, digest = _check_stored(engine, digest)
    if outcome is not None:
        return outcome, digest
    return _store(engine, path, prepare(path, Path(path).stem, extractor, max_bytes), digest, force, progress)


def ingest_bytes(engine: Engine, data: bytes, name: str, doc_id: str, extractor: Extractor | None = None,
                 force: bool = False, max_bytes: int | None = None,
                 progress: DocumentProgress | None = None) -> tuple[Outcome, str]:
    """Ingest a document given as bytes (standard input): known by its content alone."""
    digest = content_hash(data)
    if not force:
        outcome, info = _check_stored(engine, digest)
        if outcome is not None:
            return outcome, info
    try:
        source = read(data, name=name, max_bytes=max_bytes)
        doc = _extracted(source, doc_id, None, extractor)
    except ZhibiaoError as exc:
        return "failed", str(exc)
    return _store(engine, None, (source, doc), digest, force, progress)


@dataclass(slots=True)
class Entry:
    """One document of a batch on its way: outcome None while it is still to be written."""

    path: str
    doc_id: str
    outcome: Outcome | None
    reason: str = ""
    digest: str = ""
    future: Future[Prepared] | None = None
    prepared: Prepared = ""


def _check_batch(engine: Engine, files: list[tuple[str, str, str | None]], force: bool,
                 seen: set[str], max_bytes: int | None) -> list[Entry]:
    """The batch's files, those already stored marked unchanged (one query for all)."""
    entries = []
    for path, doc_id, problem in files:
        outcome, info = ("failed", problem) if problem else _read_digest(path, seen, max_bytes)
        entries.append(Entry(path, doc_id, outcome, "" if outcome is None else info,
                             info if outcome is None else ""))
    if not force:
        mark_stored(engine, entries)
    return entries


def mark_stored(engine: Engine, entries: list[Entry]) -> None:
    """Entries still to write whose content is stored become unchanged: one query."""
    todo = [e for e in entries if e.outcome is None]
    if not todo:
        return
    try:
        with engine.connect() as conn:
            stored = _stored(conn, [e.digest for e in todo])
    except SQLAlchemyError as exc:
        stored, failure = set(), db_reason(exc)
        for e in todo:
            e.outcome, e.reason = "failed", failure
    for e in todo:
        if e.digest in stored:
            e.outcome = "unchanged"


def write_batch(engine: Engine, entries: list[Entry], force: bool, progress: DocumentProgress | None = None) -> None:
    """Write the batch's extracted documents in one transaction, setting their outcomes."""
    for e in entries:
        if e.outcome is None and isinstance(e.prepared, str):
            e.outcome, e.reason = "failed", e.prepared
    todo = [e for e in entries if e.outcome is None]
    if not todo:
        return
    try:
        with write_transaction(engine) as conn:
            stored = set() if force else _stored(conn, [e.digest for e in todo])
            write = [e for e in todo if e.digest not in stored]
            items = [Item(e.prepared[1], e.prepared[0], e.digest, _resolved(e.path), _told(progress, e.path))
                     for e in write if not isinstance(e.prepared, str)]
            replaced = write_documents(conn, items)
    except (ZhibiaoError, SQLAlchemyError):
        # One document's trouble, or another process storing the same content meanwhile,
        # must not cost the batch: one transaction per document then, as ingest_file does.
        for e in todo:
            e.outcome, e.reason = _store(engine, e.path, e.prepared, e.digest, force, progress)
        return
    for e in todo:
        if e.digest in stored:
            e.outcome = "unchanged"  # another process stored it since it was checked
    for e, was_replaced in zip(write, replaced, strict=True):
        e.outcome = "replaced" if was_replaced else "new"


def ingest_paths(engine: Engine, paths: Iterable[str | Path] | FileSelection, extractor: Extractor | None = None,
                 force: bool = False, progress: Callable[[str, Outcome], None] | None = None,
                 jobs: int | None = None, max_bytes: int | None = None,
                 document_progress: DocumentProgress | None = None) -> IngestReport:
    """Ingest files (or a FileSelection made by select_files). With the default extractor,
    extraction runs in `jobs` worker processes (default: one per CPU) while this process
    writes, in input order, BATCH documents per transaction. A file over `max_bytes`
    (default: zhibiao.ingest's) fails. ``progress``: told each file's outcome;
    ``document_progress``: see DocumentProgress."""
    selection = paths if isinstance(paths, FileSelection) else select_files(paths)
    report = IngestReport(skipped=selection.skipped_summary())
    seen: set[str] = set()
    jobs = check_jobs(jobs)
    pool: ProcessPoolExecutor | None = None
    batches: deque[list[Entry]] = deque()

    def finish() -> None:
        entries = batches.popleft()
        for e in entries:
            if e.outcome is None:
                try:
                    e.prepared = (e.future.result() if e.future is not None
                                  else prepare(e.path, e.doc_id, extractor, max_bytes))
                except Exception as exc:  # a worker died (killed, out of memory): this document fails
                    e.prepared = f"extraction failed: {type(exc).__name__}: {exc}"
                e.future = None
        with _interrupt_after(), without_cycle_collection():
            write_batch(engine, entries, force, document_progress)
            for e in entries:
                assert e.outcome is not None
                report.add(e.outcome, e.path, e.reason)
                if progress is not None:
                    progress(e.path, e.outcome)

    files = selection.files
    try:
        for lo in range(0, len(files), BATCH):
            with _interrupt_after():
                entries = _check_batch(engine, files[lo:lo + BATCH], force, seen, max_bytes)
            if extractor is None and jobs > 1:
                for e in entries:
                    if e.outcome is None:
                        if pool is None:
                            # fork: workers inherit the loaded modules; they never touch the database.
                            # Never more workers than files: the pool starts them all at once.
                            pool = ProcessPoolExecutor(min(jobs, len(files)), mp_context=get_context("fork"),
                                                       initializer=_orphan_guard, initargs=(os.getpid(),))
                        e.future = pool.submit(prepare, e.path, e.doc_id, None, max_bytes)
            batches.append(entries)
            # The workers extract the next batch while this process writes the one before.
            while len(batches) > (1 if pool is not None else 0):
                finish()
        while batches:
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


@contextmanager
def _interrupt_after() -> Iterator[None]:
    """Ctrl-C takes effect when the block ends: a connection interrupted on its way back to
    the pool prints SQLAlchemy's traceback, and a batch is reported as soon as it is stored."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield
        return
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


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
