"""The tracker's result: every plan with each target judged, as data, JSON and Rich tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.table import Table

from zhibiao.extract.indicators import indicator_key
from zhibiao.model import _num
from zhibiao.track.conflicts import Conflict
from zhibiao.track.evaluate import Evaluation, Observation, describe, evaluate, same_subject
from zhibiao.track.periods import end_of
from zhibiao.track.plans import Plan, TrackedTarget, plan_file
from zhibiao.track.words import amount

_STYLE = {"met": "green", "on_track": "cyan", "behind": "yellow", "missed": "red", "no_data": "dim"}


@dataclass(slots=True)
class TargetResult:
    tracked: TrackedTarget
    evaluation: Evaluation

    def to_dict(self) -> dict[str, Any]:
        t, e = self.tracked.target, self.evaluation
        obs = e.observed
        return {
            "target": describe(t), "indicator_key": indicator_key(t.indicator), **t.to_dict(),
            "status": e.status, "reasoning": e.reasoning,
            "value": _num(e.value), "required": _num(e.required), "observations": e.observations,
            "observed": None if obs is None else {"doc_id": obs.doc_id, "published": obs.published,
                                                  **obs.fact.to_dict()},
            "sources": [{"doc_id": s.doc_id, "published": s.published, "start": s.start, "end": s.end,
                         "declared": s.declared} for s in self.tracked.sources],
        }


@dataclass(slots=True)
class PlanResult:
    plan: Plan
    targets: list[TargetResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        p = self.plan
        return {"plan": p.name, "aliases": p.aliases, "region": p.region, "region_code": p.region_code,
                "declared": p.declared, "targets": [t.to_dict() for t in self.targets]}


def track(plans: Sequence[Plan], observations: Sequence[Observation]) -> list[PlanResult]:
    """Judge every target of every plan against the observations (pure: no database)."""
    # A figure measures a target only under the same indicator key (evaluate.measures):
    # each target is shown those figures, not every figure (targets x figures was most of
    # an ingest's tracking).
    by_key: dict[str, list[Observation]] = {}
    for o in observations:
        key = indicator_key(o.fact.indicator)
        if key:
            by_key.setdefault(key, []).append(o)
    # And only those of its subject (evaluate.same_subject), picked once for all the targets
    # of one subject and indicator.
    shown: dict[tuple[str, str | None, str | None], list[Observation]] = {}
    results = []
    for plan in plans:
        result = PlanResult(plan)
        for tt in plan.targets:
            published = [s.published for s in tt.sources if s.published]
            start = end_of(min(published)) if published else None
            baseline = tt.baseline or plan.start_baseline
            target = tt.target
            key = indicator_key(target.indicator) or ""
            who = (key, target.subject_code, target.subject)
            if who not in shown:
                shown[who] = [o for o in by_key.get(key, []) if same_subject(target, o.fact)]
            result.targets.append(TargetResult(tt, evaluate(target, shown[who], baseline=baseline, start=start)))
        results.append(result)
    return results


def plan_tables(results: Sequence[PlanResult]) -> list[Table]:
    """One table per plan: target, status, reasoning, where the target was read."""
    tables = []
    for r in results:
        p = r.plan
        kind = "declared plan" if p.declared else "plan"
        table = Table(title=f"{kind}: {p.name} ({p.region or 'region unknown'})", show_lines=True)
        for col, ratio in (("target", 2), ("status", 1), ("reasoning", 5), ("sources", 2)):
            table.add_column(col, overflow="fold", ratio=ratio)
        for t in r.targets:
            status = t.evaluation.status
            sources = ", ".join(dict.fromkeys(s.doc_id for s in t.tracked.sources))
            table.add_row(describe(t.tracked.target), f"[{_STYLE[status]}]{status}[/]",
                          t.evaluation.reasoning, sources)
        tables.append(table)
    return tables


def plan_summary(plan: Plan) -> dict[str, Any]:
    """A plan without its verdicts: what ``plans list`` shows."""
    read_in = dict.fromkeys(s.doc_id for t in plan.targets for s in t.sources if not s.declared)
    return {"plan": plan.name, "aliases": plan.aliases, "region": plan.region, "region_code": plan.region_code,
            "declared": plan.declared, "file": plan_file(plan), "targets": len(plan.targets),
            "documents": list(read_in)}


def plans_table(plans: Sequence[Plan]) -> Table:
    table = Table(title=f"Plans: {len(plans)}")
    for col in ("plan", "region", "declared in", "targets", "read in"):
        table.add_column(col, overflow="fold")
    for p in map(plan_summary, plans):
        table.add_row(p["plan"], p["region"] or "", p["file"] or "", str(p["targets"]), ", ".join(p["documents"]))
    return table


def conflicts_table(conflicts: Sequence[Conflict]) -> Table:
    table = Table(title=f"Conflicting figures: {len(conflicts)}", show_lines=True)
    for col in ("subject", "indicator", "period", "value A", "source A", "value B", "source B"):
        table.add_column(col, overflow="fold")
    for c in conflicts:
        a, b = c.a, c.b
        table.add_row(c.subject, f"{c.indicator} ({c.measure})", c.period or "",
                      _value(a), _where(a), _value(b), _where(b))
    return table


def _value(o: Observation) -> str:
    return amount(o.fact.value, o.fact.unit)


def _where(o: Observation) -> str:
    evidence = f": {o.evidence}" if o.evidence else ""
    return f"{o.doc_id} [{o.fact.start}:{o.fact.end}]{evidence}"


def conflict_dict(c: Conflict) -> dict[str, Any]:
    return {"subject": c.subject, "indicator_key": c.indicator, "period": c.period, "measure": c.measure,
            "sources": [{"doc_id": o.doc_id, "published": o.published, "evidence": o.evidence,
                         **o.fact.to_dict()} for o in (c.a, c.b)]}
