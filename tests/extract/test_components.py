"""Component tables: each extraction layer alone, on phrases written for these tests."""

from __future__ import annotations

import pytest

import zhibiao
from zhibiao.extract.clauses import split_clauses
from zhibiao.extract.numbers import parse_chinese
from zhibiao.extract.periods import find_periods
from zhibiao.extract.spans import Spans
from zhibiao.extract.text import reading_text
from zhibiao.extract.units import read_quantities


@pytest.mark.parametrize(("numeral", "value"), [
    ("一千二百", 1200), ("两", 2), ("十", 10), ("十五", 15), ("三十五", 35), ("一百零五", 105),
    ("一万二千", 12000), ("两千五百亿", 250_000_000_000), ("一九九八", 1998), ("三点五", 3.5),
    ("千万", 10_000_000), ("四十", 40), ("一百二十万", 1_200_000),
])
def test_numbers_parse_chinese(numeral: str, value: float) -> None:
    assert parse_chinese(numeral) == pytest.approx(value)


@pytest.mark.parametrize(("text", "value", "value_max", "unit", "qualifier"), [
    ("营收3.6万亿元", 3.6e12, None, "元", None),
    ("吞吐量10.87万标箱", 108_700, None, "标箱", None),
    ("务工人员200多人", 200, None, "人", "over"),
    ("工资3000元到3500元", 3000, 3500, "元", None),
    ("增速8%—8.5%", 8, 8.5, "%", None),
    ("投资1500—2000万元", 15_000_000, 20_000_000, "元", None),
    ("百分之三", 3, None, "%", None),
    ("两成", 20, None, "%", None),
    ("装机2.5GW", 2_500_000, None, "千瓦", None),
    ("装机300MW", 300_000, None, "千瓦", None),
    ("吸纳10万余人", 100_000, None, "人", "over"),
    ("投入1000余万元", 10_000_000, None, "元", "over"),
    ("单产5845公斤/公顷", 5845, None, "千克/公顷", None),
    ("人均5.2万元/人", 52_000, None, "元/人", None),
    ("面积10.8千公顷", 10_800, None, "公顷", None),
    ("约3天左右时间", 3, None, "天", "approx"),
    ("装机2647万千瓦", 26_470_000, None, "千瓦", None),
    ("岗位14万个以上", 140_000, None, "个", "over"),
    ("超千亿元", 1e11, None, "元", "over"),
    ("增速为-1.2%", -1.2, None, "%", None),
    ("出生率6.39‰", 6.39, None, "‰", None),
    ("翻了一番", 100, None, "%", None),
])
def test_units_read_quantities(text: str, value: float, value_max: float | None, unit: str,
                               qualifier: str | None) -> None:
    quantities = read_quantities(text)
    assert len(quantities) == 1, quantities
    q = quantities[0]
    assert (q.value, q.value_max, q.unit, q.qualifier) == (
        pytest.approx(value), pytest.approx(value_max) if value_max is not None else None, unit, qualifier)
    assert text[q.start:q.end], "the span covers the quantity"


@pytest.mark.parametrize("text", ["一批企业", "三次产业", "零部件", "统一大市场", "万人有效发明专利", "十三届二次会议"])
def test_units_words_are_not_quantities(text: str) -> None:
    assert read_quantities(text) == []


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("2023年全年", None, [("2023", "time")]),
    ("2023年11月", None, [("2023-11", "time")]),
    ("2023年末", None, [("2023-12-31", "time")]),
    ("2023年三季度", None, [("2023-Q3", "time")]),
    ("今年上半年", "2024-05-06", [("2024-H1", "time")]),
    ("去年底", "2024-01-30", [("2023-12-31", "time")]),
    ("目前", "2024-01-30", [("2024-01-30", "time")]),
    ("2024年1—11月", None, [("2024-01/2024-11", "time")]),
    ("前三季度", "2023-10-20", [("2023-01/2023-09", "time")]),
    ("今年前10个月", "2023-11-15", [("2023-01/2023-10", "time")]),
    ("2019—2023年", None, [("2019/2023", "time")]),
    ("“十三五”期间", None, [("2016/2020", "time")]),
    ("到2030年", None, [("2030", "deadline")]),
    ("2060年前", None, [("2060", "deadline")]),
    ("比上年", "2024-01-30", [("2023", "basis")]),
    ("到“十四五”末", None, [("2025", "deadline")]),
])
def test_periods_resolve(text: str, published: str | None, expected: list[tuple[str, str]]) -> None:
    assert [(p.period, p.role) for p in find_periods(text, published)] == expected


def test_periods_month_takes_the_year_in_context() -> None:
    periods = find_periods("2022年全年增长3%。1月至5月，出口增长2%。", "2023-06-01")
    assert [p.period for p in periods] == ["2022", "2022-01/2022-05"]


def test_clauses_keep_thousands_separators() -> None:
    text = "收入1,234.5亿元，增长5%。下降3%"
    clauses = split_clauses(text)
    assert [text[c.start:c.end] for c in clauses] == ["收入1,234.5亿元", "增长5%", "下降3%"]
    assert [c.sentence for c in clauses] == [0, 0, 1]


def test_reading_text_maps_back_through_column_breaks_and_scripts() -> None:
    # Body text with clause marks, cut by a column mid-sentence, then traditional script.
    original = "去年以来，全省上下聚焦战略性新兴产业，加快布局，在\n\n新能源領域增長１２％，產值創新高。"
    reading = reading_text(original)
    assert "在新能源领域增长12%" in reading.text
    at = reading.text.index("12%")
    start, end = reading.span(at, at + 3)
    assert original[start:end] == "１２％"


@pytest.mark.parametrize("original", [
    "本县茶园面积（含新垦）达到１２万亩：同比增长３．５％～４％。",  # simplified, full-width signs
    "本縣茶園面積（含新墾）達到１２萬畝，同比增長3.5%。",  # traditional and full-width
    "本县茶园面积达到12万亩，同比增长3.5%。",  # nothing to rewrite
])
def test_reading_text_knows_every_rewritten_character(original: str) -> None:
    reading = reading_text(original)
    assert len(reading.text) == len(original)  # no column break: the same offsets
    assert reading.rewritten == [i for i, (a, b) in enumerate(zip(original, reading.text, strict=True)) if a != b]


def test_reading_text_drops_pinyin_notes_and_keeps_other_brackets() -> None:
    # Some reprint sites print a character's pinyin after it; a bracketed note in letters stays.
    original = "全縣生產(chǎn)總值（GDP）增長(zhǎng)8.4%，工業(gdp)產值"
    reading = reading_text(original)
    assert reading.text == "全县生产总值(GDP)增长8.4%，工业(gdp)产值"
    at = reading.text.index("8.4%")
    start, end = reading.span(at, at + 4)
    assert original[start:end] == "8.4%"
    start, end = reading.span(reading.text.index("总值"), reading.text.index("总值") + 2)
    assert original[start:end] == "總值"
    # Without tone marks a note is read past only where the text carries several of them.
    assert reading_text("據(ju)統計,全省(sheng)(sheng)人口(kou)增長(zhang)3%").text == "据统计,全省人口增长3%"
    assert reading_text("面积(ha)增长(kg)").text == "面积(ha)增长(kg)"


def test_reading_text_joins_a_number_to_its_words_across_one_space() -> None:
    original = "全县粮食产量 12.6 万吨，增长 3.1%，表列： 粮食  12.6  3.1"
    reading = reading_text(original)
    assert reading.text == "全县粮食产量12.6万吨，增长3.1%，表列: 粮食  12.6  3.1"  # two spaces part columns
    at = reading.text.index("12.6万吨")
    start, end = reading.span(at, at + 6)
    assert original[start:end] == "12.6 万吨"


@pytest.mark.parametrize(("spans", "start", "end", "covers", "overlaps"), [
    ([(0, 5), (10, 20)], 1, 4, True, True),
    ([(0, 5), (10, 20)], 4, 11, False, True),
    ([(0, 5), (10, 20)], 6, 9, False, False),
    ([(0, 30), (10, 20)], 21, 29, True, True),
])
def test_spans_answer_by_bisection(spans: list[tuple[int, int]], start: int, end: int, covers: bool,
                                   overlaps: bool) -> None:
    assert Spans(spans).covers(start, end) is covers
    assert Spans(spans).overlaps(start, end) is overlaps


def test_extract_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    import zhibiao

    assert gc.isenabled()
    zhibiao.extract("2023年，全省地区生产总值增长5.1%。")
    assert gc.isenabled()
    gc.disable()
    try:
        zhibiao.extract("2023年，全省地区生产总值增长5.1%。")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_investment_and_parts_are_named_after_the_things_counted() -> None:
    # The case tables match indicators by containment; these names are checked exactly.
    doc = zhibiao.extract("全县实施重点项目64个，总投资286.4亿元，1-9月累计完成投资51.2亿元。"
                          "其中亿元以上项目38个，1-9月完成投资44.7亿元。建设项目35项（省级7项、市级9项）。",
                          published="2023-10-12")
    assert [f.indicator for f in doc.facts] == [
        "实施重点项目", "实施重点项目总投资", "实施重点项目完成投资", "亿元以上项目", "亿元以上项目完成投资",
        "建设项目", "省级建设项目", "市级建设项目"]


def test_bounds_listed_after_a_first_one_share_its_measure() -> None:
    doc = zhibiao.extract("到2028年，年产值超800亿元的产业链3条、超200亿元的8条。", published="2025-03-01")
    assert [(t.indicator, t.value) for t in doc.targets] == [("年产值超800亿元的产业链", 3), ("年产值超200亿元的产业链", 8)]


def test_a_known_rate_takes_no_topic_from_the_figure_before() -> None:
    doc = zhibiao.extract("到2030年，城区常住人口达到25万人，城镇化率达到52%以上。", published="2025-03-01")
    assert [t.indicator for t in doc.targets] == ["城区常住人口", "城镇化率"]


def test_the_economys_growth_rate_is_that_of_its_output() -> None:
    doc = zhibiao.extract("2023年，甲省全年经济增速为5.6%，好于年初确定的5.5%的预期目标。", published="2024-01-25")
    assert (doc.facts[0].indicator, doc.facts[0].value) == ("地区生产总值", 5.6)


def test_parts_under_a_breakdown_share_the_wholes_time_and_words() -> None:
    # A month named in passing (扭转7月…的颓势) does not date the parts after 其中; 出口 is no
    # part of the word 进出口; a completed name keeps 以上 (规模以上工业…).
    doc = zhibiao.extract("9月当月，全省进出口总值512.6亿元，同比增长2.1%，扭转8月下降6.4%的态势；其中出口340.2亿元，"
                          "增长5.3%。1—9月，全市规模以上工业增加值同比增长4.2%，其中9月份增加值增长6.1%。",
                          published="2024-10-15")
    got = [(f.indicator, f.value, f.period) for f in doc.facts]
    assert ("出口", 34_020_000_000, "2024-09") in got
    assert ("出口", 5.3, "2024-09") in got
    assert ("规模以上工业增加值", 6.1, "2024-09") in got


def test_a_rank_over_listed_items_gives_one_each() -> None:
    doc = zhibiao.extract("2025年，全省生猪出栏量、牛奶产量稳居全国第二。", published="2026-01-25")
    assert [(f.indicator, f.measure, f.value) for f in doc.facts] == [("生猪出栏量", "rank", 2), ("牛奶产量", "rank", 2)]


def test_items_listed_with_their_own_figures_are_named_without_them() -> None:
    doc = zhibiao.extract("2025年，全市接待游客1.2亿人次、旅游收入980亿元，分别增长8.1%、9.4%。", published="2026-01-25")
    assert [(f.indicator, f.value) for f in doc.facts if f.measure == "growth"] == [("接待游客", 8.1), ("旅游收入", 9.4)]


@pytest.mark.parametrize(("text", "published", "facts", "targets"), [
    # 100 after a label's colon is a value, not a ratio's base
    ("全市各项指标完成情况：合格率：100%。", "2024-12-20", [100], []),
    # outside a progress notice, …项，为… opens no list of goals
    ("全年实施重点项目120项，为全市高质量发展提供有力支撑，完成投资350亿元，增长8%。", "2024-12-20", [120, 35_000_000_000, 8], []),
    # 居/列 after 中 is no pool being ranked
    ("全市新建3个集中居住区。", "2024-12-20", [3], []),
    # 3/8 alone is no share
    ("3/8妇女节当天，全县举办活动。", "2024-12-20", [], []),
    # people's money is no count of people
    ("全年清欠3000万元农民工工资，惠及1.2万农民工。", "2024-12-20", [30_000_000, 12_000], []),
])
def test_new_rules_leave_ordinary_prose_alone(text: str, published: str, facts: list[float], targets: list[float]) -> None:
    doc = zhibiao.extract(text, published=published)
    assert [f.value for f in doc.facts] == facts
    assert [t.value for t in doc.targets] == targets


def test_a_part_under_a_breakdown_takes_the_time_of_the_figure_it_breaks_down() -> None:
    doc = zhibiao.extract("1—9月，全省进出口总值4512.6亿元，9月当月进出口512.6亿元，其中出口340.2亿元。", published="2024-10-15")
    assert doc.facts[-1].period == "2024-09"


def test_the_conjunction_of_a_list_joins_its_last_item() -> None:
    doc = zhibiao.extract("住宿和餐饮业、批发和零售业和金融业分别增长6.1%、5.2%和4.4%。", published="2024-08-01")
    assert [f.indicator for f in doc.facts] == ["住宿和餐饮业", "批发和零售业", "金融业"]


def test_the_figure_compared_with_is_the_other_places() -> None:
    doc = zhibiao.extract("前三季度，广州地区生产总值2.2万亿元，超过重庆的2.1万亿元。", published="2024-10-25")
    assert [(f.subject, f.indicator, f.value) for f in doc.facts] == [
        ("广州市", "地区生产总值", 2_200_000_000_000), ("重庆市", "地区生产总值", 2_100_000_000_000)]


def test_parts_of_a_total_output_and_an_area_planted_are_named_as_such() -> None:
    doc = zhibiao.extract("全年农林牧渔业总产值21.5亿元。其中，农业13.2亿元，林业1.1亿元。茶叶种植面积6.2万亩，"
                          "实现产值3.1亿元。", published="2024-04-01")
    assert [f.indicator for f in doc.facts] == ["农林牧渔业总产值", "农业产值", "林业产值", "茶叶种植面积", "茶叶产值"]


def test_the_other_places_rate_in_brackets_and_the_gap_after_it() -> None:
    doc = zhibiao.extract("1-8月份，全省规上工业增加值同比增长6.8%，高于全国(4.2%)2.6个百分点。", published="2024-09-20")
    got = [(f.subject, f.measure, f.value, f.basis) for f in doc.facts]
    assert got[1:] == [("中国", "growth", 4.2, "yoy"), (None, "change", 2.6, "全国")]


def test_a_number_before_de_measures_the_noun_after_it() -> None:
    doc = zhibiao.extract("前三季度，全省以6.1%的增速领跑中部，与全国5.2%的GDP增速相比，南昌、九江两市增速分别为6.8%、6.3%。"
                          "赣州市以4500亿元的经济总量位居全省第二。", published="2023-11-01")
    got = [(f.indicator, f.measure, f.value) for f in doc.facts]
    assert ("GDP", "growth", 5.2) in got and ("GDP", "growth", 6.8) in got and ("GDP", "growth", 6.3) in got
    assert ("经济总量", "level", 450000000000) in got and ("经济总量", "rank", 2) in got
    assert not any(str(i).startswith(("以", "的")) for i, _, _ in got)


def test_planned_investment_is_named_from_the_projects_counted_before_it() -> None:
    doc = zhibiao.extract("2024年，全区新建项目共96个，计划总投资310.2亿元，年内计划投资88.6亿元。", published="2024-10-19")
    assert [t.indicator for t in doc.targets] == ["新建项目计划总投资", "新建项目年内计划投资"]


def test_a_ranked_list_gives_each_place_its_rank() -> None:
    text = ("上半年，全市综合考核总分居前3位的县市区分别是南康区、信丰县和大余县；居第4位至第5位的县市区"
            "分别是于都县、兴国县。完成投资进度占年度计划比例前两位的行业是制造业、节能环保，分别占年度计划的"
            "52.1%、48.3%。")
    doc = zhibiao.extract(text, published="2024-07-20")
    ranks = [(f.subject, f.indicator, f.value) for f in doc.facts if f.measure == "rank"]
    assert ranks[:5] == [("南康区", "综合考核总分", 1), ("信丰县", "综合考核总分", 2), ("大余县", "综合考核总分", 3),
                         ("于都县", "综合考核总分", 4), ("兴国县", "综合考核总分", 5)]
    assert [i for _, i, _ in ranks[5:]] == ["制造业行业完成投资进度占年度计划比例", "节能环保行业完成投资进度占年度计划比例"]
    # the shares of the plan that follow are results, not goals, each the item's own
    assert not doc.targets and [(f.indicator, f.value) for f in doc.facts if f.unit == "%"] == [
        ("制造业行业完成投资进度占年度计划比例", 52.1), ("节能环保行业完成投资进度占年度计划比例", 48.3)]


def test_a_rank_verbs_character_inside_another_word_cuts_no_name() -> None:
    doc = zhibiao.extract("2023年，全体居民人均可支配收入增幅位列全省第一，污水排放量居全市第3位。", published="2024-01-10")
    assert [f.indicator for f in doc.facts] == ["全体居民人均可支配收入增幅", "污水排放量"]


def test_a_breakdown_that_names_its_measure_names_the_parts() -> None:
    doc = zhibiao.extract("1-6月，全县规模以上工业增加值增长8%。从主要工业产品产量看，发电量同比增长49%，啤酒增长150.0%。",
                          published="2023-07-20")
    assert [f.indicator for f in doc.facts] == ["规模以上工业增加值", "发电量", "啤酒产量"]


def test_a_count_of_things_that_grew_is_named_by_what_they_did() -> None:
    doc = zhibiao.extract("1-5月，在38个工业行业大类中，有27个行业增加值实现同比增长，增长面为71%；40种主要工业产品中，"
                          "33种产品产量实现同比增长。", published="2024-06-20")
    assert [f.indicator for f in doc.facts] == ["增加值实现同比增长的行业", "增长面", "产量实现同比增长的产品"]


def test_items_before_fenbie_share_the_measure_after_it_and_the_growth_after_them() -> None:
    doc = zhibiao.extract("1-5月，我省对欧盟、东盟、美国分别进出口3183.3亿元、3116.4亿元、2753.5亿元，分别增长7.4%、9.6%和5.2%。",
                          published="2022-06-14")
    names = ["对欧盟进出口", "对东盟进出口", "对美国进出口"]
    assert [f.indicator for f in doc.facts] == names + names
    assert [f.measure for f in doc.facts] == ["level"] * 3 + ["growth"] * 3


def test_a_trading_partner_listed_is_no_subject() -> None:
    doc = zhibiao.extract("1-5月，长沙对欧盟双边贸易额为72亿元，增长62.9%，东盟(10国)贸易额59.4亿元，增长42.7%。", published="2018-06-28")
    assert {f.subject for f in doc.facts} == {"长沙市"}


def test_revenue_after_a_count_of_firms_is_the_firms() -> None:
    doc = zhibiao.extract("1-5月，规模以上服务业260家，实现营业收入59.82亿元，同比增长13.0%。", published="2023-07-31")
    assert [f.indicator for f in doc.facts] == ["规模以上服务业", "规模以上服务业营业收入", "规模以上服务业营业收入"]


def test_provinces_counted_are_counted_in_the_nation() -> None:
    doc = zhibiao.extract("1月22日，全国31个省区市的数据公布完毕。数据显示，共有19个省区市经济增速跑赢全国，有10个省区市增速慢于全国。",
                          published="2020-01-22")
    assert [(f.subject, f.value) for f in doc.facts] == [("中国", 19), ("中国", 10)]


def test_a_zones_office_speaks_for_the_zone_and_an_example_is_no_subject() -> None:
    doc = zhibiao.extract("3月13日，德州经济技术开发区招商办主任介绍说，2017年，富士康等55个项目成功签约，合同投资额198亿元。",
                          published="2018-03-13")
    assert {f.subject for f in doc.facts} == {"德州经济技术开发区"}


def test_a_rank_clause_names_no_topic_for_the_part_after_it() -> None:
    doc = zhibiao.extract("全省进出口总额160.9亿美元，增长6.9%，居全国第十位，其中出口88.1亿美元，增长14.8%。", published="2019-04-20")
    assert [f.indicator for f in doc.facts][-2:] == ["出口", "出口"]


def test_the_parts_of_a_trade_total_and_the_partners_share_its_owner() -> None:
    doc = zhibiao.extract("前三季度，福建省民营企业进出口8855亿元。其中，出口6489.3亿元，进口2365.8亿元。"
                          "民营企业对东盟、美国进出口分别达2166.3亿元、1319.7亿元。", published="2024-10-28")
    assert [f.indicator for f in doc.facts] == ["民营企业进出口", "民营企业出口", "民营企业进口", "民营企业对东盟进出口",
                                                 "民营企业对美国进出口"]


def test_how_a_growth_was_counted_is_no_part_of_its_name() -> None:
    doc = zhibiao.extract("2019年，全县生产总值剔除煤矿闭井等不可比因素后增长7.8%。", published="2020-01-08")
    assert [(f.indicator, f.basis) for f in doc.facts] == [("生产总值", "yoy")]


def test_a_rank_of_both_figures_named_before_is_one_for_each() -> None:
    doc = zhibiao.extract("1-6月，全区规上工业产值同比增长3%，规上工业增加值同比下降0.3%，两项指标均位列全市第6。", published="2023-07-31")
    assert [(f.indicator, f.measure, f.value) for f in doc.facts][2:] == [
        ("规上工业产值", "rank", 6), ("规上工业增加值", "rank", 6)]


def test_a_bare_measured_noun_listed_after_a_named_one_is_of_the_same_thing() -> None:
    doc = zhibiao.extract("1-8月，全市规模工业增加值、产值同比分别增长7.3%和10.2%。", published="2019-09-10")
    assert [f.indicator for f in doc.facts] == ["规模工业增加值", "规模工业产值"]


def test_one_example_before_a_count_of_projects_is_no_part_of_the_name() -> None:
    doc = zhibiao.extract("2017年，富士康等55个项目成功签约。", published="2018-03-13")
    assert [f.indicator for f in doc.facts] == ["项目成功签约"]


def test_a_sector_named_bare_is_its_value_added() -> None:
    doc = zhibiao.extract("2021年，全县地区生产总值增长12.6%达92.9亿元，第一产业增长9.1%达21.2亿元，第二产业增长18.2%达41亿元。",
                          published="2022-01-24")
    assert [f.indicator for f in doc.facts][2:] == ["第一产业增加值"] * 2 + ["第二产业增加值"] * 2


def test_an_industry_listed_after_another_shares_its_measure() -> None:
    doc = zhibiao.extract("1-8月，采矿业工业增加值同比下降21.5%；制造业增长11.9%。", published="2017-09-19")
    assert [f.indicator for f in doc.facts] == ["采矿业工业增加值", "制造业工业增加值"]


def test_single_character_items_share_the_compound_after_them() -> None:
    doc = zhibiao.extract("全年猪、牛、羊肉产量分别为41.4万吨、17.5万吨和0.5万吨。", published="2021-10-25")
    assert [f.indicator for f in doc.facts] == ["猪肉产量", "牛肉产量", "羊肉产量"]


def test_sectors_run_together_are_one_item_each() -> None:
    doc = zhibiao.extract("“十四五”时期，一二三产增加值年均分别增长3.5%、6%、5%。", published="2026-01-20")
    assert [f.indicator for f in doc.facts] == ["一产增加值", "二产增加值", "三产增加值"]
