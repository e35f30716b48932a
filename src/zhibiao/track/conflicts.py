"""Conflicting figures: the same thing reported with different values by different documents.

Two facts are about the same thing when they share the subject (code, else name), the
indicator key, the period, the measure, the unit and a compatible basis (plain 增长 and
同比 are the same comparison). They conflict when they come from different documents and
their values differ by more than rounding: 5.4% and 5.42% agree (5.42 rounds to 5.4),
5.4% and 5.3% do not. Qualified figures are ranges: 1200多亿元 agrees with any value from
1200亿元 up. Pure functions over Observations, so they are testable without a database.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from zhibiao.extract.indicators import indicator_key
from zhibiao.track.evaluate import Observation
from zhibiao.track.periods import label
from zhibiao.track.words import amount

_APPROX = 0.05  # …左右/约 figures agree within 5%


@dataclass(slots=True)
class Conflict:
    subject: str
    indicator: str  # the indicator key
    period: str | None
    measure: str
    a: Observation
    b: Observation

    @property
    def difference(self) -> float:
        return abs((self.a.fact.value or 0.0) - (self.b.fact.value or 0.0))

    def describe(self) -> str:
        fa, fb = self.a.fact, self.b.fact
        return (f"{self.subject} {self.indicator} ({self.measure}, {label(self.period)}): "
                f"{amount(fa.value, fa.unit)} in {self.a.doc_id} [{fa.start}:{fa.end}] vs "
                f"{amount(fb.value, fb.unit)} in {self.b.doc_id} [{fb.start}:{fb.end}]")


def resolution(value: float) -> float:
    """The place of the last significant digit as written: 5.4 -> 0.1, 3.6e12 -> 1e11, 1519 -> 1."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    text = f"{abs(value):.10g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return float(10 ** (int(exp) - decimals))
    if "." in text:
        return float(10 ** -len(text.split(".")[1]))
    digits = text.rstrip("0")
    return float(10 ** (len(text) - len(digits)))


def _interval(o: Observation) -> tuple[float, float]:
    """The values a figure allows, given how it was rounded and qualified."""
    f = o.fact
    assert f.value is not None
    low = f.value
    high = f.value_max if f.value_max is not None else f.value
    half = resolution(high if f.value_max is not None else low) / 2
    low, high = low - half, high + half
    if f.qualifier == "approx":
        spread = abs(f.value) * _APPROX
        low, high = low - spread, high + spread
    elif f.qualifier in ("over", "at_least"):
        high = math.inf
    elif f.qualifier in ("under", "at_most"):
        low = -math.inf
    return low, high


def agree(a: Observation, b: Observation) -> bool:
    """Do two figures for the same thing agree once rounding and qualifiers are allowed for?"""
    if a.fact.value is None or b.fact.value is None:
        return True
    (la, ha), (lb, hb) = _interval(a), _interval(b)
    # Agree when either value could be the other one as written (rounded, qualified).
    va, vb = a.fact.value, b.fact.value
    return la <= vb <= ha or lb <= va <= hb


def _basis(measure: str, basis: str | None) -> str | None:
    # Plain 增长 in a yearly report is 同比 (the contract writes yoy or null for it).
    return "yoy" if measure in ("growth", "change") and basis in (None, "yoy") else basis


def group_key(o: Observation) -> tuple[str, str, str, str, str, str | None] | None:
    """What a figure is about; None when it cannot be compared (no indicator, period or value)."""
    f = o.fact
    key = indicator_key(f.indicator)
    subject = f.subject_code or f.subject
    if key is None or subject is None or f.period is None or f.value is None:
        return None
    return (subject, key, f.period, f.measure, f.unit or "", _basis(f.measure, f.basis))


def find_conflicts(observations: Iterable[Observation]) -> list[Conflict]:
    """Every pair of documents that report the same figure with values that disagree.

    One pair per pair of documents and figure (the first fact of each document stands for
    it), ordered by subject, indicator and period.
    """
    groups: dict[tuple[str, str, str, str, str, str | None], list[Observation]] = defaultdict(list)
    for o in observations:
        key = group_key(o)
        if key is not None:
            groups[key].append(o)
    conflicts: list[Conflict] = []
    for key in sorted(groups, key=lambda k: tuple(str(x) for x in k)):
        per_doc: dict[str | None, Observation] = {}
        for o in groups[key]:
            per_doc.setdefault(o.doc_id, o)
        docs = list(per_doc.values())
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                if not agree(a, b):
                    subject = a.fact.subject or b.fact.subject or key[0]
                    conflicts.append(Conflict(subject, key[1], key[2], key[3], a, b))
    return conflicts
