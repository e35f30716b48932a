"""Plan files: a declared plan in YAML, validated, with its figures in base units.

The format is documented in ``docs/plans.md``. Values go through the unit table that
extraction uses (``extract.units.read_unit``), so ``value: 3.5, unit: 亿元`` is stored as
350000000 元 and meets the facts read from texts. Every mistake is a PlanError naming the
file, the target and the key, and saying in words what was expected and what was found.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml

from zhibiao.errors import PlanError
from zhibiao.extract.units import read_unit, significant
from zhibiao.model import Qualifier, Target, TargetMeasure
from zhibiao.track.evaluate import Baseline
from zhibiao.track.periods import parse_period
from zhibiao.track.plans import Plan, Source, TrackedTarget

PLAN_KEYS = ("name", "aliases", "region", "baseline", "targets")
TARGET_KEYS = ("indicator", "measure", "value", "value_max", "unit", "qualifier", "per_year", "deadline",
               "baseline")
BASELINE_KEYS = ("value", "period")
MEASURES: tuple[str, ...] = get_args(TargetMeasure)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
_PERIODS = "a period (2026, 2026-12, 2026-Q4, 2026-12-31)"
# YAML 1.1 reads 1.2e12 (no sign in the exponent) as text: such text still counts as a number.
_DECIMAL = re.compile(r"[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")


def shown(value: Any) -> str:
    """A YAML value in words, for error messages (never a Python type name)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value:g}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{value!r}"


@dataclass(frozen=True, slots=True)
class _Fields:
    """One YAML mapping being read: every accessor raises PlanError saying where and what."""

    data: dict[str, Any]
    where: str

    @classmethod
    def of(cls, data: Any, where: str, keys: tuple[str, ...], what: str) -> _Fields:
        if not isinstance(data, dict):
            raise PlanError(f"{where}: expected {what}, got {shown(data)}")
        if isinstance(data.get("indicator"), str):  # a target is named by its indicator in errors
            where = f"{where} ({data['indicator'].strip()})"
        for key in data:
            if key not in keys:
                close = difflib.get_close_matches(str(key), keys, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise PlanError(f"{where}: unknown key {key!r} ({hint}the keys are {', '.join(keys)})")
        return cls(data, where)

    def fail(self, key: str, expected: str) -> PlanError:
        return PlanError(f"{self.where}: {key!r} should be {expected}, got {shown(self.data.get(key))}")

    def text(self, key: str, required: bool = False, codes: bool = False) -> str | None:
        value = self.data.get(key)
        if codes and isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # region: 360000, a code YAML reads as a number
        if (value is None and not required) or (isinstance(value, str) and value.strip()):
            return value.strip() if isinstance(value, str) else None
        raise self.fail(key, "text")

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "a list of text")
        return [v.strip() for v in value]

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
            return float(value)
        raise self.fail(key, "a number")

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.data.get(key, default)
        if value is not None and value not in options:
            raise self.fail(key, f"one of {', '.join(options)}")
        return value

    def period(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        else:
            text = value if isinstance(value, str) else ""
        if parse_period(text) is None:
            raise self.fail(key, _PERIODS)
        return text


def _unit(fields: _Fields, measure: str) -> tuple[str | None, float]:
    """The canonical unit and the factor into it: 亿元 -> (元, 1e8), 万人 -> (人, 1e4)."""
    written = fields.text("unit")
    if measure == "rank":
        if written not in (None, "位", "名"):
            raise fields.fail("unit", "位 or nothing for a rank")
        return "位", 1.0  # 第3位: the position itself, whatever the table says 位 counts
    if written is None:
        return None, 1.0
    found = read_unit(written)
    if found is None:
        raise fields.fail("unit", "a unit of the units table (元, 亿元, 万人, 万吨, %, 个百分点, 家 …)")
    return found[0] or None, found[1]


def _scaled(value: float | None, factor: float) -> float | None:
    """A value in base units, as extraction computes it (3.5 亿 -> 350000000.0, never …0001)."""
    return significant(value * factor) if value is not None else None


def _baseline(data: Any, where: str, factor: float, keys: tuple[str, ...] = BASELINE_KEYS) -> Baseline | None:
    if data is None:
        return None
    fields = _Fields.of(data, f"{where}: baseline", keys, "a mapping with " + " and/or ".join(keys))
    value = fields.number("value") if "value" in keys else None
    return Baseline(_scaled(value, factor), fields.period("period"))


def region_of(given: str, where: str) -> tuple[str, str]:
    """(name, code) of a region given by name or 6-digit code, through the gazetteer."""
    from zhibiao.extract.regions import Gazetteer  # loaded on first use: it is large

    gaz = Gazetteer.load()
    if given.isdigit():
        found = gaz.by_code(given)
        if found is None:
            raise PlanError(f"{where}: 'region' code {given!r} is not in the gazetteer")
        return found.name, found.code
    candidates = gaz.candidates(given)
    if not candidates:
        raise PlanError(f"{where}: 'region' {given!r} is not a region zhibiao knows "
                        "(write its full name, 江西省 or 赣州市, or its 6-digit code)")
    if len(candidates) > 1:
        named = "; ".join(f"{r.code} ({''.join(a.name for a in reversed(gaz.ancestors(r.code)) if a.level)}{r.name})"
                          for r in candidates)
        raise PlanError(f"{where}: 'region' {given!r} names several regions: {named}; give the code")
    return candidates[0].name, candidates[0].code


def parse_plan(data: Any, source: str = "<plan>", text: str = "") -> Plan:
    """A declared plan from its YAML mapping; PlanError names what is wrong."""
    plan_fields = _Fields.of(data, source, PLAN_KEYS, "a mapping with name, region and targets")
    name = plan_fields.text("name", required=True) or ""
    region, code = region_of(plan_fields.text("region", required=True, codes=True) or "", source)
    base = _baseline(plan_fields.data.get("baseline"), source, 1.0, keys=("period",))
    plan = Plan(name, region, code, True, plan_fields.texts("aliases"), base)
    items = plan_fields.data.get("targets")
    if not isinstance(items, list) or not items:
        raise plan_fields.fail("targets", "a list of targets")
    for i, item in enumerate(items, 1):
        plan.targets.append(_target(item, f"{source}: target {i}", plan, Path(source).stem, text))
    return plan


def _target(item: Any, where: str, plan: Plan, doc_id: str, text: str) -> TrackedTarget:
    fields = _Fields.of(item, where, TARGET_KEYS, "a mapping with indicator, measure, value and unit")
    indicator = fields.text("indicator", required=True) or ""
    measure = fields.choice("measure", MEASURES, default="level") or "level"
    unit, factor = _unit(fields, measure)
    value, value_max = fields.number("value"), fields.number("value_max")
    if value is None and measure != "milestone":
        raise fields.fail("value", f"a number: a {measure} target needs one")
    if value is not None and value_max is not None and value_max < value:
        raise PlanError(f"{fields.where}: 'value_max' {value_max:g} is below 'value' {value:g}")
    start, end = _span(text, indicator)
    target = Target(indicator=indicator, measure=measure,  # type: ignore[arg-type]
                    value=_scaled(value, factor), unit=unit,
                    deadline=fields.period("deadline"), start=start, end=end, plan=plan.name,
                    subject=plan.region, subject_code=plan.region_code,
                    value_max=_scaled(value_max, factor),
                    qualifier=fields.choice("qualifier", QUALIFIERS),  # type: ignore[arg-type]
                    per_year=fields.flag("per_year"))
    own = _baseline(item.get("baseline"), fields.where, factor)
    if own is not None and own.period is None and plan.baseline is not None:
        own.period = plan.baseline.period
    source = Source(doc_id, None, start, end, text[start:end], declared=True)
    return TrackedTarget(target, [source], own or plan.baseline)


def _span(text: str, indicator: str) -> tuple[int, int]:
    """The line of the plan file that declares the indicator: the declared target's evidence."""
    at = text.find(indicator)
    if at < 0:
        return 0, 0
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    return line_start, len(text) if line_end < 0 else line_end


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as written: 2025-12-31 is a period, 2025-02-30 a mistake to name."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read_plan_file(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(f"{path}: cannot read the plan file ({exc})") from None


def plan_from_text(text: str, source: str = "<plan>") -> Plan:
    """A declared plan from the text of a plan file; ``source`` names it in errors."""
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError as exc:
        raise PlanError(f"{source}: not valid YAML ({' '.join(str(exc).split())})") from None
    return parse_plan(data, source, text)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a declared plan file."""
    return plan_from_text(read_plan_file(path), str(path))
