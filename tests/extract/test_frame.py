"""The document frame from hand-built inputs, and ``zhibiao extract --explain``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import zhibiao
from zhibiao.cli import app
from zhibiao.extract.frame import read_frame, title_lines
from zhibiao.extract.periods import find_periods
from zhibiao.extract.regions import find_regions
from zhibiao.extract.subjects import Subject, SubjectMention


def _frame(text: str, published: str | None = None, mentions: list[SubjectMention] | None = None):
    regions = find_regions(text)
    return read_frame(text, regions, [], mentions or [], find_periods(text, published))


@pytest.mark.parametrize(("text", "kind", "subject", "period"), [
    ("丰县2022年国民经济和社会发展统计公报\n\n全年地区生产总值增长4.1%。", "communique", "丰县", "2022"),
    ("政府工作报告\n——在临沧市第五届人民代表大会第三次会议上\n\n各位代表：过去一年，经济增长5%。",
     "report", "临沧市", None),
    ("安康市1—9月经济运行情况\n\n1—9月，全市经济稳中有进。", "communique", "安康市", "2024-01/2024-09"),
    ("今年上半年，全州经济运行平稳，工业增长6%。", "other", None, "2024-H1"),
    ("发布时间：2024-03-01 来源：湘潭市统计局\n全市工业增长6%。", "other", None, None),
    # a notice that cites the report it checks on (《政府工作报告》) is no report
    ("近日，县政府督查室对《政府工作报告》目标任务落实情况进行了督查，现通报如下。", "notice", None, None),
    # a plan's title naming its five-year span: the plan's period
    ("江西“十四五”县域发展目标任务清单\n■全省主导产业总产值将达1.2万亿元", "plan", "江西省", "2021/2025"),
    # a plan's span written out (第十五个五年规划): the same span as “十五五”
    ("海南省国民经济和社会发展第十五个五年规划纲要\n主要目标：全省生产总值年均增长6%以上。", "plan", "海南省", "2026/2030"),
    # a local paper's story that never names its city: the paper's place
    ("本报讯（随州日报记者 王明）今年以来，全市工业增长8%，高于全省1.2个百分点。", "news", "随州市", "2024-01-01/2024-10-20"),
    # the kind named first: a news story on a report that mentions 主要经济指标
    ("新华网南宁1月10日电 南宁市政府工作报告回顾了过去一年，在全省主要经济指标中，3项居首位。", "news", None, "2023"),
])
def test_frame_kind_subject_period(text: str, kind: str, subject: str | None, period: str | None) -> None:
    frame = _frame(text, "2024-10-20")
    assert (frame.kind, frame.subject.name if frame.subject else None, frame.period) == (kind, subject, period)


def test_furniture_lines_are_no_title() -> None:
    text = "首页 > 统计公报 > 湖南\n发布时间：2024-03-01\n株洲市统计公报\n正文从这里开始，是一段很长的正文，内容超过六十个字符的长度限制，所以它不是标题行，而是第一段正文。"
    lines = [text[s:e] for s, e in title_lines(text)]
    assert lines == ["株洲市统计公报"]


def test_frame_falls_back_to_the_region_named_most_often() -> None:
    a = SubjectMention(0, 2, Subject("江西省", "360000", 1))
    b = SubjectMention(5, 7, Subject("湖南省", "430000", 1))
    frame = _frame("这是一段没有标题的正文，提到江西和湖南。江西的数字。", mentions=[a, b, a])
    assert frame.subject == Subject("江西省", "360000", 1)
    assert not frame.strong  # counted, not named by the document: it does not scope mentions


@pytest.mark.parametrize(("named", "subject"), [
    # each named once: the one holding the others (a province and two of its cities)
    ([("河南省", "410000", 1), ("郑州市", "410100", 2), ("洛阳市", "410300", 2)], "河南省"),
    # each named once, none holding the others (a table's rows): nobody
    ([("吉首市", "433101", 3), ("泸溪县", "433122", 3), ("凤凰县", "433123", 3)], None),
    # one place named once: that place
    ([("赣州市", "360700", 2)], "赣州市"),
])
def test_places_named_once_each_give_the_one_holding_the_others(named: list[tuple[str, str, int]],
                                                                  subject: str | None) -> None:
    mentions = [SubjectMention(i * 4, i * 4 + 3, Subject(*n)) for i, n in enumerate(named)]
    frame = _frame("这是一段没有标题的正文。", mentions=mentions)
    assert (frame.subject.name if frame.subject else None) == subject


def test_own_subject_and_period_reach_the_facts() -> None:
    doc = zhibiao.extract("丰县2022年国民经济和社会发展统计公报\n\n全年地区生产总值增长4.1%。", published="2023-04-01")
    fact = doc.facts[0]
    assert (fact.subject, fact.period) == ("丰县", "2022")
    assert doc.frame["kind"] == "communique"
    assert "title line" in fact.why["subject"] and "2022" not in fact.why["period"]


def test_explain_prints_where_fields_came_from(tmp_path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("丰县2022年国民经济和社会发展统计公报\n\n全年地区生产总值增长4.1%。出口增长6.8%，为2016年以来最高。\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--explain"])
    assert result.exit_code == 0
    out = result.stdout
    assert "a communique" in out and "subject: 丰县" in out and "period: 2022" in out
    assert "fact: 丰县 · 出口 · growth 6.8 % · 2022" in out
    assert out.count("subject: the document's subject (the title line at 0)") == 2
