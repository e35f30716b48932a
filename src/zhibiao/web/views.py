"""What each page shows, as plain data: the JSON twin returns it, the page renders it.

Thin over the Python API (Store queries, the tracker, alerts): no SQL and no judging here.
"""

from __future__ import annotations

import csv
import io
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar, cast
from weakref import WeakKeyDictionary

from zhibiao.extract.indicators import indicator_key
from zhibiao.store import Store
from zhibiao.track import alerts, conflicts_store, track_store
from zhibiao.track.conflicts import Conflict
from zhibiao.track.periods import end_of
from zhibiao.track.report import PlanResult, conflict_dict
from zhibiao.track.words import amount

STATUS_LABELS = {"met": "已完成", "on_track": "进度正常", "behind": "滞后", "missed": "未完成", "no_data": "无数据"}
KIND_LABELS = {"communique": "统计公报", "report": "工作报告", "plan": "规划方案", "notice": "通报", "news": "新闻",
               "page": "报纸版面", "other": "其他"}
MEASURE_LABELS = {"level": "数值", "growth": "增长", "change": "变化", "rank": "位次", "milestone": "节点"}


T = TypeVar("T")


class Memo:
    """What is computed from every figure (the tracker's verdicts, the conflicts), kept until
    the store's version changes: computing it reads the whole database, the version a few
    index entries. One computation at a time: concurrent requests wait for it and share it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._version: tuple[Any, ...] | None = None
        self._values: dict[tuple[Any, ...], Any] = {}

    def get(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        version = self.store.version()
        with self._lock:
            if version != self._version:
                self._version, self._values = version, {}
            if key not in self._values:
                if len(self._values) >= 64:  # one entry per region asked for: bounded
                    self._values.clear()
                self._values[key] = compute()
            return cast(T, self._values[key])


_MEMOS: WeakKeyDictionary[Store, Memo] = WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def _memo(store: Store) -> Memo:
    with _MEMOS_LOCK:
        if store not in _MEMOS:
            _MEMOS[store] = Memo(store)
        return _MEMOS[store]


def tracked(store: Store, region: str | None = None) -> list[PlanResult]:
    """track_store(store, region=region), computed once per change of the database."""
    return _memo(store).get(("plans", region), lambda: track_store(store, region=region))


def conflicting(store: Store, region: str | None = None) -> list[Conflict]:
    """conflicts_store(store, region=region), computed once per change of the database."""
    return _memo(store).get(("conflicts", region), lambda: conflicts_store(store, region=region))


def page_info(total: int, page: int, per_page: int) -> dict[str, int]:
    return {"total": total, "page": page, "per_page": per_page, "pages": max(1, -(-total // per_page))}


def overview(store: Store) -> dict[str, Any]:
    total = store.count("documents")
    latest = store.query("documents", limit=5, offset=max(0, total - 5))[::-1]
    results = tracked(store)
    by_status: Counter[str] = Counter(t.evaluation.status for r in results for t in r.targets)
    plans = [{"plan": r.plan.name, "region": r.plan.region, "targets": len(r.targets),
              "statuses": dict(Counter(t.evaluation.status for t in r.targets))} for r in results]
    return {"counts": store.counts(), "latest_documents": latest,
            "latest_alerts": [a.to_dict() for a in alerts.list_alerts(store, limit=5)],
            "statuses": {s: by_status.get(s, 0) for s in STATUS_LABELS}, "plans": plans}


def documents(store: Store, *, q: str | None, region: str | None, year: str | None, kind: str | None,
              page: int, per_page: int) -> dict[str, Any]:
    filters = {"search": q, "region": region, "period": year, "document_kind": kind}
    total = store.count("documents", **filters)
    rows = store.query("documents", limit=per_page, offset=(page - 1) * per_page, **filters)
    return {"filters": {"q": q, "region": region, "year": year, "kind": kind}, **page_info(total, page, per_page),
            "documents": rows}


def _reading(item: dict[str, Any]) -> str:
    return amount(item["value"], item["unit"]) if item.get("value") is not None else ""


def document(store: Store, pk: int) -> dict[str, Any]:
    doc = store.document(pk)
    for kind in ("facts", "targets"):
        for item in doc[kind]:
            item["reading"] = _reading(item)
    return doc


def _link(pks: dict[str, int], doc_id: str | None, start: int | None, end: int | None) -> str | None:
    pk = pks.get(doc_id or "")
    return None if pk is None else f"/documents/{pk}#span-{start}-{end}"


def plans(store: Store, *, region: str | None) -> dict[str, Any]:
    if region is not None:
        store.region_code(region)  # an unknown region is a mistake to report, not "no plans"
    results = [r.to_dict() for r in tracked(store, region)]
    pks = store.document_pks({s["doc_id"] for r in results for t in r["targets"] for s in t["sources"]}
                             | {t["observed"]["doc_id"] for r in results for t in r["targets"] if t["observed"]})
    for r in results:
        for t in r["targets"]:
            t["progress"] = progress(t["value"], t["required"], t["status"])
            for s in t["sources"]:
                s["link"] = _link(pks, s["doc_id"], s["start"], s["end"])
            if t["observed"]:
                o = t["observed"]
                o["link"] = _link(pks, o["doc_id"], o["start"], o["end"])
    return {"filters": {"region": region}, "plans": results}


def progress(value: float | None, required: float | None, status: str) -> float | None:
    """How far the observed figure is along what the target requires by now, 0–1 (None: unknown)."""
    if status == "met":
        return 1.0
    if value is None or not required:
        return None
    return max(0.0, min(1.0, value / required))


def conflicts(store: Store, *, region: str | None, page: int, per_page: int) -> dict[str, Any]:
    every = conflicting(store, region)
    found = [conflict_dict(c) for c in every[(page - 1) * per_page:page * per_page]]
    pks = store.document_pks({s["doc_id"] for c in found for s in c["sources"]})
    for c in found:
        for s in c["sources"]:
            s["link"] = _link(pks, s["doc_id"], s["start"], s["end"])
            s["reading"] = _reading(s)
    return {"filters": {"region": region}, **page_info(len(every), page, per_page), "conflicts": found}


def alert_list(store: Store, *, since: str | None, page: int, per_page: int) -> dict[str, Any]:
    total = alerts.count_alerts(store, since=since)
    found = [a.to_dict() for a in alerts.list_alerts(store, since=since, limit=per_page,
                                                      offset=(page - 1) * per_page)]
    pks = store.document_pks({a["doc_id"] for a in found})
    for a in found:
        a["link"] = _link(pks, a["doc_id"], a["start"], a["end"])
    return {"filters": {"since": since}, **page_info(total, page, per_page), "alerts": found}


SERIES_COLUMNS = ("region", "subject_code", "indicator_key", "measure", "period", "value", "unit", "basis",
                  "document", "published", "evidence", "link")


def series_csv(store: Store, *, regions: list[str], indicator: str | None, measure: str | None) -> str:
    """The series shown, as CSV: a long series is thousands of rows, so it is made once per
    change of the database."""
    def compute() -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(SERIES_COLUMNS)
        for s in series(store, regions=regions, indicator=indicator, measure=measure)["series"]:
            writer.writerows([[p[c] for c in SERIES_COLUMNS] for p in s["points"]])
        return out.getvalue()
    return _memo(store).get(("series.csv", tuple(regions), indicator, measure), compute)


def series(store: Store, *, regions: list[str], indicator: str | None, measure: str | None) -> dict[str, Any]:
    """Points of an indicator for each region, one line per (region, measure, unit)."""
    points: list[dict[str, Any]] = []
    key = indicator_key(indicator) if indicator else None
    if indicator:
        for region in regions or [None]:  # type: ignore[list-item]
            rows = store.facts(region=region, indicator=indicator, measure=measure)
            # The store also matches longer keys (工业增加值 finds 规模以上工业增加值); a
            # series is one indicator, so the exact key wins when it has figures.
            if any(r["indicator_key"] == key for r in rows):
                rows = [r for r in rows if r["indicator_key"] == key]
            for r in rows:
                if r["value"] is None or (x := end_of(r["period"])) is None:
                    continue
                points.append({**{c: r.get(c) for c in SERIES_COLUMNS},
                               "region": r["region"] or r["subject"] or region, "x": x,
                               "link": f"/documents/{r['document_id']}#fact-{r['id']}"})
    lines: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for p in sorted(points, key=lambda p: p["x"]):
        lines.setdefault((p["region"] or "", p["indicator_key"], p["measure"], p["unit"] or ""), []).append(p)
    return {"filters": {"region": regions, "indicator": indicator, "measure": measure},
            "series": [{"region": k[0], "indicator_key": k[1], "measure": k[2], "unit": k[3], "points": v}
                       for k, v in lines.items()],
            "indicators": store.indicator_counts() if not indicator else []}
