"""Targets from goal clauses: a figure under a goal cue, and milestones (goals without a number).

``target`` turns a figure read in a goal's scope into a Target with its deadline (from the cue,
the plan's span, the year in context or a deadline carried within the paragraph) and plan;
``milestones`` reads 力争2030年前实现碳达峰 as a goal with no value, one per deadline.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from zhibiao.extract.clauses import Clause, Clauses
from zhibiao.extract.facts import Figure
from zhibiao.extract.subjects import Subject
from zhibiao.extract.targets import GoalIndex, carried_deadline, milestone_phrase, plan_deadline
from zhibiao.model import Entity, Target


def target(text: str, f: Figure, start: int, end: int, subject: Subject | None, period: str | None,
           deadline: str | None, yearly: bool, cues: GoalIndex, plans: list[Entity], clauses: Clauses,
           published: str | None) -> Target:
    """A figure inside a goal's scope as a Target; the deadline from the cue, the plan, or the period."""
    plan = plan_for(start, plans, clauses)
    if deadline is None and plan is not None:
        deadline = plan_deadline(plan.name)
    if deadline is None and yearly and period:
        deadline = period[:4]
    if deadline is None and period and "/" in period:
        deadline = period.split("/")[1][:4]  # “十四五”期间年均增长7% -> by 2025
    if deadline is None and period and re.fullmatch(r"\d{4}", period) and published \
            and period >= published[:4]:
        deadline = period  # 今年，该市将新增… -> this year
    if deadline is None:
        deadline = carried_deadline(text, cues, f.quantity.start)
    return Target(indicator=f.indicator, measure=f.measure, value=f.value, unit=f.unit,  # type: ignore[arg-type]
                  deadline=deadline, start=start, end=end, plan=plan.name if plan else None,
                  subject=subject.name if subject else None,
                  subject_code=subject.code if subject else None, value_max=f.value_max,
                  qualifier=f.qualifier, per_year=f.per_year)  # type: ignore[arg-type]


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


def milestones(text: str, clauses: Clauses, goal_clauses: list[tuple[Clause, Subject | None]],
                cues: GoalIndex, plans: list[Entity]) -> list[Target]:
    """Goals without a number in a sentence with a deadline: 力争2030年前实现碳达峰."""
    out: list[Target] = []
    for c, subject in goal_clauses:
        if not any(g.deadline for g in cues.before(c.sentence, c.end)):
            continue
        for start, end in goal_parts(text, c, cues):
            active = cues.before(c.sentence, end)
            deadline = next((g.deadline for g in reversed(active) if g.deadline), None)
            if deadline is None:
                continue
            found = milestone_phrase(text, start, end)
            if found is None:
                continue
            at, phrase = found
            plan = plan_for(at, plans, clauses)
            out.append(Target(indicator=phrase, measure="milestone", value=None, unit=None, deadline=deadline,
                              start=start, end=end, plan=plan.name if plan else None,
                              subject=subject.name if subject else None,
                              subject_code=subject.code if subject else None))
    return out


def goal_parts(text: str, c: Clause, cues: GoalIndex) -> list[tuple[int, int]]:
    """2030年前实现碳达峰、2060年前实现碳中和: one goal per deadline in a clause."""
    starts = [g.start for g in cues.within(c.start, c.end) if g.deadline and text[g.start - 1] in "、和及"]
    bounds = [c.start, *[s - 1 for s in starts], c.end]
    return [(bounds[i] + (1 if i else 0), bounds[i + 1]) for i in range(len(bounds) - 1)]


