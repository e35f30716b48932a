"""The shared pattern machinery: alternations of cue words and the organisation helpers."""

from __future__ import annotations

import re

from zhibiao.extract import lexicon
from zhibiao.extract.breakdowns import Breakdowns
from zhibiao.extract.clauses import ends_with
from zhibiao.extract.names import lex_tables
from zhibiao.extract.orgs import _generic, _home
from zhibiao.extract.regions import find_regions


def test_a_scan_alternation_finds_what_the_alternation_finds_longest_first() -> None:
    words = ("增长", "同比增长", "下降", "回落")
    text = "本镇茶叶产值同比增长7%，烟叶面积下降2%，随后回落，增长放缓。"
    scan, alt = re.compile(lexicon.scan_alternation(words)), re.compile(lexicon.alternation(words))
    found = [m.group() for m in scan.finditer(text)]
    assert found == ["同比增长", "下降", "回落", "增长"]
    assert found == [m.group() for m in alt.finditer(text)]
    assert re.compile(lexicon.scan_alternation(("",))).search(text) is None  # no words: never matches


def test_a_pair_of_descriptors_is_a_kind_not_a_name() -> None:
    lex = lex_tables()
    assert {"大型", "国有", "公立", "三级"} <= lex.org_generic
    assert _generic(lex, "国有")
    assert _generic(lex, "大型国有") and _generic(lex, "三级公立")  # two descriptors
    assert not _generic(lex, "大型青山")  # one descriptor and a name
    assert not _generic(lex, "国有大型青山")  # longer than a short pair


def test_ends_with_finds_the_longest_word_at_the_end_only() -> None:
    assert "增长" in lexicon.cue_list("growth_up") and "同比增长" in lexicon.cue_list("growth_up")
    m = ends_with("growth_up", "本镇茶叶产值同比增长")
    assert m is not None and m.group() == "同比增长"
    assert ends_with("growth_up", "本镇茶叶产值增长较快") is None  # a word inside is no ending
    assert ends_with("growth_up", "") is None and ends_with("growth_up", "增长", 0) is None
    m = ends_with("growth_up", "茶叶产值增长较快", 6)  # the text up to end
    assert m is not None and m.span() == (4, 6)
    m = ends_with("growth_up", "茶叶产值增长\n")  # as $ does: before a final newline
    assert m is not None and m.group() == "增长"


def test_words_longest_first_drop_repeats() -> None:
    words = lexicon.words_longest_first("breakdown_by_end")
    assert words == sorted(set(words), key=lambda w: (-len(w), w)) and "来看" in words and "看" in words


def test_breakdown_words_are_found_where_they_open_a_part() -> None:
    text = "全县完成投资80亿元，其中工业投资30亿元。分区域看，东部增长5%；从主要品类看，茶叶增长3%，分别看待。"
    found = [text[s:e] for s, e in Breakdowns(text).spans]
    assert found == ["其中", "分区域看", "从主要品类看"]  # 分别看待 runs on: no comma after 看


def test_the_home_bodies_are_the_most_mentioned_divisions_first_named_on_a_tie() -> None:
    # 瑞金市 twice (2) ties with 赣州市 once and as 瑞金市's city twice (1 + 2 x 0.5): the first named wins
    regions = find_regions("赣州市召开会议。瑞金市、吉安市发言，瑞金市表态。")
    home = _home(regions)
    assert home["市"] == "赣州市" and home["省"] == "江西省"
    assert _home(regions[1:])["市"] == "瑞金市"  # without the first mention: 2 against 1
