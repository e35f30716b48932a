"""Plans: declared plan files, and the grouping of extracted targets into plans.

Every target belongs to a plan: the one its text names, or "<region> <year> plan" when
the text names none. Names of one plan vary between documents (the full title, or just
“1269”行动计划), so plans of the same region merge when one normalised name contains the
other. A declared plan (a YAML file, read by ``planfile``) adds targets with
baselines; an extracted target with the same region, indicator key, measure and deadline
links to the declared one wherever it was read. Pure functions: no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from heapq import merge

from zhibiao.extract.indicators import indicator_key
from zhibiao.model import Target
from zhibiao.track.evaluate import Baseline

DECLARED = "plan:"  # doc_id prefix of declared plan files in the database
_NAME_NOISE = re.compile(r"[\s“”\"'‘’《》〈〉「」]+")
_YEARS = re.compile(r"[（(]\s*(\d{4})\s*[—–\-~～至到]+\s*(\d{4})\s*年?\s*[)）]")


@dataclass(slots=True)
class Source:
    """Where a target was read: a document (or a plan file) and a span of it."""

    doc_id: str
    published: str | None
    start: int
    end: int
    evidence: str = ""
    declared: bool = False


@dataclass(slots=True)
class TrackedTarget:
    target: Target
    sources: list[Source] = field(default_factory=list)
    baseline: Baseline | None = None


@dataclass(slots=True)
class Plan:
    name: str
    region: str | None = None
    region_code: str | None = None
    declared: bool = False
    aliases: list[str] = field(default_factory=list)
    baseline: Baseline | None = None
    targets: list[TrackedTarget] = field(default_factory=list)

    @property
    def start_baseline(self) -> Baseline | None:
        """The plan's baseline, else the year before the span in its name (（2023—2026年） -> 2022)."""
        if self.baseline is not None:
            return self.baseline
        for name in (self.name, *self.aliases):
            m = _YEARS.search(name)
            if m:
                return Baseline(period=str(int(m.group(1)) - 1))
        return None


def plan_file(plan: Plan) -> str | None:
    """The name of the file that declared the plan (jiangxi-1269), None for an extracted one."""
    return next((s.doc_id.removeprefix(DECLARED) for t in plan.targets for s in t.sources if s.declared), None)


def plan_norm(name: str) -> str:
    """A plan name for matching: no quotes, brackets or spaces, no trailing year span."""
    name = unicodedata.normalize("NFKC", name)
    name = _YEARS.sub("", name)
    return _NAME_NOISE.sub("", name)


def default_plan_name(target: Target, published: str | None) -> str:
    """"<region> <year> plan" for a target whose text names no plan."""
    year = (target.deadline or published or "")[:4] or "undated"
    return f"{target.subject or 'unknown region'} {year} plan"


def target_key(t: Target) -> tuple[str, str, str, str, bool]:
    """What a target commits to, so the same target read twice (or declared) is one."""
    return (t.subject_code or t.subject or "", indicator_key(t.indicator) or "", t.measure,
            (t.deadline or "")[:4], t.per_year)


def plan_names(plan: Plan) -> set[str]:
    """The plan's name and aliases as plan_norm makes them, for same_plan."""
    return {plan_norm(n) for n in (plan.name, *plan.aliases)} - {""}


def same_plan(a: Plan, names_a: set[str], b: Plan, names_b: set[str]) -> bool:
    """Two plans (with their plan_names) of no different region, one's name within the other's."""
    if a.region_code and b.region_code and a.region_code != b.region_code:
        return False
    return any(x in y or y in x for x in names_a for y in names_b)


def group(extracted: Iterable[tuple[Target, Source]], declared: Iterable[Plan] = ()) -> list[Plan]:
    """Plans with their targets: declared plans first, then extracted ones in reading order."""
    plans: list[Plan] = []
    names: list[set[str]] = []  # plan_names of each plan, made again when a plan is renamed
    by_code = _PlansByCode()
    index: dict[tuple[str, str, str, str, bool], TrackedTarget] = {}
    for plan in declared:
        merged = Plan(plan.name, plan.region, plan.region_code, True, list(plan.aliases), plan.baseline)
        by_code.add(len(plans), merged.region_code)
        plans.append(merged)
        names.append(plan_names(merged))
        for tt in plan.targets:
            copy = TrackedTarget(tt.target, list(tt.sources), tt.baseline)
            merged.targets.append(copy)
            index.setdefault(target_key(tt.target), copy)
    extracted = list(extracted)
    # A target with no plan name takes the one plan its document names for the same region
    # and deadline year: a plan document states its title once, its targets below it.
    named: dict[tuple[str, str | None, str], set[str]] = {}
    for target, source in extracted:
        linked = index.get(target_key(target))
        plan_name = target.plan or (linked.target.plan if linked else None)
        if plan_name and target.deadline:
            named.setdefault((source.doc_id, target.subject_code, target.deadline[:4]), set()).add(plan_name)
    for target, source in extracted:
        key = target_key(target)
        if key in index:  # a declared target, or one read before: one more source
            index[key].sources.append(source)
            continue
        inherited = named.get((source.doc_id, target.subject_code, (target.deadline or "")[:4]), set())
        name = target.plan or (next(iter(inherited)) if len(inherited) == 1 else None) \
            or default_plan_name(target, source.published)
        probe = Plan(name, target.subject, target.subject_code)
        probe_names = plan_names(probe)
        at = next((i for i in by_code.candidates(probe.region_code, len(plans))
                   if same_plan(plans[i], names[i], probe, probe_names)), None)
        if at is None:
            home = probe
            by_code.add(len(plans), home.region_code)
            plans.append(home)
            names.append(probe_names)
        else:
            home = plans[at]
            if not home.declared and len(plan_norm(name)) > len(plan_norm(home.name)):
                home.aliases.append(home.name)
                home.name = name  # the fullest title names the plan
                names[at] = plan_names(home)
        tracked = TrackedTarget(target, [source])
        home.targets.append(tracked)
        index[key] = tracked
    return plans


class _PlansByCode:
    """Positions of plans by region code: a target of a region is compared with that
    region's plans and those of no region only (same_plan rejects the others), in the
    plans' order, so the first plan that matches is the one a scan of all would find.
    Checking every plan for every target cost a third of the tracker's time after an ingest."""

    def __init__(self) -> None:
        self.coded: dict[str, list[int]] = {}
        self.uncoded: list[int] = []

    def add(self, at: int, code: str | None) -> None:
        (self.coded.setdefault(code, []) if code else self.uncoded).append(at)

    def candidates(self, code: str | None, count: int) -> Iterator[int]:
        if not code:
            return iter(range(count))
        return merge(self.coded.get(code, ()), self.uncoded)
