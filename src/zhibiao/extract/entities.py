"""Entities (region, org, person, plan) by rules over lexicons in data/entities.yaml.

find_entities dispatches to a Recognizer backend; "rules" is the default and the only one
shipped, a model backend can be registered beside it later without touching callers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence, Set
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
        credit_re=re.compile(rf"(?:^|(?<=[\s|｜/]))(?:{_alt(d['credit_roles'])})[:：][ 　]*((?:{name}[、，, 　]*)+)", re.M),
        # 榕报融媒体记者 林晓帆: the outlet before 记者 is an org
        media_re=re.compile(rf"(?:^|(?<=[\s（(]))([{_CJK}]{{1,6}}(?:{_alt(d['media_heads'])}))(?=(?:记者|通讯员))", re.M),
        port_context=tuple(d["port_context"]),
        port_before=tuple(d["port_before"]),
        corridor_marks=tuple(d["corridor_marks"]),
        host_verbs=tuple(d["host_verbs"]),
        firm_nouns=tuple(d["firm_nouns"]),
        # 省农业农村厅关于2024年春耕备耕工作的通知, 关于…的实施意见
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
    for m in lex.media_re.finditer(text):  # 榕报融媒体记者 林晓帆 吴思齐
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
    for s, _, w in lex.known_persons.scan(text):
        add(s, w)
    return out


def _left_edge(lex: _Lex, text: str, end: int, bound: Set[int], limit: int = 24) -> int:
    """Extend a name left from end over CJK characters, stopping at punctuation or a stop word
    (not inside a bound word: 碳中和 holds 和); a bracket closed but not opened inside the name
    (电(记者侯雪静)中央农办) ends it too."""
    i = end
    floor = max(0, end - limit)
    while i > floor:
        ch = text[i - 1]
        if not _NAME_CHAR.match(ch):
            break
        if i - 1 not in bound and any(text.startswith(w, i - len(w)) for w in lex.stop_by_last.get(ch, ())):
            break
        i -= 1
    if not any(b in text[i:end] for b in "（()）"):
        return i
    depth = 0
    for j in range(end - 1, i - 1, -1):
        ch = text[j]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
            if depth < 0:  # opened but not closed: 国家（江西 … is cut at the bracket
                i = j + 1
                break
    depth = 0
    for j in range(i, end):
        ch = text[j]
        depth += 1 if ch in "（(" else -1 if ch in "）)" else 0
        if depth < 0:
            i, depth = j + 1, 0
    while i < end and text[i] in "）)":
        i += 1
    return i


_JURIS = {"省": 1, "市": 2, "县": 3, "区": 3}
_BARE_BODY = ("省委", "市委", "县委", "区委")


def _home(regions: Sequence[RegionMention]) -> dict[str, str]:
    """The document's own province, city, county and district: the most mentioned of each,
    so a bare 市委 or 省统计局 names that body (佛山市委, 河南省统计局)."""
    counts: dict[str, Counter[str]] = {k: Counter() for k in _JURIS}
    gaz = Gazetteer.load()
    for r in regions:
        if r.region is None:
            continue
        # a county counts for its city and province too, less than a mention of its own
        for weight, region in ((1.0, r.region), *((0.5, a) for a in gaz.ancestors(r.region.code))):
            if region.level > 0 and region.name[-1] in _JURIS:
                counts[region.name[-1]][region.name] += weight  # type: ignore[assignment]
    return {k: c.most_common(1)[0][0] for k, c in counts.items() if c}


def _listed_firms(lex: _Lex, text: str, orgs: Sequence[Entity], bound: Set[int]) -> list[Entity]:
    """Short firm names in a list beside a known firm (中发天信、三瑞科技、中航光电等), or hosted
    by a place (落户明阳、金风、大金等新型能源装备制造企业)."""
    out: list[Entity] = []
    names = {o.name for o in orgs}
    ends = {o.start: o.end for o in orgs}
    for m in re.finditer(f"[{_CJK}、]+", text):  # linear: a run of words and 、, split below
        run = m.group()
        etc = run.find("等", max(0, run.find("、")))
        parts = (run[:etc] if etc > 0 else run).split("、")  # 中发天信、三瑞科技、中航光电|等发动机、无人机
        if len(parts) < 2 or any(not 2 <= len(p) <= 6 for p in parts[1:-1]) or len(parts[0]) < 2 or len(parts[-1]) < 2:
            continue
        items: list[tuple[int, int]] = []
        pos = m.start()
        for part in parts:
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        s0, e0 = items[0]
        s0 = _left_edge(lex, text, e0, bound, limit=8)
        hosted = text[max(0, s0 - 3):s0].endswith(lex.host_verbs)
        s_last, e_last = items[-1]
        cut = ends.get(s_last)
        etc = text.find("等", s_last, e_last)
        if cut is not None:
            e_last = cut
        elif etc > s_last:
            e_last = etc
        else:
            after = text[e_last:e_last + 16]
            if not after.startswith("等"):
                continue
            tail = re.split("[，。；,;、\n]", after)[0]
            if not any(w in tail for w in lex.firm_nouns):
                continue
        items[0], items[-1] = (s0, e0), (s_last, e_last)
        words = [text[a:b] for a, b in items]
        if not (hosted or any(w in names for w in words)):
            continue
        if any(not 2 <= len(w) <= 6 for w in words):
            continue
        out.extend(Entity("org", w, a, b) for w, (a, b) in zip(words, items, strict=True) if w not in names)
    return out


def _orgs(lex: _Lex, text: str, regions: Sequence[RegionMention], quoted: _Cover, bound: Set[int]) -> list[Entity]:
    out = [Entity("org", w, s, e) for s, e, w in lex.org_known.scan(text)]
    region_at = {r.start: r for r in regions}
    region_end = {r.end: r.start for r in regions}
    region_before = region_end  # the place written right before a suffix
    starts = sorted(region_at)
    home = _home(regions)

    def regions_in(lo: int, hi: int) -> list[RegionMention]:
        i = bisect_right(starts, lo - 1)
        out: list[RegionMention] = []
        while i < len(starts) and starts[i] < hi:
            out.append(region_at[starts[i]])
            i += 1
        return out

    for m in re.finditer(f"摄[（(]([{_CJK}]{{2,8}})[）)]", text):  # 杨志礼摄（中经视觉）: the photo agency
        out.append(Entity("org", m.group(1), m.start(1), m.end(1)))
    for m in lex.media_re.finditer(text):  # 榕报融媒体记者
        out.append(Entity("org", m.group(1), m.start(1), m.end(1)))
    for m in re.finditer(f"“([{_CJK}]{{2,8}}(?:谷|城|港|湾|岛|小镇|走廊))”", text):  # “中国稀金谷”: a coined place
        out.append(Entity("org", m.group(1), m.start(1), m.end(1)))
    for m in lex.org_re.finditer(text):
        suffix, end = m.group(), m.end()
        if text[m.start() - 1: end] in lex.org_false or text[m.start(): end + 1] in lex.org_false:
            continue
        if end in region_end and region_end[end] < m.start():
            continue  # the 港 of 连云港 is the place's own name
        start = _left_edge(lex, text, m.start(), bound)
        if suffix == "港" and m.start() in region_before:
            start = max(start, region_before[m.start()])  # 今年日照港 is named from 日照
        head = text[start: m.start()]
        prefix = ""
        if (suffix in _BARE_BODY and not head) or (suffix in lex.gov and head[:1] in _JURIS and start not in region_at
                                                   and head[1:2] not in tuple("场域级块内外长委政")):
            key = head[:1] or suffix[0]  # 市委, 市人大, 省统计局: the document's own city or province
            if key not in home or (start > 0 and text[start - 1] in "全本该各"):
                continue
            prefix = home[key][:-1]
        elif len(head) < 2 or head in lex.org_generic or head[-1] in "分子" or text[start - 1: start] == "等":
            continue  # 等抽水蓄能电站 is a kind, not a name
        if re.search(r"[0-9一二三四五六七八九十百千万]+(?:个|座|家|条|处|亩|平方米|公里)$", text[max(0, start - 8): start]) or \
                re.search(r"\d+(?:个|座|家|条|处)", head):
            continue  # 1万亩…产业园, 沽源3个…变电站 describe, they do not name
        if suffix in lex.gov and start not in region_at and not prefix:
            # a public body is named from its jurisdiction: 出席湖北省政协 starts at 湖北省, but
            # 国家统计局河南调查总队 and 中共重庆市委 keep the body before the region
            inner = next((r.start for r in regions_in(start, m.start()) if text[r.start - 1: r.start] != "（"), None)
            if inner is not None and not (text[start:inner] in lex.org_known.words or text[start:inner] == "中共"):
                start = inner
        first = region_at.get(start)
        if first is not None and first.region is not None and first.region.level == 1:
            nxt = region_at.get(first.end)
            if nxt is not None and nxt.region is not None and nxt.region.level >= 2:
                start, first = nxt.start, nxt  # 甘肃夏河县…公司 is named from the county
        weak_ok = False
        if suffix in ("港", "口岸") and first is not None and first.region is not None and first.region.level == 1 and \
                m.start() - first.end >= 2:
            start, first = first.end, None  # 广西北部湾港 is 北部湾港 in 广西
        if suffix == "口岸":  # 上海口岸
            weak_ok = first is not None
        elif suffix == "港":  # 钦州港 吞吐量, 进出钦州港: a named port
            weak_ok = text.startswith(lex.port_context, end) or text[max(0, start - 2):start].endswith(lex.port_before)
        elif suffix == "通道":  # 西部陆海新通道, 赣北—湘南1000千伏特高压交流通道
            weak_ok = any(w in text[start:end] for w in lex.corridor_marks)
        if first is not None and first.end == m.start() and suffix in ("港", "中心", "项目", "通道") and not weak_ok:
            continue  # a bare place before a weak suffix is not a body's name
        jurisdiction = first is not None or head.startswith(lex.jurisdiction) or weak_ok
        if prefix or suffix in lex.strong or (suffix in lex.gov and jurisdiction) or (
                suffix not in lex.gov and (jurisdiction or quoted.covers(start - 1, end + 1))):
            out.append(Entity("org", prefix + text[start:end], start, end))
    out += [Entity("org", m.group(), m.start(), m.end()) for o in list(out) if o.name in lex.org_known.words
            for m in [re.compile(f"{re.escape(o.name)}第[一二三四五六七八九十]+[师团]").match(text, o.start)] if m]
    out += _listed_firms(lex, text, out, bound)
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


def _plans(lex: _Lex, text: str, bound: Set[int], region_starts: Set[int]) -> list[Entity]:
    titles = _titles(text)
    out = [Entity("plan", text[s:e], s, e) for s, e in titles]
    inside = _Cover([(s - 1, e + 1) for s, e in titles])
    # the short form of a plan whose full title is in the text is that plan (“1269”行动计划)
    by_slogan: dict[str, str] = {}
    for t in out:
        for q in re.findall("“[^”]+”", t.name):
            by_slogan.setdefault(q, t.name)
    for rx, before, min_before in ((lex.slogan_plan_re, 8, 0), (lex.count_plan_re, 8, 2), (lex.report_re, 24, 1)):
        for m in rx.finditer(text):
            e = m.end()
            s = _left_edge(lex, text, m.start(), bound, limit=before)
            while s > 0 and s < m.start() and text[s].isdigit() and text[s - 1].isdigit():
                s -= 1  # never start inside a year
            if rx is lex.slogan_plan_re:  # 省委“1+1+9”工作部署: the body is not part of the plan's name
                body = re.match("(?:中共中央|中央|国务院|[省市县区]委|[省市县区]政府|党中央)", text[s:m.start()])
                s = s + body.end() if body and body.end() == m.start() - s else s
                if re.fullmatch(f"[{_CJK}]{{2,8}}(?:谷|城|港|湾|岛|小镇|走廊)", m.group()[1:m.group().index("”")]):
                    continue  # “中国稀金谷”高标准规划: the quote names a place, not a plan
            if m.start() - s < min_before or inside.covers(s, e):
                continue
            if rx is lex.report_re and not (s in region_starts or text[s] in "省市县区" or text[s].isdigit()):
                continue  # a report or list is named from a region or a year (2022年…名单)
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
        # 黄山市歙县 is the county 歙县 (its city is emitted above)
        name = r.region.name if r.region is not None and r.name.endswith(r.region.name) else r.name
        out.append(Entity("region", name, r.start, r.end, code))
    for m in re.finditer("我国|全国", text):
        out.append(Entity("region", "中国", m.start(), m.end(), CHINA))
    return out


def rule_entities(text: str, regions: Sequence[RegionMention]) -> list[Entity]:
    lex = _lex()
    quoted = _Cover([m.span() for m in re.finditer("“[^”\n]{1,40}”", text)])
    bound = frozenset(i for s, e, _ in lex.bound.scan(text) for i in range(s, e))
    plans = _plans(lex, text, bound, frozenset(r.start for r in regions))
    in_plan = _Cover([(p.start, p.end) for p in plans])
    orgs = [o for o in _orgs(lex, text, regions, quoted, bound) if not in_plan.covers(o.start, o.end)]
    # 国家统计局关于…的公告: a document named by its subject, the issuer written before it
    issuer = {o.end: o for o in orgs}
    for m in lex.about_re.finditer(text):
        if not in_plan.covers(m.start(), m.end()):
            o = issuer.get(m.start())
            s = o.start if o is not None else m.start()
            plans.append(Entity("plan", text[s:m.end()], s, m.end()))
    inside = _Cover([(e.start, e.end) for e in orgs + plans if not e.name.endswith("口岸")])  # 上海口岸 is in 上海
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
