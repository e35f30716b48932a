"""A batch dataset into the store, with ingest's idempotence (content hash, path).

Partition by partition, CHUNK documents per transaction through the same batch writer
as ingest (executemany across documents, one content-hash query per chunk); the same
content twice, or content already stored, counts as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from zhibiao.scale import tables
from zhibiao.scale.partitions import MARKERS
from zhibiao.store import IngestReport, Store
from zhibiao.store.load import Entry, mark_stored, write_batch

CHUNK = 500


def load_dataset(dataset: str | Path, store: Store,
                 progress: Callable[[int], None] | None = None) -> IngestReport:
    """Load every written partition of `dataset` into `store`; errors rows count as failed.
    `progress` is called with each partition's number once it is loaded."""
    root = Path(dataset)
    report = IngestReport()
    seen: set[str] = set()
    for done in sorted((root / MARKERS).glob("part-*.json")):
        name = done.stem + ".parquet"
        parts = {t: pq.read_table(root / t / name) for t in tables.TABLES}
        for row in parts["errors"].to_pylist():
            report.add("failed", row["path"], row["error"])
        docs = tables.documents_of(parts)
        for lo in range(0, len(docs), CHUNK):
            entries = []
            for doc, source, path, digest in docs[lo:lo + CHUNK]:
                duplicate = digest in seen
                seen.add(digest)
                entries.append(Entry(path, doc.id, "unchanged" if duplicate else None, digest=digest,
                                     prepared=(source, doc)))
            mark_stored(store.engine, entries)
            write_batch(store.engine, entries, force=False)
            for e in entries:
                assert e.outcome is not None
                report.add(e.outcome, e.path, e.reason)
        if progress is not None:
            progress(int(done.stem.split("-")[1]))
    return report
