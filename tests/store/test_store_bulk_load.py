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


def reference(dataset: Path, db: Path, stored: tuple[Path, ...] = ()) -> tuple[dict[str, Any], dict[str, int]]:
    """The rows and counts of `dataset` written in document batches through ingest's writer
    into SQLite (so a bulk load into PostgreSQL is compared with SQLite too), after
    ingesting `stored`."""
    with Store(f"sqlite:///{db}") as store:
        if stored:
            store.ingest_paths(list(stored), jobs=1)
        _chunked(store.engine, dataset, sorted((dataset / MARKERS).glob("part-*.json")), IngestReport(), None)
        return rows_of(store), store.counts()


def test_a_bulk_load_gives_the_rows_ingests_writer_gives(store: Store, dataset: Path, tmp_path: Path) -> None:
    report = load_dataset(dataset, store)
    assert (report.new, report.unchanged, len(report.failed)) == (12, 0, 1)
    want, counts = reference(dataset, tmp_path / "chunked.db")
    assert store.counts() == counts
    got = rows_of(store)
    for name in ROWS:
        assert got[name] == want[name], name
    assert len(got["facts"]) > 12 and len(got["targets"]) == 12


def test_a_load_of_documents_partly_stored_gives_the_rows_ingests_writer_gives(store: Store, dataset: Path,
                                                                                tmp_path: Path) -> None:
    # Three of the dataset's texts, stored before: their partitions are written in part.
    folder = tmp_path / "other"
    write_texts(folder, 3)
    store.ingest_paths([folder], jobs=1)
    report = load_dataset(dataset, store)
    assert (report.new, report.unchanged) == (9, 3)
    want, counts = reference(dataset, tmp_path / "chunked.db", stored=(folder,))
    assert store.counts() == counts
    assert rows_of(store) == want


# An invented newspaper page of two items, each with figures of its own.
PAGE = """东方经济报
2025年3月4日　星期二　　第5版　　区域经济

□ 本报记者 王海涛

宁波：外贸新业态跑出加速度

记者从宁波市商务局获悉，2024年，宁波市跨境电商进出口额增长18.5%，达到2300亿元，市场采购贸易出口增长9.6%。

海关监管模式创新带动了中小企业出海。全年新增有进出口实绩的企业1200家。

□ 本报记者 刘思敏

赣州：稀土新材料产业集群成形

2024年，赣州市稀土新材料产业营业收入增长12.1%，规模以上工业增加值增长7.3%。

按照三年行动计划，到2027年，赣州市稀土产业营业收入达到3000亿元左右。
"""


def test_figures_of_a_page_of_several_articles_are_linked_to_their_own(store: Store, tmp_path: Path) -> None:
    write_texts(tmp_path / "in", 3)
    (tmp_path / "in" / "page.txt").write_text(PAGE, encoding="utf-8")
    run([tmp_path / "in"], tmp_path / "dataset", workers=1, partition_size=2, processes=False)
    load_dataset(tmp_path / "dataset", store)
    want, _counts = reference(tmp_path / "dataset", tmp_path / "chunked.db")
    assert rows_of(store) == want
    with store.connect() as conn:
        linked = set(conn.execute(text("SELECT a.title, f.indicator FROM facts f JOIN articles a "
                                       "ON a.id = f.article_id")).all())
    assert ("宁波：外贸新业态跑出加速度", "跨境电商进出口额") in linked
    assert ("赣州：稀土新材料产业集群成形", "稀土新材料产业营业收入") in linked


def test_a_bulk_load_into_sqlite_sets_its_connection_for_loading_and_back(dataset: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def settings(conn: Any) -> tuple[int, int, int | None]:
        return (conn.exec_driver_sql("PRAGMA foreign_keys").scalar(),
                conn.exec_driver_sql("PRAGMA cache_size").scalar(),
                conn.execute(text("SELECT v FROM documents_fts_config WHERE k = 'hashsize'")).scalar())

    seen = []
    write = rows.write_partition

    def watching(conn: Any, *args: Any) -> None:
        seen.append(settings(conn))
        write(conn, *args)

    monkeypatch.setattr(rows, "write_partition", watching)
    with Store(f"sqlite:///{tmp_path / 'z.db'}") as store:
        load_dataset(dataset, store)
        # Foreign keys unchecked, a larger page cache and full-text buffer, while loading.
        assert seen and set(seen) == {(0, -131_072, 16 * 1024 * 1024)}
        assert store.engine.pool.checkedin() == 1  # the one connection, as it was before
        with store.connect() as conn:
            assert settings(conn) == (1, -2000, 1024 * 1024)


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


def test_a_new_database_made_after_a_load_has_its_foreign_keys(store: Store, dataset: Path, tmp_path: Path) -> None:
    # PostgreSQL's load drops and adds foreign keys; the model it did so with makes new databases.
    load_dataset(dataset, store)
    with Store(f"sqlite:///{tmp_path / 'new.db'}") as new, new.connect() as conn:
        assert [fk["referred_table"] for fk in inspect(conn).get_foreign_keys("articles")] == ["documents"]


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
