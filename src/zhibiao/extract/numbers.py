"""Numbers as written: Arabic (1,234.5), Chinese numerals (一千二百, 两, 十余), scale words.

``find_numbers`` returns every number token of the reading text with its value before
any scale word that follows it; ``units.read_quantities`` adds scale, unit and range.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from zhibiao.extract import lexicon

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
            "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_SCALE = {"万": 10_000, "亿": 100_000_000}
SCALE_WORDS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

# A number's first character is matched first, by one class: re then skips to digits and
# numerals over a whole text (behind a lookahead it tried every position). The rest of the
# number follows that character: Arabic (1,234.5; the empty group ar marks it) or Chinese.
# A Chinese numeral starts with a digit (万人, 千方百计 are words): 两千五百亿, 十余; or is a bare
# 百/千/万 before 余 (千余头生猪; not after a numeral, whose scale it is).
# A lone 一 (一些, 统一, 进一步) is not even tried: only 一 before another numeral or 倍/成/番.
_ARABIC_REST = r"\d*(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?"
_CHINESE_REST = r"[零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?"
NUMBER_RE = re.compile(rf"[\d零〇一二两三四五六七八九十百千万](?:(?<=\d)(?P<ar>)(?:{_ARABIC_REST})"
                       rf"|(?<=一)(?=[零〇一二两三四五六七八九十百千万亿点倍成番]){_CHINESE_REST}"
                       rf"|(?<=[零〇二两三四五六七八九十]){_CHINESE_REST}"
                       rf"|(?<![\d零〇一二两三四五六七八九十百千万][百千万])(?<=[百千万])(?=余))")
# Two neighbouring digits before a unit word: 六七十 (60-70), 一两千 (1000-2000), 十五六 (15-16).
_NEIGHBOURS = re.compile("^(十?)([一二两三四五六七八九])([一二两三四五六七八九])([十百千万]?)$")
_HAS_DIGIT = re.compile(r"[零〇一二两三四五六七八九十]")


class NumberToken(NamedTuple):  # a tuple: built by the ten thousand per text, cheaply
    start: int
    end: int
    value: float
    chinese: bool
    value_max: float | None = None  # 六七十: two neighbouring digits give a range (60 to 70)


def parse_chinese(text: str) -> float | None:
    """一千二百 -> 1200, 两 -> 2, 十五 -> 15, 三点五 -> 3.5, 一九九八 -> 1998; None if not a number."""
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = parse_chinese(whole) if whole else 0.0
        if w is None or not frac or any(c not in CN_DIGIT for c in frac):
            return None
        return w + float("0." + "".join(str(CN_DIGIT[c]) for c in frac))
    if all(c in CN_DIGIT for c in text) and len(text) > 1:
        return float("".join(str(CN_DIGIT[c]) for c in text))  # 一九九八: digit by digit
    total = 0.0  # finished 亿/万 sections
    section = 0.0  # current section below 万
    digit: float | None = None
    for c in text:
        if c in CN_DIGIT:
            digit = CN_DIGIT[c]
        elif c in CN_UNIT:
            section += (1 if digit is None else digit) * CN_UNIT[c]
            digit = None
        elif c in CN_SCALE:
            if digit is not None:
                section += digit
            scale = CN_SCALE[c]
            if section == 0 and total == 0:
                section = 1
            if scale == 100_000_000:
                total = (total + section) * scale
            else:
                total += section * scale
            section, digit = 0.0, None
        else:
            return None
    if digit is not None:
        section += digit
    return total + section


def parse_arabic(text: str) -> float:
    return float(text.replace(",", ""))


def _letters_before(text: str, end: int) -> str:
    start = end
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        start -= 1
    return text[start:end]



@lru_cache(maxsize=1)
def _measures() -> frozenset[str]:
    return frozenset(w.upper() for w in lexicon.cue_list("measure_abbreviations"))


def find_numbers(text: str) -> list[NumberToken]:
    """Number tokens; a Chinese run must hold a digit (万 alone is a scale word, not a number)."""
    out: list[NumberToken] = []
    for m in NUMBER_RE.finditer(text):
        if m.group("ar") is not None:
            # PM2.5, 5G, A1: digits glued to Latin letters are names, not quantities (but 实现GDP961亿元
            # is a figure of the measure GDP names).
            if m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha() and \
                    _letters_before(text, m.start()).upper() not in _measures():
                continue
            out.append(NumberToken(m.start(), m.end(), parse_arabic(m.group()), False))
            continue
        raw = m.group()
        start = m.start()
        # Leading scale characters belong to the word before (百万 after 三: handled by the
        # pattern); a run that starts with 万/亿/千/百 and has no digit is not a number.
        if raw in ("零", "〇") or (raw == "一" and text[m.end():m.end() + 1] not in "倍成番"):
            continue  # 零部件, 一些, 统一: words, not numbers (一倍, 一成, 一番 are)
        # Trailing 千/百 that start a unit (两千瓦 is rare; 千瓦 after a number is the unit).
        while raw and raw[-1] in "千百万亿" and m.start() + len(raw) < len(text) and \
                text[m.start() + len(raw)] in "瓦克米伏卡分":
            raw = raw[:-1]
        value = parse_chinese(raw)
        if value is None or not raw:
            continue
        near = _NEIGHBOURS.match(raw)
        if near is not None and CN_DIGIT[near.group(2)] < CN_DIGIT[near.group(3)]:
            # 六七十人, 一两千元, 十五六个, 两三个: between the two readings
            base = 10 if near.group(1) else 0
            unit = SCALE_WORDS.get(near.group(4), 1)
            low, high = (base + CN_DIGIT[near.group(2)]) * unit, (base + CN_DIGIT[near.group(3)]) * unit
            out.append(NumberToken(start, start + len(raw), float(low), True, float(high)))
            continue
        out.append(NumberToken(start, start + len(raw), value, True))
    return out
