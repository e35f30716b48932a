"""Supervision alerts: an ingest that changes a target's status records one alert; nothing else does.

The documents are invented for these tests.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.errors import StoreError
from zhibiao.model import Document, Fact, Target
from zhibiao.store import Store
from zhibiao.track import alerts

PLAN = """湖南省人民政府关于印发《湖南省软件产业振兴行动计划（2023—2025年）》的通知
发布日期：2023-03-15
《湖南省软件产业振兴行动计划（2023—2025年）》提出，到2025年，全省软件业务收入年均增长12%以上。
"""
PROGRESS = """湖南软件产业运行情况通报
发布日期：2024-02-10
2023年，湖南省软件业务收入增长4.2%，增速低于计划要求。
"""

runner = CliRunner()


def _zhibiao(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_later_document_putting_a_target_behind_raises_one_alert(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "progress.txt").write_text(PROGRESS, encoding="utf-8")
    code, _, err = _zhibiao("ingest", str(tmp_path / "plan.txt"), "--db", db, "--jobs", "1")
    assert code == 0 and "alert" not in err  # a new target's first verdict is no news
    code, _, err = _zhibiao("ingest", str(tmp_path / "progress.txt"), "--db", db, "--jobs", "1")
    assert code == 0 and "no_data → behind" in err
    for extra in ([], ["--force"]):  # the same content again: unchanged, or replaced by itself
        code, _, err = _zhibiao("ingest", str(tmp_path / "progress.txt"), str(tmp_path / "plan.txt"),
                                "--db", db, "--jobs", "1", *extra)
        assert code == 0 and "alert" not in err
    code, out, _ = _zhibiao("alerts", "--db", db, "--format", "json")
    assert code == 0
    [alert] = json.loads(out)
    assert (alert["old_status"], alert["new_status"], alert["doc_id"]) == ("no_data", "behind", "progress")
    assert alert["plan"].startswith("湖南省软件产业振兴行动计划") and alert["subject_code"] == "430000"
    assert alert["value"] == 4.2 and alert["unit"] == "%" and alert["period"] == "2023"
    with Store(db, read_only=True) as store:
        [doc] = store.query("documents", search="运行情况通报")
        assert store.document_text(doc["id"])[alert["start"]:alert["end"]] == alert["evidence"]
    code, out, _ = _zhibiao("alerts", "--db", db)
    assert code == 0 and "Alerts: 1" in out and "behind" in out


def _doc(doc_id: str, published: str, facts: list[Fact], targets: list[Target]) -> Document:
    return Document(doc_id, doc_id + "。" + "文" * 100, published, facts=facts, targets=targets)


HN = {"subject": "湖南省", "subject_code": "430000"}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 't.db'}")
    target = Target("外贸进出口总额", "level", 8000e8, "元", "2024", 0, 10, plan="外贸倍增计划", **HN)
    s.ingest_document(_doc("plan", "2023-02-01", [], [target]), path="plan")
    return s


def _level(doc_id: str, published: str, value: float, period: str) -> Document:
    fact = Fact("外贸进出口总额", "level", value, "元", period, 3, 12, **HN)  # type: ignore[arg-type]
    return _doc(doc_id, published, [fact], [])


def test_every_change_is_recorded_once_with_its_figure(store: Store) -> None:
    assert alerts.check(store) == []  # first sight: the status is recorded, not announced
    assert alerts.check(store) == []
    store.ingest_document(_level("year-end", "2025-01-20", 8600e8, "2024"), path="year-end")
    [met] = alerts.check(store, now=datetime(2025, 1, 21, tzinfo=UTC))
    assert (met.old_status, met.new_status, met.doc_id, met.start, met.end) == ("no_data", "met", "year-end", 3, 12)
    assert met.created_at.startswith("2025-01-21") and met.id is not None
    store.ingest_document(_level("revised", "2025-03-01", 7000e8, "2024"), path="year-end")  # a new version
    [missed] = alerts.check(store, now=datetime(2025, 3, 2, tzinfo=UTC))
    assert (missed.old_status, missed.new_status, missed.doc_id) == ("met", "missed", "revised")
    assert alerts.check(store) == []
    assert [a.new_status for a in alerts.list_alerts(store)] == ["missed", "met"]  # newest first
    assert [a.new_status for a in alerts.list_alerts(store, since="2025-02-01")] == ["missed"]
    assert alerts.count_alerts(store, since="2025-01-01") == 2
    assert alerts.list_alerts(store, limit=1, offset=1)[0].new_status == "met"


@pytest.mark.parametrize("since", ["2025-02-30", "yesterday", "2025-1-1", "2025-01-01' OR 1=1"])
def test_bad_since_is_a_clear_error(store: Store, since: str) -> None:
    with pytest.raises(StoreError, match="--since"):
        alerts.list_alerts(store, since=since)
