"""``zhibiao demo``: the built-in samples through the whole pipeline into an SQLite file.

Extracts each sample document with its manifest date, stores it, declares the sample
plans, then prints the facts, the plan tracker and the conflicting figures.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

import zhibiao
from zhibiao import samples
from zhibiao.store import Store
from zhibiao.track import alerts
from zhibiao.track.db import add_plan, conflicts_store, track_store
from zhibiao.track.report import conflicts_table, plan_tables
from zhibiao.track.words import amount


def build(db: str | Path) -> Store:
    """Ingest the samples and declare the sample plans into ``db`` (a path or URL)."""
    store = Store(str(db))
    for sample in samples.demo_documents():
        doc = zhibiao.extract(sample.text, published=sample.published, doc_id=sample.id)
        # A stable pseudo-path: running the demo again replaces these rows, never duplicates them.
        store.ingest_document(doc, path=f"zhibiao-samples:{sample.file}")
    for name in samples.demo_plans():
        add_plan(store, text=samples.read_text(name), name=name)
    alerts.check(store)
    return store


def facts_table(store: Store, limit: int = 40) -> Table:
    rows = [r for r in store.facts() if not str(r["document"]).startswith("plan:")]
    table = Table(title=f"Facts: {len(rows)} (first {min(limit, len(rows))})")
    for col in ("document", "subject", "indicator", "measure", "value", "period", "evidence"):
        table.add_column(col, overflow="fold")
    for r in rows[:limit]:
        table.add_row(r["document"], r["subject"] or "", r["indicator"] or "", r["measure"],
                      amount(r["value"], r["unit"]), r["period"] or "", (r["evidence"] or "")[:40])
    return table


def run(db: str | Path = "demo.db", console: Console | None = None) -> None:
    console = console or Console()
    if not console.is_terminal:  # piped or under make: 80 columns would fold every reasoning
        console.width = max(console.width, 140)
    began = time.perf_counter()
    store = build(db)
    try:
        console.print(facts_table(store))
        for table in plan_tables(track_store(store)):
            console.print(table)
        console.print(conflicts_table(conflicts_store(store)))
    finally:
        store.close()
    console.print(f"\nDone in {time.perf_counter() - began:.1f} s. The database is {db}. Look further:\n"
                  f"  zhibiao query facts --db {db} --region 江西省\n"
                  f"  zhibiao track --db {db} --format json\n"
                  f"  datasette {db}        (browse every table and view in a browser)\n"
                  f"  zhibiao alerts --db {db}   (targets whose status changed after an ingest)\n"
                  f"\nOpen the dashboard: zhibiao serve --db {db}  then visit http://127.0.0.1:8000/")
