"""Page layout: items of a made-up page, column breaks, the page date, and the seed page."""

from __future__ import annotations

import bisect
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures import PAGE, PASSAGE
from hypothesis import given
from hypothesis import strategies as st

from zhibiao.ingest.layout import Offsets, column_breaks, paragraphs, published_date, repair, segment

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "corpus" / "seed"


def _span(text: str, first: str, last: str) -> tuple[int, int]:
    s = text.index(first)
    return s, text.index(last, s) + len(last)


def test_page_items_kinds_spans_bylines() -> None:
    arts = segment(PAGE)
    got = [(a.kind, a.start, a.end, a.title, a.bylines) for a in arts]
    news1 = _span(PAGE, "□ 本报记者", "千亿级产业集群2个。")
    cap1 = _span(PAGE, "长沙经开区", "孙晓摄")
    comm = _span(PAGE, "近来，不少地方", "林晓峰")
    cap2 = _span(PAGE, "2月3日", "摄（视觉中国）")
    news2 = _span(PAGE, "广西糖料蔗喜获丰收", "持续增加。")
    assert got == [
        ("news", *news1, "湖南县域产业集群加速成长", ["王立群", "孙晓"]),
        ("caption", *cap1, None, ["孙晓"]),
        ("commentary", *comm, None, ["林晓峰"]),
        ("caption", *cap2, None, ["陈建国"]),
        ("news", *news2, "广西糖料蔗喜获丰收", ["韦丽", "莫凡"]),
    ]


def test_column_break_spans_and_offset_map() -> None:
    breaks = column_breaks(PAGE)
    assert [PAGE[s - 1] + "|" + PAGE[e] for s, e in breaks] == ["在|烟"]
    rep = repair(PAGE)
    i = rep.text.index("在烟花鞭炮")
    assert PAGE[rep.original(i)] == "在" and PAGE[rep.original(i + 1)] == "烟"
    j = rep.text.index("58.3%")
    assert PAGE[rep.original(j): rep.original(j) + 5] == "58.3%"
    assert rep.breaks == breaks and len(rep.origin) == len(rep.text)
    # Headlines, bylines and sentence ends are never joined.
    assert column_breaks("标题在这里\n\n正文，开始。") == []
    assert column_breaks("正文，说到这里，在\n\n本报记者 张三 李四") == []


def test_reading_text_joins_as_layout_repairs() -> None:
    from zhibiao.extract.text import reading_text

    # One repair: the reading text cuts the breaks layout finds on the original.
    reading, rep = reading_text(PAGE), repair(PAGE)
    assert reading.breaks == rep.breaks and reading.origin == rep.origin


def test_column_break_kinds() -> None:
    mid_word = "他们坚持一手抓改革，一手抓开放，做好“双向开\n\n放、惠通四方”的大文章。"
    assert len(column_breaks(mid_word)) == 1
    single_newline = "今年以来，全市工业生产稳步回升，规模以上工业\n增加值增长6.1%。"
    assert len(column_breaks(single_newline)) == 1
    headline_with_comma = "某省锚定增长目标,制造业仍是主引擎\n制造业是立国之本。"
    assert column_breaks(headline_with_comma) == []


def test_published_date() -> None:
    assert published_date("经济日报\n2024年1月30日 星期二\n\n正文。") == "2024-01-30"
    assert published_date("标题\n\n2023-08-06 15:24:58  来源:示例网\n\n正文") == "2023-08-06"
    assert published_date("新华社北京2024年1月18日电（记者 张三）正文") == "2024-01-18"
    assert published_date("2023年7月，某省出台了规划。2024年1月5日召开会议。") is None
    assert published_date(PAGE) is None


def test_single_article_text() -> None:
    arts = segment(PASSAGE)
    assert len(arts) == 1
    a = arts[0]
    assert (a.kind, a.start, a.end, a.title) == ("news", 0, len(PASSAGE.rstrip()), "赣南工业经济稳中有进")
    assert a.bylines == ["周明远", "李华"]
    report = "2023年某市政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n"
    assert segment(report)[0].kind == "other"
    wire = "某地新闻\n\n本报讯（记者王小明）3月2日，某市发布数据。\n"
    assert segment(wire)[0].bylines == ["王小明"]


@pytest.mark.skipif(not (SEED / "gold").is_dir(), reason="../shared corpus not present")
def test_seed_page_articles_f1(tmp_path: Path) -> None:
    text = (SEED / "page-2024-01-30.txt").read_text(encoding="utf-8")
    gold = json.loads((SEED / "gold" / "page-2024-01-30.json").read_text(encoding="utf-8"))
    pred = {"schema": "zhibiao/1", "document": {"id": "page-2024-01-30", "published": "2024-01-30",
                                                "chars": len(text)},
            "articles": [a.to_dict() for a in segment(text)], "facts": [], "targets": [], "entities": []}
    (tmp_path / "page-2024-01-30.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(SEED / "gold"), str(tmp_path),
                          "--json"], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout)["articles"]["f1"] >= 0.9
    by_kind = {(a["kind"], tuple(a["bylines"])) for a in pred["articles"]}
    assert by_kind == {(g["kind"], tuple(g["bylines"])) for g in gold["articles"]}


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 4)), max_size=8), st.integers(0, 6))
def test_offsets_equal_the_list_they_stand_for(gaps: list[tuple[int, int]], tail: int) -> None:
    # Cuts of ``length`` characters after ``keep`` kept ones; never at the very end.
    cuts: list[tuple[int, int]] = []
    origin: list[int] = []
    pos = 0
    for keep, length in gaps:
        cuts.append((pos + keep, pos + keep + length))
        origin.extend(range(pos, pos + keep))
        pos += keep + length
    origin.extend(range(pos, pos + tail + 1))
    offsets = Offsets(len(origin), cuts)
    assert list(offsets) == origin and offsets[-1] == origin[-1]
    for x in range(pos + tail + 2):
        assert offsets.position(x) == bisect.bisect_left(origin, x)


def test_web_page_furniture_is_no_article() -> None:
    page = ("加入收藏 | 会员中心\n站内搜索: 高级搜索\n您当前的位置:首页 > 统计公报\n"
            "某县2024年国民经济和社会发展统计公报\n时间:2025-03-15 来源:某县统计局 点击:120次\n"
            "初步核算，全年地区生产总值120.5亿元，比上年增长5.1%。\n")
    kinds = [p.kind for p in paragraphs(page)]
    assert kinds == ["furniture", "furniture", "furniture", "head", "furniture", "body"]
    assert [a.kind for a in segment(page)] == ["other"]  # one document, its title a communiqué's


def test_related_items_after_a_closed_story_are_briefs() -> None:
    text = ("今年前8个月我省外贸增长\n"
            "  记者从海关获悉，前8个月全省进出口总值1.2万亿元，同比增长5.1%。\n"
            "  其中出口7800亿元，增长6.2%。(王明)\n\n"
            "数字经济论坛在榕举办\n"
            "  6日，数字经济论坛在榕举办。\n"
            "城南郊野公园入选典型案例\n"
            "  昨日从市生态环境局获悉，公园入选典型案例。\n")
    got = [(a.kind, a.title, a.bylines) for a in segment(text)]
    assert got == [("news", "今年前8个月我省外贸增长", ["王明"]), ("brief", "数字经济论坛在榕举办", []),
                   ("brief", "城南郊野公园入选典型案例", [])]


def test_an_e_paper_page_label_is_furniture() -> None:
    text = "第A01版:\n    \n全市经济增速目标为10%以上\n\n本报讯（记者 王明）今年，全市地区生产总值预期增长10%以上。\n"
    arts = segment(text)
    assert len(arts) == 1 and arts[0].kind == "news"
