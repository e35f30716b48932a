"""Plans (declared and extracted) and the tracker over a real SQLite store, hand-built documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhibiao import samples
from zhibiao.cli import app
from zhibiao.errors import PlanError
from zhibiao.extract.indicators import indicator_key
from zhibiao.model import Document, Fact, Target
from zhibiao.store import Store
from zhibiao.track import add_plan, conflicts_store, group, track_store
from zhibiao.track.planfile import parse_plan
from zhibiao.track.plans import Source, plan_norm

JX = {"subject": "江西省", "subject_code": "360000"}
FULL = "江西省制造业重点产业链现代化建设“1269”行动计划（2023—2026年）"


def test_indicator_keys_join_surface_forms() -> None:
    assert indicator_key("规上工业增加值") == indicator_key("规模以上工业增加值") == "规模以上工业增加值"
    assert indicator_key("GDP") == indicator_key("生产总值") == indicator_key("地区生产总值")
    assert indicator_key("规上工业增加值增速") == "规模以上工业增加值"
    assert indicator_key("全省规模以上工业营业收入") == "规模以上工业营业收入"
    assert indicator_key("战略性新兴产业增加值占规上工业增加值比重") == indicator_key(
        "战略性新兴产业增加值占规模以上工业增加值")  # a share with or without 比重
    assert indicator_key("拥有国家级专精特新“小巨人”企业") == "国家级专精特新小巨人企业"
    assert indicator_key("到发集装箱（重箱）") == "到发集装箱重箱"  # unknown: its own normalised form
    assert indicator_key("") is None and indicator_key(None) is None


def test_plans_merge_by_name_and_default_names() -> None:
    t1 = Target("规模以上工业营业收入", "growth", 9, "%", "2026", 0, 5, plan=FULL, per_year=True, **JX)
    t2 = Target("规上工业营业收入", "growth", 9, "%", "2026", 0, 5, plan="“1269”行动计划", per_year=True, **JX)
    t3 = Target("职业技能培训", "level", 4e5, "人次", "2023", 0, 5, subject="甘肃省", subject_code="620000")
    plans = group([(t1, Source("plan", "2023-07-20", 0, 5)), (t2, Source("page", "2024-01-30", 0, 5)),
                   (t3, Source("page", "2024-01-30", 9, 20))])
    assert [p.name for p in plans] == [FULL, "甘肃省 2023 plan"]
    assert len(plans[0].targets) == 1 and len(plans[0].targets[0].sources) == 2
    assert plans[0].start_baseline is not None and plans[0].start_baseline.period == "2022"
    assert plan_norm(FULL).endswith("1269行动计划")


def test_unnamed_target_joins_the_plan_its_document_names() -> None:
    named = Target("规模以上工业营业收入", "growth", 9, "%", "2026", 0, 5, plan=FULL, per_year=True, **JX)
    bare = Target("电子信息产业营业收入", "level", 1.2e12, "元", "2026", 9, 20, **JX)
    other = Target("城镇新增就业", "level", 4e5, "人", "2024", 30, 40, subject="甘肃省", subject_code="620000")
    plans = group([(t, Source("plan", "2023-07-20", t.start, t.end)) for t in (named, bare, other)])
    assert [(p.name, len(p.targets)) for p in plans] == [(FULL, 2), ("甘肃省 2024 plan", 1)]


def test_a_target_joins_the_first_plan_of_its_region_or_of_none() -> None:
    gs = {"subject": "甘肃省", "subject_code": "620000"}
    targets = [Target("规模以上工业营业收入", "growth", 9, "%", "2026", 0, 5, plan="“1269”行动计划", **JX),
               Target("数字经济核心产业增加值", "growth", 8, "%", "2026", 6, 9, plan="数字经济行动计划"),
               Target("数字经济核心产业营业收入", "growth", 7, "%", "2026", 10, 15, plan="数字经济行动计划", **gs),
               Target("城镇新增就业", "level", 4e5, "人", "2026", 16, 20, plan="“1269”行动计划", **gs),
               Target("电子信息产业营业收入", "level", 1.2e12, "元", "2026", 21, 30, plan=FULL, **JX)]
    plans = group([(t, Source("plan", "2023-07-20", t.start, t.end)) for t in targets])
    assert [(p.name, p.region_code, len(p.targets)) for p in plans] == [
        (FULL, "360000", 2), ("数字经济行动计划", None, 2), ("“1269”行动计划", "620000", 1)]


def test_declared_plan_validation() -> None:
    with pytest.raises(PlanError, match="targets"):
        parse_plan({"name": "x", "region": "江西省"}, "bad.yaml")
    with pytest.raises(PlanError, match="measure"):
        parse_plan({"name": "x", "region": "江西省", "targets": [{"indicator": "a", "measure": "lots", "value": 1}]})
    with pytest.raises(PlanError, match="deadline"):
        parse_plan({"name": "x", "region": "江西省", "targets": [{"indicator": "a", "value": 1, "deadline": "soon"}]})


def _doc(doc_id: str, published: str, facts: list[Fact], targets: list[Target] = ()) -> Document:  # type: ignore[assignment]
    return Document(doc_id, doc_id + "x" * 200, published, facts=facts, targets=list(targets))


def _fact(indicator: str, measure: str, value: float, unit: str, period: str) -> Fact:
    return Fact(indicator, measure, value, unit, period, 0, 10, **JX)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 't.db'}")
    revenue = Target("规模以上工业营业收入", "growth", 9, "%", "2026", 0, 9, plan="“1269”行动计划",
                     qualifier="approx", per_year=True, **JX)
    s.ingest_document(_doc("page", "2024-01-30", [
        _fact("规上工业营业收入", "growth", 2.8, "%", "2023-01/2023-11"),
        _fact("规模以上工业增加值", "growth", 5.4, "%", "2023")], [revenue]), path="page")
    s.ingest_document(_doc("bulletin", "2024-03-20", [_fact("规上工业增加值", "growth", 5.3, "%", "2023")]),
                      path="bulletin")
    s.ingest_document(_doc("progress", "2024-07-18", [
        _fact("战略性新兴产业增加值占规模以上工业增加值比重", "level", 28.1, "%", "2023"),
        _fact("电子信息产业营业收入", "level", 8.5e11, "元", "2023"),
        _fact("国家级专精特新“小巨人”企业", "level", 312, "家", "2024-06-30")]), path="progress")
    for name in samples.demo_plans():
        add_plan(s, text=samples.read_text(name), name=name)
    return s


def test_track_store_links_declared_and_extracted(store: Store) -> None:
    results = track_store(store)
    assert len(results) == 1  # the page's “1269”行动计划 target joined the declared plan
    by_key = {indicator_key(t.tracked.target.indicator): t for t in results[0].targets}
    status = {k: t.evaluation.status for k, t in by_key.items()}
    assert status == {"规模以上工业营业收入": "behind", "战略性新兴产业增加值占规模以上工业增加值": "on_track",
                      "电子信息产业营业收入": "behind", "国家级专精特新小巨人企业": "met"}
    revenue = by_key["规模以上工业营业收入"]
    assert {s.doc_id for s in revenue.tracked.sources} == {"plan:jiangxi-1269", "page"}
    assert "January–November 2023" in revenue.evaluation.reasoning
    assert track_store(store, plan="1269", region="江西省") and not track_store(store, region="甘肃省")
    with pytest.raises(PlanError):
        track_store(store, plan="no such plan")


def test_conflicts_store(store: Store) -> None:
    found = conflicts_store(store)
    assert [(c.a.doc_id, c.b.doc_id, c.indicator) for c in found] == [("page", "bulletin", "规模以上工业增加值")]


def test_cli_track_and_conflicts(store: Store, tmp_path: Path) -> None:
    db = str(store.engine.url)
    runner = CliRunner()
    out = runner.invoke(app, ["track", "--db", db, "--format", "json"])
    assert out.exit_code == 0 and '"status": "behind"' in out.stdout
    out = runner.invoke(app, ["conflicts", "--db", db])
    assert out.exit_code == 0 and "bulletin" in out.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nregion: 江西省\n", encoding="utf-8")
    out = runner.invoke(app, ["plans", "add", str(bad), "--db", db])
    assert out.exit_code == 2 and "zhibiao: error:" in out.stderr and "targets" in out.stderr
    assert runner.invoke(app, ["track", "--db", db, "--format", "xml"]).exit_code == 2


def test_demo_runs_on_the_samples(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["demo", "--db", str(tmp_path / "demo.db")])
    assert out.exit_code == 0, out.output
    assert "1269" in out.stdout and "datasette" in out.stdout


def test_remove_plan_keeps_targets_read_from_texts(store: Store) -> None:
    from zhibiao.track import remove_plan

    with pytest.raises(PlanError, match="no declared plan is named '2035'"):
        remove_plan(store, "2035")
    assert remove_plan(store, "“1269”行动计划").name == FULL  # by alias
    assert not [p for p in store.plans() if p["declared"]]
    assert all(not str(r["document"]).startswith("plan:") for r in store.targets())
    [left] = track_store(store)
    assert not left.plan.declared and [s.doc_id for t in left.targets for s in t.tracked.sources] == ["page"]
    with pytest.raises(PlanError, match="declared plans: none"):
        remove_plan(store, "1269")
