"""Evaluate one target against the facts that measure it: pure functions, no database.

A target is measured by facts with the same subject code (or subject name when either
has no code), the same indicator key, and a compatible measure and unit. The verdict:

- ``met``: the goal is reached (a level at or past its value, a per-year rate achieved
  over the whole plan period, a milestone with explicit evidence);
- ``missed``: an observation covering the deadline shows the goal was not reached;
- ``on_track`` / ``behind``: before the deadline, the latest observation is at or under
  the pace the target requires: annual-average targets compound the observed yearly
  growth from the baseline; level targets interpolate a straight line from the
  baseline to the deadline;
- ``no_data``: nothing measures it yet (milestones need explicit evidence).

``approx`` targets (…左右) get a tolerance; every verdict carries its reasoning in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from zhibiao.extract.indicators import indicator_key
from zhibiao.model import Fact, Target
from zhibiao.track.periods import end_of, label, parse_period, years
from zhibiao.track.words import amount

Status = Literal["met", "on_track", "behind", "missed", "no_data"]
STATUSES: tuple[Status, ...] = ("met", "on_track", "behind", "missed", "no_data")
_RATE_UNITS = ("%", "百分点")
_EPS = 1e-9


@dataclass(slots=True)
class Observation:
    """A fact with where it was read: its document and publication date."""

    fact: Fact
    published: str | None = None
    doc_id: str | None = None
    evidence: str | None = None

    @property
    def when(self) -> float:
        """When the figure stands, in fractional years (period end, else publication)."""
        return end_of(self.fact.period) or end_of(self.published) or 0.0


@dataclass(slots=True)
class Baseline:
    """Where a target starts from: a value (optional) at the end of a period."""

    value: float | None = None
    period: str | None = None


@dataclass(slots=True)
class Evaluation:
    target: Target
    status: Status
    reasoning: str
    observed: Observation | None = None
    value: float | None = None  # the figure compared: the latest value or the compounded rate
    required: float | None = None  # what the target requires at that time
    observations: int = 0


def same_subject(target: Target, fact: Fact) -> bool:
    """Is ``fact`` of the target's region: by code where both have one, else by name?"""
    if target.subject_code and fact.subject_code:
        return target.subject_code == fact.subject_code
    return (target.subject or None) == (fact.subject or None)


def measures(target: Target, fact: Fact) -> bool:
    """Does ``fact`` measure ``target``? Same subject, indicator key, compatible measure/unit."""
    if not same_subject(target, fact):
        return False
    key = indicator_key(target.indicator)
    if key is None or key != indicator_key(fact.indicator):
        return False
    if target.measure == "milestone":
        return True
    # An annual-average growth target is also measured by levels (compounded from a baseline).
    allowed = {"growth", "level"} if target.measure == "growth" and target.per_year else {target.measure}
    if fact.measure not in allowed:
        return False
    if fact.measure != target.measure:
        return True
    return not target.unit or not fact.unit or target.unit == fact.unit


def tolerance(target: Target) -> float:
    """How far under the value still counts: rounding, plus 5% for …左右 targets."""
    if target.qualifier != "approx" or target.value is None:
        return _EPS
    floor = 0.3 if target.unit in _RATE_UNITS else 0.0
    return max(abs(target.value) * 0.05, floor)


def direction(target: Target, baseline: Baseline | None = None) -> int:
    """+1 when more is better, -1 when the target is a ceiling (不超过, a rank, a fall)."""
    if target.qualifier in ("at_most", "under") or target.measure == "rank":
        return -1
    if baseline and baseline.value is not None and target.value is not None and baseline.value > target.value:
        return -1
    return 1


def latest(observations: Sequence[Observation]) -> Observation:
    """The newest figure: latest period end, then the longest period, then latest published."""
    def key(o: Observation) -> tuple[float, int, str]:
        period = parse_period(o.fact.period)
        return (o.when, period.months if period else 0, o.published or "")
    return max(observations, key=key)


def describe(target: Target) -> str:
    """The target in words: 规模以上工业营业收入 年均增长9%左右 by 2026."""
    what = indicator_key(target.indicator) or target.indicator or "?"
    if target.measure == "milestone":
        return f"{what} by {target.deadline or 'an open deadline'}"
    qual = {"approx": "左右", "over": " or more", "at_least": " at least", "under": " nearly",
            "at_most": " at most"}.get(target.qualifier or "", "")
    if target.measure == "growth":
        verb = "年均增长" if target.per_year else "增长"
        value = f"{verb}{amount(target.value, target.unit)}{qual}"
    elif target.measure == "change":
        value = f"change of {amount(target.value, target.unit)}{qual}"
    else:
        value = f"{amount(target.value, target.unit)}{qual}"
    deadline = f" by {target.deadline}" if target.deadline else ""
    return f"{what} {value}{deadline}"


def _seen(o: Observation) -> str:
    fact = o.fact
    source = f" ({o.doc_id})" if o.doc_id else ""
    if fact.measure == "growth":
        return f"growth {amount(fact.value, fact.unit)} in {label(fact.period)}{source}"
    return f"{amount(fact.value, fact.unit)} in {label(fact.period)}{source}"


def evaluate(
    target: Target,
    observations: Sequence[Observation],
    *,
    baseline: Baseline | None = None,
    start: float | None = None,
) -> Evaluation:
    """Judge ``target`` by the ``observations`` that measure it (others are ignored).

    ``baseline`` is where the target starts (a declared plan's, or read from the plan
    period); ``start`` is when the plan starts, in fractional years, for level targets
    without a baseline value.
    """
    relevant = [o for o in observations if measures(target, o.fact)
                and (o.fact.value is not None or target.measure == "milestone")]
    if target.measure == "milestone":
        return _milestone(target, relevant)
    if target.value is None:
        return Evaluation(target, "no_data", f"target {describe(target)} has no value to compare",
                          observations=len(relevant))
    if not relevant:
        return Evaluation(target, "no_data", f"target {describe(target)}; no figure measures it yet")
    if target.measure == "growth" and target.per_year:
        return _per_year(target, relevant, baseline)
    if target.measure == "level":
        # Only figures after the plan starts can meet it: a 2024 task is not met by 2023's figure.
        cutoff = end_of(baseline.period) if baseline and baseline.period else None
        if cutoff is None and start is not None:
            deadline_year = (end_of(target.deadline) or math.inf) - 1
            cutoff = min(math.floor(start), deadline_year)
        current = [o for o in relevant if cutoff is None or o.when > cutoff + _EPS]
        if not current:
            seen = "; ".join(_seen(o) for o in relevant[:3])
            return Evaluation(target, "no_data", f"target {describe(target)}; no figure since the plan began "
                              f"(only {seen})", observations=len(relevant))
        return _level(target, current, baseline, start, relevant)
    return _single(target, relevant, baseline)


def _milestone(target: Target, relevant: list[Observation]) -> Evaluation:
    if not relevant:
        return Evaluation(target, "no_data",
                          f"milestone {describe(target)}; no explicit evidence that it has been reached")
    o = latest(relevant)
    where = o.evidence or o.fact.indicator or ""
    return Evaluation(target, "met", f"milestone {describe(target)}; explicit evidence in {o.doc_id}: {where}",
                      observed=o, observations=len(relevant))


def _deadline_passed(target: Target, o: Observation) -> bool:
    deadline = end_of(target.deadline)
    return deadline is not None and o.when >= deadline - _EPS


def _level(target: Target, relevant: list[Observation], baseline: Baseline | None,
           start: float | None, history: list[Observation]) -> Evaluation:
    assert target.value is not None
    o = latest(relevant)
    value = o.fact.value
    assert value is not None
    sign, tol = direction(target, baseline), tolerance(target)
    head = f"target {describe(target)}; observed {_seen(o)}"
    base = _level_baseline(history, baseline, start, target.unit)
    if sign * (value - target.value) >= -tol:
        return Evaluation(target, "met", f"{head}, reaching the target → met", o, value, target.value, len(relevant))
    if _deadline_passed(target, o):
        return Evaluation(target, "missed", f"{head}, short of the target at the deadline → missed",
                          o, value, target.value, len(relevant))
    deadline = end_of(target.deadline)
    if deadline is None or base is None:
        return Evaluation(target, "behind", f"{head}, not reached yet and no baseline to judge the pace → behind",
                          o, value, target.value, len(relevant))
    b_value, b_when, b_text = base
    share = min(1.0, max(0.0, (o.when - b_when) / (deadline - b_when))) if deadline > b_when else 1.0
    required = b_value + (target.value - b_value) * share
    ok = sign * (value - required) >= -tol
    word = "at or past" if ok else "under" if sign > 0 else "over"
    status: Status = "on_track" if ok else "behind"
    why = (f"{head}; a straight line from {b_text} requires {amount(required, target.unit)} by then, "
           f"observed is {word} that → {status}")
    return Evaluation(target, status, why, o, value, required, len(relevant))


def _level_baseline(relevant: list[Observation], baseline: Baseline | None,
                    start: float | None, unit: str | None) -> tuple[float, float, str] | None:
    """(value, when, words) the straight line starts from: declared, observed, or zero."""
    if baseline and baseline.value is not None and end_of(baseline.period) is not None:
        when = end_of(baseline.period)
        assert when is not None
        return baseline.value, when, f"the baseline {amount(baseline.value, unit)} in {label(baseline.period)}"
    cutoff = end_of(baseline.period) if baseline and baseline.period else start
    if cutoff is None:
        return None
    before = [o for o in relevant if o.fact.measure == "level" and o.when <= cutoff + _EPS]
    if before:
        b = latest(before)
        assert b.fact.value is not None
        return b.fact.value, b.when, f"{amount(b.fact.value, b.fact.unit)} in {label(b.fact.period)}"
    return None


def _per_year(target: Target, relevant: list[Observation], baseline: Baseline | None) -> Evaluation:
    """Annual-average growth: compound the observed yearly growth from the baseline year."""
    assert target.value is not None
    first = int(end_of(baseline.period) or 0) if baseline and baseline.period else None
    last = int(end_of(target.deadline) or 0) - 1 if target.deadline else None
    by_year: dict[int, Observation] = {}
    for o in relevant:
        period = parse_period(o.fact.period)
        if o.fact.measure != "growth" or period is None or period.start.year != period.end.year:
            continue
        year = period.end.year
        if (first is not None and year < first) or (last is not None and year > last):
            continue
        if year not in by_year or latest([by_year[year], o]) is o:
            by_year[year] = o
    tol = tolerance(target)
    if not by_year:
        return _per_year_from_levels(target, relevant, baseline)
    years_seen = sorted(by_year)
    rates = [by_year[y].fact.value or 0.0 for y in years_seen]
    product = math.prod(1 + r / 100 for r in rates)
    rate = (product ** (1 / len(rates)) - 1) * 100
    o = by_year[years_seen[-1]]
    if len(rates) == 1:
        seen = f"observed {_seen(o)}"
    else:
        seen = (f"observed {', '.join(_seen(by_year[y]) for y in years_seen)}; "
                f"compounded {rate:.2f}% a year")
    span = f" over {first}–{last}" if first and last else ""
    head = f"target {describe(target)}{span}; {seen}"
    last_period = parse_period(o.fact.period)
    complete = last is not None and years_seen[-1] == last and bool(last_period and last_period.full_year)
    ok = rate >= target.value - tol
    gap = "at or above" if ok else "well under" if rate < target.value - 3 * tol or rate < target.value / 2 else "under"
    status: Status = ("met" if ok else "missed") if complete else ("on_track" if ok else "behind")
    why = f"{head}, {gap} {amount(target.value, target.unit)} → {status}"
    return Evaluation(target, status, why, o, rate, target.value, len(relevant))


def _per_year_from_levels(target: Target, relevant: list[Observation], baseline: Baseline | None) -> Evaluation:
    """No yearly growth figures: the compound rate between the baseline level and the latest level."""
    assert target.value is not None
    levels = [o for o in relevant if o.fact.measure == "level"]
    b_when = end_of(baseline.period) if baseline else None
    if not levels or baseline is None or baseline.value is None or b_when is None or baseline.value <= 0:
        return Evaluation(target, "no_data",
                          f"target {describe(target)}; no yearly growth figure and no baseline level to compound from",
                          observations=len(relevant))
    o = latest(levels)
    elapsed = o.when - b_when
    if o.fact.value is None or elapsed <= 0:
        return Evaluation(target, "no_data", f"target {describe(target)}; no level after the baseline",
                          observations=len(relevant))
    rate = ((o.fact.value / baseline.value) ** (1 / elapsed) - 1) * 100
    ok = rate >= target.value - tolerance(target)
    status: Status = ("met" if ok else "missed") if _deadline_passed(target, o) else ("on_track" if ok else "behind")
    why = (f"target {describe(target)}; from {amount(baseline.value, o.fact.unit)} in {label(baseline.period)} "
           f"to {_seen(o)} is {rate:.2f}% a year, {'at or above' if ok else 'under'} "
           f"{amount(target.value, target.unit)} → {status}")
    return Evaluation(target, status, why, o, rate, target.value, len(relevant))


def _single(target: Target, relevant: list[Observation], baseline: Baseline | None) -> Evaluation:
    """A growth, change or rank for one period (a yearly plan): the figure for the deadline year."""
    assert target.value is not None
    year = int(end_of(target.deadline) or 0) - 1 if target.deadline else None
    pool = relevant
    if year is not None:
        pool = [o for o in relevant if (p := parse_period(o.fact.period)) is not None and p.end.year == year]
        if not pool:
            seen = "; ".join(_seen(o) for o in relevant[:3])
            return Evaluation(target, "no_data", f"target {describe(target)}; no figure for {year} (only {seen})",
                              observations=len(relevant))
    o = latest(pool)
    assert o.fact.value is not None
    sign = direction(target, baseline)
    ok = sign * (o.fact.value - target.value) >= -tolerance(target)
    period = parse_period(o.fact.period)
    final = (period is not None and period.full_year) or _deadline_passed(target, o)
    status: Status = ("met" if ok else "missed") if final else ("on_track" if ok else "behind")
    gap = "at or past" if ok else "short of"
    why = f"target {describe(target)}; observed {_seen(o)}, {gap} the target → {status}"
    return Evaluation(target, status, why, o, o.fact.value, target.value, len(relevant))


__all__ = ["STATUSES", "Baseline", "Evaluation", "Observation", "Status", "describe", "direction",
           "evaluate", "latest", "measures", "same_subject", "tolerance", "years"]
