"""Entities (region, org, person, plan) by rules over lexicons in data/entities.yaml.

find_entities dispatches to a Recognizer backend; "rules" is the default and the only one
shipped, a model backend can be registered beside it later without touching callers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Protocol

import yaml

from zhibiao.extract.regions import CHINA, Gazetteer, Lexicon, RegionMention, find_regions
from zhibiao.extract.text import ReadingText
from zhibiao.model import Entity

_CJK = "\u4e00-\u9fff"
_TITLE_MAX = 150
_NAME_CHAR = re.compile(f"[{_CJK}0-9A-Za-z（）()·—]")  # a 《》 title longer than this is an unbalanced bracket, not a title


@dataclass(frozen=True, slots=True)
class _Lex:
    surnames: frozenset[str]
    compound: frozenset[str]
    known_persons: Lexicon
    not_person: frozenset[str]
    name_follow: tuple[str, ...]
    org_known: Lexicon
    org_generic: frozenset[str]
    jurisdiction: tuple[str, ...]
    stop_by_last: Mapping[str, tuple[str, ...]]
    org_false: frozenset[str]
    byline_re: re.Pattern[str]
    byline_bare: re.Pattern[str]
    title_re: re.Pattern[str]
    speech_re: re.Pattern[str]
    org_re: re.Pattern[str]
    strong: frozenset[str]
    gov: frozenset[str]
    slogan_plan_re: re.Pattern[str]
    count_plan_re: re.Pattern[str]
    report_re: re.Pattern[str]
    bound: Lexicon
    credit_re: re.Pattern[str]
    media_re: re.Pattern[str]
    person_not_before: tuple[str, ...]
    port_context: tuple[str, ...]
    port_before: tuple[str, ...]
    corridor_marks: tuple[str, ...]
    host_verbs: tuple[str, ...]
    firm_nouns: tuple[str, ...]
    about_re: re.Pattern[str]


def _by_last(words: Sequence[str]) -> Mapping[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[-1], []).append(w)
    return MappingProxyType({k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()})


class _Cover:
    """Answers 'is [s, e) inside one of these spans' in O(log n) (prefix maximum of ends)."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._max_end: list[int] = []
        best = -1
        for _, b in ordered:
            best = max(best, b)
            self._max_end.append(best)

    def covers(self, s: int, e: int) -> bool:
        i = bisect_right(self._starts, s)
        return i > 0 and self._max_end[i - 1] >= e


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _lex() -> _Lex:
    d = yaml.safe_load((resources.files("zhibiao.extract") / "data" / "entities.yaml").read_text(encoding="utf-8"))
    name = f"[{_CJK}·]{{2,5}}"
    strong, gov, weak = d["org_suffixes_strong"], d["org_suffixes_gov"], d["org_suffixes_weak"]
    return _Lex(
        surnames=frozenset(d["surnames"].split()),
        compound=frozenset(d["compound_surnames"]),
        known_persons=Lexicon(d["known_persons"]),
        not_person=frozenset(d["not_person"]),
        name_follow=tuple(sorted(d["name_follow"], key=len, reverse=True)),
        org_known=Lexicon(d["org_known"]),
        org_generic=frozenset(d["org_generic_heads"]),
        jurisdiction=tuple(d["org_jurisdiction"]),
        stop_by_last=_by_last(d["stop_words"]),
        org_false=frozenset(d["org_false"]),
        # 本报记者 赖永峰 刘兴 / （记者侯雪静）: names separated by blanks after the role
        byline_re=re.compile(f"(?:^|(?<=[\\s（(□■【】电]))(?:{_alt(d['byline_roles'])})[ \u3000]*((?:{name}[ \u3000]*)+)", re.M),
        byline_bare=re.compile(f"(?:{_alt(d['byline_roles'])})[ \u3000]*((?:{name}[ \u3000]*)+)"),
        title_re=re.compile(f"(?:{_alt(d['person_titles'])})[ 　]?({name})"),
        speech_re=re.compile(f"(?:^|(?<=[\\s，。；：、“”\"（）]))({name})(?={_alt(d['speech_verbs'])})", re.M),
        org_re=re.compile(f"(?:{_alt(strong + gov + weak)})"),
        strong=frozenset(strong),
        gov=frozenset(gov),
        # “1269”行动计划, 制造业当家“一把手”工程, “十四五”规划
        # each pattern matches the core of the name; the words before it are added by _left_edge
        slogan_plan_re=re.compile(f"“[^”\n]{{1,12}}”[{_CJK}]{{0,10}}?(?:{_alt(d['plan_suffixes'])})"),
        count_plan_re=re.compile("[一二三四五六七八九十两百千]大(?:行动|工程|计划|战略|举措)"),
        report_re=re.compile(f"(?:{_alt(d['plan_reports'])})(?:[(（]第[一二三四五六七八九十]+批[)）])?"),
        bound=Lexicon(d["bound_words"]),
        # 文案:韩梦霖、刘梓桐 / 视频制作:马天龙
        credit_re=re.compile(f"(?:^|(?<=[\s|｜/]))(?:{_alt(d['credit_roles'])})[:：][ 　]*((?:{name}[、，, 　]*)+)", re.M),
        # 郑报全媒体记者 董艳竹: the outlet before 记者 is an org
        media_re=re.compile(f"(?:^|(?<=[\s（(]))([{_CJK}]{{1,6}}(?:{_alt(d['media_heads'])}))(?=(?:记者|通讯员))", re.M),
        person_not_before=tuple(d["person_not_before"]),
        port_context=tuple(d["port_context"]),
        port_before=tuple(d["port_before"]),
        corridor_marks=tuple(d["corridor_marks"]),
        host_verbs=tuple(d["host_verbs"]),
        firm_nouns=tuple(d["firm_nouns"]),
        # 国家统计局关于2023年粮食产量数据的公告, 关于…的实施意见
        about_re=re.compile(f"关于[^，。；;,、\n“”《》()（）]{{4,60}}?的(?:{_alt(d['doc_kinds'])})(?![{_CJK}])"),
    )


class Recognizer(Protocol):
    def __call__(self, text: str, regions: Sequence[RegionMention]) -> list[Entity]: ...


def _is_name(lex: _Lex, s: str) -> bool:
    if s in lex.not_person or not 2 <= len(s) <= 4:
        return False
    return s[:2] in lex.compound or (s[0] in lex.surnames and len(s) <= 3)


def _trim_name(lex: _Lex, run: str, closed: bool, strict: bool = True) -> str | None:
    """Cut a run of name characters where a following word begins (尹弘在参加 -> 尹弘); closed
    means the run ends at punctuation, so a name may fill it (且正草 needs no surname then)."""
    for size in (3, 2, 4):  # a following word is the surest end of a name
        cand, rest = run[:size], run[size:]
        if len(cand) == size and rest.startswith(lex.name_follow) and rest and not run[size - 1:].startswith(
                lex.name_follow) and (
                _is_name(lex, cand) or (not strict and cand not in lex.not_person)):
            return cand
    if closed and 2 <= len(run) <= 4 and (_is_name(lex, run) or (not strict and run not in lex.not_person)):
        return run
    return None


def _persons(lex: _Lex, text: str) -> list[Entity]:
    out: list[Entity] = []

    def add(start: int, name: str) -> None:
        out.append(Entity("person", name, start, start + len(name)))

    def names_in(m: re.Match[str]) -> None:
        for nm in re.finditer(f"[{_CJK}·]+", m.group(1)):
            word = nm.group()
            word = word[:-1] if word.endswith("摄") else word
            if _is_name(lex, word) or (len(word) in (2, 3) and word[0] in lex.surnames):
                add(m.start(1) + nm.start(), word)

    for m in lex.byline_re.finditer(text):
        names_in(m)
    for m in lex.credit_re.finditer(text):
        names_in(m)
    for m in lex.media_re.finditer(text):  # 郑报全媒体记者 董艳竹 肖雅文
        b = lex.byline_bare.match(text, m.end())
        if b is not None:
            names_in(b)
    # photo credit: 杨志礼摄（中经视觉）, 潘祯祥/摄 after a blank or a sentence end
    for m in re.finditer(f"(?:^|(?<=[\\s。）]))([{_CJK}]{{2,4}})/?摄(?=$|[\\s（(]|）)", text, re.M):
        if _is_name(lex, m.group(1)):
            add(m.start(1), m.group(1))
    # a commentator's name alone on its line
    for m in re.finditer(f"^[ \u3000]*([{_CJK}]{{2,4}})[ \u3000]*$", text, re.M):
        if _is_name(lex, m.group(1)):
            add(m.start(1), m.group(1))
    for m in lex.title_re.finditer(text):
        rest = text[m.start(1): m.start(1) + 9]
        run = re.split(r"[^\u4e00-\u9fff·]", rest)[0]
        found = _trim_name(lex, run, closed=len(run) < len(rest), strict=False)
        if found:
            add(m.start(1), found)
    for m in lex.speech_re.finditer(text):
        found = _trim_name(lex, m.group(1), closed=True)
        if found and found == m.group(1):
            add(m.start(1), found)
    for s, e, w in lex.known_persons.scan(text):
        if not text.startswith(lex.person_not_before, e):  # 习近平新时代中国特色社会主义思想 is a term
            add(s, w)
    return out


def _left_edge(lex: _Lex, text: str, end: int, limit: int = 24) -> int:
    """Extend a name left from end over CJK characters, stopping at punctuation or a stop word."""
    i = end
    floor = max(0, end - limit)
    while i > floor:
        ch = text[i - 1]
        if not _NAME_CHAR.match(ch):
            break
        if any(text.startswith(w, i - len(w)) for w in lex.stop_by_last.get(ch, ())):
            break
        i -= 1
    while i < end and text[i] in "）)":
        i += 1
    return i


def _orgs(lex: _Lex, text: str, regions: Sequence[RegionMention], quoted: _Cover) -> list[Entity]:
    out = [Entity("org", w, s, e) for s, e, w in lex.org_known.scan(text)]
    region_at = {r.start: r for r in regions}
    starts = sorted(region_at)

    def regions_in(lo: int, hi: int) -> list[RegionMention]:
        i = bisect_right(starts, lo - 1)
        out: list[RegionMention] = []
        while i < len(starts) and starts[i] < hi:
            out.append(region_at[starts[i]])
            i += 1
        return out

    for m in lex.org_re.finditer(text):
        suffix, end = m.group(), m.end()
        if len(suffix) == 1 and (text[m.start() - 1: end] in lex.org_false or text[m.start(): end + 1] in lex.org_false):
            continue
        start = _left_edge(lex, text, m.start())
        head = text[start: m.start()]
        if len(head) < 2 or head in lex.org_generic or head[-1] in "分子":
            continue
        if suffix in lex.gov and start not in region_at:
            # a public body is named from its jurisdiction: 出席湖北省政协 starts at 湖北省
            inner = next((r.start for r in regions_in(start, m.start()) if text[r.start - 1: r.start] != "（"), None)
            start = inner if inner is not None else start
        first = region_at.get(start)
        if first is not None and first.region is not None and first.region.level == 1:
            nxt = region_at.get(first.end)
            if nxt is not None and nxt.region is not None and nxt.region.level >= 2:
                start, first = nxt.start, nxt  # 甘肃夏河县…公司 is named from the county
        if first is not None and first.end == m.start() and suffix in ("港", "中心", "项目", "通道"):
            continue  # a bare place before a weak suffix is not a body's name
        jurisdiction = first is not None or head.startswith(lex.jurisdiction)
        if suffix in lex.strong or (suffix in lex.gov and jurisdiction) or (
                suffix not in lex.gov and (jurisdiction or quoted.covers(start - 1, end + 1))):
            out.append(Entity("org", text[start:end], start, end))
    # keep the outermost of nested names (国家发展改革委 inside 国家发展改革委办公厅)
    out.sort(key=lambda e: (e.start, -e.end))
    kept: list[Entity] = []
    for e in out:
        if not kept or e.end > kept[-1].end or e.start >= kept[-1].end:
            kept.append(e)
    # a later short mention (百路达公司) names the body given in full earlier (厦门百路达公司)
    names = sorted({e.name for e in kept}, key=len, reverse=True)
    return [Entity("org", next((n for n in names if n.endswith(e.name) and len(n) > len(e.name)), e.name), e.start, e.end)
            for e in kept]


def _titles(text: str) -> list[tuple[int, int]]:
    """Outermost 《…》 spans (contents), one linear pass with a bounded stack."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in re.finditer("[《》\n]", text):
        ch = m.group()
        if ch == "\n":
            stack.clear()  # a title never spans lines
        elif ch == "《":
            stack.append(m.end())
        elif stack:
            start = stack.pop()
            if not stack and 0 < m.start() - start <= _TITLE_MAX:
                spans.append((start, m.start()))
    return spans


def _plans(lex: _Lex, text: str) -> list[Entity]:
    titles = _titles(text)
    out = [Entity("plan", text[s:e], s, e) for s, e in titles]
    inside = _Cover([(s - 1, e + 1) for s, e in titles])
    # the short form of a plan whose full title is in the text is that plan (“1269”行动计划)
    by_slogan: dict[str, str] = {}
    for t in out:
        for q in re.findall("“[^”]+”", t.name):
            by_slogan.setdefault(q, t.name)
    for rx, before, min_before in ((lex.slogan_plan_re, 8, 0), (lex.count_plan_re, 8, 2), (lex.report_re, 14, 1)):
        for m in rx.finditer(text):
            e = m.end()
            s = _left_edge(lex, text, m.start(), limit=before)
            if m.start() - s < min_before or inside.covers(s, e):
                continue
            slogan = re.match("“[^”]+”", m.group())
            full = by_slogan.get(slogan.group()) if slogan else None
            out.append(Entity("plan", full or text[s:e], s, e))
    return out


def _regions(text: str, regions: Sequence[RegionMention], inside: _Cover) -> list[Entity]:
    out: list[Entity] = []
    gaz = Gazetteer.load()
    for r in regions:
        if r.region is not None and r.region.level > 0 and r.surface != r.region.name and inside.covers(r.start, r.end):
            continue  # 赣州 of 赣州国际陆港 names the body; 河南省 of 河南省统计局 is still written as a place
        code = r.region.code if r.region else None
        if r.region is not None and r.name != r.region.name:
            parent = gaz.by_code(r.region.parent or "")
            if parent is not None and r.name.startswith(parent.name):  # 赣州市南康区 also mentions 赣州市
                out.append(Entity("region", parent.name, r.start, r.start + len(parent.name), parent.code))
        out.append(Entity("region", r.name, r.start, r.end, code))
    for m in re.finditer("我国|全国", text):
        out.append(Entity("region", "中国", m.start(), m.end(), CHINA))
    return out


def rule_entities(text: str, regions: Sequence[RegionMention]) -> list[Entity]:
    lex = _lex()
    quoted = _Cover([m.span() for m in re.finditer("“[^”\n]{1,40}”", text)])
    plans = _plans(lex, text)
    in_plan = _Cover([(p.start, p.end) for p in plans])
    orgs = [o for o in _orgs(lex, text, regions, quoted) if not in_plan.covers(o.start, o.end)]
    inside = _Cover([(e.start, e.end) for e in orgs + plans])
    persons = [p for p in _persons(lex, text) if not inside.covers(p.start, p.end)]
    return _regions(text, regions, inside) + orgs + persons + plans


_BACKENDS: Mapping[str, Recognizer] = MappingProxyType({"rules": rule_entities})


def backends() -> Mapping[str, Recognizer]:
    """Registered recognizers by name; a model backend is one more entry."""
    return _BACKENDS


def find_entities(text: str, regions: list[RegionMention] | None = None, backend: str = "rules") -> list[Entity]:
    """Region, org, person and plan mentions with offsets into text, sorted by start."""
    if regions is None:
        regions = find_regions(text)
    recognize: Callable[[str, Sequence[RegionMention]], list[Entity]] = _BACKENDS[backend]
    found = recognize(text, regions)
    seen: set[tuple[str, str, int]] = set()
    out: list[Entity] = []
    for e in sorted(found, key=lambda e: (e.start, -(e.end - e.start))):
        key = (e.type, e.name, e.start)
        if key not in seen and e.name:
            seen.add(key)
            out.append(e)
    return out


def as_written(entities: Sequence[Entity], reading: ReadingText, original: str) -> list[Entity]:
    """Entities found on the reading text, with spans in the original and names as written
    there (traditional stays traditional); a name that is not its own span (a canonical region
    name, a short mention named in full) keeps its reading form."""
    out: list[Entity] = []
    for e in entities:
        s, t = reading.span(e.start, e.end)
        name = e.name
        if reading.text[e.start:e.end] == e.name and len(original[s:t]) == len(e.name):
            name = original[s:t]
        out.append(Entity(type=e.type, name=name, start=s, end=t, code=e.code))
    return out
