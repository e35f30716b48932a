"""The tracker over the database: declared plans in, plans and conflicts out.

A declared plan file is stored like a document (doc_id ``plan:<stem>``, its text the
YAML) whose targets have spans into the file, so every tracked target keeps evidence;
the plan row is marked declared, with the baselines as JSON in ``plans.baseline``.
Reading turns rows back into model objects and calls the pure functions of
``evaluate``, ``conflicts`` and ``plans``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

from zhibiao.errors import PlanError
from zhibiao.extract.indicators import indicator_key
from zhibiao.model import Document, Fact, Target
from zhibiao.store import Store, query
from zhibiao.store import regions as reg
from zhibiao.store.schema import facts, targets
from zhibiao.track.conflicts import Conflict, find_conflicts
from zhibiao.track.evaluate import Baseline, Observation
from zhibiao.track.planfile import plan_from_text, read_plan_file
from zhibiao.track.plans import DECLARED, Plan, Source, TrackedTarget, group, plan_file, plan_norm, target_key
from zhibiao.track.report import PlanResult, track


def _baseline_json(plan: Plan) -> str:
    per_target = {"|".join(map(str, target_key(t.target))): {"value": t.baseline.value, "period": t.baseline.period}
                  for t in plan.targets if t.baseline is not None}
    return json.dumps({"period": plan.baseline.period if plan.baseline else None,
                       "value": plan.baseline.value if plan.baseline else None,
                       "aliases": plan.aliases, "targets": per_target}, ensure_ascii=False)


def add_plan(store: Store, path: str | Path | None = None, *, text: str | None = None,
             name: str | None = None) -> Plan:
    """Declare a plan from a YAML file (or its text, ``name`` naming it); adding it again
    replaces it. The format is in docs/plans.md; a mistake raises PlanError."""
    if text is None:
        if path is None:
            raise PlanError("add_plan: give a path or the text of a plan file")
        text = read_plan_file(path)
    source = str(path or name or "<plan>")
    plan = plan_from_text(text, source)
    doc = Document(id=f"{DECLARED}{Path(source).stem}", text=text, title=plan.name,
                   targets=[t.target for t in plan.targets])
    store.ingest_document(doc, path=_document_path(plan))
    store.upsert_plan(plan.name, subject=plan.region, subject_code=plan.region_code, declared=True,
                      baseline=_baseline_json(plan))
    return plan


def _document_path(plan: Plan) -> str:
    """The stored path of the plan file: one per plan and region, so adding again replaces."""
    return f"{DECLARED}{plan.name}|{plan.region_code or ''}"


def remove_plan(store: Store, name: str) -> Plan:
    """Undeclare the declared plan named ``name`` (its name, an alias or its file's name).

    Its declared targets go; targets read from texts stay, in the plans their texts name.
    """
    declared = [p for p in load_plans(store) if p.declared]
    wanted = plan_norm(name)
    names = {id(p): {plan_norm(n) for n in (p.name, *p.aliases, plan_file(p) or "")} for p in declared}
    found = [p for p in declared if wanted in names[id(p)]] or \
        [p for p in declared if any(wanted and wanted in n for n in names[id(p)])]
    if not found:
        known = ", ".join(p.name for p in declared) or "none"
        raise PlanError(f"no declared plan is named {name!r} (declared plans: {known})")
    if len(found) > 1:
        raise PlanError(f"{name!r} names {len(found)} declared plans: {'; '.join(p.name for p in found)}; "
                        "give the full name")
    plan = found[0]
    store.remove_plan(plan.name, subject_code=plan.region_code, document_path=_document_path(plan))
    return plan


Row = Mapping[Any, Any]  # a dict or SQLAlchemy's RowMapping


def _rows(store: Store, kind: str, keys: Collection[str] | None = None, region: str | None = None,
          ) -> Iterator[Row]:
    """Facts or targets row by row, only those of these indicator keys when given: the
    tracker runs over the whole database after every ingest, and holding every row at once
    cost more memory than the largest document (a 50 MB text stores half a million facts)."""
    table = facts if kind == "facts" else targets
    # A short key list is an indexed IN; a long one is filtered here (bounded IN lists).
    where = [table.c.indicator_key.in_(sorted(keys))] if keys is not None and len(keys) <= 500 else []
    with store.connect() as conn:
        for row in query.stream(conn, kind, *where, columns=_COLUMNS[kind], region=region):
            if keys is None or row["indicator_key"] in keys:
                yield row


# What _target, observation and load_plans read: the other columns (title, source) are a
# string per row that nothing here uses.
_COLUMNS = {
    "targets": ("document", "published", "document_id", "plan_id", "plan", "subject", "subject_code", "indicator",
                "indicator_key", "measure", "value", "value_max", "unit", "qualifier", "per_year", "deadline",
                "evidence", "start", "end"),
    "facts": ("document", "published", "subject", "subject_code", "indicator", "indicator_key", "measure", "value",
              "value_max", "unit", "qualifier", "period", "basis", "evidence", "start", "end"),
}


def _target(row: Row) -> Target:
    return Target(indicator=row["indicator"], measure=row["measure"], value=row["value"], unit=row["unit"],
                  deadline=row["deadline"], start=row["start"], end=row["end"], plan=row["plan"],
                  subject=row["subject"], subject_code=row["subject_code"], value_max=row["value_max"],
                  qualifier=row["qualifier"], per_year=bool(row["per_year"]))


def observation(row: Row) -> Observation:
    fact = Fact(indicator=row["indicator"], measure=row["measure"], value=row["value"], unit=row["unit"],
                period=row["period"], start=row["start"], end=row["end"], subject=row["subject"],
                subject_code=row["subject_code"], value_max=row["value_max"], basis=row["basis"],
                qualifier=row["qualifier"])
    return Observation(fact, row["published"], row["document"], row["evidence"])


def _source(row: Row) -> Source:
    return Source(row["document"], row["published"], row["start"], row["end"], row["evidence"] or "",
                  declared=str(row["document"]).startswith(DECLARED))


def load_plans(store: Store) -> list[Plan]:
    """Declared and extracted plans with their targets, linked."""
    # Each row becomes its target and source as it is read (the rows are never all held).
    rows = sorted((((r["published"] or "", r["document_id"], r["start"]), r["plan_id"], _target(r), _source(r))
                   for r in _rows(store, "targets")), key=lambda e: e[0])
    declared_rows = {p["id"]: p for p in store.plans() if p["declared"]}
    declared: dict[int, Plan] = {}
    extracted: list[tuple[Target, Source]] = []
    for _order, plan_id, target, source in rows:
        if not source.declared or plan_id not in declared_rows:
            extracted.append((target, source))
            continue
        meta = json.loads(declared_rows[plan_id]["baseline"] or "{}")
        plan = declared.get(plan_id)
        if plan is None:
            p = declared_rows[plan_id]
            base = Baseline(meta.get("value"), meta.get("period")) if meta.get("period") else None
            plan = declared[plan_id] = Plan(p["name"], p["subject"], p["subject_code"], True,
                                            list(meta.get("aliases") or []), base)
        own = (meta.get("targets") or {}).get("|".join(map(str, target_key(target))))
        plan.targets.append(TrackedTarget(target, [source], Baseline(own["value"], own["period"])
                                          if own else plan.baseline))
    return group(extracted, declared.values())


def _matches(plan: Plan, name: str | None, code: str | None, region: str | None) -> bool:
    if name and not any(plan_norm(name) in plan_norm(n) for n in (plan.name, *plan.aliases)):
        return False
    if region:
        if code and plan.region_code:
            return plan.region_code.startswith(reg.prefix(code)) or code == reg.CHINA
        return plan.region == region
    return True


def _region_code(store: Store, region: str | None) -> str | None:
    if not region:
        return None
    with store.connect() as conn:
        return reg.resolve(conn, region)


def track_store(store: Store, *, plan: str | None = None, region: str | None = None) -> list[PlanResult]:
    """Every plan (or those matching ``plan`` / ``region``) with each target judged."""
    code = _region_code(store, region)
    plans = [p for p in load_plans(store) if _matches(p, plan, code, region)]
    if plan and not plans:
        raise PlanError(f"no plan matches {plan!r} (zhibiao track lists them all)")
    wanted = [tt.target for p in plans for tt in p.targets]
    # Only the facts that can measure a target are read: a database of every figure is large.
    rows = store.facts_measuring({k for t in wanted if (k := indicator_key(t.indicator))},
                                 {t.subject_code for t in wanted if t.subject_code}, {t.subject for t in wanted})
    return track(plans, [observation(r) for r in rows])


def conflicts_store(store: Store, *, region: str | None = None) -> list[Conflict]:
    """Figures that documents report differently (see track.conflicts)."""
    return find_conflicts(observation(r) for r in store.conflict_candidates(region))
