"""Ranked lists of a progress notice: 总分居前3位的县市区分别是A、B、C; 完成投资进度占年度计划
比例前三位的市州是A、B和C; 居第4位至第7位的是D、E、F、G. No number is written per place:
each place listed gets its rank (1, 2, 3 … or 4 … 7) as a fact of the measure named before the
rank phrase. A place is the subject of its own rank; another item (城市建设, a 行业) names what
is ranked inside the subject in force."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from zhibiao.extract import facts as F
from zhibiao.extract.figures import Read
from zhibiao.extract.numbers import parse_chinese
from zhibiao.extract.regions import RegionMention
from zhibiao.model import Fact

_N = r"[0-9一二两三四五六七八九十]{1,3}"
_RANKED = re.compile(
    rf"(?:前(?P<n>{_N})(?:位|名)|第(?P<a>{_N})(?:位|名)?(?:至|到|-|—|~)第(?P<b>{_N})(?:位|名))"
    r"的(?P<kind>[\u4e00-\u9fff（）()、]{1,8}?)(?:依次|分别)?(?:是|为|有)[:：]?"
    r"(?P<items>[^，,。；;:：\n]{2,80}?)(?=[，,。；;\n]|$)")
_RANK_VERB = re.compile(r"(?:居|排|位居|排名|位列|排在)$")  # written before the rank phrase
_ITEM_SPLIT = re.compile(r"、|和|及|与")
_CLAUSE_START = re.compile(r"[，,。；;：:\n]")


def _count(s: str | None) -> int | None:
    if s is None:
        return None
    v = int(s) if s.isdigit() else parse_chinese(s)
    return int(v) if v else None


@dataclass(slots=True)
class RankedList:
    """One ranked list: where it ends, and each item's subject and indicator."""

    end: int
    items: list[tuple[str | None, str | None, str]]  # (subject, its code, indicator)


def ranked_facts(text: str, regions: list[RegionMention], reads: list[Read]) -> tuple[list[Fact], list[RankedList]]:
    """One rank fact per item of each ranked list in the text, and the lists."""
    if "位" not in text and "名" not in text:
        return [], []
    out: list[Fact] = []
    lists: list[RankedList] = []
    read_starts = [r.start for r in reads]
    previous, previous_end = "", -100
    for m in _RANKED.finditer(text):
        first, last = (1, _count(m.group("n"))) if m.group("n") else (_count(m.group("a")), _count(m.group("b")))
        if not first or not last or last < first:
            continue
        items = [s.strip() for s in _ITEM_SPLIT.split(m.group("items"))]
        if len(items) != last - first + 1 or not all(1 <= len(s) <= 12 for s in items):
            continue
        # the measure ranked: the clause's words before the rank phrase (总分, 完成投资进度占年度计划比例)
        lo = max((c.end() for c in _CLAUSE_START.finditer(text, 0, m.start())), default=0)
        measure = F.clean_indicator(_RANK_VERB.sub("", text[lo:m.start()])) or \
            (previous if m.start() - previous_end < 40 else "")  # ；居第4位至第7位的…: the list before's measure
        if not measure:
            continue
        previous, previous_end = measure, m.end()
        # the time and subject in force: those of the figure read last before the list (or next)
        k = bisect_right(read_starts, m.start()) - 1
        near = reads[k] if k >= 0 else (reads[0] if reads else None)
        pos = m.start("items")
        listed = RankedList(m.end(), [])
        lists.append(listed)
        for rank, item in zip(range(first, last + 1), items, strict=True):
            at = text.find(item, pos)
            pos = at + len(item)
            place = next((r for r in regions if r.start == at and r.region is not None), None)
            subject, code = (place.name, place.region.code) if place and place.region else \
                ((near.subject.name, near.subject.code) if near and near.subject else (None, None))
            indicator = measure if place else item + m.group("kind") + measure \
                if not item.endswith(m.group("kind")) else item + measure
            out.append(Fact(indicator=indicator, measure="rank", value=float(rank), unit="位",
                            period=near.period if near else None, start=m.start(), end=at + len(item),
                            subject=subject, subject_code=code,
                            why={"subject": "a place ranked in the list" if place else "the subject in force",
                                 "period": "the figure read before the list"}))
            listed.items.append((subject, code, indicator))
    return out, lists


def name_listed_values(text: str, lists: list[RankedList], facts: list[Fact]) -> None:
    """…前三位的市州是A、B和C，分别占年度计划的50.9%、47.2%和44.5%: the values after a ranked list,
    one per item, are the items' own, of the measure ranked."""
    for listed in lists:
        after = [f for f in facts if f.start >= listed.end and f.measure != "rank"][: len(listed.items)]
        if len(after) != len(listed.items) or not text.startswith(("，分别", ",分别", "，分別", ",分別"), listed.end) \
                or any(ch in text[listed.end:after[-1].start] for ch in "。；;\n"):
            continue
        for f, (subject, code, indicator) in zip(after, listed.items, strict=True):
            f.subject, f.subject_code, f.indicator = subject, code, indicator
            f.why = {**f.why, "subject": "item of the ranked list before", "indicator": "the measure ranked"}
