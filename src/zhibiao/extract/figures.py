"""Read every quantity of a text in context: subject, period, indicator, goal or result.

Walks the clauses in order, carrying the subject and the period from clause to clause
(a time or subject stated once applies until another replaces it), and turns each
quantity into a Fact or, inside a goal's scope, a Target. Offsets here are into the
reading text; the pipeline maps them back to the original.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from zhibiao.extract import facts as F
from zhibiao.extract import lexicon
from zhibiao.extract import phrases as P
from zhibiao.extract.clauses import Clause, ends_with, words_re
from zhibiao.extract.figure_filter import CLAUSE_BREAK, DURATION_UNITS, share_unit
from zhibiao.extract.frame import Frame
from zhibiao.extract.indicators import is_known
from zhibiao.extract.periods import PeriodMention, Periods, PeriodTrack
from zhibiao.extract.regions import CHINA, Gazetteer
from zhibiao.extract.subjects import (
    Subject,
    SubjectContext,
    SubjectMention,
    is_grammatical_subject,
)
from zhibiao.model import Fact, Quantity

# 一产业年均增速, 实际 (增长1.9%): no head noun; a threshold (超过1000亿元) is no item either.
_MEASURED_ALREADY = re.compile(r"增速|增幅|增长率|涨幅|总量|比重|占比|总额|总值|增加值|^(?:实际|名义)$|\d")
_NET_CHANGE = re.compile(r"净增|净减")
_FLOW_VERB = re.compile(r"^(?:新增|净增|净减|累计|共)")
_OPEN_PAREN = re.compile(r"[(（][^)）]*$")
_NOTE = re.compile(r"[(（][^()（）]{2,40}[)）]$")
_DURATION_TAIL = re.compile(r"[^，,。；;、\d\n]{1,12}")
_CROSSING = re.compile(r"(?:连续)?(?:跨过|跨上|迈上|跨越|站上|登上|突破|跨)[^，,；;]*$")  # …跨过两个万亿元大关
_EXAMPLES = re.compile(r"[^、]*、[^等]*等(?=[\u4e00-\u9fff“\"]{2})")  # A、B等 before the noun they exemplify
_LIST_TAIL = re.compile(r"[、和及与][ \t]*$")
_SPAN_ONLY = re.compile(r"[0-9一二两三四五六七八九十]{1,2}年(?:来|间|内)?")
_METHOD = re.compile(r"按[^，,。；;]{1,12}(?:折算|计算|核算|测算)")  # 按年均汇率折算为6908美元: how, not what
_LIST_OR_SEMICOLON = re.compile(r"[；;、]")  # A 2131亿元、B 261.8亿美元: each item has its own name
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




def _ratio_like(items: list[str]) -> bool:
    """Items named by P.ratio_parts: 三次产业结构（第一产业）…"""
    return all(i.endswith("）") for i in items)


@lru_cache(maxsize=1)
def _breakdown_open() -> re.Pattern[str]:
    by, end = lexicon.cue_regex("breakdown_by"), lexicon.cue_regex("breakdown_by_end")
    return re.compile(rf"{lexicon.cue_regex('breakdown_open')}|(?:{by})[^，,。；;：:\n]{{1,8}}?(?:{end})(?=[，,：:])")


def walk(text: str, clauses: list[Clause], openings: list[int], quantities: list[Quantity],
         periods: Periods, mentions: list[SubjectMention], gaz: Gazetteer, frame: Frame) -> tuple[list[Read], list[tuple[Clause, Subject | None]]]:
    default = frame.subject
    ctx = SubjectContext(default)
    if default is not None and default.code:
        for a in _ancestors(gaz, default.code):
            ctx.by_level.setdefault(a.level or 0, a)
    track = PeriodTrack(periods, frame.period, rebase=frame.kind == "communique", listed=_listed_times(text, periods))
    page = frame.kind == "page"
    own_voice = frame.strong and frame.kind in ("report", "communique", "plan", "notice")
    breakdowns = [m.span() for m in _breakdown_open().finditer(text)]  # 其中, 分产业看
    default_from = f"the document's subject ({frame.subject_from})" if frame.subject else ""
    subject_from = default_from  # the context starts from the frame's subject
    last_head: str | None = None  # the last indicator that names what it measures
    paragraph_last: str | None = None  # the last indicator read in this paragraph
    reads: list[Read] = []
    goal_clauses: list[tuple[Clause, Subject | None]] = []
    qi = mi = 0
    mention_starts, n_mentions = [m.start for m in mentions], len(mentions)
    q_starts, n_quantities = [q.start for q in quantities], len(quantities)
    sentence_reads: list[Read] = []
    ancestry: dict[str, list[Subject]] = {}
    sentence = -1
    prev_end = sentence_start = 0
    for ci, c in enumerate(clauses):
        if c.sentence != sentence:
            # On a page of short items a time dates its paragraph; in a report it runs on.
            new_paragraph = sentence >= 0 and "\n" in text[prev_end:c.start]
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
                paragraph_last = None
        heading = frame.strong and (c.start == 0 or text[c.start - 1] == "\n") and _is_heading(text, c)
        if heading:
            # A heading closes the section before it.
            default, default_from = frame.subject, f"the document's subject ({frame.subject_from})"
        if own_voice and ctx.current is not None and not ctx.current.code and c.start > 0 and \
                text[c.start - 1] in "；;":
            ctx.current, subject_from = None, default_from  # a report's list item: a body's figures end at ；
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
        if opener is not None and opener.subject is not None and opener.subject.code:
            # 江西赣州: a place named with the province it is in is the place
            inner = next((m for m in clause_mentions if m.start == opener.end and m.subject is not None and m.subject.code
                          and any(a.code == opener.subject.code for a in ancestry.get(m.subject.code, ()))), None)
            opener = inner or opener
        if opener is not None:
            resolved = ctx.resolve(opener) or (default if opener.anaphor else None)
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
            if sentence_reads and seg_start > c.start and between in ("(", "（"):
                figs = [_equivalent(sentence_reads[-1].fig, q)]  # 118969千公顷(178453万亩)
            else:
                head = _breakdown_head(breakdowns, sentence_start, q.start, q.unit, sentence_reads, last_head)
                figs = _read_group(text, seg_start, group, periods, sentence_reads, sentence_start, head)
            for fig in figs:
                if fig.indicator is None:
                    # 其中，南昌市增长4.5%; 二季度增长7.5%: the head's, else the paragraph's last one
                    fig.indicator = head or paragraph_last
            base = _base_period(text, group[0], periods)  # 由上年的8.2:41.5:50.3: all three are 上年's
            # 赣州、吉安、上饶…增速分别为6.8%、6.5%和6.3%: each figure is its place's
            places = _listed_places(text, mentions, mention_starts, sentence_start, q.start, len(figs)) \
                if len(figs) > 1 else None
            listed = _listed_periods(text, periods, sentence_start, q.start, len(figs)) \
                if len(figs) > 1 and not places else None
            if listed:
                track.unlist(listed[0][1])
            for k, fig in enumerate(figs):
                why = {"subject": subject_from if ctx.current else default_from,
                       "period": f"item {k + 1} of the times listed at {listed[0][1]}" if listed else track.source}
                subject = places[k][0] if places else ctx.current or default
                if places:
                    why["subject"] = f"item {k + 1} of the places listed at {places[0][1]}"
                period = listed[k][0] if listed else track.value
                rd = Read(fig, min(fig.ind_start, fig.quantity.start), fig.quantity.end,
                           subject, period, c.sentence, why,
                           base or (None if listed else _span_end(text, sentence_start, fig, track.value)))
                reads.append(rd)
                sentence_reads.append(rd)
                paragraph_last = fig.indicator or paragraph_last
                if head is None and fig.indicator and ends_with("measure_nouns", fig.indicator):
                    last_head = fig.indicator
            seg_start = group[-1].end
            i += len(group)
    return reads, goal_clauses


def _clause_only(subject: Subject | None) -> bool:
    """An organisation (no region code): in a report it is the subject of its own clause only."""
    return subject is not None and not subject.code


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
    span = _YEAR_SPAN.match(last.period or "")
    if len(run) == 1 and span and int(span.group(2)) - int(span.group(1)) + 1 == n:
        return [(str(y), last.start) for y in range(int(span.group(1)), int(span.group(2)) + 1)]
    quarters = _QUARTER_LIST.search(text, max(lo, last.start - 8), last.start)
    if len(run) == 1 and quarters and quarters.end() == last.start and (last.period or "")[-2:-1] == "Q":
        numbers = [*quarters.group().lstrip("第").replace("和", "、").split("、")[:-1], (last.period or "")[-1]]
        if len(numbers) == n:
            year = (last.period or "")[:4]
            return [(f"{year}-Q{_QUARTER_NUMBER.get(x, x)}", last.start) for x in numbers]
    return None


def _listed_places(text: str, mentions: list[SubjectMention], starts: list[int], lo: int, hi: int,
                   n: int) -> list[tuple[Subject, int]] | None:
    """The last list of n places (甲县、乙县和丙县) between lo and hi, each with where it stands."""
    run: list[SubjectMention] = []
    best: list[SubjectMention] | None = None
    for i in range(bisect_left(starts, lo), bisect_left(starts, hi)):
        m = mentions[i]
        if m.subject is None or not m.subject.code:
            continue
        run = [*run, m] if run and text[run[-1].end:m.start] in ("、", "和", "及", "与") else [m]
        if len(run) == n:
            best = run
    return [(m.subject, m.start) for m in best if m.subject is not None] if best else None


def _is_heading(text: str, c: Clause) -> bool:
    """A short line of its own, without a sentence's punctuation: it opens a section."""
    if c.start > 0 and text[c.start - 1] != "\n":
        return False
    end = text.find("\n", c.start)
    line = text[c.start:end if end >= 0 else len(text)].strip()
    return 0 < len(line) <= 40 and c.end >= c.start + len(line) and not re.search(r"[，,。；;！？]", line)


def _equivalent(prev: F.Figure, q: Quantity) -> F.Figure:
    """The same figure in another unit, in brackets after the first: same measure and indicator."""
    value = q.value
    if value is not None and prev.value is not None and prev.value < 0:
        value = -value
    return F.Figure(quantity=q, measure=prev.measure, value=value, unit=q.unit, indicator=prev.indicator,
                    ind_start=q.start, qualifier=q.qualifier, basis=prev.basis, value_max=q.value_max)


def _ancestors(gaz: Gazetteer, code: str) -> list[Subject]:
    return [Subject(r.name, r.code, r.level) for r in gaz.ancestors(code)]


_YEAR_SPAN = re.compile(r"^(\d{4})/(\d{4})$")
_LIST_JOINERS = ("、", "和", "及", "与")
_QUARTER_LIST = re.compile(r"(?:第?[一二三1-3][、和])+$")  # 一、二、 before 三季度
_QUARTER_NUMBER = {"一": "1", "二": "2", "三": "3", "四": "4"}
_WINDOW = 300  # how far back a sentence's words are read: bounded, so a huge sentence stays linear
_FROM = re.compile(r"(?:由|从)[^，,。；;0-9]{0,8}$")
_TO = re.compile(r"[^，,。；;0-9]{0,6}?(?:提高|提升|增加|增长|上升|下降|降低|减少|缩小|扩大|调整|跃升|升|降|增|减)(?:到|至|为)")
_BASE_YEAR = re.compile(r"(?:19|20)\d{2}")
_REACHED = re.compile(r"达到|达|提高到|提升到|增加到|增至|升至|增长到|上升到|下降到|降至|减少到|缩小到|缩小至|扩大到|调整为")


def _base_period(text: str, q: Quantity, periods: Periods) -> str | None:
    """较“十三五”末的9323.1亿元, 比2020年的…: the value of the comparison is that time's."""
    i = periods.at_or_after(q.start) - 1
    if i < 0 or q.raw_unit == "倍" or q.unit == "%":
        return None  # 是“十二五”时期的1.4倍: a ratio to that time, measured now
    p = periods[i]
    if p.role != "basis" or not p.period or text[p.end:q.start] not in ("的", ""):
        return None
    return p.period.split("/")[-1]


def _span_end(text: str, sentence_start: int, fig: F.Figure, period: str | None) -> str | None:
    """In a span of years, a state at its end (a level reached, a stock, a rank, a run of
    years) is its last year's; what happened over it (growth, a change, work done: 新建, 新增,
    获批…; 累计, 年均, 稳定在) is the span's."""
    m = _YEAR_SPAN.match(period or "")
    if m is None or fig.per_year or fig.measure == "change":
        return period
    if fig.measure == "rank" or fig.unit in DURATION_UNITS:
        return m.group(2)  # 连续9年稳定在…, 居全国第1位: as of the span's end
    if fig.measure == "growth" and fig.basis and fig.basis != "yoy" and _BASE_YEAR.search(fig.basis):
        return m.group(2)  # 达38922元，较2020年增长25%: the level reached, against the span's base
    if fig.measure != "level":
        return period  # growth over the span (五年增长34.3%) is the span's
    q = fig.quantity
    if _FROM.search(text, max(0, q.start - 10), q.start) and _TO.match(text, q.end):
        return str(int(m.group(1)) - 1)  # 由1832户增加到3382户 over 2021/2025: 1832 is 2020's
    sentence_start = max(sentence_start, q.start - _WINDOW)
    clause_start = max(max(text.rfind(c, sentence_start, q.start) for c in "，,；;、") + 1, sentence_start)
    # 累计 carries over the sentence's clauses, unless a clause says what was reached (达到).
    reached = _REACHED.search(text, clause_start, q.start)
    if reached is None and words_re("span_flows").search(text, clause_start, q.start):
        return period  # 新建改造高标准农田3167万亩: work done over the span
    whole = words_re("span_whole").search(text, sentence_start if reached is None else clause_start, q.start)
    if whole is not None and not (reached is not None and reached.start() == whole.end()):
        return period  # but 累计达到46个 is the total reached
    return m.group(2)


def _breakdown_head(breakdowns: list[tuple[int, int]], sentence_start: int, pos: int, unit: str,
                    sentence_reads: list[Read], last_head: str | None) -> str | None:
    """Under 其中 or 分产业看 (``breakdowns``: where those words stand), the head figure whose
    parts follow: this sentence's first figure before the breakdown word in the part's unit
    (完成投资2100亿元，新增里程420公里、其中高铁150公里: the 公里 are of 里程), else its first
    figure, else the last head figure before the sentence; "" for parts of a count (no
    measured noun to share), None outside a breakdown."""
    i = bisect_left(breakdowns, (max(sentence_start, pos - _WINDOW), 0))
    if i == len(breakdowns) or breakdowns[i][1] > pos:
        return None
    at = breakdowns[i][0]
    named = [r for r in sentence_reads if r.start < at and r.fig.indicator]
    first = next((r.fig.indicator for r in named if r.fig.unit == unit), named[0].fig.indicator if named else None)
    if first is not None:  # 共有卫生机构4120个，其中医院156个: a count's parts take no measured noun
        return first if ends_with("measure_nouns", first) else ""
    return last_head


def _read_group(text: str, seg_start: int, group: list[Quantity], periods: Periods,
                previous: list[Read], sentence_start: int = 0, head: str | None = None) -> list[F.Figure]:
    """Read a quantity (or a list of them: A、B分别增长x%、y%) against the words before it."""
    first = group[0]
    pre_start = seg_start
    pre = text[pre_start:first.start]
    paren = _OPEN_PAREN.search(pre)
    if paren:
        pre_start += paren.start() + 1
        pre = text[pre_start:first.start]
    # 增长(以下如无特别说明,均为同比名义增长)3.9%: a note between the cue and the number.
    note = _NOTE.search(pre)
    if note and P.cue_at_end(pre[: note.start()]):
        pre = pre[: note.start()]
    out: list[F.Figure] = []
    measured = F.read_measure(pre, first)
    phrase, phrase_start = P.indicator_phrase(text, pre_start, pre, first, periods, measured[4])
    if not phrase:
        # No indicator of its own (比前三季度提高1.2个百分点): the evidence is the clause's words.
        lead = len(pre) - len(pre.lstrip("，,、；;：: \n"))
        phrase_start = pre_start + lead if pre.strip() else first.start
    items: list[str] | None = None
    ratio = P.ratio_parts(text, phrase, group)
    if ratio:
        items = ratio
    elif len(group) > 1 or "均" in pre or "分别" in pre:
        before = phrase.split("分别")[0] if "分别" in phrase else phrase
        items = F.split_items(before, len(group)) if len(group) > 1 else None
        if items is None and not before and "分别" in pre and len(group) > 1:
            # A、B、C三个行业增加值增势较好，分别增长…: the list is the clause before.
            lo = max(text.rfind(c, sentence_start, seg_start - 1) for c in "，,；;") + 1
            items = F.split_items(F.clean_indicator(text[max(lo, sentence_start):seg_start]), len(group))
        if items is None and len(group) > 1:
            prior = next((r.fig.items for r in reversed(previous[-12:]) if len(r.fig.items) == len(group)), None)
            if prior:
                # 由上年的8.2:41.5:50.3调整为8.0:42.1:49.9: the parts of a ratio are the same parts
                items = list(prior) if _ratio_like(prior) else [p + before for p in prior]
            elif not before and len(previous) >= len(group):
                # A 52340元，B 28760元，分别增长5.3%和7.1%: one each, in order.
                named = [r.fig.indicator or "" for r in previous[-len(group):]]
                if all(named) and len(set(named)) == len(named):
                    items = named
        if len(group) == 1 and "均" in pre:
            both = F.split_items(before, 2) if "、" in before else None
            if both:
                return [_figure(text, pre, first, it, phrase_start, previous, seg_start=seg_start) for it in both]
    for k, q in enumerate(group):
        name = items[k] if items else phrase
        fig = _figure(text, pre, q, name, phrase_start, previous, first_in_group=k == 0,
                      measured=measured if k == 0 else None, seg_start=seg_start,
                      sentence_start=sentence_start, head=head)
        if items:
            fig.items = items
        if k > 0 and not items:
            fig.indicator = out[0].indicator
        out.append(fig)
    bases = (out[0].basis or "").split("、")
    if len(out) > 1 and len(bases) == len(out) and all(f.basis == out[0].basis for f in out):
        for fig, basis in zip(out, bases, strict=True):
            fig.basis = basis  # 分别高于全国、全省1.2个、0.5个百分点: one comparison each
    return out


def _figure(text: str, pre: str, q: Quantity, indicator: str, ind_start: int,
            previous: list[Read], first_in_group: bool = True, seg_start: int = 0,
            sentence_start: int = 0, measured: F.Measured | None = None,
            head: str | None = None) -> F.Figure:
    if q.raw_unit == "rank":
        measure, value, unit, qualifier, basis, per_year = "rank", q.value, "位", None, None, False
        indicator = F.rank_indicator(indicator or pre)
    else:
        measure, value, unit, qualifier, _, basis, per_year = measured or F.read_measure(pre, q)
    # 年均增速达4.25%: 年均 is the figure's per_year, no name
    # 年均增速达4.25%, 5年提高4.5个百分点: a span or 年均 is the figure's time or per_year, no name
    name: str | None = indicator if indicator and indicator not in ("年", "年均", "平均") and \
        not _SPAN_ONLY.fullmatch(indicator) else None
    if name == "经济" and measure == "growth" and "经济增长" in text[max(0, q.start - 8):q.start]:
        name = "经济增长"  # 经济增长5%左右: the economy's growth (地区生产总值), not a topic to look for
    # 总产量…，连续14年位居全国第一: the rank and the run are of the sentence's topic, and
    # so is what follows them (总量排名全市第3位，比上年增长6.2%).
    prior = next((r.fig.indicator for r in reversed(previous[-4:])
                  if r.fig.unit not in DURATION_UNITS and r.fig.measure != "rank"),
                 # 粮食产量连续13年稳定在430亿斤: the level is of what the run was of
                 previous[-1].fig.indicator.split("连续")[0] or None if previous and previous[-1].fig.indicator else None)
    counted = P.noun_after(text, q) if first_in_group and P.counts(q) else None
    if q.unit in DURATION_UNITS and pre.endswith("连续"):
        # 连续5年来到康乐县 -> 连续来到康乐县; 连续14年全国第一 -> 连续全国第一.
        after = _DURATION_TAIL.match(text, q.end)
        head = F.clean_indicator(pre[: -2]) or prior or ""
        name = head + "连续" + (after.group() if after else "")
    elif counted:
        # 12条制造业重点产业链: the noun after a counter is what is counted;
        # 乡村就业工厂有43名员工, 对家属进行两次慰问: what stands before the verb qualifies it.
        verb = ends_with("counted_verbs", pre)
        if verb:
            owner = F.clean_indicator(pre[: verb.start()])
            name = (owner[-12:] if len(owner) > 12 else owner) + counted
        elif name and len(name) <= 12 and name not in P.generic() and not name.endswith(counted) and \
                name[-1] not in "省市县区州旗" and not _LIST_TAIL.search(pre):
            # (下辖喀什市1个县级市: a place names where, not what; 40项A、80项B: B is no part of A)
            # 惠及26个省份, 对口帮扶217所学校, 经贸合作覆盖180个国家和地区: what the things were
            # counted as is the verb phrase before the number with the noun after it.
            name = P.category(text, q, counted) or name + counted
        else:
            name = P.category(text, q, counted) or counted
    elif (name is None or name in P.generic()) and (label := _line_label(text, sentence_start, q.start)):
        name = label if name is None else label + name  # 1.地区生产总值(第1项)：增长6.1%
    elif name is not None and words_re("threshold_marks", "$").search(name) and \
            (measured_noun := _sentence_noun(text, sentence_start, ind_start) or _CROSSING.sub("", prior or "")):
        name = measured_noun  # 经济总量跨过两个万亿元大关、超过6万亿元: the 6万亿元 is of 经济总量
    elif name is None or name in P.generic() or name.startswith("占") or _METHOD.fullmatch(name):
        if name is None or _METHOD.fullmatch(name):
            name = prior or _sentence_noun(text, sentence_start, ind_start)
            if prior and unit == "百分点" and basis not in (None, "yoy") and previous[-1].fig.measure == "growth":
                name = prior + "增速"  # 增长4.7%，高于全省0.5个百分点: the gap is between growth rates
        elif prior:
            # 新增…企业56家、总数达255家: the total is of the thing, not of the additions.
            name = (_FLOW_VERB.sub("", prior) if name in ("总数", "总量", "总规模") else prior) + name
    elif head and (len(name) <= 8 or name.endswith("业")) and not ends_with("measure_nouns", name) and not is_known(name) and \
            not _MEASURED_ALREADY.search(name) and \
            (noun := ends_with("measure_nouns", head)) and not name.endswith(noun.group()[:1]):
        name = name + noun.group()  # 其中，农业46.7亿元 under 农林牧渔业增加值 -> 农业增加值
    elif prior and name in lexicon.cues()["property_nouns"] and previous[-1].start >= sentence_start and \
            not name.startswith(prior[:2]) and text[previous[-1].end:ind_start].strip("，,、 ") == "":
        name = _property_of(prior, name)  # 地区生产总值增长5.3%、增量全国第一 -> 地区生产总值增量
    elif prior and name in lexicon.cues()["stage_verbs"] and previous[-1].start >= sentence_start and \
            text[previous[-1].end:q.start].lstrip("个项家座条所，,、").startswith(name):
        name = _stage_stem(prior) + name  # 重大项目开工390个、竣工437个 -> 重大项目竣工
    elif prior and head != "" and len(name) <= 4 and not name.startswith(prior[:2]) and not _names_itself(name) and \
            not _LIST_OR_SEMICOLON.search(text, previous[-1].end, q.start):
        name = prior + name  # 吸纳就业 after 乡村就业工厂2607个 -> 乡村就业工厂吸纳就业
    elif name in lexicon.cues()["measure_nouns"] and \
            (industry := _industry_topic(text, sentence_start, ind_start)):
        name = industry + name  # 金融业活力凸显，增加值实现200.8亿元 -> 金融业增加值
    elif len(name) <= 3 and name in lexicon.cues()["measure_nouns"] and prior and previous[-1].start >= sentence_start and \
            (noun := ends_with("measure_nouns", prior)) and noun.group() != name and noun.start() > 0:
        name = prior[:noun.start()] + name  # 蔬菜播种面积3938公顷，产量106551吨 -> 蔬菜产量
    elif len(name) <= 3 and not name.isascii() and P.completed(text, q, name, sentence_start):
        name = P.completed(text, q, name, sentence_start)
    elif len(name) <= 2 and (topic := P.topic(text, seg_start)):
        name = topic + name  # 出台交通补助政策，共支出4.4亿元 -> 交通补助政策支出
    if measure == "level" and indicator and _NET_CHANGE.match(indicator) and value is not None:
        # 净增高新技术企业186家: the verb before the noun makes the number a change.
        measure = "change"
        value = -value if indicator.startswith("净减") else value
    if basis == "yoy" and previous and previous[-1].fig.basis == "环比" and previous[-1].start >= seg_start - 12 \
            and not words_re("basis_yoy").search(pre) and not _LIST_OR_SEMICOLON.search(text, previous[-1].end, q.start):
        basis = "环比"  # 环比增加1160万头，增长2.8%: the growth is against the same period before
    if name and "等" in name:
        name = _without_examples(name)
    value_max = q.value_max
    if value_max is not None and q.raw_unit == "倍" and unit == "%":
        value_max = value_max * 100 * (-1 if value is not None and value < 0 else 1)  # 提高2至3倍
    return F.Figure(quantity=q, measure=measure, value=value, unit=unit, indicator=name,
                    ind_start=min(ind_start, q.start), qualifier=qualifier, basis=basis,
                    value_max=value_max, per_year=per_year)


_INDUSTRY_OPENING = re.compile(r"(?:^|[，,；;。：:])(?:其中[，,]?)?(?P<i>[\u4e00-\u9fff、和及]{1,20}?业)(?=[\u4e00-\u9fff]{0,8}[，,]|前|全年|共|累计|实现|完成)")


def _industry_topic(text: str, lo: int, hi: int) -> str | None:
    """The industry a clause of the sentence opens with (金融业活力凸显，…; 营利性服务业和…共实现),
    for a bare measured noun after it."""
    found = None
    for m in _INDUSTRY_OPENING.finditer(text, max(lo - 1, 0), hi):
        if not ends_with("industry_false_friends", m.group("i")):
            found = m.group("i")
    return found


_DIGIT = re.compile(r"\d")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+$")
_LINE_LABEL = re.compile(r"[ \u3000]*(?:\d{1,2}[.、．]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)])?[ \u3000]*"
                         r"(?P<label>[^：:，,。；;（()）\n\d]{2,20}?)(?:[（(][^）)\n]{0,12}[）)])?[：:]")


def _line_label(text: str, lo: int, hi: int) -> str | None:
    """The label a line opens with before a colon (1.地区生产总值(第1项)：增长6.1%), for a figure
    with no name of its own in that line's first clause."""
    start = text.rfind("\n", 0, hi) + 1
    m = _LINE_LABEL.match(text, max(start, lo) if start >= lo else start, hi)
    if m is None or CLAUSE_BREAK.search(text, m.end(), hi) or _DIGIT.search(text, m.end(), hi):
        return None  # (统计局:2022年…36883元 比上年增长5.0%: the label names no figure)
    label = F.clean_indicator(m.group("label"))
    return label if label and not words_re("target_cues").search(label) else None


def _property_of(owner: str, prop: str) -> str:
    """A measure of the thing the figure before counts or measures: 技术合同成交额 + 金额 is the
    成交额 itself; 规模以上工业企业 + 增加值 -> 规模以上工业增加值; 地区生产总值 + 增量;
    农林牧渔业总产值 + 增加值 -> 农林牧渔业增加值."""
    if prop == "金额" and owner.endswith("额"):
        return owner
    if prop in lexicon.cues()["measure_nouns"] and (noun := ends_with("measure_nouns", owner)) and noun.start() > 0:
        return owner[: noun.start()] + prop  # 农林牧渔业总产值…，增加值 -> 农林牧渔业增加值
    if owner.endswith(("企业", "公司")) and len(owner) > 4 and prop in lexicon.cues()["measure_nouns"]:
        return owner[:-2] + prop
    return owner + prop


def _without_examples(indicator: str) -> str:
    """举办文化演艺、体育赛事等促消费活动 -> 举办促消费活动: the things listed before 等 are
    examples of what is counted; the indicator keeps the verb and the noun after 等."""
    m = _EXAMPLES.search(indicator)
    if m is None:
        return indicator
    verb = words_re("example_verbs", "^").match(indicator)
    lead = verb.group() if verb and verb.end() < indicator.find("、") else ""
    return lead + indicator[m.end():]


def _stage_stem(indicator: str) -> str:
    """The things a stage figure counts: 实施“百村示范”工程项目 -> “百村示范”工程项目,
    重大项目开工 -> 重大项目."""
    stage = ends_with("stage_verbs", indicator)
    stem = indicator[: stage.start()] if stage else indicator
    work = words_re("span_flows", "^").match(stem)
    return stem[work.end():] if work and len(stem) - work.end() >= 2 else stem


def _sentence_noun(text: str, lo: int, hi: int) -> str | None:
    """The last measured noun named earlier in the sentence, as a known indicator where one
    ends it (陇县地区生产总值稳定保持在百亿规模，年均增速达4.25% -> 地区生产总值)."""
    found = None
    for m in words_re("measure_nouns").finditer(text, max(lo, hi - 60), hi):
        before = _CJK_RUN.search(text, max(lo, m.start() - 10), m.start())
        phrase = (before.group() if before else "") + m.group()
        found = next((phrase[k:] for k in range(len(phrase)) if is_known(phrase[k:])), found)
    return found


def _names_itself(name: str) -> bool:
    """出口, 乡村人口, GDP, 制造业: a measured noun, a known indicator or an industry needs no
    topic before it."""
    return bool(ends_with("measure_nouns", name)) or is_known(name) or \
        (name.endswith("业") and not ends_with("industry_false_friends", name))


def fact(rd: Read) -> Fact:
    f = rd.fig
    period = rd.reached or rd.period
    if period != rd.period:
        rd.why["period"] += ", its last year (a level reached, not the span's)"
    return Fact(indicator=f.indicator, measure=f.measure, value=f.value, unit=f.unit, period=period,  # type: ignore[arg-type]
                start=rd.start, end=rd.end, subject=rd.subject.name if rd.subject else None,
                subject_code=rd.subject.code if rd.subject else None, value_max=f.value_max,
                basis=_basis(f.basis, period) if f.measure in ("growth", "change") else None, qualifier=f.qualifier,  # type: ignore[arg-type]
                why=rd.why)


def _basis(basis: str | None, period: str | None) -> str | None:
    """比2022年 for a 2023 figure is the year before (yoy); 较2020年 for 2025 names its base.
    Over a span of years a plain 增长 compares with no single year before: no basis."""
    years = _BASE_YEAR.findall(period or "")
    named = _BASE_YEAR.fullmatch(basis.removesuffix("年")) if basis else None
    if named is not None:
        return "yoy" if not years or int(years[-1]) == int(named.group()) + 1 else basis
    if basis == "yoy" and _YEAR_SPAN.match(period or ""):
        return None
    return basis
