"""Extraction on pathological and odd inputs: it never raises, and every span it returns lies
inside the text. Small sizes only; speed is measured by benchmarks/throughput.py, never here."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

import zhibiao
from zhibiao.model import Document

N = 12_000  # characters per pathological input


def _fill(unit: str, n: int = N) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _spans(doc: Document) -> Iterator[tuple[str, int, int]]:
    for kind, items in (("article", doc.articles), ("fact", doc.facts), ("target", doc.targets),
                        ("entity", doc.entities)):
        for item in items:
            yield kind, item.start, item.end


def check(text: str) -> Document:
    doc = zhibiao.extract(text)
    assert doc.text == text
    for kind, start, end in _spans(doc):
        assert 0 <= start <= end <= len(text), (kind, start, end, len(text))
    return doc


def _random_cjk(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(n))


def _mixed(n: int, seed: int) -> str:
    """Random CJK, digits, units, punctuation, emoji, combining marks and control characters."""
    rng = random.Random(seed)
    pools = ["江西省南昌市", "同比增长", "万亿元", "亿元", "%", "年", "月", "日", "、", "，", "。", "《", "》",
             "“", "”", "\n", "\r\n", "\x00", "\u0301", "\u200b", "\ufeff", "😀", "👩\u200d💻", "🇨🇳",
             "１２３", "３．５％", "\u3000", "\t", "0123456789", "十二", "两", "第", "位"]
    out: list[str] = []
    size = 0
    while size < n:
        piece = rng.choice(pools) if rng.random() < 0.6 else chr(rng.randint(0x4E00, 0x9FFF))
        out.append(piece)
        size += len(piece)
    return "".join(out)[:n]


PATHOLOGICAL = {
    "digits": _fill("1234567890"),
    "nested 《": _fill("《"),
    "nested 《》 balanced": "《" * (N // 2) + "》" * (N // 2),
    "punctuation line": _fill("，。、；：！？“”《》（）…—·"),
    "quotes “”": _fill("“”"),
    "unbalanced “": _fill("“"),
    "、 numbers": "、".join(str(i) for i in range(N // 4))[:N],
    "年月日 chars": _fill("年月日"),
    "dates": _fill("2023年5月6日"),
    "万亿": _fill("万亿"),
    "万亿 with digits": _fill("3万亿"),
    "growth list": _fill("增长5.1%、"),
    "chinese numerals": _fill("一二三四五六七八九十百千万亿点"),
    "percent words": _fill("百分之"),
    "ranges": _fill("3至5个—"),
    "region names": _fill("鼓楼区朝阳区江西省南昌市", 3_000) + "。",  # quadratic in regions._resolve today
    "blank lines": _fill("\n \u3000\n"),
    "column breaks": _fill("经济增长，投资增长，\n\n消费增长"),
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological(name: str) -> None:
    check(PATHOLOGICAL[name])


ODD = {
    "empty": "",
    "one space": " ",
    "one newline": "\n",
    "random cjk": _random_cjk(N, 1),
    "mixed": _mixed(N, 2),
    "mixed 2": _mixed(N, 3),
    "emoji": _fill("😀👩\u200d💻🇨🇳增长5%"),
    "combining marks": _fill("增\u0301长\u03015\u0301%\u0301"),
    "crlf": _fill("2023年，江西省地区生产总值增长4.1%。\r\n"),
    "cr only": _fill("2023年，全省投资增长5%。\r"),
    "nul": _fill("全省\x00增长\x005%\x00。"),
    "bom and zero width": "\ufeff" + _fill("全省\u200b增长\u200b5%。"),
    "long single line": _fill("2022年全市规上工业增加值同比增长6.1%，", 20_000),
    "traditional script": _fill("全省經濟總量達到3.2萬億元，增長4.1%。"),
    "fullwidth": _fill("２０２３年全省增长５．４％。"),
    "lone surrogate-free private use": _fill("\ue000\uf8ff增长5%"),
    "supplementary cjk": _fill("𠀀𠀁𪚥增长5%。"),
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_unicode(name: str) -> None:
    check(ODD[name])


# Lexicon.scan once tested text[i:i+size] against the word list without bounding the slice, so
# a name at the very end of the text could match past it (an IndexError); kept as regressions.
ENDS_WITH_NAME = ["江西", "在江西", "北京", "中国共产党", "2023年，全省投资增长5%，来自江西"]


@pytest.mark.parametrize("text", ENDS_WITH_NAME)
def test_text_ending_in_a_name(text: str) -> None:
    check(text)


def test_every_prefix_of_a_sentence() -> None:
    """Cutting a text anywhere (a truncated download, a page break) never breaks extraction."""
    sentence = "2023年，江西省南昌市规上工业增加值比上年增长5.4%，到2025年力争达到1.2万亿元。"
    for k in range(len(sentence) + 1):
        check(sentence[:k])
