"""Plan files: the documented example, units through the extraction unit table, validation in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.errors import PlanError
from zhibiao.model import Document, Fact
from zhibiao.store import Store
from zhibiao.track import add_plan, load_plan, plan_from_text, track_store

DOC = Path(__file__).resolve().parents[2] / "docs" / "plans.md"
EXAMPLE = DOC.read_text(encoding="utf-8").split("```yaml")[1].split("```")[0]
GANZHOU = {"subject": "赣州市", "subject_code": "360700"}


def _with(old: str, new: str) -> str:
    assert old in EXAMPLE, old
    return EXAMPLE.replace(old, new, 1)


def test_the_documented_example_loads_in_base_units(tmp_path: Path) -> None:
    path = tmp_path / "ganzhou-2025.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    plan = load_plan(path)
    assert (plan.region, plan.region_code, plan.aliases) == ("赣州市", "360700", ["数字经济提速行动"])
    got = {t.target.indicator: (t.target.measure, t.target.value, t.target.value_max, t.target.unit,
                                t.target.deadline) for t in plan.targets}
    assert got == {
        "数字经济核心产业营业收入": ("level", 3.5e8, None, "元", "2025"),
        "规模以上工业增加值": ("growth", 8, 8.5, "%", "2025"),
        "数字经济从业人员": ("level", 12000, None, "人", "2025-12-31"),  # an unquoted YAML date
        "5G基站覆盖率": ("change", 10, None, "百分点", "2025"),
        "数字经济发展水平": ("rank", 3, None, "位", "2025"),
        "建成城市大数据中心": ("milestone", None, None, None, "2025-Q4"),
    }
    revenue = plan.targets[0]
    assert revenue.baseline is not None and (revenue.baseline.value, revenue.baseline.period) == (2.1e8, "2022")
    assert plan.targets[1].baseline is not None and plan.targets[1].baseline.period == "2022"  # the plan's


def test_scale_words_keep_exact_values() -> None:
    plan = plan_from_text(_with("value: 3.5\n", "value: 10.87\n"))
    assert plan.targets[0].target.value == 1087000000.0  # not 1086999999.9999999


@pytest.mark.parametrize("unit", ["亿元", "元"])
def test_a_target_in_yi_yuan_meets_facts_stored_in_yuan(tmp_path: Path, unit: str) -> None:
    text = EXAMPLE if unit == "亿元" else _with("value: 3.5\n    unit: 亿元", "value: 350000000\n    unit: 元") \
        .replace("baseline: {value: 2.1,", "baseline: {value: 210000000,")
    with Store(f"sqlite:///{tmp_path / 't.db'}") as store:
        evidence = "数字经济核心产业营业收入2.3亿元"
        fact = Fact("数字经济核心产业营业收入", "level", 2.3e8, "元", "2023", 0, len(evidence), **GANZHOU)
        store.ingest_document(Document("report", evidence, "2024-02-01", facts=[fact]), path="report")
        add_plan(store, text=text, name="ganzhou-2025.yaml")
        [result] = track_store(store, plan="数字经济提速")
    status = {t.tracked.target.indicator: t.evaluation.status for t in result.targets}
    # A straight line from 2.1亿元 (2022) to 3.5亿元 (2025) requires about 2.57亿元 by the end of 2023.
    assert status["数字经济核心产业营业收入"] == "behind"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("value: 3.5\n", "value: 三点五\n",
     "ganzhou-2025.yaml: target 1 (数字经济核心产业营业收入): 'value' should be a number, got text '三点五'"),
    ("value_max: 8.5", "valeu: 8.5",
     "ganzhou-2025.yaml: target 2 (规模以上工业增加值): unknown key 'valeu' (did you mean 'value'?"),
    ("deadline: 2025-12-31", "deadline: soon",
     "target 3 (数字经济从业人员): 'deadline' should be a period (2026, 2026-12, 2026-Q4, 2026-12-31), got text 'soon'"),
    ("deadline: 2025-12-31", "deadline: 2025-02-30", "'deadline' should be a period"),
    ("per_year: true", "per_year: 1", "target 2 (规模以上工业增加值): 'per_year' should be true or false, got the number 1"),
    ("unit: 亿元", "unit: 亿美金", "target 1 (数字经济核心产业营业收入): 'unit' should be a unit of the units table"),
    ("measure: rank", "measure: ranking", "'measure' should be one of level, growth, change, rank, milestone"),
    ("qualifier: at_least", "qualifier: mostly", "'qualifier' should be one of approx, over"),
    ("value: 3 ", "value: [3] ", "target 5 (数字经济发展水平): 'value' should be a number, got a list"),
    ("value: 8\n", "value: 9\n", "'value_max' 8.5 is below 'value' 9"),
    ("measure: rank", "measure: rank\n    unit: 亿元", "'unit' should be 位 or nothing for a rank"),
    ("region: 赣州市", "region: 朝阳区", "'region' '朝阳区' names several regions: 110105 (北京市朝阳区); 220104"),
    ("region: 赣州市", "region: 赣南星", "ganzhou-2025.yaml: 'region' '赣南星' is not a region zhibiao knows"),
    ("region: 赣州市", "region: 999999", "'region' code '999999' is not in the gazetteer"),
    ("aliases:\n  - 数字经济提速行动", "aliases: 数字经济提速行动", "'aliases' should be a list of text, got text"),
    ('  period: "2022"', "  value: 3", "ganzhou-2025.yaml: baseline: unknown key 'value' (the keys are period)"),
    ("baseline: {value: 2.1,", "baseline: {value: 两亿,", "target 1 (数字经济核心产业营业收入): baseline: 'value' should be a number"),
    ("name: 赣州市", "title: 赣州市", "ganzhou-2025.yaml: unknown key 'title'"),
    ("targets:\n", "targets:\n  - 数字经济从业人员\n",
     "target 1: expected a mapping with indicator, measure, value and unit, got text '数字经济从业人员'"),
    ("name: 赣州市", "name: [赣州市", "ganzhou-2025.yaml: not valid YAML ("),
])
def test_mistakes_are_named_in_words(old: str, new: str, message: str) -> None:
    with pytest.raises(PlanError) as caught:
        plan_from_text(_with(old, new), "ganzhou-2025.yaml")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value) and "<class" not in str(caught.value)


def test_region_by_code_and_numbers_written_as_text() -> None:
    plan = plan_from_text(_with("region: 赣州市", "region: 360700").replace("value: 3.5\n", 'value: "3.5e0"\n'))
    assert plan.region == "赣州市" and plan.targets[0].target.value == 3.5e8


def test_cli_plans_add_list_remove(tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 't.db'}"
    path = tmp_path / "ganzhou-2025.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    out = runner.invoke(app, ["plans", "add", str(path), "--db", db])
    assert out.exit_code == 0 and "6 targets" in out.stdout
    out = runner.invoke(app, ["plans", "list", "--db", db, "--format", "json"])
    assert out.exit_code == 0 and '"file": "ganzhou-2025"' in out.stdout and '"targets": 6' in out.stdout
    out = runner.invoke(app, ["plans", "list", "--db", db])
    assert out.exit_code == 0 and "ganzhou-2025" in out.stdout
    out = runner.invoke(app, ["plans", "remove", "no-such-plan", "--db", db])
    assert out.exit_code == 2 and "no declared plan is named 'no-such-plan'" in out.stderr
    out = runner.invoke(app, ["plans", "remove", "ganzhou-2025", "--db", db])
    assert out.exit_code == 0 and "removed 赣州市数字经济提速三年行动方案" in out.stdout
    out = runner.invoke(app, ["plans", "list", "--db", db, "--format", "json"])
    assert out.exit_code == 0 and out.stdout.strip() == "[]"
    bad = tmp_path / "bad.yaml"
    bad.write_text(_with("value: 3.5\n", "value: 三点五\n"), encoding="utf-8")
    out = runner.invoke(app, ["plans", "add", str(bad), "--db", db])
    assert out.exit_code == 2 and out.stderr.strip() == (
        f"zhibiao: error: {bad}: target 1 (数字经济核心产业营业收入): 'value' should be a number, got text '三点五'")


def test_plans_add_help_points_at_the_format() -> None:
    out = CliRunner().invoke(app, ["plans", "add", "--help"])
    assert out.exit_code == 0 and "docs/plans.md" in out.stdout and DOC.is_file()
