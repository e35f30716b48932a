"""The Store: one database (SQLite or PostgreSQL) behind a small Python API."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from sqlalchemy import select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from zhibiao.errors import StoreError
from zhibiao.ingest import Source
from zhibiao.model import Document
from zhibiao.store import engine as eng
from zhibiao.store import load, query, write
from zhibiao.store import regions as reg
from zhibiao.store.files import FileSelection
from zhibiao.store.schema import documents, plans, targets


class Store:
    """A zhibiao database. ``Store()`` opens $ZHIBIAO_DB or sqlite:///zhibiao.db, creating
    it and migrating it to the current schema.

    ``Store(url, read_only=True)`` is for commands that only read: it refuses a database
    that does not exist (StoreError "no zhibiao database at …") instead of creating an
    empty one, and writes nothing, so a read-only file or folder can be queried.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True, read_only: bool = False) -> None:
        self.url = eng.resolve_url(url)
        self.read_only = read_only
        if read_only:
            self.engine = eng.open_for_reading(self.url)
            return
        self.engine = eng.make_engine(self.url)
        if migrate:
            eng.upgrade(self.engine)
            with self.transaction() as conn:
                reg.sync_regions(conn)

    # -- plumbing --------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read connection (for ad-hoc SELECTs over the tables and views)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self._name()}: {eng._first_line(exc)}") from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one write transaction: committed on success, rolled back on error."""
        if self.read_only:
            raise StoreError(f"{self._name()}: opened for reading only")
        try:
            with eng.write_transaction(self.engine) as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self._name()}: {eng._first_line(exc)}") from None

    def _name(self) -> str:
        return eng.sqlite_path(self.url) or self.engine.url.render_as_string(hide_password=True)

    # -- ingest ----------------------------------------------------------------------
    def ingest_paths(self, paths: Iterable[str | Path] | FileSelection, *, extractor: load.Extractor | None = None,
                     force: bool = False, progress: Callable[[str, load.Outcome], None] | None = None,
                     jobs: int | None = None, max_bytes: int | None = None,
                     document_progress: load.DocumentProgress | None = None) -> load.IngestReport:
        """Ingest files and directories; bad inputs are reported, never raised. Under a
        directory only document types are taken (``select_files(paths, include, exclude)``
        chooses otherwise). Extraction runs in `jobs` processes (default one per CPU; 1:
        in this process). A file over `max_bytes` (default 50 MB, $ZHIBIAO_MAX_BYTES) fails.
        ``progress``: told each file's outcome; ``document_progress``: how a large document's
        reading goes (load.DocumentProgress)."""
        return load.ingest_paths(self.engine, paths, extractor=extractor, force=force, progress=progress,
                                 jobs=jobs, max_bytes=max_bytes, document_progress=document_progress)

    def ingest_bytes(self, data: bytes, *, name: str = "<stdin>", doc_id: str = "stdin",
                     extractor: load.Extractor | None = None, force: bool = False,
                     max_bytes: int | None = None,
                     progress: load.DocumentProgress | None = None) -> tuple[load.Outcome, str]:
        """Ingest a document given as bytes (standard input); the same bytes again are unchanged."""
        return load.ingest_bytes(self.engine, data, name, doc_id, extractor=extractor, force=force,
                                 max_bytes=max_bytes, progress=progress)

    def ingest_file(self, path: str | Path, *, extractor: load.Extractor | None = None,
                    force: bool = False, max_bytes: int | None = None) -> tuple[load.Outcome, str]:
        return load.ingest_file(self.engine, str(path), extractor=extractor, force=force, max_bytes=max_bytes)

    def ingest_document(self, doc: Document, source: Source | None = None, *,
                        content_hash: str | None = None, path: str | None = None) -> bool:
        """Store an already extracted Document in one transaction. A previous version with
        the same path (default ``doc.source``) or the same content is replaced: returns True then."""
        with self.transaction() as conn:
            return write.write_document(conn, doc, source, content_hash, path)

    # -- read ------------------------------------------------------------------------
    def query(self, kind: str, *, region: str | None = None, indicator: str | None = None,
              period: str | None = None, measure: str | None = None, search: str | None = None,
              document_kind: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Rows of facts, targets, entities or documents as dicts.

        region: a name (江西省) or GB/T 2260 code; includes everything below it.
        indicator: matched on indicator keys, exact or containing the text.
        period: 2023 (any period ending in 2023) or a precise period (2023-11, 2023-Q3);
        for targets it applies to the deadline, for documents to the publication date.
        search: substring of the evidence (facts, targets), the name (entities) or the
        full text (documents, trigram index).
        document_kind: documents of this kind only (zhibiao.model.DOCUMENT_KINDS).
        """
        with self.connect() as conn:
            return query.run(conn, kind, limit=limit, offset=offset, region=region, indicator=indicator,
                             period=period, measure=measure, search=search, document_kind=document_kind)

    def count(self, kind: str, **filters: str | None) -> int:
        """How many rows query(kind, **filters) gives without a limit."""
        with self.connect() as conn:
            return query.count(conn, kind, **filters)

    def columns(self, kind: str) -> list[str]:
        """The columns of query(kind) rows (also when there are none)."""
        with self.connect() as conn:
            return query.columns(conn, kind)

    def facts(self, **filters: Any) -> list[dict[str, Any]]:
        return self.query("facts", **filters)

    def targets(self, **filters: Any) -> list[dict[str, Any]]:
        return self.query("targets", **filters)

    def conflict_candidates(self, region: str | None = None) -> list[dict[str, Any]]:
        """Facts of figures that documents give different values for (see zhibiao.track.conflicts)."""
        with self.connect() as conn:
            return query.conflict_candidates(conn, region)

    def facts_measuring(self, keys: Iterable[str], codes: Iterable[str],
                        subjects: Iterable[str | None]) -> list[dict[str, Any]]:
        """Facts that may measure targets of these indicator keys and regions (the tracker's input)."""
        with self.connect() as conn:
            return query.facts_measuring(conn, list(keys), list(codes), list(subjects))

    def version(self) -> tuple[Any, ...]:
        """A value that changes when documents, figures or plans change (a writer in any
        process): for caching what is computed from them. A plan's baseline changes with its
        document, so it is covered too."""
        with self.connect() as conn:
            return query.version(conn)

    def counts(self) -> dict[str, int]:
        with self.connect() as conn:
            return write.counts(conn)

    def document_text(self, document_id: int) -> str:
        with self.connect() as conn:
            text = conn.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar()
        if text is None:
            raise StoreError(f"no document with id {document_id}")
        return str(text)

    def document(self, document_id: int) -> dict[str, Any]:
        """One document (by row id) with its text and its facts, targets and entity mentions."""
        with self.connect() as conn:
            found = query.document(conn, document_id)
        if found is None:
            raise StoreError(f"no document with id {document_id}")
        return found

    def document_pk_of(self, data: bytes) -> int | None:
        """The row id of the document stored from these bytes (None: none is)."""
        with self.connect() as conn:
            pk = conn.execute(select(documents.c.id).where(documents.c.content_hash == write.content_hash(data))).scalar()
        return None if pk is None else int(pk)

    def region_code(self, region: str) -> str:
        """The GB/T 2260 code of a region name or code; StoreError for an unknown one."""
        with self.connect() as conn:
            return query.region_code(conn, region)

    def document_pks(self, doc_ids: Iterable[str]) -> dict[str, int]:
        """Row ids of documents by their document.id (doc_id); unknown ones are left out."""
        with self.connect() as conn:
            return query.document_pks(conn, [str(i) for i in doc_ids])

    def indicator_counts(self, limit: int = 50) -> list[dict[str, Any]]:
        """Indicator keys with their number of facts, most first."""
        with self.connect() as conn:
            return query.indicator_counts(conn, limit)

    # -- plans (written by zhibiao.track) ---------------------------------------------
    def upsert_plan(self, name: str, *, subject: str | None = None, subject_code: str | None = None,
                    declared: bool = True, baseline: str | None = None) -> int:
        """Create or update the plan (name, subject_code); returns its id."""
        key = f"{name}|{subject_code or ''}"
        values = {"name": name, "subject": subject, "subject_code": subject_code,
                  "declared": declared, "baseline": baseline}
        with self.transaction() as conn:
            pk = conn.execute(select(plans.c.id).where(plans.c.key == key)).scalar()
            if pk is None:
                return int(conn.execute(plans.insert().returning(plans.c.id), [{**values, "key": key}]).scalar_one())
            conn.execute(update(plans).where(plans.c.id == pk).values(**values))
            return int(pk)

    def remove_plan(self, name: str, *, subject_code: str | None = None, document_path: str | None = None) -> None:
        """Undeclare the plan (name, subject_code): the document at ``document_path`` that
        declared it goes with its targets; the row stays while extracted targets name the plan."""
        with self.transaction() as conn:
            if document_path is not None:
                ids = [r[0] for r in conn.execute(select(documents.c.id).where(documents.c.path == document_path))]
                if ids:
                    write.remove_documents(conn, ids)
            key = f"{name}|{subject_code or ''}"
            conn.execute(update(plans).where(plans.c.key == key).values(declared=False, baseline=None))
            write.drop_unused_plans(conn, conn.execute(select(plans.c.id).where(plans.c.key == key)).scalars())

    def plans(self) -> list[dict[str, Any]]:
        with self.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(plans).order_by(plans.c.id))]

    def link_targets(self, plan_id: int, target_ids: Iterable[int]) -> int:
        """Attach targets to a plan; returns how many rows changed."""
        ids = list(target_ids)
        if not ids:
            return 0
        with self.transaction() as conn:
            before = {r[0] for r in conn.execute(select(targets.c.plan_id).where(
                targets.c.id.in_(ids), targets.c.plan_id.is_not(None), targets.c.plan_id != plan_id))}
            changed = int(conn.execute(update(targets).where(targets.c.id.in_(ids)).values(plan_id=plan_id)).rowcount)
            write.drop_unused_plans(conn, before)
            return changed

    # -- export ----------------------------------------------------------------------
    def export(self, path: str | Path, fmt: str, *, excel: bool = False) -> list[Path]:
        """Write facts, targets, entities and documents as csv, json, parquet or xlsx
        (excel: csv with a byte-order mark, for Excel on Windows)."""
        from zhibiao.store import export

        with self.connect() as conn:
            return export.export(conn, Path(path), fmt, excel=excel)

    def export_json(self, stream: TextIO) -> None:
        """All four tables as one JSON object, streamed into `stream` (standard output)."""
        from zhibiao.store import export

        with self.connect() as conn:
            export.write_json(conn, stream)

    def write_datasette_metadata(self, path: str | Path) -> Path:
        from zhibiao.store import export

        return export.write_datasette_metadata(Path(path), eng.sqlite_path(self.url) or self.engine.url.database)
