"""Values that cannot be right are refused, in the CLI and the Python API alike; `-` means
standard input or output; the version and Excel-friendly CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import zhibiao
from zhibiao.cli import app
from zhibiao.errors import InputError

runner = CliRunner()
TEXT = "2023年，东岭市茶叶产量增长4.2%。\n"


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "tea.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("date", ["2022-13-45", "2022-02-30", "2023-00", "30.01.2024", "2024-1-5"])
def test_a_date_that_does_not_exist_is_refused_by_the_api(date: str) -> None:
    with pytest.raises(InputError, match=f"published '{date}': not a date"):
        zhibiao.extract(TEXT, published=date)


@pytest.mark.parametrize("date", ["2024-02-29", "2024-01", "2024"])
def test_real_dates_in_each_precision_are_kept(date: str) -> None:
    assert zhibiao.extract(TEXT, published=date).published == date


def test_a_date_that_does_not_exist_is_refused_by_the_cli(document: Path) -> None:
    result = runner.invoke(app, ["extract", str(document), "--published", "2022-02-30"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("zhibiao: error: --published '2022-02-30': not a date "
                             "(expected YYYY-MM-DD, YYYY-MM or YYYY)\n")


def test_one_id_for_several_documents_is_refused(document: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(TEXT.replace("4.2", "4.3"), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(document), str(other), "--id", "tea"])
    assert result.exit_code == 2 and result.stderr.startswith("zhibiao: error: --id names one document")


@pytest.mark.parametrize("jobs", ["0", "-3", "5000"])
def test_jobs_out_of_range_is_refused_before_anything_is_created(jobs: str, document: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(document), "--jobs", jobs, "--db", str(tmp_path / "z.db")])
    assert result.exit_code == 2
    assert result.stderr == f"zhibiao: error: --jobs {jobs}: give 1 to 1024 extraction processes\n"
    assert not (tmp_path / "z.db").exists()


def test_ingest_reads_standard_input(tmp_path: Path) -> None:
    db = str(tmp_path / "z.db")
    first = runner.invoke(app, ["ingest", "-", "--db", db], input=TEXT.encode("utf-8"))
    assert (first.exit_code, first.stdout) == (0, "1 files: 1 new, 0 unchanged, 0 replaced, 0 failed\n")
    again = runner.invoke(app, ["ingest", "-", "--db", db], input=TEXT.encode("utf-8"))
    assert again.stdout == "1 files: 0 new, 1 unchanged, 0 replaced, 0 failed\n"
    rows = json.loads(runner.invoke(app, ["query", "documents", "--format", "json", "--db", db]).stdout)
    assert [(r["doc_id"], r["path"]) for r in rows] == [("stdin", None)]


@pytest.fixture
def db(document: Path, tmp_path: Path) -> str:
    url = str(tmp_path / "z.db")
    assert runner.invoke(app, ["ingest", str(document), "--jobs", "1", "--db", url]).exit_code == 0
    return url


def test_export_to_standard_output(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "-o", "-", "--format", "json", "--db", db])
    assert result.exit_code == 0, result.stderr
    assert [d["doc_id"] for d in json.loads(result.stdout)["documents"]] == ["tea"]
    assert not (tmp_path / "-").exists()
    result = runner.invoke(app, ["export", "-o", "-", "--db", db])
    assert result.exit_code == 2 and result.stderr.startswith("zhibiao: error: -o - writes json to standard output")
    assert not (tmp_path / "-").exists()


def test_export_for_excel_writes_a_byte_order_mark(db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--excel", "-o", str(tmp_path / "xl"), "--db", db])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "xl" / "facts.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    runner.invoke(app, ["export", "-o", str(tmp_path / "plain"), "--db", db])
    assert (tmp_path / "plain" / "facts.csv").read_bytes().startswith(b"id,")


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"zhibiao {zhibiao.__version__}\n")


@pytest.mark.parametrize("args", [
    ["query", "facts", "--limit", "abc"], ["query", "facts", "--bogus"], ["query"], ["nosuch"],
    ["--bogus"], ["plans", "add"], ["plans", "nope"], ["extract", "--format"],
], ids=" ".join)
def test_a_command_line_that_cannot_be_parsed_is_one_line(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("zhibiao: error: ") and result.stderr.count("\n") == 1, result.stderr


def test_a_bad_number_names_the_option_and_the_help_to_read() -> None:
    result = runner.invoke(app, ["query", "facts", "--limit", "abc"])
    assert result.stderr.startswith("zhibiao: error: Invalid value for '--limit': ")
    assert result.stderr.endswith("(see zhibiao query --help)\n")


@pytest.mark.parametrize("args", [[], ["plans"]], ids=lambda a: " ".join(["zhibiao", *a]))
def test_a_group_without_a_command_still_shows_its_help(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "Usage:" in result.output and "zhibiao: error" not in result.output
