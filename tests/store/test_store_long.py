"""A document too long to read at once is ingested window by window (store.write.LongDocument)
and stores what ``zhibiao.extract`` reads from it; its reading is told window by window (the
progress bar of a large document). Texts here are invented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

import zhibiao
from zhibiao.cli import app
from zhibiao.extract import pipeline
from zhibiao.store import Store
from zhibiao.store.schema import articles, documents, facts, targets

PARAGRAPH = ("{y}年，全市规模以上工业增加值增长{g}%，社会消费品零售总额{v}亿元。\n\n"
             "到{d}年，全市地区生产总值力争达到{t}亿元，新建5G基站{n}个。\n\n")


def _text(n: int = 30) -> str:
    return "赣州市经济运行情况\n\n" + "".join(
        PARAGRAPH.format(y=2010 + i % 15, g=i % 9 + 1, v=100 + i, d=2026 + i % 4, t=5000 + i, n=300 + i)
        for i in range(n))


@pytest.fixture
def long_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file that reads in several windows (WINDOW made small)."""
    path = tmp_path / "long.txt"
    path.write_text(_text(), encoding="utf-8")
    monkeypatch.setattr(pipeline, "WINDOW", 400)
    assert len(pipeline.windows(_text())) > 5
    return path


def _rows(store: Store, kind: str) -> list[tuple[Any, ...]]:
    keys = ("start", "end", "value", "subject", "indicator", "measure", "evidence",
            "period" if kind == "facts" else "deadline")
    return sorted(tuple(r[k] for k in keys) for r in store.query(kind, limit=None))


def _read(doc: zhibiao.Document, kind: str) -> list[tuple[Any, ...]]:
    items: list[Any] = doc.facts if kind == "facts" else doc.targets
    return sorted((i.start, i.end, i.value, i.subject, i.indicator, i.measure, doc.text[i.start:i.end],
                   i.period if kind == "facts" else i.deadline) for i in items)


def test_a_long_document_stores_what_extract_reads(store: Store, long_file: Path) -> None:
    text = _text()
    whole = zhibiao.extract(text, doc_id="long")  # read in the same windows, at once
    assert whole.targets and whole.facts
    told: list[tuple[str, int, int]] = []
    report = store.ingest_paths([long_file], jobs=1, document_progress=lambda *a: told.append(a))
    assert report.summary().startswith("1 files: 1 new")
    assert _rows(store, "facts") == _read(whole, "facts")
    assert _rows(store, "targets") == _read(whole, "targets")
    counts = store.counts()
    assert counts["entity_mentions"] == len(whole.entities) and counts["articles"] == len(whole.articles)
    with store.connect() as conn:
        assert conn.execute(select(documents.c.text, documents.c.chars)).one() == (text, len(text))
        spans = [tuple(r) for r in conn.execute(select(articles.c.start, articles.c.end).order_by(articles.c.id))]
    assert spans == [(a.start, a.end) for a in whole.articles]
    assert [d["kind"] for d in store.query("documents")] == [whole.frame["kind"]]  # the first window's frame
    windows = len(pipeline.windows(text))
    assert told == [(str(long_file), done, windows) for done in range(windows + 1)]
    assert [r["doc_id"] for r in store.query("documents", search="新建5G基站")] == ["long"]
    again = store.ingest_paths([long_file], jobs=1)
    assert (again.new, again.unchanged) == (0, 1)  # idempotent: the content hash is stored


def test_figures_of_a_long_document_link_to_their_own_article(store: Store, long_file: Path) -> None:
    """Each window reads back only its own articles: a figure still links to the first
    article (by id) whose span holds it, as when every article was looked at."""
    store.ingest_paths([long_file], jobs=1)
    with store.connect() as conn:
        spans = [(r.id, r.start, r.end) for r in conn.execute(
            select(articles.c.id, articles.c.start, articles.c.end).order_by(articles.c.id))]
        linked = [tuple(r) for table in (facts, targets)
                  for r in conn.execute(select(table.c.article_id, table.c.start))]
    assert len(linked) > 20 and all(a is not None for a, _ in linked)
    assert all(a == next(pk for pk, s, e in spans if s <= start < e) for a, start in linked)


def test_a_long_document_from_standard_input_is_read_window_by_window(store: Store, long_file: Path) -> None:
    told: list[tuple[str, int, int]] = []
    outcome = store.ingest_bytes(long_file.read_bytes(), progress=lambda *a: told.append(a))
    assert outcome == ("new", "")
    whole = zhibiao.extract(_text(), doc_id="stdin")
    assert _rows(store, "targets") == _read(whole, "targets")
    assert told[-1][1] == told[-1][2] == len(pipeline.windows(_text())) > 5


def test_the_ingest_command_draws_no_bar_off_a_terminal(long_file: Path, tmp_path: Path) -> None:
    run = CliRunner().invoke(app, ["ingest", str(long_file), "--jobs", "1", "--db", f"sqlite:///{tmp_path / 'z.db'}"])
    assert run.exit_code == 0, run.output
    assert run.stdout == "1 files: 1 new, 0 unchanged, 0 replaced, 0 failed\n"
    assert "long.txt" not in run.stderr and "\x1b" not in run.stderr


def test_the_ingest_command_shows_a_bar_per_large_document_on_a_terminal(
        long_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from io import StringIO

    from rich.console import Console

    from zhibiao.cli import common

    terminal = StringIO()
    monkeypatch.setattr(common, "err", Console(file=terminal, force_terminal=True, width=80))
    run = CliRunner().invoke(app, ["ingest", str(long_file), "--jobs", "1", "--db", f"sqlite:///{tmp_path / 'z.db'}"])
    assert run.exit_code == 0, run.output
    assert run.stdout == "1 files: 1 new, 0 unchanged, 0 replaced, 0 failed\n"
    assert "long.txt" in terminal.getvalue() and "ingest" in terminal.getvalue()
