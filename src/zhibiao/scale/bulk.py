"""A batch dataset into the store, with ingest's idempotence (content hash, path).

One transaction for the whole load: new documents go in partition by partition, column by
column (scale.rows), with the indexes built once at the end (store.deferred); a load that
fails leaves the database as it was. The same content twice, or content already stored,
counts as unchanged. A document replacing a stored version of its path is written after,
through ingest's batch writer (which removes the old rows), every index in place.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from zhibiao.errors import StoreError
from zhibiao.ingest import Source
from zhibiao.model import Document
from zhibiao.scale import rows, tables
from zhibiao.scale.partitions import MARKERS
from zhibiao.store import IngestReport, Store
from zhibiao.store.deferred import deferred_indexes
from zhibiao.store.engine import bulk_transaction
from zhibiao.store.load import Entry, db_reason, mark_stored, stored_hashes, write_batch
from zhibiao.store.schema import documents

CHUNK = 500  # documents per transaction of ingest's writer (replacements, the fallback)
_STORE_TABLE = {"entities": "entity_mentions"}


def load_dataset(dataset: str | Path, store: Store,
                 progress: Callable[[int], None] | None = None) -> IngestReport:
    """Load every written partition of `dataset` into `store`; errors rows count as failed.
    `progress` is called with each partition's number once it is loaded."""
    root = Path(dataset)
    markers = sorted((root / MARKERS).glob("part-*.json"))
    report = IngestReport()
    later: list[Entry] = []
    try:
        _bulk(store.engine, root, markers, report, later, progress)
    except IntegrityError:
        # PostgreSQL: another process stored some of these documents meanwhile. Nothing
        # of the load stayed; ingest's writer, a batch at a time, sees their rows.
        report, later = IngestReport(), []
        _chunked(store.engine, root, markers, report, progress)
    except SQLAlchemyError as exc:
        raise StoreError(f"loading {root} failed, the database is as it was: {db_reason(exc)}") from None
    for lo in range(0, len(later), CHUNK):
        _write(store.engine, later[lo:lo + CHUNK], report)
    return report


def _bulk(engine: Engine, root: Path, markers: list[Path], report: IngestReport, later: list[Entry],
          progress: Callable[[int], None] | None) -> None:
    incoming = _incoming(engine, root, markers)
    seen: set[str] = set()
    seen_paths: set[str] = set()
    with (bulk_transaction(engine) as conn, deferred_indexes(conn, incoming),
          ThreadPoolExecutor(1) as reader):
        # The next partition is read while this one is written. On PostgreSQL its rows are made
        # there too: the server works in a process of its own while the driver waits without
        # the GIL. On SQLite only its files are (Parquet decodes without the GIL): Python
        # beside the driver's executemany takes the GIL from it at every row, for milliseconds.
        with_rows = conn.dialect.name == "postgresql"
        ahead = reader.submit(_partition, root, markers[0], with_rows) if markers else None
        for k, done in enumerate(markers):
            assert ahead is not None
            parts, made = ahead.result()
            ahead = reader.submit(_partition, root, markers[k + 1], with_rows) if k + 1 < len(markers) else None
            cols, part = made or _rows(parts)
            for row in parts["errors"].to_pylist():
                report.add("failed", row["path"], row["error"])
            docs = cols["documents"]
            paths = [p or s for p, s in zip(rows.resolved_paths(docs["path"]), docs["source"], strict=True)]
            stored = stored_hashes(conn, docs["content_hash"])
            stored_paths = _stored_paths(conn, [p for p in paths if p is not None])
            keep: list[int] = []
            replacing: list[int] = []
            for i, (digest, path) in enumerate(zip(docs["content_hash"], paths, strict=True)):
                if digest in seen or digest in stored:
                    report.add("unchanged", docs["path"][i] or "")
                elif path is not None and (path in seen_paths or path in stored_paths):
                    replacing.append(i)
                else:
                    keep.append(i)
                seen.add(digest)
                if path is not None:
                    seen_paths.add(path)
            if len(keep) < len(paths):  # some are stored already or replace stored ones
                part = rows.prepare(rows.only(cols, keep))
            rows.write_partition(conn, part, [paths[i] for i in keep])
            for i in keep:
                report.add("new", docs["path"][i] or "")
            if replacing:
                prepared = tables.documents_of(parts)
                later += [_entry(*prepared[i]) for i in replacing]
            if progress is not None:
                progress(int(done.stem.split("-")[1]))


def _incoming(engine: Engine, root: Path, markers: list[Path]) -> dict[str, int]:
    """About how many rows the load adds per table of the store: the dataset's rows times
    the share of its documents not stored yet (a reload adds nothing, rebuilds nothing)."""
    digests = [h for m in markers for h in pq.read_table(root / "documents" / (m.stem + ".parquet"),
                                                          columns=["content_hash"]).column(0).to_pylist()]
    with engine.connect() as conn:
        stored = stored_hashes(conn, digests)
    share = sum(h not in stored for h in digests) / len(digests) if digests else 0.0
    # The dataset's entities are the store's mentions.
    return {_STORE_TABLE.get(t, t): round(share * sum(pq.read_metadata(root / t / (m.stem + ".parquet")).num_rows
                                                      for m in markers)) for t in tables.TABLES}


def _read(root: Path, marker: Path) -> dict[str, pa.Table]:
    return {t: pq.read_table(root / t / (marker.stem + ".parquet")) for t in tables.TABLES}


Made = tuple[dict[str, rows.Columns], rows.Partition]


def _rows(parts: dict[str, pa.Table]) -> Made:
    cols = {t: rows.columns(parts[t]) for t in tables.TABLES if t != "errors"}
    return cols, rows.prepare(cols)


def _partition(root: Path, marker: Path, with_rows: bool) -> tuple[dict[str, pa.Table], Made | None]:
    parts = _read(root, marker)
    return parts, _rows(parts) if with_rows else None


def _stored_paths(conn: Connection, paths: list[str]) -> set[str]:
    found: set[str] = set()
    for lo in range(0, len(paths), CHUNK):  # bounded IN lists
        found |= set(conn.execute(select(documents.c.path).where(documents.c.path.in_(paths[lo:lo + CHUNK])))
                     .scalars())
    return found


def _entry(doc: Document, source: Source, path: str, digest: str) -> Entry:
    return Entry(path, doc.id, None, digest=digest, prepared=(source, doc))


def _write(engine: Engine, entries: list[Entry], report: IngestReport) -> None:
    mark_stored(engine, entries)
    write_batch(engine, entries, force=False)
    for e in entries:
        assert e.outcome is not None
        report.add(e.outcome, e.path, e.reason)


def _chunked(engine: Engine, root: Path, markers: list[Path], report: IngestReport,
             progress: Callable[[int], None] | None) -> None:
    """The dataset through ingest's writer, CHUNK documents per transaction."""
    seen: set[str] = set()
    for done in markers:
        parts = _read(root, done)
        for row in parts["errors"].to_pylist():
            report.add("failed", row["path"], row["error"])
        docs = tables.documents_of(parts)
        for lo in range(0, len(docs), CHUNK):
            entries = []
            for doc, source, path, digest in docs[lo:lo + CHUNK]:
                entries.append(_entry(doc, source, path, digest))
                if digest in seen:
                    entries[-1].outcome = "unchanged"
                seen.add(digest)
            _write(engine, entries, report)
        if progress is not None:
            progress(int(done.stem.split("-")[1]))
