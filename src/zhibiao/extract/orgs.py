"""Organisations: suffix-led names extended leftwards, bare bodies (市委), firms listed beside known ones."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence, Set
from operator import itemgetter

from zhibiao.extract.names import CJK, NAME_CHAR, Lex
from zhibiao.extract.regions import Gazetteer, RegionMention
from zhibiao.extract.spans import Spans
from zhibiao.model import Entity

_UNIT_NUMBER = re.compile("第[一二三四五六七八九十]+[师团]")
_BRACKET = re.compile("[（()）]")
_NAME_RUN = re.compile(f"{NAME_CHAR.pattern}+")


def left_edge(lex: Lex, text: str, end: int, bound: Set[int], limit: int = 24) -> int:
    """Extend a name left from end over CJK characters, stopping at punctuation or a stop word
    (not inside a bound word: 碳中和 holds 和); a bracket closed but not opened inside the name
    (电(记者侯雪静)中央农办) ends it too."""
    # the name characters before end: one match over the window reversed (a search for a run
    # ending at end tried every start in the window)
    run = _NAME_RUN.match(text[max(0, end - limit):end][::-1])
    floor = end - run.end() if run else end
    i = floor
    stops = lex.stop_by_last
    # Only a character that ends some stop word can stop the name: try those, rightmost first.
    for j in reversed([m.end() for m in lex.stop_last_re.finditer(text, floor, end)]):
        if j - 1 not in bound and any(text.startswith(w, j - len(w)) for w in stops[text[j - 1]]):
            i = j
            break
    if _BRACKET.search(text, i, end) is None:
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


def _generic(lex: Lex, head: str) -> bool:
    """跨国公司, 三级公立医院: descriptors (and a short pair of them) make a kind, not a name;
    so do levels before one (省市重点项目, 市县重点项目)."""
    generic = lex.org_generic
    levels_off = head.lstrip("".join(_JURIS))
    # a pair of descriptors (each two characters or more): try the splits of the head
    return head in generic or (levels_off != head and levels_off in generic) or (len(head) <= 4 and any(
        head[:k] in generic and head[k:] in generic for k in range(2, len(head) + 1)))


_JURIS = {"省": 1, "市": 2, "县": 3, "区": 3}
_REGISTERED = ("有限公司", "有限责任公司", "集团公司")  # a company's registered name ends so
_BARE_BODY = ("省委", "市委", "县委", "区委")


def _home(regions: Sequence[RegionMention]) -> dict[str, str]:
    """The document's own province, city, county and district: the most mentioned of each,
    so a bare 市委 or 省统计局 names that body (佛山市委, 河南省统计局)."""
    counts: dict[str, dict[str, float]] = {}
    gaz = Gazetteer.load()
    # each division once, with its mentions (in order of the first: ties go to the first named)
    mentioned = Counter(r.region for r in regions if r.region is not None)
    for division, n in mentioned.items():
        # a county counts for its city and province too, less than a mention of its own
        for weight, region in ((1.0, division), *((0.5, a) for a in gaz.ancestors(division.code))):
            if region.level > 0 and region.name[-1] in _JURIS:
                c = counts.setdefault(region.name[-1], {})
                c[region.name] = c.get(region.name, 0) + weight * n
    # the most counted of each, the first on a tie (as Counter.most_common(1) picks)
    return {k: max(c.items(), key=itemgetter(1))[0] for k, c in counts.items()}


_RUN = re.compile(f"[{CJK}、]+")
_PHOTO_AGENCY = re.compile(f"摄[（(]([{CJK}]{{2,8}})[）)]")
COINED_PLACE = re.compile(f"[{CJK}]{{2,8}}(?:谷|城|港|湾|岛|小镇|走廊)")  # 中国稀金谷: a coined place, no plan
_QUOTED_PLACE = re.compile(f"“({COINED_PLACE.pattern})”")
_COUNT_BEFORE = re.compile(r"[0-9一二三四五六七八九十百千万]+(?:个|座|家|条|处|亩|平方米|公里)$")
_COUNT_IN = re.compile(r"\d+(?:个|座|家|条|处)")


def _lists(text: str) -> Iterator[re.Match[str]]:
    """The runs of CJK words and 、 that hold a 、: found from each 、, each run once (linear)."""
    pos = text.find("、")
    while pos >= 0:
        # the run's start: match backwards over the reversed window (one C-level scan)
        window = text[max(0, pos - 200):pos][::-1]
        back = _RUN.match(window)
        start = pos - (back.end() if back else 0)
        m = _RUN.match(text, start)
        if m is None:
            break
        yield m
        pos = text.find("、", m.end())


def _village(head: str) -> bool:
    """A name opened by a town or village (前庄村扶贫车间) is placed like one opened by a county."""
    gaz = Gazetteer.load()
    m = gaz.town_re.match(head)
    return m is not None and m.end() < len(head) and not m.group(1).startswith(gaz.town_stopwords) and not any(
        ch in gaz.town_stopchars for ch in m.group(1))


def _is_place(word: str, gaz: Gazetteer) -> bool:
    return bool(gaz.candidates(word)) or word in gaz.foreign or word in gaz.areas


def listed_firms(lex: Lex, text: str, orgs: Sequence[Entity], bound: Set[int]) -> list[Entity]:
    """Short firm names in a list beside a known firm (中发天信、三瑞科技、中航光电等), or hosted
    by a place (落户明阳、金风、大金等新型能源装备制造企业)."""
    out: list[Entity] = []
    gaz = Gazetteer.load()
    names = {o.name for o in orgs}
    ends = {o.start: o.end for o in orgs}
    for m in _lists(text):  # runs of words joined by 、, split below
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
        s0 = left_edge(lex, text, e0, bound, limit=8)
        hosted = text[max(0, s0 - 3):s0].endswith(lex.host_verbs)
        s_last, e_last = items[-1]
        cut = ends.get(s_last)
        etc = text.find("等", s_last, e_last)
        firms = False  # 牧原、宇通、华兰等一批龙头企业: a list the text itself calls firms
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
            firms = any(w in tail[:8] for w in lex.firm_nouns)
        items[0], items[-1] = (s0, e0), (s_last, e_last)
        words = [text[a:b] for a, b in items]
        if any(_is_place(w, gaz) for w in words[:-1]):
            # 据福州、厦门海关统计: places sharing the last body's kind (福州海关), never firms themselves
            last = words[-1]
            cut = next((k for k in (4, 3, 2) if last in names and len(last) - k >= 2 and _is_place(last[:k], gaz)), 0)
            if cut and all(_is_place(w, gaz) for w in words[:-1]):
                out.extend(Entity("org", w + last[cut:], a, b) for w, (a, b) in zip(words[:-1], items, strict=False))
            continue
        if firms and any(w in lex.industry_words or w[-1] in "业品" for w in words):
            firms = False  # 钢铁、化工等企业: industries, not firms
        if not (hosted or firms or any(w in names for w in words)):
            continue
        if any(not 2 <= len(w) <= 6 for w in words):
            continue
        out.extend(Entity("org", w, a, b) for w, (a, b) in zip(words, items, strict=True) if w not in names)
    return out


def find_orgs(lex: Lex, text: str, regions: Sequence[RegionMention], quoted: Spans, bound: Set[int]) -> list[Entity]:
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

    for m in _PHOTO_AGENCY.finditer(text):  # 杨志礼摄（中经视觉）: the photo agency
        out.append(Entity("org", m.group(1), m.start(1), m.end(1)))
    for rx in (lex.media_re, lex.dateline_re, lex.source_re, lex.reported_re):  # 榕报融媒体记者, 人民网福州1月11日电, 来源：X社
        for m in rx.finditer(text):
            out.append(Entity("org", m.group(1), m.start(1), m.end(1)))
    for m in _QUOTED_PLACE.finditer(text):  # “中国稀金谷”: a coined place
        out.append(Entity("org", m.group(1), m.start(1), m.end(1)))
    for at, end, suffix in lex.org_suffixes.scan(text):
        if text[at - 1: end] in lex.org_false or text[at: end + 1] in lex.org_false:
            continue
        if end in region_end and region_end[end] < at:
            continue  # the 港 of 连云港 is the place's own name
        start = left_edge(lex, text, at, bound)
        if suffix == "港" and at in region_before:
            port = region_before[at]
            while port in region_before and port - region_before[port] <= 4:
                port = region_before[port]  # 宁波舟山港: two places name one port
            start = max(start, port)  # 今年日照港 is named from 日照
        head = text[start: at]
        if head[:2] in _BARE_BODY and head[2:3] in _JURIS:  # 省委省政府, 县委县政府: two bodies
            start, head = start + 2, head[2:]
        prefix, own = "", False
        if (suffix in _BARE_BODY and not head) or (suffix in lex.gov and head[:1] in _JURIS and start not in region_at
                                                   and head[1:2] not in tuple("场域级块内外长委政")):
            key = head[:1] or suffix[0]  # 市委, 市人大, 省统计局: the document's own city or province
            if start > 0 and text[start - 1] in "全本该各":
                continue
            prefix, own = (home[key][:-1] if key in home else ""), True  # with no place named: 省委 as written
        elif len(head) < 2 or _generic(lex, head) or head[-1] in "分子" or text[start - 1: start] == "等":
            continue  # 等抽水蓄能电站 is a kind, not a name
        if suffix not in lex.strong and suffix not in lex.gov and lex.strong_re.search(head):
            continue  # X有限公司生产车间: a part of the body already named
        if _COUNT_BEFORE.search(text[max(0, start - 8): start]) or _COUNT_IN.search(head):
            continue  # 1万亩…产业园, 沽源3个…变电站 describe, they do not name
        if suffix in lex.gov and start not in region_at and not own:
            # a public body is named from its jurisdiction: 出席湖北省政协 starts at 湖北省, but
            # 国家统计局河南调查总队 and 中共重庆市委 keep the body before the region
            inner = next((r.start for r in regions_in(start, at) if text[r.start - 1: r.start] != "（"), None)
            if inner is not None and not (text[start:inner] in lex.org_known.words or text[start:inner] == "中共"):
                start = inner
        if suffix not in lex.gov and any(t in head for t in lex.town_marks):
            # 石集乡朱莉家庭农场: the town says where the farm is, the name starts after it
            town = next((r.end for r in reversed(regions_in(start + 1, at)) if r.region is None
                         and r.name.endswith(lex.town_marks) and at - r.end >= 2), None)
            if town is not None:
                start, head = town, text[town:at]
        first = region_at.get(start)
        if first is not None and first.region is not None and first.region.level == 1 and (
                suffix not in lex.gov or first.surface != first.region.name):
            nxt = region_at.get(first.end)
            if nxt is not None and nxt.region is not None and nxt.region.level >= 2:
                # 甘肃夏河县…公司, 四川万源市人代会 are named from the county; 四川省凉山州统计局 is written in full
                start, first = nxt.start, nxt
        weak_ok = False
        if suffix in ("港", "口岸") and first is not None and first.region is not None and first.region.level == 1 and \
                at - first.end >= 2:
            start, first = first.end, None  # 广西北部湾港 is 北部湾港 in 广西
        if suffix == "口岸":  # 上海口岸
            weak_ok = first is not None
        elif suffix == "港":  # 钦州港 吞吐量, 进出钦州港: a named port
            weak_ok = text.startswith(lex.port_context, end) or text[max(0, start - 2):start].endswith(lex.port_before)
        elif suffix == "通道":  # 西部陆海新通道, 赣北—湘南1000千伏特高压交流通道
            weak_ok = any(w in text[start:end] for w in lex.corridor_marks)
        if first is not None and first.end == at and suffix in ("港", "中心", "项目", "通道") and not weak_ok:
            continue  # a bare place before a weak suffix is not a body's name
        if first is not None and text[first.end:at] in lex.org_generic:
            continue  # 山西省重点项目, 江西省级开发区: a kind of body in the place, not a name
        if suffix == "加工厂" and first is None and len(head) < 3:
            continue  # 茶叶加工厂: what it processes, no name (赣南果业加工厂 has one)
        jurisdiction = first is not None or head.startswith(lex.jurisdiction) or weak_ok or _village(head)
        if own or suffix in lex.strong or (suffix in lex.projects and 2 <= len(head) <= 8) or (suffix in lex.gov and jurisdiction) or (
                suffix not in lex.gov and (jurisdiction or quoted.covers(start - 1, end + 1))):
            out.append(Entity("org", prefix + text[start:end], start, end))
    out += [Entity("org", text[o.start:m.end()], o.start, m.end()) for o in list(out)
            if text.startswith("第", o.end) and o.name in lex.org_known.words
            for m in [_UNIT_NUMBER.match(text, o.end)] if m]  # 新疆生产建设兵团第一师
    out += listed_firms(lex, text, out, bound)
    # keep the outermost of nested names (国家发展改革委 inside 国家发展改革委办公厅)
    out.sort(key=lambda e: (e.start, -e.end))
    kept: list[Entity] = []
    for e in out:
        if not kept or e.end > kept[-1].end or e.start >= kept[-1].end:
            kept.append(e)
    # a later short mention (百路达公司) names the body given in full earlier (厦门百路达公司)
    full: dict[str, str] = {}  # each proper suffix -> the longest name ending with it
    names = sorted({e.name for e in kept}, key=len, reverse=True)
    for n in names:
        for i in range(1, len(n) - 1):
            full.setdefault(n[i:], n)
    for n in names:
        # 功茗坊公司 after 安徽功茗坊农业科技有限公司: the short form keeps the name's core
        core = n[:-2] if n.endswith(("公司", "集团")) and n not in full else ""
        if len(core) >= 2:
            whole = next((w for w in names if len(w) > len(n) + 2 and core in w and w.endswith(_REGISTERED)), None)
            if whole is not None:
                full[n] = whole
    return [Entity("org", full.get(e.name, e.name), e.start, e.end) for e in kept]


