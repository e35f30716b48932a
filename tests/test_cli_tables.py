"""Output people read: tables that fit 80 columns with values in words and their evidence,
and JSON items that carry their evidence text."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.cli.tables import evidence_text, people_table, value_text

runner = CliRunner()
TEXT = ("2023年，赣州市地区生产总值达到3.6万亿元，比上年增长5.2%，"
        "数字经济核心产业增加值占地区生产总值比重提高到12.5%。\n"
        "到2027年，赣州市高新技术企业数量达到1.2万家。\n")


@pytest.fixture(autouse=True)
def _eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "ganzhou-2023.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _assert_fits(out: str, width: int = 80) -> None:
    too_wide = [line for line in out.splitlines() if cell_len(line) > width]
    assert not too_wide, "\n".join(too_wide)


def _whole_on_a_line(word: str, out: str) -> bool:
    return any(word in line for line in out.splitlines())


def test_values_read_with_scale_words() -> None:
    assert value_text(3.6e12, None, "元") == "3.6万亿元"
    assert value_text(12000, None, "家") == "1.2万家"
    assert value_text(5, 6, "%") == "5%–6%"
    assert value_text(None, None, None) == ""  # a milestone has no value


def test_evidence_is_one_short_line() -> None:
    assert evidence_text("增长\n5.2%") == "增长 5.2%"
    assert evidence_text("一" * 50, limit=10) == "一" * 9 + "…"


def test_a_table_fits_80_columns_and_keeps_one_word_cells_whole() -> None:
    row = {"subject": "赣州市", "indicator": "数字经济核心产业增加值占地区生产总值比重", "measure": "level",
           "value": 3.6e12, "unit": "元", "period": "2023-01/2023-11",
           "evidence": "数字经济核心产业增加值占地区生产总值比重提高到12.5%", "document": "ganzhou-2023"}
    console = Console(width=80, file=io.StringIO(), record=True)
    console.print(people_table([row] * 3, ("subject", "indicator", "measure", "value", "period", "evidence",
                                           "document")))
    out = console.export_text()
    _assert_fits(out)
    for word in ("indicator", "evidence", "赣州市", "level", "3.6万亿元", "2023-01/2023-11"):
        assert _whole_on_a_line(word, out), word


def test_extract_table_fits_and_reads(document: Path) -> None:
    result = runner.invoke(app, ["extract", str(document), "--format", "table"])
    assert result.exit_code == 0, result.output
    _assert_fits(result.stdout)
    for word in ("3.6万亿元", "1.2万家", "by 2027", "比上年增长5.2%", "赣州市"):
        assert _whole_on_a_line(word, result.stdout), word
    assert "e+12" not in result.stdout


def test_query_table_fits_and_reads(document: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    assert runner.invoke(app, ["ingest", str(document), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["query", "facts", "--db", db])
    assert result.exit_code == 0, result.output
    _assert_fits(result.stdout)
    for word in ("evidence", "3.6万亿元", "比上年增长5.2%", "赣州市"):
        assert _whole_on_a_line(word, result.stdout), word


def test_extract_json_items_carry_their_evidence(document: Path) -> None:
    out = json.loads(runner.invoke(app, ["extract", str(document)]).stdout)
    items = [*out["facts"], *out["targets"], *out["entities"]]
    assert out["facts"] and out["targets"] and out["entities"]
    assert all(item["evidence"] == TEXT[item["start"]:item["end"]] for item in items)
    assert all("evidence" not in article for article in out["articles"])  # it would repeat the text
