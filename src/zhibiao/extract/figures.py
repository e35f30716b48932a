"""Read every quantity of a text in context: subject, period, indicator, goal or result.

Walks the clauses in order, carrying the subject and the period from clause to clause
(a time or subject stated once applies until another replaces it), and turns each
quantity into a Fact or, inside a goal's scope, a Target. Offsets here are into the
reading text; the pipeline maps them back to the original.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from zhibiao.extract import facts as F
from zhibiao.extract import lexicon
from zhibiao.extract.clauses import Clause, split_clauses, strip_punct, words_re
from zhibiao.extract.periods import PeriodMention, find_periods
from zhibiao.extract.regions import Gazetteer, RegionMention
from zhibiao.extract.spans import Spans
from zhibiao.extract.subjects import (
    CHINA_CODE,
    Subject,
    SubjectContext,
    SubjectMention,
    anaphora_mentions,
    clause_opening,
    is_object,
)
from zhibiao.extract.targets import (
    GoalIndex,
    carried_deadline,
    goal_cues,
    is_goal,
    milestone_phrase,
    plan_deadline,
)
from zhibiao.extract.units import read_quantities
from zhibiao.model import Entity, Fact, Quantity, Target

_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_QUOTED_NAME = re.compile(r"[“\"](?![0-9.]+%?(?:以上|左右|以内)?[”\"]|十[一二三四五]五)[^“”\"\n，,。；]{0,6}[0-9一二三四五六七八九十]"
                          r"[^“”\"\n，,。；]{0,6}[”\"]")
_GOVERNMENT = re.compile(r"(?:委|厅|局|部|办|政府|委员会|办公厅|办公室|国务院|中央|政协|人大|常委会|党委|省委|市委|县委|统计局)$")
_COUNTED_IN_NAME = re.compile(r"^[0-9]|[0-9一二两三四五六七八九十百千万]+[家个项座条所]")
_PERIODIC = re.compile(r"(?:19|20)\d{2}年(?:国民经济|统计公报|政府工作报告|.*计划执行)")
_FOOTNOTE = re.compile(r"\[\d{1,2}\]|［\d{1,2}］")
_BARE_CUE = re.compile(r"(?:为|是|达到|达|比值|指数|系数|之比|至|到)$")
_DURATION_UNITS = {"年", "月", "天", "小时", "分钟", "周"}
_JOINER = re.compile(r"^[、和及与\s]*$")
_COMPARISON = re.compile(r"(?:同比|比|较|与)(?:上年|去年|上年同期|去年同期|同期|前三季度|上半年|一季度|"
                         r"(?:19|20)\d{2}年|[^，,]{0,8}?)(?:相比)?$")


@dataclass(slots=True)
class _Read:
    """One figure read from the text, before it becomes a Fact or a Target."""

    fig: F.Figure
    start: int
    end: int
    subject: Subject | None
    period: str | None
    sentence: int


def read(text: str, published: str | None, regions: list[RegionMention],
         entities: list[Entity], page: bool = False) -> tuple[list[Fact], list[Target]]:
    """Facts and targets of a text; ``page`` (several articles) keeps each time to its paragraph."""
    gaz = Gazetteer.load()
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
    names = [(m.start(), m.end()) for m in _QUOTED_NAME.finditer(text)]
    names += [(m.start(), m.end()) for m in _FOOTNOTE.finditer(text)]
    orgs = [(e.start, e.end) for e in entities if e.type == "org" and not _COUNTED_IN_NAME.search(e.name)]
    periods = find_periods(text, published, skip=titles + names + orgs)
    names += orgs + [(e.start, e.end) for e in entities if e.type == "plan" and not _PERIODIC.search(e.name)]
    ranks = F.find_ranks(text, 0, len(text))
    rank_spans = [(s, e) for s, e, _ in ranks]
    rank_set = Spans(rank_spans)
    skip = [(p.start, p.end) for p in periods] + titles + names + rank_spans
    quantities = [q for q in read_quantities(text, skip)
                  if not (q.start > 0 and text[q.start - 1] == "第") and not _overlaps(q, rank_set)
                  and (q.unit not in _DURATION_UNITS or _is_duration_fact(text, q))
                  and _is_figure(text, q)]
    for s, e, v in ranks:
        quantities.append(Quantity(value=v, unit="位", start=s, end=e, raw_unit="rank"))
    quantities.sort(key=lambda q: q.start)
    clauses = split_clauses(text)
    cues = GoalIndex(goal_cues(text, clauses, periods, titles, published, names))
    mentions = _subject_mentions(text, regions, entities, gaz)
    plans = [e for e in entities if e.type == "plan"]
    reads, goal_clauses = _walk(text, clauses, quantities, periods, mentions, cues, gaz, page)
    facts: list[Fact] = []
    targets: list[Target] = []
    for rd in reads:
        goal, deadline, yearly = is_goal(text, rd.fig.quantity.start, rd.fig.quantity.end,
                                         _clause_at(clauses, rd.fig.quantity.start), cues)
        if goal:
            targets.append(_target(text, rd, deadline, yearly, cues, plans, clauses, published))
        else:
            facts.append(_fact(rd))
    targets.extend(_milestones(text, clauses, goal_clauses, cues, plans))
    return facts, targets


def _is_figure(text: str, q: Quantity) -> bool:
    """Numbers that are no figures: 5000亿元级 (a class), 前5名 (a list), bare numbers outside 为/达."""
    after = text[q.end:q.end + 1]
    if after == "级" or (after == "强" and not q.unit):
        return False
    if q.start > 0 and text[q.start - 1] == "前" and q.raw_unit in ("名", "位", "强"):
        return False
    if not q.unit:
        before = text[max(0, q.start - 4):q.start]
        return bool(_BARE_CUE.search(before)) or after == ":" or before.endswith(":")
    return True


def _is_duration_fact(text: str, q: Quantity) -> bool:
    """连续5年, 需要3天左右时间: a duration is a figure only with words that make it one."""
    before = text[max(0, q.start - 5):q.start]
    if words_re("duration_before", "$").search(before) or q.qualifier is not None:
        return True
    if re.search(r"时间|周期|时限|时长|工期|期限", text[max(0, q.start - 12):q.start]):
        return True
    return text.startswith("时间", q.end) or text.startswith("的时间", q.end)


def _overlaps(q: Quantity, spans: Spans) -> bool:
    return spans.overlaps(q.start, q.end)


def _clause_at(clauses: list[Clause], pos: int) -> Clause:
    # Clauses are sorted and disjoint: the last one starting at or before pos, if pos is inside.
    i = bisect_right(clauses, pos, key=lambda c: c.start) - 1
    if i >= 0 and pos < clauses[i].end:
        return clauses[i]
    return clauses[-1]


def _subject_mentions(text: str, regions: list[RegionMention], entities: list[Entity],
                      gaz: Gazetteer) -> list[SubjectMention]:
    out: list[SubjectMention] = []
    orgs = [e for e in entities if e.type == "org"]
    media = words_re("media_suffixes")
    region_starts = [m.start for m in regions]
    for e in orgs:
        if media.search(e.name):
            continue  # 新华社 reports; it is not what the figures are about
        if _GOVERNMENT.search(e.name):
            # An agency speaks for its jurisdiction: 国家发展改革委 -> 中国, 江西省工信厅 -> 江西省.
            lo, hi = bisect_left(region_starts, e.start), bisect_left(region_starts, e.end)
            inner = next((m for m in regions[lo:hi] if m.region is not None), None)
            if inner is not None and inner.region is not None:
                out.append(SubjectMention(e.start, e.end, Subject(inner.name, inner.region.code,
                                                                  inner.region.level)))
            elif e.name.startswith(("国家", "国务院", "中共中央", "中央", "全国")):
                out.append(SubjectMention(e.start, e.end, Subject("中国", CHINA_CODE, 0)))
            continue
        out.append(SubjectMention(e.start, e.end, Subject(e.name, None, None)))
    in_org = Spans((o.start, o.end) for o in orgs)
    for m in regions:
        if m.region is None or in_org.covers(m.start, m.end + 1):  # inside an org, not at its end
            continue
        out.append(SubjectMention(m.start, m.end, Subject(m.name, m.region.code, m.region.level)))
    for e in entities:
        # 《…意见》提出 / 明确: the plan speaks for its issuer (中共中央, 国务院 -> 中国).
        if e.type == "plan" and re.match(r"[》”]?(?:提出|明确|指出|要求|强调)", text[e.end:e.end + 3]):
            issuer = _issuer(e, regions)
            if issuer is not None:
                out.append(SubjectMention(e.start, e.end, issuer))
    covered = Spans((m.start, m.end) for m in out)
    for a in anaphora_mentions(text):
        if not covered.holds(a.start):
            out.append(a)
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return out


class _PeriodTrack:
    """The period in force: a month or a day holds for its sentence, a year or span carries on."""

    def __init__(self, periods: list[PeriodMention]) -> None:
        self.periods = periods
        self.i = 0
        self.carried: str | None = None
        self.current: str | None = None
        self.local: str | None = None

    def new_sentence(self, paragraph: bool = False) -> None:
        if paragraph:
            self.carried = None  # a time stated in one paragraph does not date the next
        self.current = self.carried

    def new_clause(self) -> None:
        self.local = None

    def advance(self, pos: int) -> None:
        while self.i < len(self.periods) and self.periods[self.i].start < pos:
            p = self.periods[self.i]
            self.i += 1
            if not p.period:
                continue
            if p.role == "local":
                self.local = p.period
            elif p.role == "time":
                self.current = p.period
                if not _FINE_PERIOD.match(p.period):
                    self.carried = p.period

    @property
    def value(self) -> str | None:
        return self.local or self.current


_FINE_PERIOD = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


def _default_subject(mentions: list[SubjectMention]) -> Subject | None:
    """The region a text is mostly about: the one it names most often (first on a tie)."""
    counts: dict[str, int] = {}
    first: dict[str, Subject] = {}
    for m in mentions:
        if m.subject is not None and m.subject.code and m.subject.code != CHINA_CODE:
            counts[m.subject.code] = counts.get(m.subject.code, 0) + 1
            first.setdefault(m.subject.code, m.subject)
    if not counts:
        return None
    best = max(counts, key=lambda c: (counts[c], -list(first).index(c)))
    return first[best]


def _issuer(plan: Entity, regions: list[RegionMention]) -> Subject | None:
    name = plan.name.lstrip("《“")
    if name.startswith(("中共中央", "国务院", "国家", "中央", "全国")):
        return Subject("中国", CHINA_CODE, 0)
    first = next((m for m in regions if plan.start <= m.start <= plan.start + 2 and m.region is not None), None)
    if first is not None and first.region is not None:
        return Subject(first.name, first.region.code, first.region.level)
    return None


def _walk(text: str, clauses: list[Clause], quantities: list[Quantity], periods: list[PeriodMention],
          mentions: list[SubjectMention], cues: GoalIndex,
          gaz: Gazetteer, page: bool) -> tuple[list[_Read], list[tuple[Clause, Subject | None]]]:
    default = _default_subject(mentions)
    ctx = SubjectContext()
    track = _PeriodTrack(periods)
    reads: list[_Read] = []
    goal_clauses: list[tuple[Clause, Subject | None]] = []
    qi = mi = 0
    sentence_reads: list[_Read] = []
    sentence = -1
    prev_end = sentence_start = 0
    for c in clauses:
        if c.sentence != sentence:
            # On a page of short items a time dates its paragraph; in a report it runs on.
            new_paragraph = page and sentence >= 0 and "\n" in text[prev_end:c.start]
            sentence, sentence_reads = c.sentence, []
            sentence_start = c.start
            track.new_sentence(new_paragraph)
        prev_end = c.end
        track.new_clause()
        # Every region seen updates what 全省/全市 stand for.
        while mi < len(mentions) and mentions[mi].start < c.start:
            mi += 1
        clause_mentions = []
        for m in itertools.islice(mentions, mi, None):
            if m.start >= c.end:
                break
            clause_mentions.append(m)
        for m in clause_mentions:
            if m.subject is not None:
                ctx.see(m.subject, _ancestors(gaz, m.subject.code) if m.subject.code else [])
        clause_qs = []
        while qi < len(quantities) and quantities[qi].start < c.end:
            if quantities[qi].start >= c.start:
                clause_qs.append(quantities[qi])
            qi += 1
        if not clause_mentions and not clause_qs:
            track.advance(c.end)
            goal_clauses.append((c, ctx.current or default))
            continue
        opening = clause_opening(text, c.start, c.end, periods)
        opener = next((m for m in clause_mentions if m.start == opening and not is_object(text, m.start)), None)
        if opener is not None:
            resolved = ctx.resolve(opener) or (default if opener.anaphor else None)
            if resolved is not None:
                ctx.current = resolved
        if not clause_qs:
            track.advance(c.end)
            goal_clauses.append((c, ctx.current or default))
            continue
        seg_start = max(opening if opener is None else opener.end, c.start)
        i = 0
        while i < len(clause_qs):
            q = clause_qs[i]
            track.advance(q.start)
            group = [q]
            while i + len(group) < len(clause_qs) and _JOINER.match(
                    text[group[-1].end:clause_qs[i + len(group)].start]):
                group.append(clause_qs[i + len(group)])
            between = text[seg_start:q.start]
            if sentence_reads and seg_start > c.start and between in ("(", "（"):
                figs = [_equivalent(sentence_reads[-1].fig, q)]  # 118969千公顷(178453万亩)
            else:
                figs = _read_group(text, seg_start, group, periods, sentence_reads, sentence_start)
            for fig in figs:
                rd = _Read(fig, min(fig.ind_start, fig.quantity.start), fig.quantity.end,
                           ctx.current or default, track.value, c.sentence)
                reads.append(rd)
                sentence_reads.append(rd)
            seg_start = group[-1].end
            i += len(group)
    return reads, goal_clauses


def _equivalent(prev: F.Figure, q: Quantity) -> F.Figure:
    """The same figure in another unit, in brackets after the first: same measure and indicator."""
    value = q.value
    if value is not None and prev.value is not None and prev.value < 0:
        value = -value
    return F.Figure(quantity=q, measure=prev.measure, value=value, unit=q.unit, indicator=prev.indicator,
                    ind_start=q.start, qualifier=q.qualifier, basis=prev.basis, value_max=q.value_max)


def _ancestors(gaz: Gazetteer, code: str) -> list[Subject]:
    return [Subject(r.name, r.code, r.level) for r in gaz.ancestors(code)]


def _read_group(text: str, seg_start: int, group: list[Quantity], periods: list[PeriodMention],
                previous: list[_Read], sentence_start: int = 0) -> list[F.Figure]:
    """Read a quantity (or a list of them: A、B分别增长x%、y%) against the words before it."""
    first = group[0]
    pre_start = seg_start
    pre = text[pre_start:first.start]
    paren = re.search(r"[(（][^)）]*$", pre)
    if paren:
        pre_start += paren.start() + 1
        pre = text[pre_start:first.start]
    # 增长(以下如无特别说明,均为同比名义增长)3.9%: a note between the cue and the number.
    note = re.search(r"[(（][^()（）]{2,40}[)）]$", pre)
    if note and _cue_at_end(pre[: note.start()]):
        pre = pre[: note.start()]
    out: list[F.Figure] = []
    phrase, phrase_start = _indicator(text, pre_start, pre, first, periods)
    if not phrase:
        # No indicator of its own (比前三季度提高1.2个百分点): the evidence is the clause's words.
        lead = len(pre) - len(pre.lstrip("，,、；;：: \n"))
        phrase_start = pre_start + lead if pre.strip() else first.start
    items: list[str] | None = None
    ratio = _ratio_parts(text, phrase, group)
    if ratio:
        items = ratio
    elif len(group) > 1 or "均" in pre or "分别" in pre:
        before = phrase.split("分别")[0] if "分别" in phrase else phrase
        items = F.split_items(before, len(group)) if len(group) > 1 else None
        if items is None and len(group) > 1:
            prior = next((r.fig.items for r in reversed(previous) if len(r.fig.items) == len(group)), None)
            if prior:
                items = [p + before for p in prior]
        if len(group) == 1 and "均" in pre:
            both = F.split_items(before, 2) if "、" in before else None
            if both:
                return [_figure(text, pre, first, it, phrase_start, previous) for it in both]
    for k, q in enumerate(group):
        name = items[k] if items else phrase
        fig = _figure(text, pre, q, name, phrase_start, previous, first_in_group=k == 0,
                      topic=_topic(text, seg_start), sentence_start=sentence_start)
        if items:
            fig.items = items
        if k > 0 and not items:
            fig.indicator = out[0].indicator
        out.append(fig)
    return out


def _category(text: str, q: Quantity, noun: str) -> str | None:
    """确定…25个城市、…10个园区为首批试点城市和园区: the category the counted things are named as."""
    m = re.search(r"(?:确定|认定|评为|列为|命名为|作为)?为([^，,。；;为]{2,30})", text[q.end:q.end + 80])
    if not m or len(noun) > 4:
        return None
    parts = [p for p in re.split(r"[和、及与]", m.group(1)) if p]
    for i, part in enumerate(parts):
        if part.endswith(noun) and len(part) > len(noun):
            return part
        if part == noun and i > 0 and len(parts[0]) > 2:
            return parts[0][:-2] + noun  # …试点城市和园区: 园区 shares 首批…试点
    return None


def _completed(text: str, q: Quantity, name: str, sentence_start: int) -> str | None:
    """出口额 after “新三样”产品出口… earlier in the sentence -> “新三样”产品出口额."""
    before = text[sentence_start:q.start]
    key = name[:2]
    at = before.rfind(key, 0, max(0, len(before) - len(name) - 8))
    if at <= 0:
        return None
    m = re.search(r"[^，,。；;、的以为在是和与及\s]{2,10}$", before[max(0, at - 10):at])
    return m.group() + name if m else None


def _topic(text: str, pos: int) -> str | None:
    """The noun phrase that ends the clause before pos, when that clause is in the same sentence."""
    m = re.search(r"([\u4e00-\u9fff“”]{4,})[，,]\s*[\u4e00-\u9fff]{0,3}$", text[max(0, pos - 40):pos])
    if not m:
        return None
    phrase = m.group(1)
    phrase = re.sub(r"政策$|工作$|措施$", "", phrase)
    return phrase[-4:] if len(phrase) >= 4 else None


def _cue_at_end(pre: str) -> bool:
    return bool(words_re("growth_up", "$").search(pre) or words_re("growth_down", "$").search(pre))


def _ratio_parts(text: str, phrase: str, group: list[Quantity]) -> list[str] | None:
    """三次产业结构为9.5:41.5:49.0 -> 三次产业结构（第一产业）, …（第二产业）, …（第三产业）."""
    if len(group) < 2 or ":" not in text[group[0].end:group[1].start]:
        return None
    for stem, parts in lexicon.cues()["ratio_parts"].items():
        if stem in phrase and len(parts) == len(group):
            return [f"{phrase}（{part}）" for part in parts]
    return None


def _figure(text: str, pre: str, q: Quantity, indicator: str, ind_start: int,
            previous: list[_Read], first_in_group: bool = True, topic: str | None = None,
            sentence_start: int = 0) -> F.Figure:
    if q.raw_unit == "rank":
        measure, value, unit, qualifier, basis, per_year = "rank", q.value, "位", None, None, False
        indicator = F.rank_indicator(indicator) if indicator else indicator
    else:
        measure, value, unit, qualifier, _, basis, per_year = F.read_measure(pre, q)
    name: str | None = indicator or None
    prior = previous[-1].fig.indicator if previous else None
    counted = _noun_after(text, q) if first_in_group and _counts(q) else None
    if q.unit in _DURATION_UNITS and pre.endswith("连续"):
        # 连续5年来到康乐县 -> 连续来到康乐县; 连续14年全国第一 -> 连续全国第一.
        after = re.match(r"[^，,。；;、\d\n]{1,12}", text[q.end:])
        head = F.clean_indicator(pre[: -2])
        name = head + "连续" + (after.group() if after else "")
    elif counted:
        # 12条制造业重点产业链: the noun after a counter is what is counted;
        # 乡村就业工厂有43名员工, 对家属进行两次慰问: what stands before the verb qualifies it.
        verb = words_re("counted_verbs", "$").search(pre)
        if verb:
            owner = F.clean_indicator(pre[: verb.start()])
            name = (owner[-12:] if len(owner) > 12 else owner) + counted
        else:
            name = _category(text, q, counted) or counted
    elif name is None or name in _generic() or name.startswith("占"):
        if name is None:
            name = prior
        elif prior:
            name = prior + name
    elif prior and len(name) <= 4 and not name.startswith(prior[:2]) and \
            not re.search(r"[；;]", text[previous[-1].end:q.start]):
        name = prior + name  # 吸纳就业 after 乡村就业工厂2607个 -> 乡村就业工厂吸纳就业
    elif len(name) <= 3 and _completed(text, q, name, sentence_start):
        name = _completed(text, q, name, sentence_start)
    elif len(name) <= 2 and topic:
        name = topic + name  # 出台交通补助政策，共支出4.4亿元 -> 交通补助政策支出
    value_max = q.value_max
    if value_max is not None and q.raw_unit == "倍" and unit == "%":
        value_max = value_max * 100 * (-1 if value is not None and value < 0 else 1)  # 提高2至3倍
    return F.Figure(quantity=q, measure=measure, value=value, unit=unit, indicator=name,
                    ind_start=min(ind_start, q.start), qualifier=qualifier, basis=basis,
                    value_max=value_max, per_year=per_year)


def _counts(q: Quantity) -> bool:
    """Units after which a noun names what was counted or measured (5000吨磁性材料)."""
    entry = lexicon.units().get(q.raw_unit)
    return entry is not None and entry.kind in ("counter", "people", "visits", "area", "mass", "length",
                                                "power", "energy", "teu")


def _period_start(p: PeriodMention) -> int:
    return p.start


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(lexicon.cue_list("generic_indicators"))


def _indicator(text: str, start: int, pre: str, q: Quantity, periods: list[PeriodMention]) -> tuple[str, int]:
    """The indicator phrase in ``pre`` (which starts at ``start``) and where it begins."""
    _, _, _, _, cue_start, _, _ = F.read_measure(pre, q)
    head = pre[:cue_start]
    # Drop time phrases inside the phrase (2023年全年全省规模以上…).
    i = bisect_left(periods, start, key=_period_start)
    for p in itertools.islice(periods, i, None):
        if p.start >= start + len(head):
            break
        if p.end <= start + len(head):
            a, b = p.start - start, p.end - start
            head = head[:a] + " " * (b - a) + head[b:]
    head = _COMPARISON.sub("", head.rstrip())
    head = head.split(" ")[-1] if " " in head.strip() else head
    cleaned = F.clean_indicator(head)
    if not cleaned:
        return "", q.start
    pos = pre.find(cleaned)
    return cleaned, start + pos if pos >= 0 else q.start


def _noun_after(text: str, q: Quantity) -> str | None:
    """74个国控断面…: the counted noun after a number that opens its clause."""
    m = re.match(r"[\u4e00-\u9fff“][^，,。；;:：、\d\n()（）]{1,23}", text[q.end:q.end + 24])
    if not m:
        return None
    noun = m.group()
    stop = words_re("clause_stops").search(noun)
    if stop:
        noun = noun[: stop.start()]
    noun = strip_punct(noun.lstrip("的"))
    if "的" in noun[1:]:
        noun = noun[noun.rindex("的") + 1:]  # 综合实力强的先进制造业集群: the head noun
    return noun if len(noun) >= 2 else None


def _fact(rd: _Read) -> Fact:
    f = rd.fig
    return Fact(indicator=f.indicator, measure=f.measure, value=f.value, unit=f.unit, period=rd.period,  # type: ignore[arg-type]
                start=rd.start, end=rd.end, subject=rd.subject.name if rd.subject else None,
                subject_code=rd.subject.code if rd.subject else None, value_max=f.value_max,
                basis=f.basis if f.measure in ("growth", "change") else None, qualifier=f.qualifier)  # type: ignore[arg-type]


def _target(text: str, rd: _Read, deadline: str | None, yearly: bool, cues: GoalIndex,
            plans: list[Entity], clauses: list[Clause], published: str | None) -> Target:
    f = rd.fig
    plan = _plan_for(rd.start, plans, clauses)
    if deadline is None and plan is not None:
        deadline = plan_deadline(plan.name)
    if deadline is None and yearly and rd.period:
        deadline = rd.period[:4]
    if deadline is None and rd.period and "/" in rd.period:
        deadline = rd.period.split("/")[1][:4]  # “十四五”期间年均增长7% -> by 2025
    if deadline is None and rd.period and re.fullmatch(r"\d{4}", rd.period) and published \
            and rd.period >= published[:4]:
        deadline = rd.period  # 今年，该市将新增… -> this year
    if deadline is None:
        deadline = carried_deadline(text, cues, rd.fig.quantity.start)
    return Target(indicator=f.indicator, measure=f.measure, value=f.value, unit=f.unit,  # type: ignore[arg-type]
                  deadline=deadline, start=rd.start, end=rd.end, plan=plan.name if plan else None,
                  subject=rd.subject.name if rd.subject else None,
                  subject_code=rd.subject.code if rd.subject else None, value_max=f.value_max,
                  qualifier=f.qualifier, per_year=f.per_year)  # type: ignore[arg-type]


def _plan_for(pos: int, plans: list[Entity], clauses: list[Clause]) -> Entity | None:
    """The nearest plan named before pos in the same or the previous two sentences."""
    here = _clause_at(clauses, pos).sentence
    i = bisect_left(plans, pos, key=lambda p: p.start)  # plans are sorted by start
    while i > 0:
        i -= 1
        sentence = _clause_at(clauses, plans[i].start).sentence
        if sentence == here:
            return plans[i]
        if sentence < here:
            return None
    return None


def _milestones(text: str, clauses: list[Clause], goal_clauses: list[tuple[Clause, Subject | None]],
                cues: GoalIndex, plans: list[Entity]) -> list[Target]:
    """Goals without a number in a sentence with a deadline: 力争2030年前实现碳达峰."""
    out: list[Target] = []
    for c, subject in goal_clauses:
        for start, end in _goal_parts(text, c, cues):
            active = cues.before(c.sentence, end)
            deadline = next((g.deadline for g in reversed(active) if g.deadline), None)
            if deadline is None:
                continue
            found = milestone_phrase(text, start, end)
            if found is None:
                continue
            at, phrase = found
            plan = _plan_for(at, plans, clauses)
            out.append(Target(indicator=phrase, measure="milestone", value=None, unit=None, deadline=deadline,
                              start=start, end=end, plan=plan.name if plan else None,
                              subject=subject.name if subject else None,
                              subject_code=subject.code if subject else None))
    return out


def _goal_parts(text: str, c: Clause, cues: GoalIndex) -> list[tuple[int, int]]:
    """2030年前实现碳达峰、2060年前实现碳中和: one goal per deadline in a clause."""
    starts = [g.start for g in cues.within(c.start, c.end) if g.deadline and text[g.start - 1] in "、和及"]
    bounds = [c.start, *[s - 1 for s in starts], c.end]
    return [(bounds[i] + (1 if i else 0), bounds[i + 1]) for i in range(len(bounds) - 1)]


def _last_region(mentions: list[SubjectMention], pos: int) -> Subject | None:
    last = None
    for m in mentions:
        if m.start >= pos:
            break
        if m.subject is not None and m.subject.code:
            last = m.subject
    return last
