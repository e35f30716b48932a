"""Track plans against their targets and flag conflicting figures.

Pure functions over model objects (testable without a database)::

    from zhibiao.track import Observation, evaluate, find_conflicts
    evaluation = evaluate(target, [Observation(fact, published="2024-01-30", doc_id="page")])
    evaluation.status, evaluation.reasoning      # 'behind', 'target … → behind'

Over the database (``zhibiao.store.Store``)::

    from zhibiao.track import add_plan, track_store, conflicts_store
    add_plan(store, "plans/jiangxi-1269.yaml")   # the format: docs/plans.md
    for result in track_store(store, region="江西省"): ...
    alerts.check(store)                          # after an ingest: record status changes
"""

from zhibiao.track import alerts
from zhibiao.track.conflicts import Conflict, find_conflicts
from zhibiao.track.db import add_plan, conflicts_store, load_plans, remove_plan, track_store
from zhibiao.track.evaluate import STATUSES, Baseline, Evaluation, Observation, Status, evaluate, measures
from zhibiao.track.planfile import load_plan, plan_from_text
from zhibiao.track.plans import Plan, TrackedTarget, group
from zhibiao.track.report import PlanResult, TargetResult, track

__all__ = ["STATUSES", "Baseline", "Conflict", "Evaluation", "Observation", "Plan", "PlanResult", "Status",
           "TargetResult", "TrackedTarget", "add_plan", "alerts", "conflicts_store", "evaluate", "find_conflicts",
           "group", "load_plan", "load_plans", "measures", "plan_from_text", "remove_plan", "track",
           "track_store"]
