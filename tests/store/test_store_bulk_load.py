"""A batch dataset bulk-loaded into the store (zhibiao.scale.bulk): the same rows as
ingest's writer gives, idempotent, searchable, and all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from briefs import write_briefs
from zhibiao.errors import StoreError
from zhibiao.scale import rows, run
from zhibiao.scale.bulk import _chunked, load_dataset
from zhibiao.scale.partitions import MARKERS
from zhibiao.store import IngestReport, Store

# Every row of the figures, as the database holds them, ids aside (articles by their span).
ROWS = {
    "facts": """SELECT d.doc_id, a.start, a."end", f.subject, f.subject_code, f.indicator, f.indicator_key,
                f.measure, f.value, f.value_max, f.unit, f.period, f.period_year, f.basis, f.qualifier,
                f.start, f."end", f.evidence FROM facts f JOIN documents d ON d.id = f.document_id
                LEFT JOIN articles a ON a.id = f.article_id""",
    "targets": """SELECT d.doc_id, a.start, p.key, t.plan, t.subject, t.subject_code, t.indicator,
                  t.indicator_key, t.measure, t.value, t.unit, t.per_year, t.deadline, t.deadline_year,
                  t.start, t."end", t.evidence FROM targets t JOIN documents d ON d.id = t.document_id
                  LEFT JOIN articles a ON a.id = t.article_id LEFT JOIN plans p ON p.id = t.plan_id""",
    "documents": """SELECT doc_id, content_hash, path, title, published, format, encoding, chars, text,
                    kind FROM documents""",
    "articles": """SELECT d.doc_id, a.kind, a.title, a.bylines, a.start, a."end" FROM articles a
                   JOIN documents d ON d.id = a.document_id""",
    "mentions": """SELECT d.doc_id, e.type, e.name, e.code, e.key, m.start, m."end" FROM entity_mentions m
                   JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id""",
    "indicators": "SELECT key, label FROM indicators",
    "plans": "SELECT name, subject, subject_code, declared, key FROM plans",
    "regions": "SELECT code, name, level, parent_code FROM regions",
}


def write_texts(folder: Path, n: int) -> None:
    write_briefs(folder, n, kinds=3)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bulk")
    write_texts(folder / "in", 12)
    (folder / "in" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    run([folder / "in"], folder / "dataset", workers=1, partition_size=4, processes=False)
    return folder / "dataset"


def rows_of(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store.connect() as conn:
        # Booleans: 0/1 on SQLite, false/true on PostgreSQL.
        return {name: sorted((tuple(int(v) if isinstance(v, bool) else v for v in row)
                              for row in conn.execute(text(sql))), key=repr) for name, sql in ROWS.items()}


def schema_of(store: Store) -> tuple[set[str], set[str]]:
    """Index names of every table (PostgreSQL: and constraints), and SQLite's triggers."""
    with store.connect() as conn:
        found = inspect(conn)
        indexes = {ix["name"] or "" for t in found.get_table_names() for ix in found.get_indexes(t)}
        triggers = set()
        if conn.dialect.name == "sqlite":
            triggers = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        else:
            indexes |= {r[0] for r in conn.execute(text("SELECT indexname FROM pg_indexes"))}
            indexes |= {r[0] for r in conn.execute(text("SELECT conname FROM pg_constraint"))}
    return indexes, triggers


def test_a_bulk_load_gives_the_rows_ingests_writer_gives(store: Store, dataset: Path, tmp_path: Path) -> None:
    report = load_dataset(dataset, store)
    assert (report.new, report.unchanged, len(report.failed)) == (12, 0, 1)
    # The reference: document batches through ingest's writer, into SQLite (so a bulk load
    # into PostgreSQL is compared with SQLite too).
    with Store(f"sqlite:///{tmp_path / 'chunked.db'}") as reference:
        chunked = IngestReport()
        _chunked(reference.engine, dataset, sorted((dataset / MARKERS).glob("part-*.json")), chunked, None)
        assert chunked.new == 12
        want = rows_of(reference)
        assert reference.counts() == store.counts()
    got = rows_of(store)
    for name in ROWS:
        assert got[name] == want[name], name
    assert len(got["facts"]) > 12 and len(got["targets"]) == 12


def test_loading_the_same_dataset_twice_adds_nothing(store: Store, dataset: Path) -> None:
    load_dataset(dataset, store)
    first = store.counts()
    again = load_dataset(dataset, store)
    assert (again.new, again.unchanged) == (0, 12)
    assert store.counts() == first


def test_search_works_after_a_bulk_load(store: Store, dataset: Path) -> None:
    before = schema_of(store)
    load_dataset(dataset, store)
    found = store.query("documents", search="经济运行简报（第7期")
    assert [d["doc_id"].rsplit("/", 1)[-1] for d in found] == ["brief007"]
    assert schema_of(store) == before
    if store.engine.dialect.name == "sqlite":
        with store.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH '\"运行简报\"'"))
            assert n.scalar() == 12


def test_a_load_failing_half_way_leaves_the_database_as_it_was(store: Store, dataset: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "other"
    write_texts(folder, 3)
    store.ingest_paths([folder], jobs=1)
    before, schema, stored = store.counts(), schema_of(store), rows_of(store)
    write = rows.write_partition
    calls = []

    def failing(*args: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise OperationalError("INSERT", {}, Exception("disk full"))
        write(*args)

    monkeypatch.setattr(rows, "write_partition", failing)
    with pytest.raises(StoreError, match=r"the database is as it was: .*disk full"):
        load_dataset(dataset, store)
    assert store.counts() == before and rows_of(store) == stored
    assert schema_of(store) == schema
    monkeypatch.setattr(rows, "write_partition", write)
    assert load_dataset(dataset, store).new == 12 - 3  # three texts were ingested already
    assert store.query("documents", search="经济运行简报（第11期")


def test_a_new_version_of_a_stored_path_replaces_it(store: Store, dataset: Path) -> None:
    source = dataset.parent / "in" / "part1" / "brief001.txt"
    original = source.read_bytes()
    try:
        source.write_text("南昌市2020年经济运行简报（旧版）\n2020年，南昌市地区生产总值增长1.0%。\n", encoding="utf-8")
        store.ingest_paths([source], jobs=1)
    finally:
        source.write_bytes(original)
    report = load_dataset(dataset, store)
    assert (report.new, report.replaced) == (11, 1)
    assert store.counts()["documents"] == 12
    assert not store.query("documents", search="旧版")
