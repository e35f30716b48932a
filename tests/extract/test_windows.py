"""Long texts are read in windows cut at paragraph ends: the same facts as one reading, the
document's frame and an open review part carried from window to window, offsets into the
whole text. Texts here are invented."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import zhibiao
from zhibiao.extract import pipeline

PARAGRAPH = "{year}年，全市规模以上工业增加值增长{g}%，社会消费品零售总额{v}亿元。\n\n"


def _text(n: int) -> str:
    head = "赣州市国民经济运行情况\n\n"
    return head + "".join(PARAGRAPH.format(year=2010 + i % 15, g=i % 9 + 1, v=100 + i) for i in range(n))


def _reading(doc: zhibiao.Document) -> list[tuple[object, ...]]:
    return [(f.start, f.end, f.value, f.subject, f.indicator, f.period) for f in doc.facts]


def test_windows_cover_the_text_and_cut_after_a_blank_line() -> None:
    text = _text(40)
    parts = pipeline.windows(text, 300)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
    assert all(hi - lo <= 300 for lo, hi in parts)
    assert all(text[hi - 2:hi] == "\n\n" for _, hi in parts[:-1])


def test_a_text_without_line_ends_is_still_cut() -> None:
    parts = pipeline.windows("字" * 1000, 300)
    assert [hi - lo for lo, hi in parts] == [300, 300, 300, 100]


def test_windowed_reading_equals_one_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text(60)
    whole = zhibiao.extract(text, published="2025-03-01")
    monkeypatch.setattr(pipeline, "WINDOW", 400)
    assert len(pipeline.windows(text)) > 5
    windowed = zhibiao.extract(text, published="2025-03-01")
    assert _reading(windowed) == _reading(whole)
    assert all(text[f.start:f.end] == whole.text[f.start:f.end] for f in windowed.facts)
    assert {f.subject for f in windowed.facts} == {"赣州市"}  # the title's subject, in every window


def test_a_part_that_looks_back_goes_on_in_the_next_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # 将 sets a goal, except in a part that looks back: there the sentence is read as a result.
    review = "".join(f"第{i + 1}项，全市将新建5G基站{300 + i}个。\n" for i in range(30))
    text = ("萍乡市2026年政府工作报告\n\n一、2025年工作回顾\n\n" + review +
            "\n二、2026年工作安排\n\n今年，全市将新建5G基站800个。\n")
    whole = zhibiao.extract(text, published="2026-01-20")
    monkeypatch.setattr(pipeline, "WINDOW", 300)
    assert len(pipeline.windows(text)) > 2
    windowed = zhibiao.extract(text, published="2026-01-20")
    assert [t.value for t in windowed.targets] == [t.value for t in whole.targets] == [800]
    assert len(windowed.facts) == len(whole.facts) == 30


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_long_text_is_written_window_by_window_as_one_document(
        fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from zhibiao.cli import app

    text = _text(60)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(pipeline, "WINDOW", 400)
    assert len(pipeline.windows(text)) > 5
    whole = zhibiao.extract(text, published="2025-03-01", doc_id="long", source=str(path))
    run = CliRunner().invoke(app, ["extract", str(path), "--published", "2025-03-01", "--format", fmt])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout) == whole.to_dict()
    assert run.stdout == json.dumps(whole.to_dict(), ensure_ascii=False, indent=1 if fmt == "json" else None) + "\n"


def test_the_reading_of_a_long_text_is_told_window_by_window(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text(60)
    monkeypatch.setattr(pipeline, "WINDOW", 400)
    n = len(pipeline.windows(text))
    told: list[tuple[int, int]] = []
    doc = zhibiao.extract(text, published="2025-03-01", progress=lambda done, total: told.append((done, total)))
    assert n > 5 and told == [(done, n) for done in range(n + 1)]
    assert _reading(doc) == _reading(zhibiao.extract(text, published="2025-03-01"))  # nothing else changes


def test_the_extract_command_shows_a_bar_for_a_long_text_on_a_terminal_only(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from io import StringIO

    from rich.console import Console
    from typer.testing import CliRunner

    from zhibiao.cli import app, common

    path = tmp_path / "long.txt"
    path.write_text(_text(60), encoding="utf-8")
    monkeypatch.setattr(pipeline, "WINDOW", 400)
    args = ["extract", str(path), "--published", "2025-03-01", "--format", "jsonl"]
    plain = CliRunner().invoke(app, args)
    assert plain.exit_code == 0 and plain.stderr == ""  # stderr is no terminal: no bar
    terminal = StringIO()
    monkeypatch.setattr(common, "err", Console(file=terminal, force_terminal=True, width=80))
    shown = CliRunner().invoke(app, args)
    assert shown.exit_code == 0 and "long.txt" in terminal.getvalue()
    assert shown.stdout == plain.stdout  # the bar never reaches the data
