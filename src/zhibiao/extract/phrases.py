"""Indicator phrases: the words that name what a quantity measures.

Most indicators stand right before the cue and the number (规模以上工业增加值|增长|5.4%); a
counted noun follows its counter (12条|制造业重点产业链); some are elliptical and borrow
from the clause before (…产品出口…，全年出口额增长 -> 产品出口额).
"""

from __future__ import annotations

import re
from functools import lru_cache

from zhibiao.extract import facts as F
from zhibiao.extract import lexicon
from zhibiao.extract.clauses import ends_with, strip_punct, words_re
from zhibiao.extract.periods import Periods
from zhibiao.model import Quantity

_CLAUSE_END = re.compile(r"[，,。；;:：\n]")
_COUNTED_NOUN = re.compile(r"[\u4e00-\u9fff“][^，,。；;:：、\d\n()（）]{1,23}")
_COMPARISON = re.compile(r"(?:同比|(?<!占)比|较|与)(?!重|例|值|率)(?:上年|去年|上年同期|去年同期|同期|前三季度|上半年|一季度|"
                         r"(?:19|20)\d{2}年|[^，,]{0,8}?)(?:相比)?$")

_LISTED_COMPARISONS = re.compile(r"(?<=分别)(?:比|较)[^，,]{1,8}?[和、][^，,]{1,8}?$")


_NAMED_AS = re.compile(r"(?:确定|认定|评为|列为|命名为|作为)?为([^，,。；;为]{2,30})")
_JOINERS = re.compile(r"[和、及与]")


def category(text: str, q: Quantity, noun: str) -> str | None:
    """确定…25个城市、…10个园区为首批试点城市和园区: the category the counted things are named as."""
    m = _NAMED_AS.search(text[q.end:q.end + 80])
    if not m or len(noun) > 4:
        return None
    parts = [p for p in _JOINERS.split(m.group(1)) if p]
    for i, part in enumerate(parts):
        if part.endswith(noun) and len(part) > len(noun):
            return part
        if part == noun and i > 0 and len(parts[0]) > 2:
            return parts[0][:-2] + noun  # …试点城市和园区: 园区 shares 首批…试点
    return None


_COMPLETION = re.compile(r"(?:[^，,。；;、的以为在是和与及\s]|以上|以下){2,10}$")  # (规模以上工业: 以上 is a word)


def completed(text: str, q: Quantity, name: str, sentence_start: int) -> str | None:
    """出口额 after “新三样”产品出口… earlier in the sentence -> “新三样”产品出口额."""
    before = text[max(sentence_start, q.start - 120):q.start]  # a bounded look back
    key = name[:2]
    at = before.rfind(key, 0, max(0, len(before) - len(name) - 8))
    if at <= 0:
        return None
    m = _COMPLETION.search(before[max(0, at - 10):at])
    return m.group() + name if m else None


_CLAUSE_BEFORE = re.compile(r"([\u4e00-\u9fff“”]{4,})[，,]\s*[\u4e00-\u9fff]{0,3}$")
_POLICY_TAIL = re.compile(r"政策$|工作$|措施$")
_RANK_PHRASE = re.compile(r"第[0-9一二三四五六七八九十]+(?:位|名)?$|首位$|榜首$")


def topic(text: str, pos: int) -> str | None:
    """The noun phrase that ends the clause before pos, when that clause is in the same sentence."""
    m = _CLAUSE_BEFORE.search(text[max(0, pos - 40):pos])
    if not m:
        return None
    phrase = m.group(1)
    if _RANK_PHRASE.search(phrase):
        return None  # …，居全国第十位，其中出口…: a rank names no topic
    phrase = _POLICY_TAIL.sub("", phrase)
    return phrase[-4:] if len(phrase) >= 4 else None


def cue_at_end(pre: str) -> bool:
    return bool(ends_with("growth_up", pre) or ends_with("growth_down", pre))


def ratio_parts(text: str, phrase: str, group: list[Quantity]) -> list[str] | None:
    """三次产业结构为9.5:41.5:49.0 -> 三次产业结构（第一产业）, …（第二产业）, …（第三产业）;
    三次产业对经济增长的拉动分别为0.15、-5.64、1.34个百分点 -> 第一产业对经济增长的拉动, …"""
    if len(group) < 2:
        return None
    ratio = ":" in text[group[0].end:group[1].start]
    if not ratio and "分别" not in text[max(0, group[0].start - 8):group[0].start]:
        return None
    for stem, parts in lexicon.cues()["ratio_parts"].items():
        if stem in phrase and len(parts) == len(group):
            return [f"{phrase}（{part}）" if ratio else phrase.replace(stem, part, 1) for part in parts]
    return None


def counts(q: Quantity) -> bool:
    """Units after which a noun names what was counted or measured (5000吨磁性材料)."""
    entry = lexicon.units().get(q.raw_unit)
    return entry is not None and entry.kind in ("counter", "people", "visits", "area", "mass", "length",
                                                "power", "energy", "teu")


@lru_cache(maxsize=1)
def generic() -> frozenset[str]:
    return frozenset(lexicon.cue_list("generic_indicators"))


def indicator_phrase(text: str, start: int, pre: str, q: Quantity, periods: Periods,
                     cue_start: int) -> tuple[str, int]:
    """The indicator phrase in ``pre`` (which starts at ``start``, its cue words at
    ``cue_start``) and where it begins."""
    head = pre[:cue_start]
    # Drop time phrases inside the phrase (2023年全年全省规模以上…).
    i = max(0, periods.at_or_after(start) - 1)  # one may open before the phrase (“十四五”时期)
    while i < len(periods) and periods[i].start < start + len(head):
        p = periods[i]
        i += 1
        if start < p.end <= start + len(head):
            a, b = max(0, p.start - start), p.end - start
            head = head[:a] + " " * (b - a) + head[b:]
    # (…死亡人数较“十三五”同期分别下降: the comparison ends before 分别)
    # (each pattern is tried only where its words are: a sub scans the whole phrase)
    head = head.rstrip()
    if "分别" in head:
        head = _LISTED_COMPARISONS.sub("", head)  # 分别较1—9月份和上年同期
    head = F.without_distributive(head)
    head = F.without_distributive(head)
    if "比" in head or "较" in head or "与" in head:
        head = _COMPARISON.sub("", head)
    if " " in head.strip():
        parts = head.split()
        head = parts[-1]
        if len(parts) > 1 and head.startswith(("实现", "完成")):
            head = parts[-2] + head[2:]  # 第一产业(不含…) 实现增加值 -> 第一产业(不含…)增加值
        elif len(parts) > 1 and head.startswith(("累计完成", "累计实现")) and len(parts[-2]) >= 2:
            head = parts[-2] + head  # 产业工程项目1-2月累计完成投资: whose investment, summed
        elif len(parts) > 1 and len(F.clean_indicator(head)) < 2:
            head = parts[-2]  # 三次产业结构由上年的…: the words before the time name it
    cleaned = F.clean_indicator(head)
    if not cleaned:
        return "", q.start
    pos = pre.find(cleaned)
    return cleaned, start + pos if pos >= 0 else q.start


_SECOND_COUNT = re.compile(r"\d{1,4}[个件项家座所条]")


def noun_after(text: str, q: Quantity) -> str | None:
    """74个国控断面…: the counted noun after a number that opens its clause (30件40个民生实事项目:
    after the second count, of the same things)."""
    second = _SECOND_COUNT.match(text, q.end)
    at = second.end() if second else q.end
    m = _COUNTED_NOUN.match(text, at, at + 24)
    if not m:
        return None
    noun = m.group()
    if noun[-1] in "和及与" and text[m.end():m.end() + 1].isdigit():
        noun = noun[:-1]  # 80项前沿技术研发和60项…: the joiner before the next count
    if text.startswith("、", m.end()):
        # 10个对区域经济辐射带动作用较强、比较优势突出的成长型冠军产业: modifiers listed with 、
        # before the head noun, which follows the last 的 of the clause.
        end = _CLAUSE_END.search(text, m.end(), m.end() + 80)
        tail = text[m.end():end.start() if end else m.end()]
        if "的" in tail and 2 <= len(tail) - tail.rindex("的") - 1 <= 16:
            noun = tail[tail.rindex("的") + 1:]
    stop = words_re("clause_stops").search(noun)
    if stop:
        noun = noun[: stop.start()]
    noun = strip_punct(noun.lstrip("的"))
    if "的" in noun[1:]:
        noun = noun[noun.rindex("的") + 1:]  # 综合实力强的先进制造业集群: the head noun
    if noun.endswith(("至", "到")):
        return None  # 由66户整合至12户: a verb leads to the next number, nothing is named
    if words_re("threshold_level_nouns").fullmatch(noun):
        return None  # 保持在600亿斤以上水平, 迈上1.4万亿斤新台阶: the level itself, nothing counted
    return noun if len(noun) >= 2 else None
