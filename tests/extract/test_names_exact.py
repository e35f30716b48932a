"""Indicator names that must come out exactly as written here (the case tables match a name
contained either way, which cannot tell 农村危房改造 from 完成农村危房改造). Phrases written for
these tests."""

from __future__ import annotations

import pytest

import zhibiao

NAMES: list[tuple[str, str | None, float, str]] = [
    # a leading 完成 names nothing (but 完成投资 and 完成年度任务 keep it)
    ("截至3月底，累计完成农村危房改造1280户，完成年度任务的64.2%。", "2024-04-10", 1280, "农村危房改造"),
    ("截至3月底，累计完成农村危房改造1280户，完成年度任务的64.2%。", "2024-04-10", 64.2, "农村危房改造完成年度任务"),
    ("1-9月，全市45个续建项目累计完成投资86.2亿元。", "2024-10-15", 8.62e9, "续建项目累计完成投资"),
    # parallel work in a list names its own (no chain onto the work before it)
    ("2023年，全省完成废弃矿山修复治理12.6万亩，植树造林420万亩。", None, 4_200_000, "植树造林"),
    ("今年以来，城关镇新建通组公路18公里，改造农村危房42户。", "2024-10-15", 42, "改造农村危房"),
    # what counted things did takes their name (工厂…个，吸纳就业)
    ("全市有乡村就业工厂2607个，吸纳就业4.5万人。", "2024-03-01", 45_000, "有乡村就业工厂吸纳就业"),
    # two counts of the same things (N件M个…); 办理 is a verb, no office (办)
    ("2023年，常德市共办理25件32个重点民生实事项目。", "2023-12-20", 25, "办理重点民生实事项目"),
    ("2023年，常德市共办理25件32个重点民生实事项目。", "2023-12-20", 32, "办理重点民生实事项目"),
    # a count of projects stops before what is measured of them (年度计划投资完成率)
    ("1-6月，1250个省级重大项目年度计划投资完成率58.4%。", "2025-07-20", 1250, "省级重大项目"),
    # a year written without 年 before 全年 is no part of the name
    ("2022全年GDP达到2231亿元。", "2023-05-31", 2.231e11, "GDP"),
    # revenue and profit after a count of firms in the paragraph are those firms'
    ("全县规模以上工业企业共46家，增加值增长8.1%。实现营业收入98亿元。利润总额6.2亿元。", "2024-03-20", 9.8e9,
     "规模以上工业企业营业收入"),
    ("全县规模以上工业企业共46家，增加值增长8.1%。实现营业收入98亿元。利润总额6.2亿元。", "2024-03-20", 6.2e8,
     "规模以上工业企业利润总额"),
]


@pytest.mark.parametrize(("text", "published", "value", "indicator"), NAMES, ids=[f"{n[3]}-{n[2]}" for n in NAMES])
def test_indicator_is_exactly(text: str, published: str | None, value: float, indicator: str) -> None:
    doc = zhibiao.extract(text, published=published)
    named = [f.indicator for f in doc.facts if f.value is not None and abs(f.value - value) < 1e-6 * max(1, value)]
    assert named == [indicator]
