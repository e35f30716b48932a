"""Read every quantity of a text in context: subject, period, indicator, goal or result.

Walks the clauses in order, carrying the subject and the period from clause to clause
(a time or subject stated once applies until another replaces it), and turns each
quantity into a Fact or, inside a goal's scope, a Target. Offsets here are into the
reading text; the pipeline maps them back to the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zhibiao.extract import facts as F
from zhibiao.extract import grouped, lexicon, placed, span_time
from zhibiao.extract.breakdowns import Breakdowns, head_of, whole_of
from zhibiao.extract.clauses import Clause, ends_with
from zhibiao.extract.figure_filter import share_unit
from zhibiao.extract.frame import Frame
from zhibiao.extract.periods import PeriodMention, Periods, PeriodTrack
from zhibiao.extract.regions import CHINA, Gazetteer
from zhibiao.extract.subjects import (
    TOWN_SUFFIXES,
    Subject,
    SubjectContext,
    SubjectMention,
    is_grammatical_subject,
)
from zhibiao.model import Fact, Quantity

# A clause that opens with how the figure before it moved or ranks goes on about its subject
# (长沙市地区生产总值1.5万亿元，增长4.5%，居全省第1位).
_GOES_ON = re.compile(r"(?:同比|比上年|较上年)?(?:增长|下降|增加|减少|提高|回落|占|居|位居|位列|排名|分别|其中|总量|增速|年均)")
_PROVINCES = ("省区市", "省市区", "省份", "省区")
_JOINER = re.compile(r"^(?:[、和及与\s]*|:)$")  # A、B和C; 9.5:41.5:49.0


@dataclass(slots=True)
class Read:
    """One figure read from the text, before it becomes a Fact or a Target."""

    fig: F.Figure
    start: int
    end: int
    subject: Subject | None
    period: str | None
    sentence: int
    why: dict[str, str]
    reached: str | None = None  # as a result: the period a level was reached in (a span's last year)
    period_at: int | None = None  # where the time that dates it was written (None: the document's, a list's)




def walk(text: str, clauses: list[Clause], openings: list[int], quantities: list[Quantity],
         periods: Periods, mentions: list[SubjectMention], gaz: Gazetteer, frame: Frame) -> tuple[list[Read], list[tuple[Clause, Subject | None]]]:
    default = frame.subject
    ctx = SubjectContext(default, frame.scope)
    if default is not None and default.code:
        for a in _ancestors(gaz, default.code):
            ctx.by_level.setdefault(a.level or 0, a)
    track = PeriodTrack(periods, frame.period, rebase=frame.kind == "communique", listed=_listed_times(text, periods),
                        cutoffs=frozenset(p.start for p in periods if _CUTOFF.search(text, max(0, p.start - 3), p.start)))
    page = frame.kind == "page"
    compared_at: int | None = None  # where 高于 opens a comparison whose other rate is in brackets
    own_voice = frame.strong and frame.kind in ("report", "communique", "plan", "notice")
    breakdowns = Breakdowns(text)  # 其中, 分产业看
    default_from = f"the document's subject ({frame.subject_from})" if frame.subject else ""
    subject_from = default_from  # the context starts from the frame's subject
    last_head: str | None = None  # the last indicator that names what it measures
    paragraph_last: str | None = None  # the last indicator read in this paragraph
    paragraph_firms: str | None = None  # the firms this paragraph counted (规模以上工业企业共9家)
    reads: list[Read] = []
    goal_clauses: list[tuple[Clause, Subject | None]] = []
    qi = mi = 0
    mention_starts, n_mentions = [m.start for m in mentions], len(mentions)
    q_starts, n_quantities = [q.start for q in quantities], len(quantities)
    sentence_reads: list[Read] = []
    ancestry: dict[str, list[Subject]] = {}
    sentence = -1
    prev_end = sentence_start = 0
    line_start = 0  # where the clause's line opens (a line end is always a clause boundary)
    for ci, c in enumerate(clauses):
        nl = text.rfind("\n", prev_end, c.start)
        if nl >= 0:
            line_start = nl + 1
        if c.sentence != sentence:
            # On a page of short items a time dates its paragraph; in a report it runs on.
            new_paragraph = sentence >= 0 and nl >= 0
            if own_voice and ctx.current is not None and (not ctx.current.code or frame.kind == "report"):
                # A report or communiqué speaks for its own subject: a body named in one sentence
                # (郑州机场…, 省属企业…) is that sentence's subject only, and so is a place in a
                # government work report (庆阳入选国家…试点。): an example, not a section.
                ctx.current, subject_from = None, default_from
            sentence, sentence_reads = c.sentence, []
            sentence_start = c.start
            if new_paragraph or not text.startswith("其中", c.start):
                track.new_sentence(new_paragraph, page)  # (其中，… breaks down the sentence before, in its time)
            if new_paragraph:
                paragraph_last = paragraph_firms = None
        heading = frame.strong and (c.start == 0 or text[c.start - 1] == "\n") and _is_heading(text, c)
        if heading:
            # A heading closes the section before it.
            default, default_from = frame.subject, f"the document's subject ({frame.subject_from})"
        if own_voice and ctx.current is not None and c.start > 0 and (
                (not ctx.current.code and text[c.start - 1] in "；;") or
                (frame.kind == "report" and ctx.current.code and default is not None and ctx.current != default
                 and text[c.start - 1] in "，,；;" and not _GOES_ON.match(text, c.start))):
            # A report's list item: a body's figures end at ；. A place a report names is its
            # clause's subject (西安地铁运营里程422公里，5G基站…: the 5G figure is the province's),
            # unless the next clause goes on about its figure (长沙市…1.5万亿元，增长4.5%).
            ctx.current, subject_from = None, default_from
        prev_end = c.end
        track.new_clause()
        # Every region seen updates what 全省/全市 stand for.
        while mi < n_mentions and mention_starts[mi] < c.start:
            mi += 1
        k = mi  # an index walk: islice would skip the first mi items again for every clause
        while k < n_mentions and mention_starts[k] < c.end:
            k += 1
        clause_mentions = mentions[mi:k]
        for m in clause_mentions:
            if m.subject is not None:
                code = m.subject.code
                if code and code not in ancestry:
                    ancestry[code] = _ancestors(gaz, code)
                ctx.see(m.subject, ancestry[code] if code else [])
        first_q = qi
        while qi < n_quantities and q_starts[qi] < c.end:
            qi += 1
        clause_qs = [q for q in quantities[first_q:qi] if q.start >= c.start] if qi > first_q else []
        if not clause_mentions and not clause_qs:
            track.advance(c.end)
            goal_clauses.append((c, ctx.current or default))
            continue
        opening = openings[ci]
        before = ctx.current, subject_from
        opener = next((m for m in clause_mentions if m.start == opening and is_grammatical_subject(text, m)), None)
        if opener is not None and opener.subject is not None and not opener.subject.code and \
                opener.subject.name.endswith(TOWN_SUFFIXES):
            # 新兴镇陈台村: the village, inside the town named before it
            opener = next((m for m in clause_mentions if m.start == opener.end and m.subject is not None
                           and m.subject.name.endswith("村")), opener)
        if opener is not None and opener.subject is not None and opener.subject.code:
            # 江西赣州: a place named with the province it is in is the place
            # (石泉县城关镇: a town named under its county is the town)
            inner = next((m for m in clause_mentions if m.start == opener.end and m.subject is not None and (
                (m.subject.code and any(a.code == opener.subject.code for a in ancestry.get(m.subject.code, ())))
                or (m.subject.code is None and m.subject.name.endswith(TOWN_SUFFIXES)))), None)
            opener = inner or opener
        if opener is None and (joint := placed.joint_places(text, clause_mentions, opening)) is not None:
            # 天津、山东对口协作，累计投入…: places listed together report one figure as a group
            opener = joint
        if opener is not None:
            resolved = ctx.resolve(opener) or (default if opener.anaphor else None)
            if resolved is None and opener.anaphor and _clause_only(ctx.current):
                # 全县4A级景区达到12个 after a firm's figures: no county named, but no longer the firm
                ctx.current, subject_from = None, f"{text[opener.start:opener.end]} at {opener.start}, unresolved"
            if resolved is not None and heading:
                # 国家统计局关于…的公告 as a heading: its subject holds for the section it opens
                # (the title line names the document's own subject: nothing changes).
                if resolved != frame.subject:
                    default, default_from = resolved, f"the heading at {c.start}"
            elif resolved is not None:
                ctx.current = resolved
                subject_from = f"{text[opener.start:opener.end]} at {opener.start}"
        if not clause_qs:
            track.advance(c.end)
            goal_clauses.append((c, ctx.current or default))
            if own_voice and opener is not None and ctx.current is not before[0] and \
                    (_clause_only(ctx.current) or (ctx.current is not None and ctx.current.code == CHINA
                                                   and default is not None and default.code != CHINA)):
                # 赣南实验室启动运行，…，登记技术合同成交额增长19.5%: in a report, a body that opens a
                # clause with no figure of its own is that clause's subject only
                ctx.current, subject_from = before
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
            if len(group) > 1:
                group = share_unit(text, group)
            between = text[seg_start:q.start]
            at = breakdowns.at(sentence_start, q.start)  # the 其中 (分产业看…) the group stands under
            if between in (")", "）") and sentence_reads and sentence_reads[-1].fig.quantity.end == q.start - 1 \
                    and compared_at is not None:
                # 高于全国(3.9%)3.6个百分点: the gap is read from before the other's bracketed rate
                seg_start = compared_at
            compared_at = None
            if sentence_reads and seg_start > c.start and between in ("(", "（"):
                figs = [_equivalent(sentence_reads[-1].fig, q)]  # 118969千公顷(178453万亩)
            else:
                head = head_of(at, q.unit, sentence_reads, last_head, breakdowns.nouns.get(at) if at is not None else None)
                figs = grouped.read_group(text, seg_start, group, periods, sentence_reads, sentence_start, head, line_start)
            for fig in figs:
                if paragraph_firms and fig.indicator in lexicon.cue_set("firm_measures") and \
                        not any(r.fig.indicator == paragraph_firms for r in sentence_reads):
                    # 规模以上工业企业共9家…。实现营业收入166亿元: the paragraph's firms' revenue
                    fig.indicator = paragraph_firms + fig.indicator
                if fig.indicator is None:
                    # 其中，南昌市增长4.5%; 二季度增长7.5%: the head's, else the paragraph's last one
                    fig.indicator = head or paragraph_last
                    if head and fig.unit == "%" and fig.measure == "level" and head.endswith(_RATES):
                        fig.indicator, fig.measure = head[:-2], "growth"  # 从GDP增速来看，北京10.7%
            base = span_time.base_period(text, group[0], periods)  # 由上年的8.2:41.5:50.3: all three are 上年's
            # 赣州、吉安、上饶…增速分别为6.8%、6.5%和6.3%: each figure is its place's
            places = placed.listed_places(text, mentions, mention_starts, sentence_start, q.start, len(figs)) \
                if len(figs) > 1 else None
            listed = _listed_periods(text, periods, sentence_start, q.start, len(figs)) \
                if len(figs) > 1 and not places else None
            if listed:
                track.unlist(listed[0][1])
            for k, fig in enumerate(figs):
                why = {"subject": subject_from if ctx.current else default_from,
                       "period": f"item {k + 1} of the times listed at {listed[0][1]}" if listed else track.source}
                subject = places[k][0] if places else ctx.current or default
                if (subject is None or (not subject.code and subject.name.endswith(_PROVINCES))) and \
                        fig.unit == "个" and (fig.indicator or "").startswith(_PROVINCES):
                    # 共有19个省区市增速跑赢全国: provinces are counted in the nation
                    subject, why["subject"] = Subject("中国", CHINA, 0), "provinces counted in the nation"
                if places:
                    why["subject"] = f"item {k + 1} of the places listed at {places[0][1]}"
                item = placed.place_item(text, mentions, mention_starts, seg_start, fig.quantity.start) \
                    if len(figs) == 1 and not places else None
                same = next((r.fig for r in reversed(sentence_reads) if r.fig.unit == fig.unit), None) if item else None
                if item is not None and item.subject is not None and same is not None:
                    # 北京增长10.7%、浙江10.6%: a place written alone before its number, in a list
                    # after a figure in the same unit, is that figure's measure for the place
                    subject, why["subject"] = item.subject, f"the place before its number at {item.start}"
                    fig.indicator, fig.measure, fig.basis = same.indicator, same.measure, same.basis
                other = placed.compared_place(text, mentions, mention_starts, fig.quantity, periods) if len(figs) == 1 else None
                if other is not None and text[fig.quantity.start - 1] in "(（":
                    # 高于全国(3.9%)3.6个百分点: the bracket is the other's rate, of the measure before;
                    # the gap after it reads from 高于
                    gap = placed.COMPARED_WITH.search(text, max(0, other.start - 4), other.start)
                    compared_at = gap.start() if gap else other.start
                    same = next((r.fig for r in reversed(sentence_reads) if r.fig.unit == fig.unit), None)
                    if same is not None:
                        fig.measure, fig.basis = same.measure, same.basis
                if other is not None and other.subject is not None:
                    # 上海…3.1万亿元，超过北京的2.99万亿元: the figure compared with is the other place's
                    subject, why["subject"] = other.subject, f"the place compared with at {other.start}"
                    if post := F.postposed_noun(text, fig.quantity.end):
                        fig.indicator = F.postposed_name(post) or fig.indicator  # 跑赢全国6.1%的GDP增速
                    elif sentence_reads and sentence_reads[-1].fig.indicator:
                        fig.indicator = sentence_reads[-1].fig.indicator
                period = listed[k][0] if listed else track.value
                if frame.as_of and track.source_at is not None and text.startswith(_now_words(), track.source_at):
                    # a report on 1-3月 out in May: its 目前 is as of the end of what it reports on
                    period, why["period"] = frame.as_of, f"{why['period']}, as of the report's end"
                whole = whole_of(sentence_reads, at, q.unit) if at is not None else None
                if whole is not None and at is not None and not listed and track.source_at is not None \
                        and track.source_at < at and whole.period != period:
                    # 8月…983.4亿元，扭转7月下降13.5%的颓势；其中出口687亿元: the parts are the whole's time
                    period, why["period"] = whole.period, f"the whole before the breakdown at {at}"
                rd = Read(fig, min(fig.ind_start, fig.quantity.start), fig.quantity.end,
                           subject, period, c.sentence, why,
                           base or (None if listed else span_time.span_end(text, sentence_start, fig, period)),
                           None if listed else track.source_at)
                reads.append(rd)
                sentence_reads.append(rd)
                paragraph_last = fig.indicator or paragraph_last
                if fig.unit == "家" and fig.indicator and fig.indicator.endswith("企业"):
                    paragraph_firms = fig.indicator
                if head is None and fig.indicator and ends_with("measure_nouns", fig.indicator):
                    last_head = fig.indicator
            seg_start = group[-1].end
            i += len(group)
    return reads, goal_clauses


def _clause_only(subject: Subject | None) -> bool:
    """An organisation (no region code): in a report it is the subject of its own clause only."""
    return subject is not None and not subject.code


_RATES = ("增速", "增幅")


@lru_cache(maxsize=1)
def _now_words() -> tuple[str, ...]:
    return tuple(lexicon.yaml_data("periods.yaml")["now_words"])
_CUTOFF = re.compile(r"(?:截至|截止|截止到)$")


def _listed_times(text: str, periods: Periods) -> frozenset[int]:
    """Starts of times written as a list (2027年、2028年分别建成…): they date their sentence only."""
    out: set[int] = set()
    last: PeriodMention | None = None
    for p in periods:
        if p.role != "time" or not p.period:
            continue
        if last is not None and text[last.end:p.start] in _LIST_JOINERS:
            out.update((last.start, p.start))
        last = p
    return frozenset(out)


def _listed_periods(text: str, periods: Periods, lo: int, hi: int, n: int) -> list[tuple[str, int]] | None:
    """The n times a list of n figures is distributed over (2022年、2023年和2024年…分别; 一、二、
    三季度; 2022—2024年分别), each with where it stands; None unless the figures say 分别."""
    if "分别" not in text[lo:hi]:
        return None
    run: list[PeriodMention] = []
    for i in range(periods.at_or_after(lo), periods.at_or_after(hi)):
        p = periods[i]
        if p.role != "time" or not p.period:
            continue
        run = [*run, p] if run and text[run[-1].end:p.start] in _LIST_JOINERS else [p]
    if not run:
        return None
    if len(run) == n:
        return [(p.period or "", p.start) for p in run]
    last = run[-1]
    span = span_time.YEAR_SPAN.match(last.period or "")
    if len(run) == 1 and span and int(span.group(2)) - int(span.group(1)) + 1 == n:
        return [(str(y), last.start) for y in range(int(span.group(1)), int(span.group(2)) + 1)]
    quarters = _QUARTER_LIST.search(text, max(lo, last.start - 8), last.start)
    if len(run) == 1 and quarters and quarters.end() == last.start and (last.period or "")[-2:-1] == "Q":
        numbers = [*quarters.group().lstrip("第").replace("和", "、").split("、")[:-1], (last.period or "")[-1]]
        if len(numbers) == n:
            year = (last.period or "")[:4]
            return [(f"{year}-Q{_QUARTER_NUMBER.get(x, x)}", last.start) for x in numbers]
    return None


_SENTENCE_MARK = re.compile(r"[，,。；;！？]")


def _is_heading(text: str, c: Clause) -> bool:
    """A short line of its own, without a sentence's punctuation: it opens a section."""
    if c.start > 0 and text[c.start - 1] != "\n":
        return False
    end = text.find("\n", c.start)
    line = text[c.start:end if end >= 0 else len(text)].strip()
    return 0 < len(line) <= 40 and c.end >= c.start + len(line) and not _SENTENCE_MARK.search(line)


def _equivalent(prev: F.Figure, q: Quantity) -> F.Figure:
    """The same figure in another unit, in brackets after the first: same measure and indicator."""
    value = q.value
    if value is not None and prev.value is not None and prev.value < 0:
        value = -value
    return F.Figure(quantity=q, measure=prev.measure, value=value, unit=q.unit, indicator=prev.indicator,
                    ind_start=q.start, qualifier=q.qualifier, basis=prev.basis, value_max=q.value_max)


def _ancestors(gaz: Gazetteer, code: str) -> list[Subject]:
    return [Subject(r.name, r.code, r.level) for r in gaz.ancestors(code)]


_LIST_JOINERS = ("、", "和", "及", "与")
_QUARTER_LIST = re.compile(r"(?:第?[一二三1-3][、和])+$")  # 一、二、 before 三季度
_QUARTER_NUMBER = {"一": "1", "二": "2", "三": "3", "四": "4"}


def fact(rd: Read) -> Fact:
    f = rd.fig
    period = rd.reached or rd.period
    if period != rd.period:
        rd.why["period"] += ", its last year (a level reached, not the span's)"
    return Fact(indicator=f.indicator, measure=f.measure, value=f.value, unit=f.unit, period=period,  # type: ignore[arg-type]
                start=rd.start, end=rd.end, subject=rd.subject.name if rd.subject else None,
                subject_code=rd.subject.code if rd.subject else None, value_max=f.value_max,
                basis=span_time.basis(f.basis, period) if f.measure in ("growth", "change") else None, qualifier=f.qualifier,  # type: ignore[arg-type]
                why=rd.why)
