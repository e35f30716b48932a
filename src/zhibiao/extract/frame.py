"""The document frame: the kind of document, its own subject and the period it reports on.

Read from the title lines (the short lines before the first body paragraph, site furniture
left out), a report header (——在…人民代表大会…上), the issuer (某市统计局, 某县人民政府) and
the opening paragraph. Subject and period resolution start from the frame: a figure with
no subject of its own in scope is the issuer's (我州, 全州, 本市 name it), and a time that
dates one paragraph gives way to the document's period in the next.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from zhibiao.extract import lexicon
from zhibiao.extract.periods import PeriodMention, last_day, last_year
from zhibiao.extract.regions import CHINA, Gazetteer, RegionMention
from zhibiao.extract.subjects import (
    DATELINE_TAIL,
    Subject,
    SubjectMention,
    default_subject,
    listed_scope,
    names_outlet,
)
from zhibiao.ingest.cues import cues as layout_cues
from zhibiao.model import Entity

_LINE = re.compile(r"[^\n]+")
_SENTENCE = re.compile(r"[^。！？!?\n]+")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLAUSE_MARK = re.compile(r"[，,；;。]")
_HEADER = re.compile(r"^[—－-]{1,2}\s*在")  # ——在X第N届人民代表大会第N次会议上


@dataclass(frozen=True, slots=True)
class Frame:
    kind: str  # one of model.DOCUMENT_KINDS
    subject: Subject | None
    period: str | None  # the period the document reports on, when it states one up front
    subject_from: str = ""  # where the subject came from, for --explain
    period_from: str = ""
    strong: bool = False  # the subject is named by the document itself, not only counted
    reviews: tuple[tuple[int, int], ...] = ()  # sections that look back (一、2025年工作回顾): results only
    scope: Subject | None = None  # with no subject: where the places it lists are (全市 stands for it)
    as_of: str | None = None  # a report on a part of the past (1-3月, out in May): the day it reports to

    def in_review(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.reviews)

    def explain(self) -> dict[str, str | None]:
        return {"kind": self.kind, "subject": self.subject.name if self.subject else None,
                "subject_from": self.subject_from, "period": self.period, "period_from": self.period_from}


@lru_cache(maxsize=1)
def _data() -> dict[str, object]:
    return lexicon.yaml_data("frame.yaml")


def _words(key: str) -> tuple[str, ...]:
    value = _data()[key]
    assert isinstance(value, list)
    return tuple(value)


def title_lines(text: str) -> list[tuple[int, int]]:
    """The short lines that open a text before its first body paragraph (furniture left out)."""
    furniture = layout_cues().web_furniture
    out: list[tuple[int, int]] = []
    for i, m in enumerate(_LINE.finditer(text, 0, min(len(text), 1200))):
        line = m.group().strip()
        if i > 10 or not line:
            continue
        if len(line) > 60 or line.endswith(("。", "；", ";")):
            break  # the first body paragraph
        if any(w in line for w in furniture):
            continue
        out.append((m.start(), m.end()))
    return out


TITLE = re.compile(r"《[^《》\n]{1,120}》")  # a document, law or plan named in the text


@lru_cache(maxsize=1)
def _kind_words() -> dict[str, re.Pattern[str]]:
    """Each kind's words as one pattern, in the order kinds are tried: a search finds a word
    where one of them is in the zone (one pass instead of a test per word)."""
    kinds = _data()["kinds"]
    assert isinstance(kinds, dict)
    return {str(k): re.compile(lexicon.scan_alternation(tuple(words))) for k, words in kinds.items()}


def _kind(text: str, titles: list[tuple[int, int]], page: bool) -> str:
    kinds = _kind_words()
    heads = " ".join(text[s:e] for s, e in titles)
    if page:
        # A report or communiqué with a photo caption is still one document, not a page of items.
        return next((k for k in ("report", "communique") if kinds[k].search(heads)), "page")
    for zone in (heads, TITLE.sub("", text[:300])):  # 对《政府工作报告》…进行督查 cites a report
        # the kind named first (人民网…日电…政府工作报告…主要经济指标: a news story on a report)
        found = [(m.start(), i, kind) for i, (kind, words) in enumerate(kinds.items()) if (m := words.search(zone))]
        if found:
            return min(found)[2]
    return "other"


def opening_kind(text: str) -> str:
    """The kind the opening lines name, without the layout's newspaper-page cue (for
    documents stored before kinds were: their text is all there is)."""
    return _kind(text, title_lines(text), page=False)


def _region_in(regions: list[RegionMention], start: int, end: int, text: str = "") -> Subject | None:
    """The first region named in [start, end), the innermost of a run (四川省凉山州 -> 凉山州);
    not a dateline's place (中新社北京3月5日电: where the story was filed)."""
    found: RegionMention | None = None
    for m in regions:
        if m.start >= end or (found is not None and m.start > found.end):
            break
        if m.start >= start and m.region is not None and m.region.code != CHINA and \
                not (text and (DATELINE_TAIL.match(text, m.end) or names_outlet(text, m.end))):
            found = m
    if found is None or found.region is None:
        return None
    return Subject(found.name, found.region.code, found.region.level)


def _issuer(text: str, entities: list[Entity], regions: list[RegionMention]) -> Subject | None:
    """A government or statistics office at the head or the foot of the text."""
    suffixes = _words("issuer_suffixes")
    n = len(text)
    for e in entities:
        if e.type == "org" and (e.start < 200 or e.end > n - 200) and e.name.endswith(suffixes):
            found = _region_in(regions, e.start, e.end)
            if found is not None:
                return found
    return None


def _opening_end(text: str, titles: list[tuple[int, int]]) -> int:
    """Where the opening ends: the title lines and the first body paragraph."""
    body = _LINE.search(text, titles[-1][1] if titles else 0)
    return body.end() if body is not None else len(text)


def _named_inside(outer: Subject, mentions: list[SubjectMention], after: int) -> Subject | None:
    """A place inside ``outer`` that the body (from ``after``) names at least twice, more often
    than ``outer`` itself."""
    if not outer.code:
        return None
    gaz = Gazetteer.load()
    counts: dict[str, int] = {}
    first: dict[str, Subject] = {}
    for m in mentions:
        if m.start >= after and m.subject is not None and m.subject.code:
            counts[m.subject.code] = counts.get(m.subject.code, 0) + 1
            first.setdefault(m.subject.code, m.subject)
    inner = [c for c in counts if c != outer.code and gaz.contains(outer.code, c)]
    best = max(inner, key=lambda c: counts[c], default=None)
    if best is None or counts[best] < 2 or counts[best] <= counts.get(outer.code, 0):
        return None
    return first[best] if all(c == best or gaz.contains(c, best) or gaz.contains(best, c) for c in inner) else None


def _home_outlet(text: str, regions: list[RegionMention]) -> Subject | None:
    """The place of a local news outlet (新乡日报, 贵阳晚报) named at the head or the foot."""
    n = len(text)
    for m in regions:
        if m.region is not None and m.region.code != CHINA and (m.start < 200 or m.end > n - 200) and \
                names_outlet(text, m.end):
            return Subject(m.region.name, m.region.code, m.region.level)
    return None


def read_frame(text: str, regions: list[RegionMention], entities: list[Entity],
               mentions: list[SubjectMention], periods: list[PeriodMention], page: bool = False,
               published: str | None = None) -> Frame:
    titles = title_lines(text)
    kind = _kind(text, titles, page)
    subject, subject_from, strong = None, "", True
    for s, e in titles:
        subject = _region_in(regions, s, e, text)
        if subject is not None:
            subject_from = f"the title line at {s}"
            if (inner := _named_inside(subject, mentions, e)) is not None:
                # 深圳…会议开幕 over a story on 坪山区 (named again and again): the place within
                subject, subject_from = inner, f"the place within the title's named most often after {e}"
            break
    if subject is None:
        header = next((m for m in _LINE.finditer(text, 0, min(len(text), 2000))
                       if _HEADER.match(m.group().strip())), None)
        if header is not None:
            subject = _region_in(regions, header.start(), header.end())
            subject_from = f"the report header at {header.start()}"
    if subject is None:
        subject = _issuer(text, entities, regions)
        subject_from = "the issuing office"
    if subject is None:
        subject, subject_from, strong = default_subject(mentions, _opening_end(text, titles)), \
            "the region named most often", False
    if subject is None and (outlet := _home_outlet(text, regions)) is not None:
        # 本报讯（新乡日报记者…）…全市: a local paper's 全市 is its own city
        subject, subject_from, strong = outlet, "the local outlet's place", False
    if subject is None:
        subject_from = ""
    period, period_from = _period(text, titles, periods, kind)
    # A page holds many items, each with its own subject: nothing frames them all.
    scope = listed_scope(mentions) if subject is None else None
    # (a part of a year only: after a whole year's report 目前 may be any day since)
    end = last_day(period) if period and "-" in period and published and kind not in ("news", "page") and \
        period_from.startswith("the title") else None
    as_of = end if end and published and end < published else None
    return Frame(kind, subject, period, subject_from, period_from, strong and kind != "page", reviews(text), scope,
                 as_of)


# A line's first character first, then that it opens a line: re skips to blanks and numerals
# (a pattern opening with ^ is tried at every position). 一、… ; 　二、…
_PART = re.compile(r"[ \t\u3000一二三四五六七八九十](?<![^\n].)(?:(?<=[ \t\u3000])[ \t\u3000]*[一二三四五六七八九十]{1,3}"
                   r"|(?<=[一二三四五六七八九十])[一二三四五六七八九十]{0,2})、([^\n]{0,40})$", re.M)


def reviews(text: str) -> tuple[tuple[int, int], ...]:
    """The parts of a report (一、 二、 …) whose heading looks back: 2025年工作回顾, 过去五年,
    “十四五”发展成就. (A heading that only names a past year may restate that year's plan:
    2021年计划执行情况 keeps its goals.)"""
    words = _words("review_headings")
    parts = list(_PART.finditer(text))
    return tuple((m.start(), parts[i + 1].start() if i + 1 < len(parts) else len(text))
                 for i, m in enumerate(parts) if any(w in m.group(1) for w in words))


def plan_parts(text: str, periods: Sequence[PeriodMention] = ()) -> tuple[tuple[int, int, str | None], ...]:
    """The parts of a report whose heading sets the coming work (2026年重点工作, “十五五”时期
    重点任务), each with the last year its heading names (2026, 2030), if it names one."""
    words = _words("plan_headings")
    parts = list(_PART.finditer(text))
    out = []
    for i, m in enumerate(parts):
        if any(w in m.group(1) for w in words):
            named = [y for p in periods if m.start(1) <= p.start < m.end(1) and (y := last_year(p.period))]
            out.append((m.start(), parts[i + 1].start() if i + 1 < len(parts) else len(text),
                        str(named[-1]) if named else None))
    return tuple(out)


def part_heading(text: str, start: int, end: int) -> str | None:
    """The line of the last part heading (一、2025年工作回顾) in text[start:end], with its line end."""
    last = None
    for m in _PART.finditer(text, start, end):
        last = m
    if last is None:
        return None
    line_end = text.find("\n", last.start(), end)
    return text[last.start():line_end + 1] if line_end >= 0 else None


def _period(text: str, titles: list[tuple[int, int]], periods: list[PeriodMention],
            kind: str) -> tuple[str | None, str]:
    """The first time a title line names; else, for reports of results, the opening paragraph's."""
    zones = [(s, e, "the title line") for s, e in titles]
    if kind in ("communique", "news", "notice", "other"):
        body = titles[-1][1] if titles else 0
        first = _SENTENCE.search(text, body)
        if first is not None:
            zones.append((first.start(), first.end(), "the opening sentence"))
    for s, e, where in zones:
        for p in periods:
            if p.start >= e:
                break
            if p.start >= s and p.role == "report_year" and p.year is not None:
                # 2026年政府工作报告 is given early in 2026: what it reports was done in 2025
                return str(p.year - 1), f"the year before the report's at {p.start}"
            if p.start >= s and p.role == "time" and p.period and not _DAY.match(p.period):
                # 对2022年…项目1-8月份进展情况进行督查: the part of the year named after it
                part = next((q for q in periods if s <= q.start < e and q.start > p.start and q.role == "time"
                             and q.period and q.period != p.period and q.period.startswith(p.period + "-")
                             and not _DAY.match(q.period) and not _CLAUSE_MARK.search(text, p.end, q.start)),
                            None) if len(p.period) == 4 else None
                if part is not None and part.period:
                    return part.period, f"{where} at {part.start}, within the year at {p.start}"
                return p.period, f"{where} at {p.start}"
            if p.start >= s and kind == "plan" and where == "the title line" and p.role == "name" and \
                    p.period and "/" in p.period:
                return p.period, f"the plan's span named in the title at {p.start}"  # “十四五”县域发展目标任务清单
    if kind == "report":
        # 政府工作报告 / ——2026年1月27日在…会议上: the day a report was given is early in the
        # year after the one it reports on
        given = next((p for p in periods if p.start < 400 and p.role == "name" and p.year is not None
                      and p.period and _DAY.match(p.period)), None)
        if given is not None and given.year is not None:
            return str(given.year - 1), f"the year before the report was given (at {given.start})"
    return None, ""
