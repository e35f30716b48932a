"""Full-text search over documents: zhibiao's --search and Datasette's ?_search= (SQLite)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from datasette.app import Datasette
from datasette.utils import detect_fts
from sqlalchemy import text

from zhibiao.model import Document
from zhibiao.store import Store
from zhibiao.store.engine import alembic_config
from zhibiao.store.migrations.search import drop_search

# Invented texts: only the first names the goal searched for.
TEXTS = {"lowcarbon": "全市推进碳达峰行动，新建光伏电站三座。", "roads": "全市新修农村公路一百二十公里。"}


def _store(tmp_path: Path) -> tuple[Path, Store]:
    db = tmp_path / "zhibiao.db"
    store = Store(f"sqlite:///{db}")
    for doc_id, body in TEXTS.items():
        store.ingest_document(Document(doc_id, body, "2024-05-01"), path=doc_id)
    return db, store


def _datasette_search(db: Path, query: str) -> list[dict[str, Any]]:
    async def get() -> list[dict[str, Any]]:
        ds = Datasette([str(db)])
        await ds.invoke_startup()
        resp = await ds.client.get("/zhibiao/documents.json", params={"_search": query, "_shape": "array"})
        assert resp.status_code == 200, resp.text
        rows: list[dict[str, Any]] = resp.json()
        return rows

    return asyncio.run(get())


def test_datasette_search_finds_only_matching_documents(tmp_path: Path) -> None:
    db, store = _store(tmp_path)
    store.close()
    with sqlite3.connect(db) as conn:
        assert detect_fts(conn, "documents") == "documents_fts"
    assert [r["doc_id"] for r in _datasette_search(db, "碳达峰")] == ["lowcarbon"]
    assert _datasette_search(db, "碳中和") == []


def test_two_character_searches_still_work_in_zhibiao(tmp_path: Path) -> None:
    _db, store = _store(tmp_path)
    with store:
        assert [r["doc_id"] for r in store.query("documents", search="光伏")] == ["lowcarbon"]
        assert [r["doc_id"] for r in store.query("documents", search="碳达峰")] == ["lowcarbon"]


def test_migration_makes_the_old_index_detectable_and_indexes_stored_documents(tmp_path: Path) -> None:
    db, store = _store(tmp_path)
    with store:
        cfg = alembic_config()
        with store.engine.begin() as conn:
            # The index as revision 0001 made it: Datasette cannot see content='documents'.
            drop_search(conn)
            conn.execute(text("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, "
                              "content='documents', content_rowid='id', tokenize='trigram')"))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")
            command.upgrade(cfg, "head")
    with sqlite3.connect(db) as conn:
        assert detect_fts(conn, "documents") == "documents_fts"
    # Documents stored before the migration are in the new index, and new ones are added.
    assert [r["doc_id"] for r in _datasette_search(db, "农村公路")] == ["roads"]
    with Store(f"sqlite:///{db}") as again:
        again.ingest_document(Document("more", "全省碳达峰试点再增两个。", "2024-06-01"), path="more")
    assert sorted(r["doc_id"] for r in _datasette_search(db, "碳达峰")) == ["lowcarbon", "more"]
