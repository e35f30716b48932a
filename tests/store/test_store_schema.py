"""Schema: migrations match the model, views and plans work on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection
from store_helpers import JIANGXI, figure_document, reset_pg

import zhibiao
from zhibiao.model import Document
from zhibiao.store import Store
from zhibiao.store.engine import alembic_config
from zhibiao.store.migrations import HEAD
from zhibiao.store.schema import include_object, metadata

SRC = str(Path(zhibiao.__file__).resolve().parents[1])


def test_migrated_schema_matches_model(store: Store) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": False})
        assert compare_metadata(ctx, metadata) == []
        names = set(inspect(conn).get_view_names())
    assert {"facts_view", "targets_view", "entities_view"} <= names


def test_head_is_the_newest_migration() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_a_store_at_the_newest_revision_opens_without_alembic(tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    opened = ("import sys; from zhibiao.store import Store; Store(sys.argv[1]).close(); "
              "Store(sys.argv[1], read_only=True).close(); print('alembic' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": SRC}
    first = subprocess.run([sys.executable, "-c", opened, str(db)], capture_output=True, text=True, env=env)
    again = subprocess.run([sys.executable, "-c", opened, str(db)], capture_output=True, text=True, env=env)
    assert (first.stdout, again.stdout) == ("False\n", "False\n")  # a new database is made at the head


def schema_description(conn: Connection) -> dict[str, Any]:
    """Everything a schema is made of, comparable between two databases."""
    found = inspect(conn)
    tables = {}
    for name in sorted(found.get_table_names()):
        tables[name] = (
            [(c["name"], str(c["type"]), c["nullable"], str(c.get("default")), c.get("comment"))
             for c in found.get_columns(name)],
            found.get_pk_constraint(name),
            sorted(repr(sorted(fk.items())) for fk in found.get_foreign_keys(name)),
            sorted((ix["name"] or "", tuple(ix["column_names"]), ix["unique"]) for ix in found.get_indexes(name)),
            sorted((u["name"] or "", tuple(u["column_names"])) for u in found.get_unique_constraints(name)))
    views = {name: " ".join((found.get_view_definition(name) or "").split()) for name in found.get_view_names()}
    if conn.dialect.name == "sqlite":
        extra = sorted(tuple(r) for r in conn.execute(text(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') OR name LIKE '%fts%'")))
    else:
        extra = sorted(tuple(r) for r in conn.execute(text("SELECT indexname, indexdef FROM pg_indexes "
                                                           "WHERE schemaname = 'public'")))
        extra += sorted(tuple(r) for r in conn.execute(text("SELECT extname FROM pg_extension")))
    version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return {"tables": tables, "views": views, "extra": extra, "version": version}


def test_a_new_database_is_made_as_the_migrations_make_it(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store, store.engine.connect() as conn:
        made = schema_description(conn)
    if db_url.startswith("sqlite"):
        db_url = f"sqlite:///{tmp_path / 'migrated.db'}"
    else:
        reset_pg(db_url)
    engine = create_engine(db_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.connect() as conn:
        migrated = schema_description(conn)
    engine.dispose()
    assert made["version"] == HEAD
    for part in ("tables", "views", "extra", "version"):
        assert made[part] == migrated[part], part


def test_downgrade_and_upgrade(db_url: str) -> None:
    store = Store(db_url)
    store.ingest_document(figure_document("jx", JIANGXI))
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with store.engine.connect() as conn:
        assert "facts" not in inspect(conn).get_table_names()
    store.close()
    with Store(db_url) as again:
        assert again.counts()["facts"] == 0
        again.ingest_document(figure_document("jx", JIANGXI))
        assert again.counts()["facts"] == 5


def test_views_read_like_the_api(store: Store) -> None:
    doc = figure_document("jx", JIANGXI, source="mem://jx")
    store.ingest_document(doc)
    with store.connect() as conn:
        row = conn.execute(text("SELECT subject, region, indicator, value, unit, period, evidence, source "
                                "FROM facts_view WHERE subject_code = '360703'")).one()
        plan = conn.execute(text("SELECT plan, deadline FROM targets_view")).one()
    assert row == ("南康区", "南康区", "家具产业集群产值", 2.0e11, "元", "2023",
                   doc.evidence(doc.facts[2]), "mem://jx")
    assert tuple(plan) == ("十四五规划", "2025")


def test_plans_for_the_tracker(store: Store) -> None:
    store.ingest_document(figure_document("jx", JIANGXI, source="mem://jx"))
    (auto,) = store.plans()
    assert (auto["name"], auto["declared"], auto["subject_code"]) == ("十四五规划", False, "360000")
    pid = store.upsert_plan("江西省十四五规划", subject="江西省", subject_code="360000", baseline="2020")
    assert store.upsert_plan("江西省十四五规划", subject="江西省", subject_code="360000", baseline="2021") == pid
    (target,) = store.targets()
    assert store.link_targets(pid, [target["id"]]) == 1
    assert store.targets()[0]["plan"] == "江西省十四五规划"
    # Re-ingesting drops the undeclared plan with its targets; the declared one stays.
    store.ingest_document(figure_document("jx", JIANGXI[:2], source="mem://jx"))
    assert [(p["name"], p["declared"], p["baseline"]) for p in store.plans()] == [("江西省十四五规划", True, "2021")]



def test_documents_stored_before_kinds_get_one_from_their_opening(db_url: str) -> None:
    with Store(db_url) as store:
        # Invented: a notice and a plan, stored without a frame; 0004 had no kind column at all.
        store.ingest_document(Document("n", "某市重点项目督查情况通报\n一季度完成投资12亿元。", "2024-04-01"))
        store.ingest_document(Document("p", "某县乡村振兴实施方案\n到2027年，建成示范村30个。", "2024-05-01"))
        cfg = alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
            assert "kind" not in {c["name"] for c in inspect(conn).get_columns("documents")}
            command.upgrade(cfg, "head")
        assert {d["doc_id"]: d["kind"] for d in store.query("documents")} == {"n": "notice", "p": "plan"}
        assert [d["doc_id"] for d in store.query("documents", document_kind="plan")] == ["p"]
