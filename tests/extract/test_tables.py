"""Tables: pipe, tab and one-cell-per-line tables read cell by cell, through every reader.

All tables and figures here are invented for these tests (real place names, made-up numbers).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import zhibiao
from zhibiao.extract.tables import find_tables, read_tables
from zhibiao.ingest import read


def cjk_font() -> Path | None:
    """A TrueType font with hanzi for the PDF test (fonts-wqy-microhei on Debian), or None."""
    for p in ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"):
        if Path(p).exists():
            return Path(p)
    return None


COUNTIES = """赣州市2024年1-9月各县（市、区）主要经济指标

地区 | 1-9月工业增加值增速(%) | 固定资产投资(亿元) | 投资增速(%) | 位次
章贡区 | 6.8 | 152.4 | 4.1 | 3
南康区 | 7.5 | 130.9 | -2.3 | 5
于都县 | 8.1 | 96.2 | 6.7 | 1
瑞金市 | 5.9 | 88.0 | — | 8
全市 | 7.0 | 1240.6 | 3.2 | —

注：位次为投资增速在全市的排位。
"""

INDICATORS = """2023年，吉安市经济运行稳中有进，主要指标见下表。

表1 2023年吉安市主要经济指标完成情况
指标\t绝对额(亿元)\t比上年增长(%)\t2024年目标(%)
地区生产总值\t2804.5\t4.6\t5.5
规模以上工业增加值\t—\t6.2\t7
社会消费品零售总额\t1035.8\t5.1\t6
一般公共预算收入\t215.3\t-1.4\t3
"""

STACKED = """2024年上半年各县区一般公共预算收入
地区
收入（亿元）
增长（%）
信丰县
12.6
3.8
大余县
7.9
-2.5
兴国县
10.4
5.0
"""

NAVIGATION = """首页 | 新闻 | 联系我们
关于我们 | 网站地图 | 隐私声明
2023年，赣州市外贸进出口总额增长8.5%。
"""


def _facts(doc: zhibiao.Document) -> list[tuple[Any, ...]]:
    return [(f.subject, f.indicator, f.measure, f.value, f.unit, f.period) for f in doc.facts]


def _fact(doc: zhibiao.Document, evidence: str, subject: str | None = None) -> zhibiao.Fact:
    hits = [f for f in doc.facts if doc.evidence(f) == evidence and (subject is None or f.subject == subject)]
    assert len(hits) == 1, (evidence, _facts(doc))
    return hits[0]


def test_region_rows_give_one_fact_per_cell() -> None:
    doc = zhibiao.extract(COUNTIES, published="2024-10-25")
    f = _fact(doc, "6.8")
    assert (f.subject, f.subject_code, f.indicator, f.measure, f.value, f.unit, f.period) == \
        ("章贡区", "360702", "工业增加值增速", "growth", 6.8, "%", "2024-01/2024-09")
    inv = _fact(doc, "130.9")
    assert (inv.subject, inv.indicator, inv.measure, inv.value, inv.unit) == \
        ("南康区", "固定资产投资", "level", 13_090_000_000, "元")
    assert inv.period == "2024-01/2024-09"  # from the title line
    down = _fact(doc, "-2.3")
    assert (down.indicator, down.measure, down.value, down.basis) == ("投资增速", "growth", -2.3, "yoy")
    rank = _fact(doc, "1", subject="于都县")
    assert (rank.measure, rank.value, rank.unit) == ("rank", 1, "位")


def test_region_rows_total_row_is_the_document_subject() -> None:
    doc = zhibiao.extract(COUNTIES, published="2024-10-25")
    total = _fact(doc, "1240.6")
    assert (total.subject, total.subject_code, total.value) == ("赣州市", "360700", 124_060_000_000)


def test_empty_cells_give_nothing_and_every_cell_is_its_own_span() -> None:
    doc = zhibiao.extract(COUNTIES, published="2024-10-25")
    assert len(doc.facts) == 4 * 4 - 1 + 3  # 瑞金市 has no investment growth, 全市 no rank
    for f in doc.facts:
        assert COUNTIES[f.start:f.end].replace(".", "").lstrip("-").isdigit()


def test_indicator_rows_with_units_growth_and_target_columns() -> None:
    doc = zhibiao.extract(INDICATORS, published="2024-02-20")
    gdp = _fact(doc, "2804.5")
    assert (gdp.subject, gdp.indicator, gdp.measure, gdp.value, gdp.unit, gdp.period) == \
        ("吉安市", "地区生产总值", "level", 280_450_000_000, "元", "2023")
    growth = _fact(doc, "-1.4")
    assert (growth.indicator, growth.measure, growth.value, growth.unit, growth.period) == \
        ("一般公共预算收入", "growth", -1.4, "%", "2023")
    goals = {(t.indicator, t.measure, t.value, t.unit, t.deadline) for t in doc.targets}
    assert ("地区生产总值", "growth", 5.5, "%", "2024") in goals
    assert ("规模以上工业增加值", "growth", 7, "%", "2024") in goals
    assert len([t for t in doc.targets if t.deadline == "2024"]) == 4
    assert not any(f.value == 5.5 for f in doc.facts)  # a goal is no fact


def test_prose_reader_skips_numbers_inside_tables() -> None:
    doc = zhibiao.extract(INDICATORS, published="2024-02-20")
    assert len(doc.facts) == 7  # three cells per row but one dash; nothing twice
    starts = [f.start for f in doc.facts]
    assert len(starts) == len(set(starts))


def test_stacked_web_copy_one_cell_per_line() -> None:
    doc = zhibiao.extract(STACKED, published="2024-07-20")
    rows = {(f.subject, f.indicator, f.measure, f.value, f.unit, f.period) for f in doc.facts}
    assert ("信丰县", "收入", "level", 1_260_000_000, "元", "2024-H1") in rows
    assert ("大余县", "收入", "growth", -2.5, "%", "2024-H1") in rows
    assert len(doc.facts) == 6


def test_navigation_bars_with_pipes_are_no_table() -> None:
    assert find_tables(NAVIGATION) == []
    doc = zhibiao.extract(NAVIGATION, published="2024-01-10")
    assert [(f.indicator, f.value) for f in doc.facts] == [("外贸进出口总额", 8.5)]


@pytest.mark.parametrize("text", [
    "首页 | 新闻 | 联系我们",
    "来源：江西日报 | 作者：李明 | 2024-01-05",
    "上一篇 | 下一篇\n打印 | 关闭\n",
    "地区\t备注\n章贡区\t中心城区\n南康区\t家具产业\n",  # a table of words: nothing to read
    "1 | 2 | 3\n4 | 5 | 6\n",  # no header row
    "地区\n增速\n章贡区\n6.5\n南康区\n",  # one row only, cut short
    "地区\n增速\n投资\n章贡区\n6.5\n南康区\n5.1\n3.3\n",  # rows of different widths
    "目录\n章节\n页码\n一、总体要求\n1\n二、主要目标\n3\n三、重点任务\n5\n",  # contents, no unit in any head
])
def test_shapes_that_are_no_table(text: str) -> None:
    assert read_tables(text, "2024-01-05", [], None).facts == []


def test_markdown_table_with_rule_row_and_unit_line() -> None:
    text = ("2023年全省粮食生产情况\n单位：万吨\n"
            "| 品种 | 产量 | 比上年增长(%) |\n|---|---|---|\n| 稻谷 | 2064.3 | 1.2 |\n| 玉米 | 18.9 | -0.6 |\n")
    doc = zhibiao.extract(text, published="2024-03-01")
    rice = _fact(doc, "2064.3")
    assert (rice.indicator, rice.value, rice.unit, rice.period) == ("稻谷产量", 20_643_000, "吨", "2023")
    assert _fact(doc, "-0.6").measure == "growth"


def test_year_columns_give_the_period_and_unit_column_the_unit() -> None:
    text = ("萍乡市近三年主要指标\n"
            "指标 | 单位 | 2021年 | 2022年 | 2023年\n"
            "常住人口 | 万人 | 180.1 | 179.6 | 178.9\n"
            "城镇人口比重 | % | 68.2 | 69.0 | 69.9\n")
    doc = zhibiao.extract(text, published="2024-04-01")
    pop = _fact(doc, "179.6")
    assert (pop.subject, pop.indicator, pop.value, pop.unit, pop.period) == ("萍乡市", "常住人口", 1_796_000, "人", "2022")
    share = _fact(doc, "69.9")
    assert (share.indicator, share.measure, share.value, share.unit, share.period) == \
        ("城镇人口比重", "level", 69.9, "%", "2023")


def test_merged_group_head_above_the_header_gives_the_period() -> None:
    text = ("新余市经济运行简况\n"
            "指标\t2024年1-9月\n"
            "\t绝对额(亿元)\t增长(%)\n"
            "地区生产总值\t905.3\t5.4\n"
            "固定资产投资\t—\t3.1\n"
            "社会消费品零售总额\t260.8\t4.9\n")
    doc = zhibiao.extract(text, published="2024-10-28")
    f = _fact(doc, "905.3")
    assert (f.subject, f.indicator, f.value, f.unit, f.period) == \
        ("新余市", "地区生产总值", 90_530_000_000, "元", "2024-01/2024-09")
    g = _fact(doc, "3.1")
    assert (g.indicator, g.measure, g.period) == ("固定资产投资", "growth", "2024-01/2024-09")
    assert len(doc.facts) == 5


def test_serial_number_column_is_no_label() -> None:
    text = ("2024年上饶市重大产业项目\n"
            "序号 | 项目名称 | 总投资(亿元) | 年度计划投资(亿元)\n"
            "1 | 光伏组件扩产项目 | 52.0 | 18.5\n"
            "2 | 锂电池隔膜项目 | 36.4 | 12.0\n")
    doc = zhibiao.extract(text, published="2024-03-05")
    f = _fact(doc, "52.0")
    assert (f.indicator, f.value, f.unit, f.period) == ("光伏组件扩产项目总投资", 5_200_000_000, "元", "2024")
    goal = next(t for t in doc.targets if doc.evidence(t) == "12.0")
    assert (goal.indicator, goal.value, goal.deadline) == ("锂电池隔膜项目年度计划投资", 1_200_000_000, "2024")
    assert not any(doc.evidence(x) in ("1", "2") for x in doc.facts)
    assert not any(doc.evidence(x) in ("1", "2") for x in doc.targets)


def test_row_label_joins_a_header_that_names_the_measure() -> None:
    text = ("2023年九江市产业情况\n"
            "产业 | 增加值(亿元) | 增长(%)\n第一产业 | 290.4 | 4.0\n第二产业 | 1850.2 | 5.3\n")
    doc = zhibiao.extract(text, published="2024-03-10")
    assert _fact(doc, "290.4").indicator == "第一产业增加值"
    f = _fact(doc, "5.3")
    assert (f.indicator, f.measure) == ("第二产业增加值", "growth")


def test_table_spans_map_back_through_traditional_script() -> None:
    text = "2023年新竹縣主要指標\n指標 | 數值(億元)\n工業產值 | 120.5\n服務業產值 | 88.1\n"
    doc = zhibiao.extract(text, published="2024-02-01")
    f = _fact(doc, "120.5")
    assert f.value == 12_050_000_000 and f.unit == "元" and f.indicator == "工業產值"


HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>2024年前三季度全市经济运行情况</title>
<meta name="pubdate" content="2024-10-28"></head><body><article><h1>2024年前三季度全市经济运行情况</h1>
<p>前三季度，宜春市经济运行稳中有进，工业生产平稳增长，固定资产投资规模持续扩大，消费市场逐步回暖。</p>
<table><tr><td colspan="3">2024年1-9月宜春市主要经济指标</td></tr>
<tr><th>指标</th><th>1-9月(亿元)</th><th>同比增长(%)</th></tr>
<tr><td>地区生产总值</td><td>2650.7</td><td>5.2</td></tr>
<tr><td>社会消费品<br>零售总额</td><td>904.3</td><td>4.8</td></tr>
<tr><td>进出口总额</td><td>301.6</td><td>-3.1</td></tr></table>
<p>下一步，全市将持续扩大有效投资，激发消费潜能，推动经济运行持续向好，全力冲刺全年目标任务。</p>
</article></body></html>"""


def test_html_table_through_the_reader() -> None:
    src = read(HTML_PAGE.encode("utf-8"), name="yichun.html")
    assert "指标 | 1-9月(亿元) | 同比增长(%)" in src.text
    assert "|---" not in src.text and "| 地区生产总值" not in src.text
    doc = zhibiao.extract(src.text, published="2024-10-28")
    gdp = _fact(doc, "2650.7")
    assert (gdp.subject, gdp.indicator, gdp.value, gdp.unit, gdp.period) == \
        ("宜春市", "地区生产总值", 265_070_000_000, "元", "2024-01/2024-09")
    retail = _fact(doc, "4.8")
    assert (retail.indicator, retail.measure) == ("社会消费品零售总额", "growth")
    assert _fact(doc, "-3.1").value == -3.1


def _docx(rows: list[list[str]]) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("2023年抚州市各县区规模以上工业增加值")
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            t.cell(r, c).text = cell
    d.add_paragraph("数据来源：抚州市统计局。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_table_through_the_reader() -> None:
    data = _docx([["县区", "增加值(亿元)", "增速(%)"], ["临川区", "210.4", "6.1"],
                  ["南城县", "75.2", "7.3"], ["广昌县", "31.8", "-0.8"]])
    src = read(data, name="fuzhou.docx")
    doc = zhibiao.extract(src.text, published="2024-02-15")
    f = _fact(doc, "75.2")
    assert (f.subject, f.subject_code, f.indicator, f.value, f.unit, f.period) == \
        ("南城县", "361021", "增加值", 7_520_000_000, "元", "2023")
    g = _fact(doc, "-0.8")
    assert (g.subject, g.measure, g.indicator) == ("广昌县", "growth", "增加值")


def _pdf_with_table() -> bytes | None:
    font = cjk_font()
    if font is None:
        return None
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("CJK", str(font), subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    _w, h = A4
    c.setFont("CJK", 11)
    c.drawString(60, h - 80, "2023年鹰潭市主要经济指标")
    rows = [["指标", "绝对额(亿元)", "增长(%)"], ["地区生产总值", "1301.2", "5.0"], ["财政总收入", "150.7", "2.4"]]
    xs, top, height = [60, 200, 330, 460], h - 100, 22
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            c.drawString(xs[j] + 5, top - (i + 1) * height + 7, cell)
    for i in range(len(rows) + 1):
        c.line(xs[0], top - i * height, xs[-1], top - i * height)
    for x in xs:
        c.line(x, top, x, top - len(rows) * height)
    c.drawString(60, top - len(rows) * height - 30, "全市经济运行总体平稳，发展质量稳步提升。")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.skipif(cjk_font() is None, reason="no CJK TrueType font")
def test_pdf_ruled_table_through_the_reader() -> None:
    data = _pdf_with_table()
    assert data is not None
    src = read(data, name="yingtan.pdf")
    assert "地区生产总值 | 1301.2 | 5.0" in src.text
    assert src.text.index("主要经济指标") < src.text.index("指标 | 绝对额") < src.text.index("总体平稳")
    doc = zhibiao.extract(src.text, published="2024-02-01")
    f = _fact(doc, "1301.2")
    assert (f.subject, f.indicator, f.value, f.unit, f.period) == ("鹰潭市", "地区生产总值", 130_120_000_000, "元", "2023")


def test_a_growth_row_gives_growth_cells() -> None:
    text = "主要指标\n指标 | 2023年 | 2025年目标\n地区生产总值增速(%) | 5.5 | 6\n研发投入强度(%) | 2.1 | 2.5\n"
    doc = zhibiao.extract(text, published="2024-03-01")
    assert [(f.value, f.measure, f.period) for f in doc.facts] == [(5.5, "growth", "2023"), (2.1, "level", "2023")]
    assert [(t.value, t.measure, t.deadline) for t in doc.targets] == [(6, "growth", "2025"), (2.5, "level", "2025")]


def test_stacked_table_with_a_unit_column() -> None:
    text = ("抚州市2025年国民经济和社会发展统计公报\n\n表3 2025年主要农产品产量\n"
            "产品名称\n单位\n产量\n比上年增长(%)\n粮食\n万吨\n301.2\n1.4\n油料\n万吨\n22.7\n-0.8\n")
    doc = zhibiao.extract(text, published="2026-03-20")
    grain = _fact(doc, "301.2")
    assert (grain.subject, grain.indicator, grain.value, grain.unit, grain.period) == \
        ("抚州市", "粮食产量", 3_012_000, "吨", "2025")
    oil = _fact(doc, "-0.8")
    assert (oil.indicator, oil.measure, oil.unit) == ("油料产量", "growth", "%")
    assert len(doc.facts) == 4


def test_a_unit_column_names_no_figure_for_the_growth_column() -> None:
    text = ("2025年景德镇市主要指标\n指标\t单位\t数值\t比上年增长(%)\n"
            "地区生产总值\t亿元\t1210.4\t5.1\n一般公共预算收入\t亿元\t88.6\t2.7\n")
    doc = zhibiao.extract(text, published="2026-02-01")
    f = _fact(doc, "5.1")
    assert (f.indicator, f.measure, f.period) == ("地区生产总值", "growth", "2025")
    assert _fact(doc, "88.6").indicator == "一般公共预算收入"


def test_space_aligned_columns_are_a_table() -> None:
    text = ("2025年鹰潭市规模以上工业主要产品产量\n"
            "产品名称      单位        产量       比上年增长(%)\n"
            "发电量        亿千瓦时    96.5       3.9\n"
            "铜材          万吨        182.3      6.2\n")
    doc = zhibiao.extract(text, published="2026-03-01")
    power = _fact(doc, "96.5")
    assert (power.subject, power.indicator, power.value, power.unit, power.period) == \
        ("鹰潭市", "发电量", 9_650_000_000, "千瓦时", "2025")
    assert (_fact(doc, "6.2").indicator, _fact(doc, "6.2").measure) == ("铜材产量", "growth")


@pytest.mark.parametrize("text", [
    "本报记者  王芳  摄影  李强\n编辑  张伟  校对  刘洋\n",  # bylines spaced out: no numbers
    "今年以来，全市经济稳中向好。  工业增加值增长6.1%，\n投资增长4.2%。  消费增长5.0%。\n",  # prose
])
def test_spaced_lines_that_are_no_table(text: str) -> None:
    assert find_tables(text) == []


def test_a_header_without_its_corner_cell() -> None:
    text = ("表2 2024年上饶市三次产业\n| 绝对数(亿元) | 比上年增长(%) |\n"
            "地区生产总值 | 3401.2 | 5.6 |\n第一产业 | 312.8 | 3.5 |\n")
    doc = zhibiao.extract(text, published="2025-03-01")
    gdp = _fact(doc, "3401.2")
    assert (gdp.subject, gdp.indicator, gdp.value, gdp.unit, gdp.period) == \
        ("上饶市", "地区生产总值", 340_120_000_000, "元", "2024")
    assert (_fact(doc, "3.5").indicator, _fact(doc, "3.5").measure) == ("第一产业", "growth")


def test_rows_named_by_years_date_their_cells() -> None:
    text = ("抚州市人口变动情况\n| 年份 | 常住人口(万人) | 出生率(‰) | 自然增长率(‰) |\n|---|---|---|---|\n"
            "| 2023 | 358.1 | 7.02 | 1.15 |\n| 2024 | 356.4 | 6.71 | 0.64 |\n")
    doc = zhibiao.extract(text, published="2025-05-01")
    pop = _fact(doc, "356.4")
    assert (pop.subject, pop.indicator, pop.value, pop.unit, pop.period) == ("抚州市", "常住人口", 3_564_000, "人", "2024")
    rate = _fact(doc, "1.15")
    assert (rate.indicator, rate.measure, rate.unit, rate.period) == ("自然增长率", "level", "‰", "2023")
    assert not any(doc.evidence(f) in ("2023", "2024") for f in doc.facts)


@pytest.mark.parametrize("table", [
    # the rows of a copied table run together on one line
    "区县 | 1-9月工业增加值增速(%) | 位次 | 东湖区 | 6.1 | 3 | 西湖区 | 7.2 | 1 | 南昌县 | 6.5 | 2 |",
    # ... or broken anywhere
    "区县 | 1-9月工业增加值增速(%) | 位次 |\n东湖区 | 6.1 | 3 | 西湖区 |\n7.2 | 1 | 南昌县 | 6.5 | 2 |",
    # one cell per line, each with the bar it had
    "区县 |\n1-9月工业增加值增速(%) |\n位次 |\n东湖区 |\n6.1 |\n3 |\n西湖区 |\n7.2 |\n1 |\n南昌县 |\n6.5 |\n2 |",
])
def test_copied_table_shapes_give_a_fact_per_cell_and_ranks_of_the_rate(table: str) -> None:
    doc = zhibiao.extract("1-9月各县区主要指标完成情况\n" + table + "\n", published="2024-10-20")
    rows = {(f.subject, f.indicator, f.measure, f.value, f.period) for f in doc.facts}
    assert rows == {
        ("东湖区", "工业增加值增速", "growth", 6.1, "2024-01/2024-09"), ("东湖区", "工业增加值增速", "rank", 3, "2024-01/2024-09"),
        ("西湖区", "工业增加值增速", "growth", 7.2, "2024-01/2024-09"), ("西湖区", "工业增加值增速", "rank", 1, "2024-01/2024-09"),
        ("南昌县", "工业增加值增速", "growth", 6.5, "2024-01/2024-09"), ("南昌县", "工业增加值增速", "rank", 2, "2024-01/2024-09"),
    }


def test_a_unit_line_listing_units_gives_each_column_its_kind() -> None:
    text = ("1-6月份市重点项目投资完成情况\n单位：个、亿元\n"
            "县区 | 项目个数 | 年计划投资 | 完成投资额 | 年计划投资完成率 |\n"
            "南康区 | 41 | 90.5 | 52.3 | 57.8% |\n"
            "信丰县 | 30 | 60.2 | 35.6 | 59.1% |\n")
    doc = zhibiao.extract(text, published="2024-07-20")
    got = {(f.subject, f.indicator): (f.value, f.unit) for f in doc.facts}
    assert got[("信丰县", "项目个数")] == (30, "个")
    assert got[("南康区", "完成投资额")] == (5230000000, "元")
    # progress against the plan keeps its 计划 and is a result; the plan column is a goal
    assert got[("南康区", "年计划投资完成率")] == (57.8, "%")
    assert [(t.subject, t.indicator, t.value, t.unit) for t in doc.targets] == [
        ("南康区", "年计划投资", 9050000000, "元"), ("信丰县", "年计划投资", 6020000000, "元")]


def test_a_table_run_into_the_end_of_a_paragraph() -> None:
    text = ("全年出生人口0.53万人。 表1 2023年东湖区年末人口数及其构成 指 标 | 年末数(万人) | 比重(%) | 常住人口 | 50.10 | | "
            "其中:城镇 | 32.60 | 65.07 | 乡村 | 17.50 | 34.93 | 15-64岁 | 35.20 | 70.26 |\n年末全区城镇就业人员8.2万人。")
    doc = zhibiao.extract(text, published="2024-04-30")
    cells = {doc.evidence(f): (f.indicator, f.value, f.unit) for f in doc.facts}
    assert cells["50.10"] == ("常住人口", 501000, "人")
    assert cells["65.07"] == ("城镇比重", 65.07, "%")
    assert cells["35.20"] == ("15-64岁", 352000, "人")
    assert not any(f.value == 65.07 and f.subject != "东湖区" for f in doc.facts)
