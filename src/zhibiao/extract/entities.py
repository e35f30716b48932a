"""Entities (region, org, person, plan) by rules over lexicons in data/entities.yaml.

find_entities dispatches to a Recognizer backend; "rules" is the default and the only one
shipped, a model backend can be registered beside it later without touching callers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence, Set
from types import MappingProxyType
from typing import Protocol

from zhibiao.extract.lexicon import AfterBoundary
from zhibiao.extract.names import CJK, TITLE_MAX, Lex, is_name, lex_tables, trim_name
from zhibiao.extract.orgs import COINED_PLACE, find_orgs, left_edge
from zhibiao.extract.regions import CHINA, Gazetteer, RegionMention, find_regions
from zhibiao.extract.spans import Spans
from zhibiao.extract.text import ReadingText, without_pinyin
from zhibiao.model import Entity


class Recognizer(Protocol):
    def __call__(self, text: str, regions: Sequence[RegionMention]) -> list[Entity]: ...


def _persons(lex: Lex, text: str) -> list[Entity]:
    out: list[Entity] = []

    def add(start: int, name: str) -> None:
        if not name.startswith(lex.name_follow):  # 村民前来工作: a name never opens with a verb
            out.append(Entity("person", name, start, start + len(name)))

    def names_in(m: re.Match[str], group: int | str = 1) -> None:
        for nm in _NAME_PIECE.finditer(m.group(group)):
            word = nm.group()
            word = word[:-1] if word.endswith("摄") else word
            if not (is_name(lex, word) or (len(word) in (2, 3) and word[0] in lex.surnames)):
                word = trim_name(lex, word, closed=False) or ""  # 记者罗仕报道: the verb ends the name
            if word and word not in lex.not_person:
                add(m.start(group) + nm.start(), word)

    for m in lex.byline_re.finditer(text):
        names_in(m)
    for m in lex.credit_re.finditer(text):
        names_in(m)
    for m in lex.media_re.finditer(text):  # 榕报融媒体记者 林晓帆 吴思齐
        b = lex.byline_bare.match(text, m.end())
        if b is not None:
            names_in(b)
    gaz = Gazetteer.load()
    for m in lex.paren_names_re.finditer(text):  # 电 （林晓丽、刘卿）, a paragraph closed by (林侃)
        words = m.group("names").split("、")
        dated = text[max(0, m.start() - 4):m.start()].rstrip(" \u3000").endswith(("电", "讯"))
        if (dated or m.group("eol") is not None) and all(
                is_name(lex, w) and not gaz.candidates(w) for w in words):
            names_in(m, "names")
    # photo credit: 杨志礼摄（中经视觉）, 潘祯祥/摄 after a blank or a sentence end
    for m in _PHOTO_CREDIT.finditer(text):
        if is_name(lex, m.group(1)):
            add(m.start(1), m.group(1))
    # a commentator's name alone on its line
    for m in _NAME_LINE.finditer(text):
        if is_name(lex, m.group(1)):
            add(m.start(1), m.group(1))
    for m in lex.title_re.finditer(text):
        rest = text[m.start(1): m.start(1) + 9]
        run = _NOT_NAME_CHAR.split(rest)[0]
        found = trim_name(lex, run, closed=len(run) < len(rest), strict=False)
        if found:
            add(m.start(1), found)
    for m in lex.speech_re.finditer(text):
        found = trim_name(lex, m.group(1), closed=True)
        if found and found == m.group(1):
            add(m.start(1), found)
    for s, _, w in lex.known_persons.scan(text):
        add(s, w)
    # a headline quoting a person: 郑永年：中国…（a place opens such lines too: 江西：到2027年）
    for m in _HEADLINE.finditer("\n" + text):
        if is_name(lex, m.group(1)) and not gaz.candidates(m.group(1)) and m.group(1) not in gaz.foreign:
            add(m.start(1) - 1, m.group(1))
    _coordinated(lex, text, out)
    return out


_LIST_EDGE = "、，。；和与及同跟等"


def _coordinated(lex: Lex, text: str, out: list[Entity]) -> None:
    """Names listed beside a found person are persons: 和周彩霞、赵巧霞一起 (one is known)."""
    names = {p.name for p in out}
    if not names:
        return
    sizes = sorted({len(n) for n in names}, reverse=True)
    gaz = Gazetteer.load()
    spans: list[tuple[int, int, bool]] = []
    pos = text.find("、")
    while pos >= 0:  # from each 、 (found in C), the found names that end or start there
        spans += [(pos - k, pos, False) for k in sizes if pos >= k and text[pos - k:pos] in names]
        spans += [(pos + 1, pos + 1 + k, True) for k in sizes if text[pos + 1:pos + 1 + k] in names]
        pos = text.find("、", pos + 1)
    for s, e, after_mark in spans:
        for size in (3, 2):
            if after_mark:  # the name before: it starts at a list edge or after non-CJK
                a = s - 1 - size
                edge = text[a - 1: a] if a > 0 else ""
                ok = a >= 0 and (not edge or edge in _LIST_EDGE or _CJK_RE.match(edge) is None)
            else:  # the name after: it ends at a list edge or a following word
                a = e + 1
                nxt = text[a + size: a + size + 2]
                ok = not nxt or nxt[0] in _LIST_EDGE or nxt.startswith(lex.name_follow) or _CJK_RE.match(nxt) is None
            cand = text[a: a + size] if a >= 0 else ""
            if ok and _NAME_RE.fullmatch(cand) and is_name(lex, cand) and not gaz.candidates(cand):
                out.append(Entity("person", cand, a, a + size))
                break


_CJK_RE = re.compile(f"[{CJK}]")
_NAME_PIECE = re.compile(f"[{CJK}·]+")
_NOT_NAME_CHAR = re.compile(r"[^\u4e00-\u9fff·]")
# a commentator's name alone on its line (a line start consumed, not tested at every position)
_NAME_LINE = AfterBoundary("\n", f"[ \u3000]*([{CJK}]{{2,4}})[ \u3000]*$", re.M)
_TITLE_MARK = re.compile("[《》\n]")
_QUOTED = re.compile("“[^”]+”")
_QUOTED_LINE = re.compile("“[^”\n]{1,40}”")
_ISSUING_BODY = re.compile("(?:中共中央|中央|国务院|[省市县区]委|[省市县区]政府|党中央)")
_NATION = re.compile("我国|全国")
_PHOTO_CREDIT = AfterBoundary("\\s。）", f"([{CJK}]{{2,4}})/?摄(?=$|[\\s（(]|）)", re.M, anchor="摄", reach=7)
_HEADLINE = re.compile(f"\n[ \u3000]*([{CJK}]{{2,3}})[:：](?=[{CJK}“])")
_NAME_RE = re.compile(f"[{CJK}]{{2,3}}")


_TITLE_TAIL = re.compile(r"(?:[（(][^（）()]*[）)]|[”“\"])+$")  # （2023—2025年）, a closing quote


def _titles(text: str) -> list[tuple[int, int]]:
    """Outermost 《…》 spans (contents), one linear pass with a bounded stack."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _TITLE_MARK.finditer(text):
        ch = m.group()
        if ch == "\n":
            stack.clear()  # a title never spans lines
        elif ch == "《":
            stack.append(m.end())
        elif stack:
            start = stack.pop()
            if not stack and 0 < m.start() - start <= TITLE_MAX:
                spans.append((start, m.start()))
    return spans


def _plans(lex: Lex, text: str, bound: Set[int], region_starts: Set[int]) -> list[Entity]:
    titles = _titles(text)
    # 《藏海传》, 《人民日报》: a work or a paper is no plan; a plan's title ends in a document word
    out = [Entity("plan", text[s:e], s, e) for s, e in titles
           if _TITLE_TAIL.sub("", text[s:e]).endswith(lex.plan_title_ends)]
    inside = Spans([(s - 1, e + 1) for s, e in titles])
    # the short form of a plan whose full title is in the text is that plan (“1269”行动计划)
    by_slogan: dict[str, str] = {}
    for t in out:
        for q in _QUOTED.findall(t.name):
            by_slogan.setdefault(q, t.name)
    for rx, before, min_before in ((lex.slogan_plan_re, 8, 0), (lex.count_plan_re, 8, 2), (lex.report_re, 24, 1)):
        for m in rx.finditer(text):
            e = m.end()
            s = left_edge(lex, text, m.start(), bound, limit=before)
            while s > 0 and s < m.start() and text[s].isdigit() and text[s - 1].isdigit():
                s -= 1  # never start inside a year
            if rx is lex.slogan_plan_re and m.group().endswith("”"):
                s = m.start()  # 深化“八八战略”: the quote is the whole name
            elif rx is lex.slogan_plan_re:  # 省委“1+1+9”工作部署: the body is not part of the plan's name
                body = _ISSUING_BODY.match(text[s:m.start()])
                s = s + body.end() if body and body.end() == m.start() - s else s
                if COINED_PLACE.fullmatch(m.group()[1:m.group().index("”")]):
                    continue  # “中国稀金谷”高标准规划: the quote names a place, not a plan
            if (m.start() - s < min_before and m.group() not in lex.plan_documents) or inside.covers(s, e):
                continue
            if rx is lex.report_re and m.group() in lex.plan_documents and s == m.start():
                pass  # 向大会作政府工作报告: a document named on its own
            elif rx is lex.report_re and not (s in region_starts or text[s] in "省市县区" or text[s].isdigit()):
                continue  # a report or list is named from a region or a year (2022年…名单)
            slogan = _QUOTED.match(m.group())
            full = by_slogan.get(slogan.group()) if slogan else None
            out.append(Entity("plan", full or text[s:e], s, e))
    # a bare 政府工作报告 is the report named in full elsewhere (省政府工作报告)
    longest = {d: max((p.name for p in out if p.name.endswith(d)), key=len) for d in
               {p.name for p in out if p.name in lex.plan_documents}}
    return [Entity("plan", longest[p.name], p.start, p.end) if p.name in longest else p for p in out]


def _regions(text: str, regions: Sequence[RegionMention], inside: Spans) -> list[Entity]:
    out: list[Entity] = []
    gaz = Gazetteer.load()
    for r in regions:
        if r.region is not None and r.region.level > 0 and r.surface[-1] != r.region.name[-1] and \
                inside.covers(r.start, r.end):
            continue  # 赣州 of 赣州国际陆港 names the body; 河南省统计局, 凉山州统计局 still write a place
        code = r.region.code if r.region else None
        if r.region is not None and r.name != r.region.name:
            parent = gaz.by_code(r.region.parent or "")
            if parent is not None and r.name.startswith(parent.name):  # 赣州市南康区 also mentions 赣州市
                out.append(Entity("region", parent.name, r.start, r.start + len(parent.name), parent.code))
        # 黄山市歙县 is the county 歙县 (its city is emitted above)
        name = r.region.name if r.region is not None and r.name.endswith(r.region.name) else r.name
        out.append(Entity("region", name, r.start, r.end, code))
    for m in _NATION.finditer(text):
        out.append(Entity("region", "中国", m.start(), m.end(), CHINA))
    return out


def rule_entities(text: str, regions: Sequence[RegionMention]) -> list[Entity]:
    lex = lex_tables()
    quoted = Spans([m.span() for m in _QUOTED_LINE.finditer(text)])
    # a stop character inside a bound word or a division's name does not end a name (云和县, 碳中和)
    spans = [(s, e) for s, e, _ in lex.bound.scan(text)] + [
        (r.start, r.end) for r in regions if r.region is not None and not lex.stop_last.isdisjoint(r.surface)]
    bound = frozenset(i for s, e in spans for i in range(s, e))
    plans = _plans(lex, text, bound, frozenset(r.start for r in regions))
    in_plan = Spans([(p.start, p.end) for p in plans])
    orgs = [o for o in find_orgs(lex, text, regions, quoted, bound) if not in_plan.covers(o.start, o.end)]
    # 国家统计局关于…的公告: a document named by its subject, the issuer written before it
    issuer = {o.end: o for o in orgs}
    for m in lex.about_re.finditer(text):
        if not in_plan.covers(m.start(), m.end()):
            o = issuer.get(m.start())
            s = o.start if o is not None else m.start()
            plans.append(Entity("plan", text[s:m.end()], s, m.end()))
    inside = Spans([(e.start, e.end) for e in orgs + plans if not e.name.endswith("口岸")])  # 上海口岸 is in 上海
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
        span = reading.text[e.start:e.end]
        if span and e.name.endswith(span):
            # (a body named with its home place before the span, 青海 + 省發展和改革委員會, keeps
            # the span's script)
            written = original[s:t]
            if len(written) != len(span):
                written = without_pinyin(written)  # 省發(fā)展和改革委員會: the name without its notes
            if len(written) == len(span):
                name = e.name[: len(e.name) - len(span)] + written
        # (the reading layer is dropped after the call: an entity that reads the same is kept)
        same = s == e.start and t == e.end and name == e.name
        out.append(e if same else Entity(type=e.type, name=name, start=s, end=t, code=e.code))
    return out
