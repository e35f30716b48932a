"""Targets from goal clauses: a figure under a goal cue, and milestones (goals without a number).

``target`` turns a figure read in a goal's scope into a Target with its deadline (from the cue,
the plan's span, the year in context or a deadline carried within the paragraph) and plan;
``milestones`` reads the clauses with no figure in a goal's scope: 力争2030年前实现碳达峰 (a goal
with no value, one per deadline), 能源结构明显优化 (a settled state), 实现经济总量翻番 (growth
100%), 培育三大五十亿级产业 (a count the plan commits to).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from zhibiao.extract import lexicon
from zhibiao.extract.clauses import Clause, Clauses, strip_punct
from zhibiao.extract.facts import Figure
from zhibiao.extract.numbers import parse_chinese
from zhibiao.extract.subjects import Subject
from zhibiao.extract.targets import TITLE, GoalIndex, carried_deadline, in_force, period_end, plan_deadline
from zhibiao.model import Entity, Target


def target(text: str, f: Figure, start: int, end: int, subject: Subject | None, period: str | None,
           deadline: str | None, yearly: bool, cues: GoalIndex, plans: list[Entity], clauses: Clauses,
           published: str | None) -> Target:
    """A figure inside a goal's scope as a Target; the deadline from the cue, the plan, or the period."""
    plan = plan_for(start, plans, clauses)
    if deadline is None and plan is not None:
        deadline = plan_deadline(plan.name)
    if deadline is None and yearly and period:
        deadline = period.split("/")[-1][:4]  # (a span's: “十五五”时期年均增长6% is for 2030)
    if deadline is None and period and "/" in period:
        deadline = period.split("/")[1][:4]  # “十四五”期间年均增长7% -> by 2025
    if deadline is None and period and published and re.match(r"\d{4}", period.split("/")[-1]) \
            and period_end(period) >= published:
        deadline = period.split("/")[-1][:4]  # 今年，该市将新增…; 下半年将力争… -> this year
    if deadline is None:
        deadline = carried_deadline(text, cues, f.quantity.start)
    measure, indicator = f.measure, f.indicator
    if measure == "level" and f.unit == "%" and _growth_goal(text, f.quantity.start, f.quantity.end, clauses):
        measure = "growth"  # 增长目标为7.5%以上, 好于年初确定的6.5%左右的目标增速
    if measure == "level" and f.unit == "%" and indicator and _growth()["rate"].search(indicator):
        measure = "growth"  # 一产业年均增速保持在2.6%以上
    if indicator and f.items:
        indicator = _item_with_tail(indicator, f.items)
    if indicator:
        indicator = _clean(_growth()["set"].sub("", indicator) or indicator)
        if measure == "growth":
            indicator = _growth()["tail"].sub("", indicator) or indicator
    return Target(indicator=indicator, measure=measure, value=f.value, unit=f.unit,  # type: ignore[arg-type]
                  deadline=deadline, start=start, end=end, plan=plan.name if plan else None,
                  subject=subject.name if subject else None,
                  subject_code=subject.code if subject else None, value_max=f.value_max,
                  qualifier=f.qualifier, per_year=f.per_year)  # type: ignore[arg-type]


_DIGITS_END = re.compile(r"[0-9.]+$")
_GOAL_AFTER = re.compile(r"(?:左右|以上|以内)?的?(?:预期目标|目标)")


@lru_cache(maxsize=1)
def _growth() -> dict[str, re.Pattern[str]]:
    """Patterns of percentage goals of growth, and of the verbs that set a goal."""
    grow, setting = lexicon.cue_regex("growth_goal_words"), lexicon.cue_regex("goal_setting_verbs")
    return {
        "after": re.compile(rf"(?:左右|以上|以内)?的?(?:预期|目标)?(?:{grow})(?:目标)?"),
        "before": re.compile(rf"(?:{grow}|下降)(?:目标|预期目标)?(?:为|是)?$"),
        "tail": re.compile(rf"(?:{grow})(?:目标|预期目标)?(?:为|是)?$"),
        "rate": re.compile(rf"(?:{grow})$"),
        "set": re.compile(rf"(?:(?:年初|年度|此前|当初)?(?:{setting})的?)$"),
    }


def _item_with_tail(indicator: str, items: list[str]) -> str:
    """纺织、建材、食品产业产值分别达到…: parallel items of one length share the last one's tail."""
    first, last = items[0], items[-1]
    heads = items[:-1]
    if indicator not in heads or len(last) <= len(first) + 1 or any(len(h) != len(first) for h in heads):
        return indicator
    return indicator + last[len(first):]


def _clean(indicator: str) -> str:
    """Cue words at the ends of a target's indicator: 力争规模以上工业企业总数 -> 规模以上工业企业总数."""
    pats = _patterns()
    text = indicator
    for _ in range(4):
        before = text
        text = strip_punct(pats["head"].sub("", text))
        text = strip_punct(pats["tail"].sub("", text))
        if text == before:
            break
    return text if len(text) >= 2 else indicator


def _growth_goal(text: str, q_start: int, q_end: int, clauses: Clauses) -> bool:
    """A percentage goal of growth: 增长目标为7.5%, 7.5%的目标增速, or …增长6.8%，好于6.5%的预期目标."""
    pats = _growth()
    if pats["after"].match(text, q_end) or pats["before"].search(text, max(0, q_start - 8), q_start):
        return True
    if not _GOAL_AFTER.match(text, q_end):
        return False
    i = clauses.index_at(q_start)
    here = clauses[i]
    while i > 0 and clauses[i - 1].sentence == here.sentence:
        i -= 1
    prev = text.rfind("%", clauses[i].start, q_start)  # the figure the goal is compared with
    if prev < 0:
        return False
    head = _DIGITS_END.search(text, max(0, prev - 24), prev)
    at = head.start() if head else prev
    return bool(pats["before"].search(text, max(0, at - 8), at))


def plan_for(pos: int, plans: list[Entity], clauses: Clauses) -> Entity | None:
    """The nearest plan named before pos in the same or the previous two sentences."""
    here = clauses.at(pos).sentence
    i = bisect_left(plans, pos, key=lambda p: p.start)  # plans are sorted by start
    while i > 0:
        i -= 1
        sentence = clauses.at(plans[i].start).sentence
        if sentence == here:
            return plans[i]
        if sentence < here:
            return None
    return None


_QUESTION = re.compile(r"能否|是否|可否|[?？]")


def milestones(text: str, clauses: Clauses, goal_clauses: list[tuple[Clause, Subject | None]],
               cues: GoalIndex, plans: list[Entity]) -> list[Target]:
    """Goals without a figure in a sentence with a deadline: 力争2030年前实现碳达峰."""
    out: list[Target] = []
    for c, subject in goal_clauses:
        if not in_force(cues, c.sentence, c.end) or _QUESTION.search(text, c.start, min(len(text), c.end + 1)):
            continue  # (全年预期目标能否完成？: a goal asked about, none set)
        anchor = anchored(text, c.start, c.end)
        if anchor is not None:  # 锚定…目标: a goal named, with no deadline
            at, phrase, measure, value, unit = anchor
            out.append(Target(indicator=phrase, measure=measure, value=value, unit=unit,  # type: ignore[arg-type]
                              deadline=None, start=c.start, end=c.end,
                              subject=subject.name if subject else None,
                              subject_code=subject.code if subject else None))
            continue
        for start, end in goal_parts(text, c, cues):
            active = [g for g in cues.before(c.sentence, end) if not g.result]
            cue = next((g for g in reversed(active) if g.deadline), None)
            if cue is None or cue.deadline is None:
                continue
            deadline = cue.deadline
            # A plan's summary after its title (《…》，即…) names goals by their verbs only.
            found = milestone_phrase(text, start, end, states=cue.word != TITLE)
            if found is None:
                continue
            at, phrase, measure, value, unit = found
            plan = plan_for(at, plans, clauses)
            out.append(Target(indicator=phrase, measure=measure, value=value, unit=unit,  # type: ignore[arg-type]
                              deadline=deadline, start=start, end=end, plan=plan.name if plan else None,
                              subject=subject.name if subject else None,
                              subject_code=subject.code if subject else None))
    return out


def goal_parts(text: str, c: Clause, cues: GoalIndex) -> list[tuple[int, int]]:
    """2030年前实现碳达峰、2060年前实现碳中和: one goal per deadline in a clause."""
    starts = [g.start for g in cues.within(c.start, c.end) if g.deadline and text[g.start - 1] in "、和及"]
    bounds = [c.start, *[s - 1 for s in starts], c.end]
    return [(bounds[i] + (1 if i else 0), bounds[i + 1]) for i in range(len(bounds) - 1)]


Found = tuple[int, str, str, float | None, str | None]  # offset, indicator, measure, value, unit
# A vague aim (…大幅跃升, …新局面): no state a goal could be checked against.
_BACK_REFERENCE = re.compile(r"这些|上述|以上|这一|这个|各项|上面")
_VAGUE = re.compile(r"(?:大幅|明显|显著|更加|进一步|持续|稳步)[\u4e00-\u9fff]{2}$|新局面$|新成效$|新水平$")
# The time and the verb around a goal's state: 2030年前…目标如期实现 frames 碳达峰.
_MILESTONE_FRAME = re.compile(r"^(?:到|至)?(?:19|20)\d{2}年(?:前|底|末)?|(?:目标)?(?:如期|顺利)?(?:实现|完成)$")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    alt = lexicon.cue_regex
    return {
        "verb": re.compile(alt("milestone_verbs")),
        "state": re.compile(rf"(?:{alt('milestone_ends')})$"),
        "anchor": re.compile(rf"(?:{alt('goal_anchor_verbs')})([^，,。;；]{{2,30}}?)的?(?:发展|奋斗)?目标"),
        "ongoing": re.compile(rf"(?:{alt('milestone_adverbs')})(?:{alt('milestone_ongoing')})$"),
        "count": re.compile(rf"(?:{alt('goal_count_verbs')})([一二两三四五六七八九十]{{1,3}})大(?=[\u4e00-\u9fff“\"])"),
        "head": re.compile(rf"^(?:(?:{alt('target_indicator_head')})|(?:{alt('indicator_head')})|(?:到|至)?(?:19|20)\d{{2}}年(?:底|末)?)+"),
        "tail": re.compile(rf"(?:{alt('target_indicator_tail')})$"),
        "lead": re.compile(rf"^(?:[^，,]{{0,6}}?(?:{alt('target_future')}|到))+|^(?:{alt('indicator_head')})+"),
    }


def anchored(text: str, start: int, end: int) -> Found | None:
    """锚定建设区域中心城市目标 -> 建设区域中心城市; 聚焦千亿级经济总量目标 -> 经济总量 1000亿元."""
    m = _patterns()["anchor"].search(text, start, end)
    if m is None or re.search(r"\d", m.group(1)):
        return None
    phrase = strip_punct(m.group(1))
    scale = re.match(r"([一二两三四五六七八九十百千万亿]+)(元)?级", phrase)
    if scale:
        value = parse_chinese(scale.group(1))
        noun = phrase[scale.end():]
        if value and noun:
            return start + m.start(1) + scale.end(), noun, "level", value, "元"
    return (start + m.start(1), phrase, "milestone", None, None) if len(phrase) >= 4 else None


def milestone_phrase(text: str, start: int, end: int, states: bool = True) -> Found | None:
    """A goal with no figure in clause [start, end): (offset, indicator, measure, value, unit) or None."""
    inner = re.search(r"目标\(([^()]+)\)?$", text[start:end])
    if inner:  # 高于预期目标(总额与上年持平): the goal is in the brackets
        start += inner.start(1)
    clause = text[start:end]
    pats = _patterns()
    doubling = lexicon.cues().get("doubling") or {}
    for word, value in doubling.items():
        k = clause.find(word)
        if k > 0:  # 实现经济总量翻番: growth 100%
            head = strip_punct(re.sub(r"^.*(?:实现|推动|力争|确保)", "", clause[:k]))
            if head:
                return start + clause.find(head), head, "growth", float(value), "%"
    counted = pats["count"].search(clause)
    if counted:  # 培育三大五十亿级产业: a count the plan commits to
        noun = strip_punct(clause[counted.end():])
        n = parse_chinese(counted.group(1))
        if noun and n:
            return start + counted.end(), noun, "level", float(n), "个"
    m = pats["verb"].search(clause)
    if m and not re.search(r"\d", clause[m.start():]):
        # 力争2030年前实现碳达峰 -> 碳达峰: what follows 实现 is the goal;
        # 为…实现碳中和奠定基础 -> 碳中和.
        if m.group() in ("实现", "达到") and m.end() < len(clause) and m.start() <= 14:
            tail = strip_punct(re.split(r"奠定|打下|提供|创造|的基础", clause[m.end():])[0])
            if _VAGUE.search(tail) or _BACK_REFERENCE.match(tail):
                return None  # 实现…综合实力大幅跃升: a vague aim; 实现这些目标: goals named before
            if len(tail) >= 2:
                return start + m.end(), tail, "milestone", None, None
    elif not states or not pats["state"].search(strip_punct(clause)) or re.search(r"\d", clause) or \
            pats["ongoing"].search(strip_punct(clause)):
        return None
    phrase = strip_punct(pats["lead"].sub("", strip_punct(clause)))
    core = _MILESTONE_FRAME.sub("", phrase)  # 2030年前碳达峰目标如期实现 -> 碳达峰
    if core != phrase and len(core) >= 2:
        return start + clause.find(core), core, "milestone", None, None
    if len(phrase) < 4:
        return None
    return start + clause.find(phrase), phrase, "milestone", None, None
