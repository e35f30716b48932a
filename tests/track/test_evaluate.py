"""Every status of the evaluation, on hand-built Targets and Facts (no database)."""

from __future__ import annotations

import pytest

from zhibiao.model import Fact, Target
from zhibiao.track import STATUSES, Baseline, Observation, evaluate, measures
from zhibiao.track.evaluate import latest, tolerance

JX = {"subject": "江西省", "subject_code": "360000"}


def fact(indicator: str, measure: str, value: float | None, unit: str, period: str, **kw: object) -> Fact:
    return Fact(indicator, measure, value, unit, period, 0, 10, **{**JX, **kw})  # type: ignore[arg-type]


def obs(f: Fact, published: str = "2024-07-18", doc: str = "doc") -> Observation:
    return Observation(f, published, doc)


def target(indicator: str, measure: str, value: float | None, unit: str | None, deadline: str | None,
           **kw: object) -> Target:
    return Target(indicator, measure, value, unit, deadline, 0, 10, **{**JX, **kw})  # type: ignore[arg-type]


REVENUE = target("规模以上工业营业收入", "growth", 9, "%", "2026", qualifier="approx", per_year=True,
                 plan="“1269”行动计划")


def test_per_year_growth_behind_with_reasoning() -> None:
    jan_nov = fact("规上工业营业收入", "growth", 2.8, "%", "2023-01/2023-11", basis="yoy")
    e = evaluate(REVENUE, [obs(jan_nov, "2024-01-30", "page-2024-01-30")], baseline=Baseline(period="2022"))
    assert e.status == "behind"
    assert e.observed is not None and e.observed.fact is jan_nov
    assert "年均增长9%左右" in e.reasoning and "2023–2026" in e.reasoning
    assert "growth 2.8% in January–November 2023" in e.reasoning and "well under 9%" in e.reasoning


def test_per_year_growth_compounds_and_approx_tolerance() -> None:
    years = [fact("规模以上工业营业收入", "growth", v, "%", str(y)) for y, v in ((2023, 9.5), (2024, 8.0))]
    e = evaluate(REVENUE, [obs(f) for f in years], baseline=Baseline(period="2022"))
    assert e.status == "on_track"  # (1.095 * 1.08) ** 0.5 - 1 = 8.75%, within 9% 左右
    assert e.value == pytest.approx(8.747, abs=0.01)
    assert tolerance(REVENUE) == pytest.approx(0.45)


def test_per_year_growth_met_and_missed_at_deadline() -> None:
    good = [fact("规模以上工业营业收入", "growth", 9.2, "%", str(y)) for y in range(2023, 2027)]
    assert evaluate(REVENUE, [obs(f) for f in good], baseline=Baseline(period="2022")).status == "met"
    poor = [fact("规模以上工业营业收入", "growth", 6.0, "%", str(y)) for y in range(2023, 2027)]
    e = evaluate(REVENUE, [obs(f) for f in poor], baseline=Baseline(period="2022"))
    assert e.status == "missed" and "6%" in e.reasoning


def test_per_year_growth_from_levels_compounds_from_baseline() -> None:
    t = target("规模以上工业营业收入", "growth", 9, "%", "2026", per_year=True)
    level = fact("规模以上工业营业收入", "level", 4.4e12, "元", "2024")
    e = evaluate(t, [obs(level)], baseline=Baseline(4.0e12, "2022"))
    assert e.status == "behind" and e.value == pytest.approx(4.88, abs=0.01)


SHARE = target("战略性新兴产业增加值占规模以上工业增加值比重", "level", 30, "%", "2026", qualifier="over")


@pytest.mark.parametrize(("value", "status"), [(28.1, "on_track"), (27.0, "behind"), (30.4, "met")])
def test_level_interpolates_from_baseline(value: float, status: str) -> None:
    f = fact("战略性新兴产业增加值占规上工业增加值比重", "level", value, "%", "2023")
    e = evaluate(SHARE, [obs(f)], baseline=Baseline(26.5, "2022"))
    assert e.status == status
    if status != "met":
        assert e.required == pytest.approx(27.375)  # a quarter of the way from 26.5 to 30


def test_level_baseline_read_from_an_earlier_fact() -> None:
    t = target("电子信息产业营业收入", "level", 1.2e12, "元", "2026", qualifier="over")
    e = evaluate(t, [obs(fact("电子信息产业营业收入", "level", 8.5e11, "元", "2023")),
                     obs(fact("电子信息产业营业收入", "level", 8.0e11, "元", "2022"), "2023-07-20")],
                 start=2023.55)
    assert e.status == "behind" and "8000亿元 in 2022" in e.reasoning and "9000亿元" in e.reasoning


def test_level_missed_after_deadline() -> None:
    t = target("职业技能培训", "level", 400000, "人次", "2023")
    e = evaluate(t, [obs(fact("职业技能培训", "level", 380000, "人次", "2023"))])
    assert e.status == "missed"


def test_level_met_annual_task() -> None:
    t = target("职业技能培训", "level", 400000, "人次", "2023", subject="甘肃省", subject_code="620000")
    f = fact("各类职业技能培训", "level", 477500, "人次", "2023", subject="甘肃省", subject_code="620000")
    e = evaluate(t, [obs(f)])
    assert e.status == "met" and "47.75万人次" in e.reasoning


def test_level_ignores_figures_from_before_the_plan() -> None:
    t = target("职业技能培训", "level", 400000, "人次", "2024")
    e = evaluate(t, [obs(fact("职业技能培训", "level", 477500, "人次", "2023"))], start=2024.08)
    assert e.status == "no_data" and "since the plan began" in e.reasoning


def test_ceiling_target_direction() -> None:
    t = target("城镇调查失业率", "level", 5.5, "%", "2024", qualifier="at_most")
    assert evaluate(t, [obs(fact("城镇调查失业率", "level", 5.2, "%", "2024"))]).status == "met"
    assert evaluate(t, [obs(fact("城镇调查失业率", "level", 5.7, "%", "2024"))]).status == "missed"


def test_single_year_growth_partial_and_full() -> None:
    gdp = target("地区生产总值", "growth", 5, "%", "2024", qualifier="approx")
    h1 = fact("GDP", "growth", 4.6, "%", "2024-H1")
    assert evaluate(gdp, [obs(h1)]).status == "behind"
    assert evaluate(gdp, [obs(fact("生产总值", "growth", 5.1, "%", "2024-01/2024-09"))]).status == "on_track"
    assert evaluate(gdp, [obs(fact("生产总值", "growth", 4.9, "%", "2024"))]).status == "met"  # 左右
    assert evaluate(gdp, [obs(fact("生产总值", "growth", 4.0, "%", "2024"))]).status == "missed"
    e = evaluate(gdp, [obs(fact("生产总值", "growth", 4.0, "%", "2023"))])
    assert e.status == "no_data" and "no figure for 2024" in e.reasoning


def test_milestone_needs_explicit_evidence() -> None:
    peak = target("碳达峰", "milestone", None, None, "2030", subject="中国", subject_code="100000")
    e = evaluate(peak, [obs(fact("碳排放", "level", 100, "吨", "2029", subject="中国", subject_code="100000"))])
    assert e.status == "no_data" and "no explicit evidence" in e.reasoning
    done = Observation(fact("碳达峰", "level", None, "", "2028", subject="中国", subject_code="100000"),
                       "2029-01-01", "report", "2028年实现碳达峰")
    assert evaluate(peak, [done]).status == "met"


def test_no_data_without_observations() -> None:
    assert evaluate(SHARE, []).status == "no_data"


def test_every_status_is_covered() -> None:
    # Keep this list in step with the tests above when a status is added.
    assert set(STATUSES) == {"met", "on_track", "behind", "missed", "no_data"}


def test_measures_requires_same_subject_key_measure_unit() -> None:
    f = fact("规上工业营业收入增速", "growth", 2.8, "%", "2023")
    assert measures(REVENUE, f)
    assert not measures(REVENUE, fact("规上工业营业收入", "growth", 2.8, "%", "2023", subject_code="360700",
                                      subject="赣州市"))
    assert not measures(REVENUE, fact("规上工业增加值", "growth", 5.4, "%", "2023"))
    assert not measures(SHARE, fact("战略性新兴产业增加值占规模以上工业增加值比重", "change", 1.6, "百分点", "2023"))
    assert not measures(SHARE, fact("战略性新兴产业增加值占规模以上工业增加值比重", "level", 28.1, "元", "2023"))


def test_latest_prefers_newest_period_then_longest() -> None:
    a = obs(fact("x", "growth", 1, "%", "2023-01/2023-11"), "2024-01-30")
    b = obs(fact("x", "growth", 2, "%", "2023"), "2024-03-20")
    c = obs(fact("x", "growth", 3, "%", "2023-Q4"), "2024-01-20")
    assert latest([a, b, c]) is b
