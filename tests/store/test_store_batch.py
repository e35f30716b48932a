"""Ingest writes a batch of documents per transaction: a statement per table, not per
document, one content-hash query per batch, and one bad document still costs only itself."""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from store_helpers import JIANGXI, figure_document, line_extractor, write_corpus

import zhibiao
from zhibiao.model import Entity
from zhibiao.store import Store, insert, load, write
from zhibiao.store.load import BATCH
from zhibiao.store.write import Item, write_documents


@contextmanager
def statements(store: Store) -> Iterator[Counter[str]]:
    """Counts executions by their first words (INSERT INTO documents, SELECT documents.content_hash …)."""
    seen: Counter[str] = Counter()

    def count(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen[" ".join(sql.replace('"', '').split()[:3])] += 1

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def test_a_batch_is_one_insert_per_table(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    n = BATCH - 4
    write_corpus(tmp_path / "in", n)
    seen: Counter[str] = Counter()
    insert_rows = insert.insert_rows

    def counted(conn: Any, table: Any, keys: Any, rows: Any) -> None:
        seen[table.name] += 1
        insert_rows(conn, table, keys, rows)

    # COPY (PostgreSQL) passes SQLAlchemy's statement events by: count the calls instead.
    monkeypatch.setattr(insert, "insert_rows", counted)
    monkeypatch.setattr(write, "insert_rows", counted)  # facts and targets: rows as tuples
    report = store.ingest_paths([tmp_path / "in"], extractor=line_extractor)
    assert report.new == n
    assert store.counts()["documents"] == n and store.counts()["facts"] == 5 * n
    # executemany (COPY) across the documents: one round of statements for the whole batch
    assert seen["documents"] == 1
    assert seen["facts"] == 1
    assert seen["entity_mentions"] == 1


def test_one_hash_query_per_batch(store: Store, tmp_path: Path) -> None:
    n = 2 * BATCH + 1
    write_corpus(tmp_path / "in", n)
    store.ingest_paths([tmp_path / "in"], extractor=line_extractor)
    with statements(store) as seen:
        again = store.ingest_paths([tmp_path / "in"], extractor=line_extractor)
    assert (again.new, again.unchanged) == (0, n)
    assert seen["SELECT documents.content_hash FROM"] == 3  # three batches, nothing to write


def test_a_bad_document_in_a_batch_fails_alone(store: Store, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", 10)
    bad = paths[4]

    def broken_for_one(text: str, **kw: Any) -> zhibiao.Document:
        doc = line_extractor(text, **kw)
        if kw.get("source") == str(bad):
            doc.entities.append(Entity("org", None, 0, 1))  # type: ignore[arg-type]  # NOT NULL: fails to write
        return doc

    report = store.ingest_paths([tmp_path / "in"], extractor=broken_for_one)
    assert report.new == 9
    assert [p for p, _ in report.failed] == [str(bad)] and report.failed[0][1].startswith("database")
    assert store.counts()["documents"] == 9


def test_the_same_path_twice_in_one_batch_keeps_the_later(store: Store) -> None:
    first = figure_document("jx", JIANGXI[:2], source="mem://jx")
    second = figure_document("jx", JIANGXI[2:4], source="mem://jx")
    other = figure_document("zj", JIANGXI[4:5], source="mem://zj")
    with store.transaction() as conn:
        replaced = write_documents(conn, [Item(first), Item(other), Item(second)])
    assert replaced == [False, False, True]
    assert store.counts()["documents"] == 2
    assert sorted(f["subject"] for f in store.query("facts")) == ["南康区", "南昌市", "浙江省"]


def test_same_document_ids_in_one_batch_are_made_distinct(store: Store) -> None:
    docs = [figure_document("d01", JIANGXI[i:i + 1], source=f"/data/{folder}/d01.txt")
            for i, folder in enumerate(["a", "b", "c"])]
    with store.transaction() as conn:
        write_documents(conn, [Item(d) for d in docs])
    assert sorted(d["doc_id"] for d in store.query("documents")) == ["b/d01", "c/d01", "d01"]


def test_ctrl_c_while_a_batch_is_written_stops_after_it(store: Store, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch being written is stored and reported whole; the interrupt comes after it."""
    write_corpus(tmp_path / "in", BATCH + 5)
    real = load.write_batch

    def interrupted(*args: Any, **kwargs: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # as if Ctrl-C came in the middle of the write
        real(*args, **kwargs)

    monkeypatch.setattr(load, "write_batch", interrupted)
    reported: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        store.ingest_paths([tmp_path / "in"], extractor=line_extractor,
                           progress=lambda path, _outcome: reported.append(path))
    assert len(reported) == BATCH
    assert store.counts()["documents"] == BATCH
