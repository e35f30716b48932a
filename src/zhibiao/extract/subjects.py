"""Who a figure is about: the region or organisation that opens its clause, or the one in context.

"2023年，江西累计培育…" makes 江西省 the subject until another clause opens with a
subject; 全省/我省/该省 stand for the province in context, 全市 for the city, 全国/我国
for 中国. A place after a preposition (与山东、天津协同…) is an object, not a subject.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from zhibiao.extract import lexicon
from zhibiao.extract.clauses import ends_with, words_re
from zhibiao.extract.facts import national_title
from zhibiao.extract.periods import Periods
from zhibiao.extract.regions import CHINA, Gazetteer, RegionMention
from zhibiao.extract.spans import Spans
from zhibiao.ingest.layout import furniture_lines
from zhibiao.model import Entity


@dataclass(frozen=True, slots=True)
class Subject:
    name: str
    code: str | None
    level: int | None = None  # 0 China, 1 province, 2 prefecture, 3 county; None: not a region


@dataclass(frozen=True, slots=True)
class SubjectMention:
    start: int
    end: int
    subject: Subject | None  # None: an anaphor (全省) resolved against the context
    anaphor: str | None = None  # province | city | county | china


@lru_cache(maxsize=1)
def _anaphora() -> tuple[re.Pattern[str], dict[str, str]]:
    table = lexicon.cues()["region_anaphora"]
    words = {w: kind for kind, ws in table.items() for w in ws}
    return re.compile(lexicon.scan_alternation(tuple(words))), words


_ORG_ANAPHOR = re.compile(r"(?:该|这个|这家|此)(项目|公司|企业|集团|港口|港|园区|基地|工厂|厂|中心)")


@lru_cache(maxsize=1)
def _place_words() -> tuple[re.Pattern[str], dict[str, str]]:
    table = lexicon.cues()["place_anaphora"]
    words = {w: suffix for suffix, ws in table.items() for w in ws}
    return re.compile(lexicon.scan_alternation(tuple(words))), words  # searched over the whole text


TOWN_SUFFIXES = ("村", "镇", "乡", "街道")


def _place_anaphora(text: str, regions: list[RegionMention]) -> list[SubjectMention]:
    """全村, 该镇: the village or town named last before them (places below a county have no code)."""
    if "村" not in text and "镇" not in text and "乡" not in text:
        return []
    pattern, words = _place_words()
    places = [m for m in regions if m.region is None and m.name.endswith(("村", "镇", "乡"))]
    out = []
    for m in pattern.finditer(text):
        named = next((p for p in reversed(places) if p.end <= m.start() and p.name.endswith(words[m.group()])), None)
        if named is not None:
            out.append(SubjectMention(m.start(), m.end(), Subject(named.name, None, None)))
    return out


def anaphora_mentions(text: str) -> list[SubjectMention]:
    pattern, words = _anaphora()
    out = [SubjectMention(m.start(), m.end(), None, "org:" + m.group(1)) for m in _ORG_ANAPHOR.finditer(text)]
    for m in pattern.finditer(text):
        kind = words[m.group()]
        if m.group() == "国内" and text.startswith("生产总值", m.end()):
            continue  # 国内生产总值 is the measure (GDP), whoever's it is
        if kind == "china":
            out.append(SubjectMention(m.start(), m.end(), Subject("中国", CHINA, 0)))
        else:
            out.append(SubjectMention(m.start(), m.end(), None, kind))
    return out


class SubjectContext:
    """The subject in force, and the last region seen at each level (for 全省, 全市)."""

    def __init__(self, default: Subject | None = None, scope: Subject | None = None) -> None:
        self.current: Subject | None = default
        # A municipality's own text (北京市…): 全市 is the municipality, whatever city is named.
        self.municipality = default if default is not None and default.level == 1 and \
            default.name.endswith("市") else None
        self.by_level: dict[int, Subject] = {}
        self.orgs: list[Subject] = []
        if default is not None and default.level is not None:
            self.by_level[default.level] = default
        elif scope is not None and scope.level is not None:
            self.by_level[scope.level] = scope  # 全市 before the counties listed in it are named

    def see(self, subject: Subject, ancestors: list[Subject]) -> None:
        if subject.level is None:
            self.orgs.append(subject)
            return
        self.by_level[subject.level] = subject
        for a in ancestors:
            if a.level is not None:
                self.by_level[a.level] = a

    def resolve(self, mention: SubjectMention) -> Subject | None:
        if mention.subject is not None:
            return mention.subject
        if mention.anaphor and mention.anaphor.startswith("org:"):
            # 该项目 is the last project named, 该公司 the last company.
            suffix = mention.anaphor[4:]
            return next((o for o in reversed(self.orgs) if o.name.endswith(suffix)), None)
        if mention.anaphor == "district":
            # 全区 is the district in a district's report, else the autonomous region.
            cur = self.current
            if cur is not None and cur.level == 3 and cur.name.endswith("区"):
                return cur
            if 3 in self.by_level and self.by_level[3].name.endswith("区"):
                return self.by_level[3]
            level_1 = self.by_level.get(1)
            return level_1 if level_1 is not None and level_1.name.endswith("自治区") else None
        if mention.anaphor == "city" and self.municipality is not None:
            return self.municipality
        own = {"city": "市", "county": "县"}.get(mention.anaphor or "")
        if own:
            # 全市 in a county-level city's report is that city, not its prefecture.
            for cand in (self.current, self.by_level.get(3)):
                if cand is not None and cand.level == 3 and cand.name.endswith(own):
                    return cand
        level = {"province": 1, "city": 2, "county": 3}.get(mention.anaphor or "")
        if level is None:
            return None
        if level in self.by_level:
            return self.by_level[level]
        # 全省 in a text about a municipality (重庆, 北京) or a region named at another level.
        if self.current is not None and self.current.level is not None:
            return self.current
        return None


# Punctuation and list markers (一、 （二） 3. ) before a clause's own words.
_SKIP_HEAD = re.compile(r"(?:[\s，,、:：“”\"]|[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）]"
                        r"|\d{1,2}[.．、](?!\d))+")


@lru_cache(maxsize=1)
def _opening_chars() -> frozenset[str]:
    """Characters that can open something clause_opening skips (a list marker, a head word, 据…)."""
    heads = {w[0] for w in lexicon.cue_list("indicator_head")}
    return frozenset(" \t\n\u3000，,、:：“”\"(（0123456789一二三四五六七八九十据经") | heads


_APPOSITIVE = re.compile(r"[\u4e00-\u9fff]{1,4}(?:大省|强省|大市|强市|大县|强县)(?=[\u4e00-\u9fff])")


def _names_place_at(text: str, pos: int) -> bool:
    """Whether a division's name starts at pos (a short window is scanned: this is rare)."""
    gaz = Gazetteer.load()
    return any(start == 0 and gaz.candidates(name) for start, _, name in gaz.lexicon.scan(text[pos:pos + 8]))


def clause_opening(text: str, start: int, end: int, periods: Periods) -> int:
    """Where the clause's own words begin, past leading time phrases and head words."""
    head = words_re("indicator_head")  # .match at pos anchors it there
    pos = start
    if start < end and text[start] not in _opening_chars() and start not in periods.by_start and \
            not _APPOSITIVE.match(text, start, end):
        return start  # most clauses open with their own words: no pattern to try
    for _ in range(8):
        m = _SKIP_HEAD.match(text, pos, end)
        if m:
            pos = m.end()
        p = periods.by_start.get(pos)
        if p is not None:
            pos = p.end
            continue
        hm = head.match(text, pos, end)
        if hm and not _anaphora()[0].match(text, pos):
            pos = hm.end()
            continue
        if text.startswith(("据", "经"), pos):
            comma = re.match(r"[据经][^，,。]{0,8}?(?:统计|显示|核算|了解|介绍|测算)", text[pos:end])
            if comma:
                pos += comma.end()
                continue
        appositive = _APPOSITIVE.match(text, pos, end)
        if appositive and _names_place_at(text, appositive.end()):
            pos = appositive.end()  # 能源大省山西…: the place is named after what it is known as
            continue
        break
    return pos


def is_object(text: str, start: int) -> bool:
    """A place right after 与/和/在/向… is an object of the clause."""
    before = text[max(0, start - 4) : start]
    return bool(ends_with("object_markers", before))


_LISTED = re.compile(r"[、和及与]")
# The first item of a list of named things closed by 等 (西安国家版本馆、陕西考古博物馆等).
_NAMED_ITEM = re.compile(r"([^\s，。；,;：:、“”]{2,16}?)、[^，。；,;：:\n]{0,60}?等")
_COUNT_AFTER = re.compile(r"(?:增至|增加到|增加至|达到|达|共|有)?[0-9一二两三四五六七八九十]")
_IN_NOTE = re.compile(r"[(（][^()（）]*$")
_TRADE_AFTER = re.compile(r"(?:[(（][^()（）]{1,8}[)）])?(?:双边)?(?:贸易|进出口|出口|进口)")


def is_grammatical_subject(text: str, m: SubjectMention) -> bool:
    """A mention that can be the subject of the figures after it: not an object (与山东…), not
    one of a list of places or bodies that did something (甲县、乙县通过验收), not a note in brackets."""
    if is_object(text, m.start):
        return False
    if m.subject is not None and m.subject.level is None and _COUNT_AFTER.match(text, m.end):
        return False  # 新增国家现代农业产业园11个: the body is what is counted, not who counts
    if m.subject is not None and _LISTED.match(text, m.end) \
            and not text.startswith(("和全", "及全"), m.end):
        return False
    if m.subject is not None and m.subject.level and (item := _NAMED_ITEM.match(text, m.end)) and \
            not ends_with("measure_nouns", item.group(1)):
        return False  # 株洲中车IGBT、永州紫金锂业等项目投产: the place names the first thing listed
    if text.startswith("等", m.end):
        return False  # 富士康等55个项目成功签约: an example of the things counted
    if national_title(text, m.start):
        return False  # 全国重点实验室增至16家, 全国文明城市13个: a national title, not the nation
    if m.subject is not None and m.subject.code is None and _TRADE_AFTER.match(text, m.end):
        return False  # …，东盟(10国)贸易额59.4亿元: a trading partner listed, not who trades
    return not _IN_NOTE.search(text, max(0, m.start - 20), m.start)


_ZONE = re.compile(r".{2,16}?(?:经济技术开发区|高新技术产业开发区|开发区|高新区|经开区|工业园区|产业园区|保税区|综保区|新区)"
                   r"(?=.{1,8}$)")
_GOVERNMENT = re.compile(r"(?:委|厅|局|部|办|政府|委员会|办公厅|办公室|国务院|中央|政协|人大|常委会|党委|省委|市委|县委|统计局)$")


def _first_at(mentions: list[SubjectMention], code: str) -> int:
    return next(m.start for m in mentions if m.subject is not None and m.subject.code == code)


def default_subject(mentions: list[SubjectMention], opening_end: int) -> Subject | None:
    """The region a text is mostly about: the one it names most often (first on a tie); one
    named only once frames the text from its opening (the title and first paragraph, up to
    ``opening_end``)."""
    counts: dict[str, int] = {}
    first: dict[str, Subject] = {}
    for m in mentions:
        if m.subject is not None and m.subject.code and m.subject.code != CHINA:
            counts[m.subject.code] = counts.get(m.subject.code, 0) + 1
            first.setdefault(m.subject.code, m.subject)
    if not counts:
        return None
    order = {code: i for i, code in enumerate(first)}  # first seen wins a tie
    best = max(counts, key=lambda c: (counts[c], -order[c]))
    if counts[best] == 1 and len(counts) == 1 and _first_at(mentions, best) >= opening_end:
        return None  # named once after the opening (…奥瑞金等企业): what it is about is left unsaid
    runner_up = max((n for c, n in counts.items() if c != best), default=0)
    if len(counts) > 1 and counts[best] <= runner_up + 1:
        # 河南…郑州…洛阳: the place the others are in; 吉首市 | 57 …, 泸溪县 | 27 …: places named
        # about as often as each other and none holding the others are what is listed, not who
        # writes; siblings listed (瑞昌市、彭泽县…) are of the place they are in (全市: 九江市)
        gaz = Gazetteer.load()
        holder = next((first[c] for c in first if all(gaz.contains(c, o) for o in counts)), None)
        return holder or (first[best] if counts[best] > 1 else None)
    return first[best]


def listed_scope(mentions: list[SubjectMention]) -> Subject | None:
    """The place that sibling places named in a text are all in (瑞昌市、彭泽县…: 九江市), for
    全市 to stand for where the text names none itself."""
    codes = {m.subject.code for m in mentions if m.subject is not None and m.subject.code and m.subject.code != CHINA}
    if len(codes) < 2:
        return None
    gaz = Gazetteer.load()
    parents = {r.parent for c in codes if (r := gaz.by_code(c)) is not None and r.parent}
    parent = gaz.by_code(parents.pop() or "") if len(parents) == 1 else None
    return Subject(parent.name, parent.code, parent.level) if parent is not None and parent.code != CHINA else None


def issuer(plan: Entity, regions: list[RegionMention]) -> Subject | None:
    name = plan.name.lstrip("《“")
    if name.startswith(("中共中央", "国务院", "国家", "中央", "全国")):
        return Subject("中国", CHINA, 0)
    first = next((m for m in regions if plan.start <= m.start <= plan.start + 2 and m.region is not None), None)
    if first is not None and first.region is not None:
        return Subject(first.name, first.region.code, first.region.level)
    return None


@lru_cache(maxsize=1)
def _group_re() -> re.Pattern[str]:
    c = lexicon.cues()
    areas = lexicon.alternation(tuple(c["group_areas"]))
    where = lexicon.alternation(tuple(c["group_region_words"]))
    nouns = lexicon.alternation(tuple(c["group_nouns"]))
    # A count and its noun, with a few words between only after a counter: 52个挂牌督战县, 西部8省区.
    # … and areas named by a city they centre on (武汉都市圈, 长江中游城市群, 成都平原经济区,
    # 成渝地区双城经济圈)
    return re.compile(rf"(?:(?:{areas})[\u4e00-\u9fff]{{0,2}}|[\u4e00-\u9fff]{{2,4}})(?:都市圈|城市群|经济圈|经济区)"
                      rf"|(?:{areas})"
                      rf"|(?:(?:{where})(?:地区)?的?)?(?<![“\"])[0-9一二三四五六七八九十]{{1,4}}"
                      rf"(?:(?:个|個|家)[\u4e00-\u9fff]{{0,4}}?)?(?:{nouns})(?:[(（][^)）]{{1,8}}[)）])?")


# 810个省重点项目, 12个市级平台: after 省/市/县 a noun goes on (the word is an attribute, not
# a group), unless a particle or verb follows the group (12个市均…, 11个设区市中).
_ONE_CHAR_GROUP = re.compile(r"[个個0-9一二三四五六七八九十][省市县]$")
_NOUN_GOES_ON = re.compile(r"[\u4e00-\u9fff](?<![中的均都有全实已累平和及与共各在])")
# 152个省市重点项目, 36个市县级平台: levels joined before 重点/重大/级 say whose list a project is on
_LEVELS_AS_ATTRIBUTE = re.compile(r"[个個0-9一二三四五六七八九十](?:省市|市县|县市|省市县|市县区|县区)(?=重点|重大|级)")


_GROUP_TAIL = re.compile(r"[0-9.%]")


def group_mentions(text: str, starts: list[int]) -> list[SubjectMention]:
    """Groups of regions at the given clause openings: 中西部22个省份, 西部8省区, 长三角, and
    全省11个设区市 (the whole before the count: the group as written)."""
    out = []
    pattern, anaphor = _group_re(), _anaphora()[0]
    for pos in starts:
        if text.startswith("有", pos) or text.endswith("有", 0, pos):
            continue  # 共有19个省区市增速跑赢全国: the places are counted, not the subject
        m = pattern.match(text, pos)
        if m is None and (whole := anaphor.match(text, pos)) is not None and whole.end() > pos:
            m = pattern.match(text, whole.end())
        if m and not _GROUP_TAIL.match(text[m.end():m.end() + 1]) and \
                not (_ONE_CHAR_GROUP.search(text, pos, m.end()) and _NOUN_GOES_ON.match(text, m.end())) and \
                not _LEVELS_AS_ATTRIBUTE.search(text, pos, m.end() + 2):
            out.append(SubjectMention(pos, m.end(), Subject(text[pos:m.end()], None, None)))
    return out


DATELINE_TAIL = re.compile(r"\d{1,2}月\d{1,2}日(?:电|讯|消息)")


def names_outlet(text: str, region_end: int) -> bool:
    """Whether the region ending at ``region_end`` opens a news outlet's name (江西日报)."""
    return bool(words_re("media_suffixes").match(text, region_end))


def subject_mentions(text: str, regions: list[RegionMention], entities: list[Entity],
                      gaz: Gazetteer, groups: list[SubjectMention] | None = None) -> list[SubjectMention]:
    out: list[SubjectMention] = list(groups or [])
    orgs = [e for e in entities if e.type == "org"]
    media = words_re("media_suffixes", "$")  # the outlet that reports: 新华社, 河南日报, 封面新闻
    region_starts = [m.start for m in regions]
    furniture = Spans(furniture_lines(text))
    for e in orgs:
        if media.search(e.name) or text.startswith(("消息", "讯"), e.end):
            continue  # 新华社, 宁德网消息: the outlet reports; it is not what the figures are about
        if _GOVERNMENT.search(e.name) and (zone := _ZONE.match(e.name)) is not None:
            # 德州经济技术开发区招商办: a zone's office speaks for the zone
            out.append(SubjectMention(e.start, e.end, Subject(zone.group(), None, None)))
            continue
        if _GOVERNMENT.search(e.name):
            # An agency speaks for its jurisdiction: 国家发展改革委 -> 中国, 江西省工信厅 -> 江西省.
            lo, hi = bisect_left(region_starts, e.start), bisect_left(region_starts, e.end)
            inner = next((m for m in regions[lo:hi] if m.region is not None), None)
            if inner is not None and inner.region is not None:
                out.append(SubjectMention(e.start, e.end, Subject(inner.name, inner.region.code,
                                                                  inner.region.level)))
            elif e.name.startswith(("国家", "国务院", "中共中央", "中央", "全国")):
                out.append(SubjectMention(e.start, e.end, Subject("中国", CHINA, 0)))
            continue
        if furniture.holds(e.start):
            continue  # 来源:市信息中心 发布日期:…: who posted the page, not what it is about
        out.append(SubjectMention(e.start, e.end, Subject(e.name, None, None)))
    in_org = Spans((o.start, o.end) for o in orgs)
    media_ends = {e.end for e in orgs if media.search(e.name)}
    for m in regions:
        if m.region is None and m.name.endswith(TOWN_SUFFIXES) and not in_org.covers(m.start, m.end + 1):
            # 石泉县城关镇新建…: a town or village named under its county is what its clause is about
            out.append(SubjectMention(m.start, m.end, Subject(m.name, None, None)))
            continue
        if m.region is None or in_org.covers(m.start, m.end + 1):  # inside an org, not at its end
            continue
        if (m.start in media_ends or text.endswith("本报", 0, m.start)) and DATELINE_TAIL.match(text, m.end):
            continue  # 中新社北京3月5日电: where the story was filed, not what it is about
        if names_outlet(text, m.end):
            continue  # 江西日报, 赣州晚报: a paper's name, not a place the figures are about
        out.append(SubjectMention(m.start, m.end, Subject(m.name, m.region.code, m.region.level)))
    for e in entities:
        # 《…意见》提出 / 明确: the plan speaks for its issuer (中共中央, 国务院 -> 中国).
        if e.type == "plan" and re.match(r"[》”]?(?:提出|明确|指出|要求|强调)", text[e.end:e.end + 3]):
            speaker = issuer(e, regions)
            if speaker is not None:
                out.append(SubjectMention(e.start, e.end, speaker))
    out += _place_anaphora(text, regions)
    covered = Spans((m.start, m.end) for m in out)
    for a in anaphora_mentions(text):
        if not covered.holds(a.start):
            out.append(a)
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return out
