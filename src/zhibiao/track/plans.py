"""Plans: declared plan files, and the grouping of extracted targets into plans.

Every target belongs to a plan: the one its text names, or "<region> <year> plan" when
the text names none. Names of one plan vary between documents (the full title, or just
“1269”行动计划), so plans of the same region merge when one normalised name contains the
other. A declared plan (YAML, see ``samples/plans/jiangxi-1269.yaml``) adds targets with
baselines; an extracted target with the same region, indicator key, measure and deadline
links to the declared one wherever it was read. Pure functions: no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zhibiao.errors import PlanError
from zhibiao.extract.indicators import indicator_key
from zhibiao.model import Target
from zhibiao.track.evaluate import Baseline
from zhibiao.track.periods import parse_period

_MEASURES = ("level", "growth", "change", "rank", "milestone")
_QUALIFIERS = ("approx", "over", "under", "at_least", "at_most")
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


def same_plan(a: Plan, b: Plan) -> bool:
    if a.region_code and b.region_code and a.region_code != b.region_code:
        return False
    names_a = {plan_norm(n) for n in (a.name, *a.aliases)} - {""}
    names_b = {plan_norm(n) for n in (b.name, *b.aliases)} - {""}
    return any(x in y or y in x for x in names_a for y in names_b)


def group(extracted: Iterable[tuple[Target, Source]], declared: Iterable[Plan] = ()) -> list[Plan]:
    """Plans with their targets: declared plans first, then extracted ones in reading order."""
    plans: list[Plan] = []
    index: dict[tuple[str, str, str, str, bool], TrackedTarget] = {}
    for plan in declared:
        merged = Plan(plan.name, plan.region, plan.region_code, True, list(plan.aliases), plan.baseline)
        plans.append(merged)
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
        home = next((p for p in plans if same_plan(p, probe)), None)
        if home is None:
            home = probe
            plans.append(home)
        elif not home.declared and len(plan_norm(name)) > len(plan_norm(home.name)):
            home.aliases.append(home.name)
            home.name = name  # the fullest title names the plan
        tracked = TrackedTarget(target, [source])
        home.targets.append(tracked)
        index[key] = tracked
    return plans


def _field(data: dict[str, Any], name: str, where: str, kind: type | tuple[type, ...], required: bool = True) -> Any:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise PlanError(f"{where}: {name!r} is missing or not a {getattr(kind, '__name__', kind)}")
    return value


def _baseline(data: Any, where: str) -> Baseline | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise PlanError(f"{where}: 'baseline' must be a mapping with value and/or period")
    value = _field(data, "value", where, (int, float), required=False)
    period = data.get("period")
    if period is not None and parse_period(str(period)) is None:
        raise PlanError(f"{where}: baseline period {period!r} is not a period (2022, 2022-12-31)")
    return Baseline(float(value) if value is not None else None, str(period) if period is not None else None)


def parse_plan(data: Any, source: str = "<plan>", text: str = "") -> Plan:
    """A declared plan from its YAML mapping; PlanError names what is wrong."""
    if not isinstance(data, dict):
        raise PlanError(f"{source}: expected a mapping with name, region and targets")
    name = _field(data, "name", source, str)
    region, code = _region(str(_field(data, "region", source, (str, int))), source)
    aliases = [str(a) for a in data.get("aliases") or []]
    plan = Plan(name, region, code, True, aliases, _baseline(data.get("baseline"), source))
    items = data.get("targets")
    if not isinstance(items, list) or not items:
        raise PlanError(f"{source}: 'targets' must be a non-empty list")
    for i, item in enumerate(items, 1):
        where = f"{source}: target {i}"
        if not isinstance(item, dict):
            raise PlanError(f"{where}: expected a mapping")
        indicator = _field(item, "indicator", where, str)
        measure = item.get("measure", "level")
        if measure not in _MEASURES:
            raise PlanError(f"{where}: measure {measure!r} is not one of {', '.join(_MEASURES)}")
        value = _field(item, "value", where, (int, float), required=False)
        if value is None and measure != "milestone":
            raise PlanError(f"{where}: 'value' is required for a {measure} target")
        qualifier = item.get("qualifier")
        if qualifier is not None and qualifier not in _QUALIFIERS:
            raise PlanError(f"{where}: qualifier {qualifier!r} is not one of {', '.join(_QUALIFIERS)}")
        deadline = str(item["deadline"]) if item.get("deadline") is not None else None
        if deadline is not None and parse_period(deadline) is None:
            raise PlanError(f"{where}: deadline {deadline!r} is not a period (2026, 2025-12-31)")
        start, end = _span(text, indicator)
        target = Target(indicator=indicator, measure=measure, value=float(value) if value is not None else None,
                        unit=str(item["unit"]) if item.get("unit") is not None else None, deadline=deadline,
                        start=start, end=end, plan=name, subject=plan.region, subject_code=code,
                        qualifier=qualifier, per_year=bool(item.get("per_year", False)))
        own = _baseline(item.get("baseline"), where)
        if own is not None and own.period is None and plan.baseline is not None:
            own.period = plan.baseline.period
        src = Source(Path(source).stem, None, start, end, text[start:end], declared=True)
        plan.targets.append(TrackedTarget(target, [src], own or plan.baseline))
    return plan


def _region(given: str, source: str) -> tuple[str, str | None]:
    """(name, code) of the plan's region, by name or 6-digit code, through the gazetteer."""
    from zhibiao.extract.regions import Gazetteer  # loaded on first use: it is large

    gaz = Gazetteer.load()
    found = gaz.by_code(given) if given.isdigit() else gaz.lookup(given)
    if found is None:
        if given.isdigit():
            raise PlanError(f"{source}: region code {given!r} is not in the gazetteer")
        return given, None  # a region the gazetteer does not know still names the plan
    return found.name, found.code


def _span(text: str, indicator: str) -> tuple[int, int]:
    """The line of the plan file that declares the indicator: the declared target's evidence."""
    at = text.find(indicator)
    if at < 0:
        return 0, 0
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    return line_start, len(text) if line_end < 0 else line_end


def load_plan(path: str | Path) -> Plan:
    """Read a declared plan file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(f"{path}: cannot read the plan file ({exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PlanError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    return parse_plan(data, str(path), text)
