"""The CLI: thin commands, data on stdout, one-line errors with exit code 2."""

from __future__ import annotations

import csv
import gc
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
    assert gc.get_freeze_count() == 0  # the command gives the collector back what it froze


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


def test_an_empty_result_says_so_and_csv_keeps_its_header(filled_url: str) -> None:
    code, out, err = _run("query", "facts", "--region", "浙江省", "--period", "2019", "--format", "csv",
                          "--db", filled_url)
    with Store(filled_url, read_only=True) as store:
        header = ",".join(store.columns("facts"))
    assert code == 0 and out.splitlines() == [header] and header.startswith("id,document,published")
    assert err == "zhibiao: no facts match --region 浙江省 --period 2019\n"


def test_a_limit_cut_says_how_many_rows_there_were(filled_url: str) -> None:
    code, out, err = _run("query", "facts", "--limit", "2", "--format", "jsonl", "--db", filled_url)
    assert code == 0 and len(out.splitlines()) == 2
    assert err == "zhibiao: showing the first 2 of 5 facts; --limit 0 shows all\n"
    code, out, err = _run("query", "facts", "--limit", "5", "--format", "jsonl", "--db", filled_url)
    assert code == 0 and len(out.splitlines()) == 5 and err == ""


def test_track_on_a_database_without_plans_says_so(db_url: str) -> None:
    Store(db_url).close()
    code, _, err = _run("track", "--db", db_url)
    assert code == 0 and err.startswith("zhibiao: no plans in the database: declare one with zhibiao plans add")


@pytest.mark.parametrize("command", [["query", "facts"], ["track"], ["conflicts"]], ids=lambda c: c[0])
def test_an_ambiguous_region_lists_its_candidates_and_a_code_chooses(filled_url: str, command: list[str]) -> None:
    code, out, err = _run(*command, "--region", "朝阳区", "--db", filled_url)
    assert code == 2 and out == ""
    assert err == ("zhibiao: error: region '朝阳区' is ambiguous: 110105 北京市朝阳区, 220104 吉林省长春市朝阳区; "
                   "give its code (--region 110105)\n")
    code, _, err = _run(*command, "--region", "220104", "--db", filled_url)
    assert code == 0 and "ambiguous" not in err
