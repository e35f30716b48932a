"""Traditional-script documents join simplified ones: indicator keys are in simplified script."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select, update
from typer.testing import CliRunner

import zhibiao
from zhibiao.cli import app
from zhibiao.store import Store
from zhibiao.store.engine import alembic_config
from zhibiao.store.schema import facts, indicators
from zhibiao.track import add_plan, conflicts_store, track_store

# Invented sentences: the same two figures, one text in each script.
TRADITIONAL = "贛州市2023年規模以上工業增加值增長6.1%，全市地區生產總值4600億元。"
SIMPLIFIED = "赣州市2023年规上工业增加值增长5.9%，全市地区生产总值4600亿元。"
PLAN = """name: 赣州市工业倍增计划
region: 赣州市
targets:
  - indicator: 规模以上工业增加值
    measure: growth
    value: 8
    unit: "%"
    per_year: true
    deadline: "2025"
    baseline: {period: "2022"}
"""


def _ingest(store: Store) -> None:
    for doc_id, text, published in (("big5", TRADITIONAL, "2024-02-05"), ("gb", SIMPLIFIED, "2024-03-08")):
        store.ingest_document(zhibiao.extract(text, published=published, doc_id=doc_id), path=doc_id)


def test_both_scripts_are_compared_and_found(db_url: str) -> None:
    with Store(db_url) as store:
        _ingest(store)
        [conflict] = conflicts_store(store)
        assert {conflict.a.doc_id, conflict.b.doc_id} == {"big5", "gb"}
        assert conflict.indicator == "规模以上工业增加值"
        add_plan(store, text=PLAN, name="plan.yaml")
        [result] = track_store(store)
        assert result.targets[0].evaluation.observations == 2
        rows = store.facts(indicator="规模以上工业增加值")
        # The indicator as written keeps its script; the key is simplified.
        assert sorted(r["indicator"] for r in rows) == ["規模以上工業增加值", "规上工业增加值"]
        assert {r["indicator_key"] for r in rows} == {"规模以上工业增加值"}
    out = CliRunner().invoke(app, ["query", "facts", "--indicator", "地区生产总值", "--db", db_url,
                                   "--format", "json"])
    assert out.exit_code == 0 and '"big5"' in out.stdout and '"gb"' in out.stdout


def test_migration_rewrites_traditional_keys(db_url: str) -> None:
    with Store(db_url) as store:
        _ingest(store)
        # What the code before revision 0002 stored: keys in the text's script.
        with store.transaction() as conn:
            conn.execute(indicators.insert(), [{"key": "地區生產總值", "label": "地區生產總值"},
                                               {"key": "規模以上工業增加值", "label": "規模以上工業增加值"}])
            for written in ("地區生產總值", "規模以上工業增加值"):
                conn.execute(update(facts).where(facts.c.indicator == written).values(indicator_key=written))
        assert len(store.facts(indicator="地区生产总值")) == 1  # the stored key is what queries read
        cfg = alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
            command.upgrade(cfg, "head")
        assert len(store.facts(indicator="地区生产总值")) == 2
        with store.connect() as conn:
            keys = {r[0] for r in conn.execute(select(indicators.c.key))}
        assert "地區生產總值" not in keys and "規模以上工業增加值" not in keys
        assert {"地区生产总值", "规模以上工业增加值"} <= keys
