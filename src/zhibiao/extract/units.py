"""Quantities: a number with its scale word, unit, range and the qualifier glued to it.

3.6万亿元 -> 3600000000000 元; 10.87万标箱 -> 108700 标箱; 200多人 -> 200 人 (over);
3000元到3500元 -> 3000..3500 元; 百分之三 -> 3 %; 两成 -> 20 %; 2.5GW -> 2500000 千瓦.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from zhibiao.extract import lexicon
from zhibiao.extract.numbers import SCALE_WORDS, NumberToken, find_numbers, parse_chinese
from zhibiao.extract.spans import Spans
from zhibiao.model import Quantity

# 兆 is 10^12 (Taiwan and Hong Kong usage: 9兆元, GDP總量2.53兆), mega only in units (兆瓦)
_SCALE_RE = re.compile(r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|兆(?![瓦帕赫字比焦])|千(?![瓦克米伏卡])|百(?![分]))")
_TRILLION = 1e12
_RANGE_JOIN = re.compile(r"\s*(?:到|至|—{1,2}|-|~|―|－)\s*")
_LIST_JOIN = "、和及与"


_DOUBLED = re.compile(r"翻了?(?:近|约|超过?)?$")  # 翻一番, 翻了两番: the verb before the count of doublings


@lru_cache(maxsize=1)
def _unit_re() -> re.Pattern[str]:
    table = lexicon.units()
    alt = lexicon.alternation(tuple(table))
    # 人/百亿元, 元/吨: a per unit may carry a scale word, which divides the value
    return re.compile(rf"(?P<u>{alt})(?:/(?P<pscale>{_SCALE_RE.pattern})?(?P<per>{alt}))?")


@lru_cache(maxsize=1)
def _after_re() -> tuple[re.Pattern[str], dict[str, str]]:
    after = lexicon.cues()["qualifier_after"]
    words = {w: q for q, ws in after.items() for w in ws}
    return re.compile(lexicon.alternation(tuple(words))), words


@lru_cache(maxsize=1)
def _false_friend_re() -> re.Pattern[str]:
    return re.compile(lexicon.cue_regex("unit_false_friends"))


def _scale(text: str, pos: int) -> tuple[float, int]:
    m = _SCALE_RE.match(text, pos)
    if not m:
        return 1.0, pos
    factor = 1.0
    for ch in m.group():
        factor *= _TRILLION if ch == "兆" else SCALE_WORDS[ch]
    return factor, m.end()


def _read_one(text: str, n: NumberToken) -> Quantity | None:
    """The quantity starting at number token n, or None when it is no quantity."""
    pos = n.end
    qualifier = None
    factor, pos = _scale(text, pos) if not n.chinese else (1.0, pos)
    if pos < len(text) and text[pos] in "余多来":
        qualifier = "approx" if text[pos] == "来" else "over"
        pos += 1
        more, pos = _scale(text, pos)
        factor *= more
    start = n.start
    unit, raw_unit = "", ""
    if n.start >= 3 and text[n.start - 3 : n.start] == "百分之":
        unit, raw_unit, start = "%", "百分之", n.start - 3
    else:
        m = _unit_re().match(text, pos)
        if m and not _false_friend_re().match(text, m.start()):
            entry = lexicon.units()[m.group("u")]
            raw_unit = m.group()
            unit = entry.unit
            factor *= entry.factor
            if m.group("per"):
                per = lexicon.units()[m.group("per")]
                unit = f"{entry.unit}/{per.unit}"
                if m.group("pscale"):
                    factor /= _scale(m.group("pscale"), 0)[0] * per.factor
            if entry.kind == "doubling":  # 翻一番 = +100%, 翻两番 = +300%
                if not _DOUBLED.search(text, max(0, start - 3), start):
                    return None  # 另一番景象: a scene, not a doubling
                more = text.startswith("多", m.end())
                return Quantity(value=(2 ** n.value - 1) * 100, unit="%", start=start, end=m.end() + more,
                                raw_unit="番", qualifier="over" if more else None)
            pos = m.end()
    if n.chinese and n.value == 1 and unit not in ("%", "倍") and raw_unit != "成":
        return None  # 一批, 一个, 一对一: an article, not a count
    if n.chinese and not unit:
        return None  # a Chinese numeral with no unit is a word (三大, 四方)
    if not unit and factor > 1 and not n.chinese and (noun := _people_re().match(text, pos)) and \
            not _people_re(money=True).match(text, noun.end()):
        unit, raw_unit = "人", "人"  # 惠及130万老年人 (not 3000万农民工工资): people counted by the noun
    elif not unit and factor > 1 and not n.chinese and text.endswith(("人口", "人数"), 0, start):
        unit, raw_unit = "人", "人"  # 人口2.6万: a population written with its scale only
    elif not unit and factor >= _TRILLION and "兆" in text[n.end:pos]:
        unit, raw_unit = "元", "元"  # GDP總量達到2.53兆: trillions of yuan, the unit unsaid
    am = _after_re()[0].match(text, pos)
    if am and not (am.group() == "多" and unit):
        qualifier = _after_re()[1][am.group()]
        pos = am.end()
    elif am and am.group() == "多":
        qualifier = "over"
        pos = am.end()
    value = n.value * factor
    # 增速为-1.2%: a minus sign after a verb or colon, not a dash between numbers.
    if start > 0 and text[start - 1] in "-−" and (start < 2 or text[start - 2] in "为是:：，,、(（ \n"):
        value, start = -value, start - 1
    value_max = n.value_max * factor if n.value_max is not None else None
    return Quantity(value=value, unit=unit, start=start, end=pos, qualifier=qualifier,  # type: ignore[arg-type]
                    raw_unit=raw_unit, value_max=value_max)


def read_quantities(text: str, skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every quantity of the reading text outside the ``skip`` spans (dates, names)."""
    inside = Spans(skip or [])
    out: list[Quantity] = [q for q in _fractions(text) if not inside.overlaps(q.start, q.end)]
    if out:
        inside = Spans([*(skip or []), *((q.start, q.end) for q in out)])
    numbers = [n for n in find_numbers(text) if not inside.covers(n.start, n.end)]
    i = 0
    while i < len(numbers):
        q = _read_one(text, numbers[i])
        if q is None:
            i += 1
            continue
        joined = _range(text, q, numbers, i)
        if joined is not None:
            out.append(joined)
            i += 2
            continue
        out.append(q)
        i += 1
    out.extend(_bare_scales(text, inside))
    out.extend(q for q in _bare_doublings(text) if not inside.overlaps(q.start, q.end))
    out.sort(key=lambda q: q.start)
    for q in out:
        if q.value is not None:
            q.value = significant(q.value)
        if q.value_max is not None:
            q.value_max = significant(q.value_max)
    return out


@lru_cache(maxsize=256)
def read_unit(words: str) -> tuple[str, float] | None:
    """A unit with its scale (亿元 -> 元 × 1e8, 万人 -> 人 × 1e4), read by the units table;
    None when the words are no unit. Table heads and plan files name units this way."""
    words = words.strip()
    if not words or words[0].isdigit():
        return None
    qs = read_quantities("1" + words)
    if len(qs) != 1 or qs[0].start != 0 or qs[0].end != len(words) + 1 or not qs[0].value:
        return None
    return qs[0].unit, qs[0].value


def _range(text: str, q: Quantity, numbers: list[NumberToken], i: int) -> Quantity | None:
    """3000元到3500元, 8%—8.5%, 3至5个: the first number may omit the unit."""
    if i + 1 >= len(numbers):
        return None
    j = _RANGE_JOIN.match(text, q.end)
    if not j or j.end() != numbers[i + 1].start:
        return None
    q2 = _read_one(text, numbers[i + 1])
    if q2 is None or q.value is None or q2.value is None or (q.unit and q.unit != q2.unit):
        return None
    lo = q.value
    if not q.unit:  # 1500—2000万元: the scale and unit of the second apply to the first
        second = numbers[i + 1].value
        lo = numbers[i].value * (q2.value / second if second else 1.0)
    if lo > q2.value:
        return None
    return Quantity(value=lo, value_max=q2.value, unit=q2.unit, start=q.start, end=q2.end,
                    qualifier=q2.qualifier or q.qualifier, raw_unit=q2.raw_unit)


# The lookahead first: re skips to the scale words instead of testing the lookbehinds everywhere.
# The scale word's first character first, then the words before it (re skips to 万亿千百; a
# pattern opening with a lookahead or lookbehind is tried at every position). The rest of the
# word is one of 万亿|千亿|百亿|亿|千万|百万|万|千, tried longest first.
_BARE_SCALE = re.compile(r"(?P<s>[万亿千百](?:(?<=超过.)|(?<=突破.)|(?<=[超逾过近上].))"
                         r"(?:(?<=万)亿?|(?<=千)(?:亿|万)?|(?<=百)(?:亿|万)|(?<=亿)))(?=[\u4e00-\u9fff])")


def _bare_scales(text: str, inside: Spans) -> list[Quantity]:
    """超千亿元, 超过万元: a scale word alone counts as one of it after over/under words."""
    out = []
    for m in _BARE_SCALE.finditer(text):
        if inside.covers(m.start(), m.end()):
            continue
        factor, _ = _scale(text, m.start())
        um = _unit_re().match(text, m.end())
        if not um:
            continue
        entry = lexicon.units()[um.group("u")]
        if entry.kind in ("duration", "ratio", "doubling"):
            continue
        qualifier = "over" if text[max(0, m.start() - 2):m.start()] in ("超过", "突破") or \
            text[m.start() - 1] in "超逾过" else "under" if text[m.start() - 1] == "近" else None
        out.append(Quantity(value=factor * entry.factor, unit=entry.unit, start=m.start(), end=um.end(),
                            raw_unit=um.group(), qualifier=qualifier))  # type: ignore[arg-type]
    return out


# 占全国1/4, 全国1/3以上: a share, said as such before or after (3/8 alone may be a date)
_FRACTION = re.compile(r"(?:(?<=占)|(?<=全国)|(?<=全省)|(?<=全市)|(?<=约)|(?<=近)|(?<=超)|(?<=达)|(?<=为))"
                       r"([1-9])/([2-9]|1[0-9])(?![\d./:-])|(?<![\d./:-])([1-9])/([2-9]|1[0-9])(?=以上|左右|强)")


def _fraction_matches(text: str) -> Iterator[re.Match[str]]:
    """_FRACTION.finditer(text), tried only at the digit before each /: a pattern that opens with
    lookbehinds is otherwise tried at every position of the text (1% of extraction)."""
    done = 0  # where the last match ended: matches do not overlap
    slash = text.find("/", 1)
    while slash >= 0:
        m = _FRACTION.match(text, slash - 1) if slash - 1 >= done else None
        if m is not None:
            yield m
            done = m.end()
        slash = text.find("/", slash + 1)


def _fractions(text: str) -> list[Quantity]:
    """占全国1/4, 1/3以上, 近四分之一: a fraction is a share (GUIDELINE: 四分之一 -> 25%)."""
    out = []
    for m in _fraction_matches(text):
        part, whole = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(4)))
        if part < whole:
            out.append(Quantity(value=part / whole * 100, unit="%", start=m.start(), end=m.end(), raw_unit="/"))
    if "分之" in text:
        for m in _CN_FRACTION.finditer(text):
            whole_n, part_n = parse_chinese(m.group(1)), parse_chinese(m.group(2))
            if whole_n and part_n and part_n < whole_n:
                out.append(Quantity(value=round(part_n / whole_n * 100, 2), unit="%", start=m.start(), end=m.end(),
                                    raw_unit="分之"))
    return out


# 四分之一, 三分之二 (百分之三 is a percentage, 千分之 a per mille, read elsewhere)
_CN_FRACTION = re.compile(r"(?<![百千万])([二三四五六七八九十]{1,2})分之([一二三四五六七八九])")


@lru_cache(maxsize=1)
def _doubling_re() -> re.Pattern[str]:
    # the words with a numeral (翻一番, 翻两番) are read as a number and 番; these have none
    words = [w for w in lexicon.cues()["doubling"] if not re.search("[一二两三四五六七八九十]", w)]
    return re.compile(lexicon.scan_alternation(tuple(words)))  # searched over the whole text


def _bare_doublings(text: str) -> list[Quantity]:
    """实现翻番, 均实现倍增: growth of 100% with no number written."""
    table = lexicon.cues()["doubling"]
    return [Quantity(value=float(table[m.group()]), unit="%", start=m.start(), end=m.end(), raw_unit="番")
            for m in _doubling_re().finditer(text)]


@lru_cache(maxsize=2)
def _people_re(money: bool = False) -> re.Pattern[str]:
    return re.compile(lexicon.cue_regex("people_noun_money" if money else "people_nouns"))


def significant(value: float) -> float:
    """10.87 * 10000 is 108699.99999999999 in binary: keep 12 significant digits."""
    return float(f"{value:.12g}")
