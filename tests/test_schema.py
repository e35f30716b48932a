"""The zhibiao/1 contract: API and CLI output validate against ``output.schema.json``.

Validated with Draft 2020-12 (the schema's ``$schema``) against the verbatim copy in
tests/data (see test_properties.py for the check that it equals the contract).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

import zhibiao
from zhibiao.cli import app

SCHEMA = json.loads((Path(__file__).parent / "data" / "output.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
CASES_DIR = Path(__file__).parent / "extract" / "cases"
NOT_OURS = frozenset({"regions.yaml", "entities.yaml"})

SAMPLE = (
    "2023年，全省规模以上工业增加值同比增长6.2%，比前三季度提高0.8个百分点。\n"
    "全年全省货物和集装箱吞吐量分别为5.3亿吨、312万标箱。\n"
    "到2026年，全省数字经济核心产业增加值年均增长9%左右，确保2030年前实现碳达峰。\n"
)


def _errors(instance: dict[str, Any]) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(instance)]


def _case_texts() -> list[tuple[str, str | None]]:
    texts = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        if path.name in NOT_OURS:
            continue
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(case, dict) and "text" in case:
                published = case.get("published")
                texts.append((case["text"], None if published is None else str(published)))
    return texts


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"].endswith("/draft/2020-12/schema")


def test_every_case_text_gives_valid_output() -> None:
    """One test over all table texts (not one per case: the tables already parametrize)."""
    texts = _case_texts()
    assert len(texts) >= 320
    failures = []
    for i, (text, published) in enumerate(texts):
        out = zhibiao.extract(text, published=published, doc_id=f"case-{i}").to_dict()
        errors = _errors(out)
        if errors:
            failures.append(f"{text[:40]}: {errors[:3]}")
        assert out["document"]["chars"] == len(text)
    assert not failures, "\n".join(failures[:20])


def test_document_header() -> None:
    out = zhibiao.extract(SAMPLE, published="2024-02-01", doc_id="sample").to_dict()
    assert out["schema"] == "zhibiao/1"
    assert out["document"]["id"] == "sample"
    assert out["document"]["published"] == "2024-02-01"
    assert out["document"]["chars"] == len(SAMPLE)
    assert not _errors(out)


@pytest.mark.parametrize("bad", [
    {"schema": "zhibiao/2"},
    {"facts": [{"indicator": "x", "measure": "ratio", "value": 1, "unit": "", "period": None}]},
    {"facts": [{"indicator": "x", "measure": "level", "value": "1", "unit": "", "period": None}]},
    {"targets": [{"indicator": "x", "measure": "level", "deadline": None, "qualifier": "about"}]},
    {"facts": [{"indicator": "x", "measure": "level", "value": 1, "unit": "", "period": None,
                "subject_code": "36"}]},
])
def test_schema_rejects_broken_output(bad: dict[str, Any]) -> None:
    """The validator is not vacuous: known-bad objects fail."""
    good = zhibiao.extract("", doc_id="empty").to_dict()
    assert not _errors(good)
    assert _errors({**good, **bad})


# ---------------------------------------------------------------- CLI


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_extract_json_validates(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "json", "--published", "2024-02-01"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert not _errors(out)
    assert out["document"]["id"] == "report"
    assert out["document"]["published"] == "2024-02-01"
    assert out["document"]["chars"] == len(SAMPLE)


def test_cli_extract_jsonl_gives_one_line_per_file(runner: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(SAMPLE, encoding="utf-8")
    second.write_text("2022年，全县粮食总产量达到6.8亿斤。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(first), str(second), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    assert [d["document"]["id"] for d in docs] == ["first", "second"]
    for doc in docs:
        assert not _errors(doc)


def test_cli_spans_index_the_file_text(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    for item in [*out["facts"], *out["targets"]]:
        assert 0 <= item["start"] <= item["end"] <= len(SAMPLE)
