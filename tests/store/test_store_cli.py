"""The CLI: thin commands, data on stdout, one-line errors with exit code 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from store_helpers import JIANGXI, figure_document, write_corpus
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.store import Store

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def test_ingest_summary_and_failures(db_url: str, tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 3)
    code, out, err = _run("ingest", str(tmp_path / "in"), str(tmp_path / "missing.txt"), "--db", db_url)
    assert code == 2
    assert out.strip() == "4 files: 3 new, 0 unchanged, 0 replaced, 1 failed"
    assert f"zhibiao: error: {tmp_path / 'missing.txt'}: no such file or directory" in err
    code, out, _ = _run("ingest", str(tmp_path / "in"), "--db", db_url)
    assert code == 0 and out.strip() == "3 files: 0 new, 3 unchanged, 0 replaced, 0 failed"


@pytest.fixture
def filled_url(db_url: str) -> str:
    with Store(db_url) as store:
        store.ingest_document(figure_document("jx", JIANGXI, source="mem://jx"))
    return db_url


def test_query_formats(filled_url: str) -> None:
    code, out, _ = _run("query", "facts", "--region", "赣州市", "--format", "json", "--db", filled_url)
    assert code == 0 and sorted(r["subject"] for r in json.loads(out)) == ["南康区", "赣州市"]
    code, out, _ = _run("query", "facts", "--indicator", "工业增加值", "--period", "2023", "--format", "csv",
                        "--db", filled_url)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["subject"] for r in rows] == ["江西省", "浙江省"]
    code, out, _ = _run("query", "targets", "--db", filled_url)
    assert code == 0 and "数字经济增加值" in out
    code, out, _ = _run("query", "documents", "--search", "家具产业", "--format", "jsonl", "--db", filled_url)
    assert code == 0 and json.loads(out)["doc_id"] == "jx"


@pytest.mark.parametrize("args", [
    ["query", "facts", "--region", "火星市"],
    ["query", "facts", "--period", "'; DROP TABLE facts; --"],
    ["query", "facts", "--search", "x" * 1_000_000],
    ["query", "planets"],
    ["query", "facts", "--format", "xml"],
    ["export", "--format", "dbf", "-o", "out.dbf"],
    ["export"],
])
def test_errors_are_one_line(filled_url: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(*args, "--db", filled_url)
    assert code == 2 and out == ""
    assert err.startswith("zhibiao: error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_bad_database_url(tmp_path: Path) -> None:
    code, _, err = _run("query", "facts", "--db", "mysql://nobody@localhost/x")
    assert code == 2 and err.startswith("zhibiao: error:")
    write_corpus(tmp_path / "in", 1)
    code, _, err = _run("ingest", str(tmp_path / "in"), "--db", f"sqlite:///{tmp_path}/no/such/dir/z.db")
    assert code == 2 and "does not exist" in err


def test_export_and_metadata(filled_url: str, tmp_path: Path) -> None:
    code, _, err = _run("export", "--format", "json", "-o", str(tmp_path / "all.json"),
                        "--datasette-metadata", str(tmp_path / "meta.json"), "--db", filled_url)
    assert code == 0, err
    assert len(json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["facts"]) == 5
    assert "databases" in json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))


def test_default_database_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZHIBIAO_DB", str(tmp_path / "env.db"))
    write_corpus(tmp_path / "in", 1)
    assert _run("ingest", str(tmp_path / "in"))[0] == 0
    assert (tmp_path / "env.db").exists() and not (tmp_path / "zhibiao.db").exists()
