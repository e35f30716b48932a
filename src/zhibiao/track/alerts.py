"""Supervision alerts: a target's status changed after an ingest.

The tracker judges targets on demand, so a change is found by comparing: ``check(store)``
judges every target, compares each status with the one recorded last time (table
``target_statuses``) and records an alert for every difference, naming the figure the new
verdict rests on, with its document and span. A target seen for the first time only
records its status: its first verdict is where watching starts, not news. Because the
comparison is with the recorded state, running ``check`` again, or ingesting the same
content again, raises nothing new.

Whatever writes documents or plans (CLI ingest, plans add/remove, upload, demo) calls
``check`` once afterwards; a batch therefore gives one alert per target for its net change.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from rich.table import Table
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from zhibiao.cycles import without_cycle_collection
from zhibiao.errors import StoreError
from zhibiao.extract.indicators import indicator_key
from zhibiao.store import Store
from zhibiao.store.schema import alerts, target_statuses
from zhibiao.track.db import track_store
from zhibiao.track.evaluate import describe
from zhibiao.track.plans import target_key
from zhibiao.track.report import PlanResult, TargetResult

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True)
class Alert:
    created_at: str
    target_key: str
    plan: str | None
    target: str
    subject: str | None
    subject_code: str | None
    indicator_key: str | None
    old_status: str
    new_status: str
    reasoning: str | None
    doc_id: str | None = None  # the figure the new verdict rests on: its document and span
    published: str | None = None
    value: float | None = None
    unit: str | None = None
    period: str | None = None
    start: int | None = None
    end: int | None = None
    evidence: str | None = None
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        where = f" ({self.doc_id} [{self.start}:{self.end}])" if self.doc_id else ""
        return f"{self.target}: {self.old_status} → {self.new_status}{where}"


def key_of(result: TargetResult) -> str:
    return "|".join(map(str, target_key(result.tracked.target)))


def _alert(plan: PlanResult, result: TargetResult, old: str, when: str) -> Alert:
    t, e = result.tracked.target, result.evaluation
    alert = Alert(when, key_of(result), plan.plan.name, describe(t), t.subject, t.subject_code,
                  indicator_key(t.indicator), old, e.status, e.reasoning)
    if e.observed is not None:
        f = e.observed.fact
        alert.doc_id, alert.published = e.observed.doc_id, e.observed.published
        alert.value, alert.unit, alert.period = f.value, f.unit, f.period
        alert.start, alert.end, alert.evidence = f.start, f.end, e.observed.evidence
    return alert


def check(store: Store, *, now: datetime | None = None) -> list[Alert]:
    """Judge every target, record the alerts for changed statuses and return them."""
    when = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    with without_cycle_collection():
        current = {key_of(t): (p, t) for p in track_store(store) for t in p.targets}
    raised: list[Alert] = []
    with store.transaction() as conn:
        known = {k: s for k, s in conn.execute(select(target_statuses.c.key, target_statuses.c.status))}
        fresh = []
        for key, (plan, result) in current.items():
            status = result.evaluation.status
            old = known.get(key)
            if old is None:
                fresh.append({"key": key, "status": status, "updated_at": when})
            elif old != status:
                raised.append(_alert(plan, result, old, when))
                conn.execute(update(target_statuses).where(target_statuses.c.key == key)
                             .values(status=status, updated_at=when))
        if fresh:
            conn.execute(target_statuses.insert(), fresh)
        for alert in raised:
            row = alert.to_dict()
            del row["id"]
            alert.id = int(conn.execute(alerts.insert().returning(alerts.c.id), [row]).scalar_one())
    return raised


def check_since(since: str | None) -> str | None:
    """A --since date (YYYY-MM-DD), checked."""
    if since is None:
        return None
    since = since.strip()
    try:
        if not _DATE.match(since):
            raise ValueError
        datetime.strptime(since, "%Y-%m-%d")
    except ValueError:
        raise StoreError(f"--since {since[:40]!r}: expected a date like 2024-01-31") from None
    return since


def _since(conn: Connection, since: str | None) -> Any:
    q = select(alerts)
    since = check_since(since)
    if since is not None:
        q = q.where(alerts.c.created_at >= since)
    return q


def list_alerts(store: Store, *, since: str | None = None, limit: int | None = None,
                offset: int = 0) -> list[Alert]:
    """Recorded alerts, newest first; ``since`` a date (YYYY-MM-DD, UTC)."""
    with store.connect() as conn:
        q = _since(conn, since).order_by(alerts.c.id.desc()).offset(max(0, offset))
        if limit is not None:
            q = q.limit(max(0, limit))
        return [Alert(**dict(r._mapping)) for r in conn.execute(q)]


def count_alerts(store: Store, *, since: str | None = None) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(_since(conn, since).subquery())).scalar_one())


def alerts_table(found: list[Alert]) -> Table:
    table = Table(title=f"Alerts: {len(found)}", show_lines=True)
    for col in ("when", "plan", "target", "change", "figure", "source"):
        table.add_column(col, overflow="fold")
    for a in found:
        source = f"{a.doc_id} [{a.start}:{a.end}]" if a.doc_id else ""
        table.add_row(a.created_at, a.plan or "", a.target, f"{a.old_status} → {a.new_status}",
                      a.evidence or "", source)
    return table
