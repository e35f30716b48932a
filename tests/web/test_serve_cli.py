"""``zhibiao serve``: options reach uvicorn, a missing database is the usual one-line error."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from zhibiao.cli import app

runner = CliRunner()


def test_serve_runs_the_app_over_the_database(web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda web, **kwargs: seen.update(app=web, **kwargs))
    result = runner.invoke(app, ["serve", "--db", web_db, "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"]) == ("0.0.0.0", 8123)
    assert "http://0.0.0.0:8123/" in result.stderr
    with TestClient(seen["app"]) as client:
        assert client.get("/api/overview").json()["counts"]["documents"] == 5


def test_workers_each_make_the_app_over_the_same_database(web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda web, **kwargs: seen.update(app=web, **kwargs))
    monkeypatch.delenv("ZHIBIAO_DB", raising=False)
    result = runner.invoke(app, ["serve", "--db", web_db, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert (seen["app"], seen["factory"], seen["workers"]) == ("zhibiao.web:create_app", True, 2)
    assert os.environ["ZHIBIAO_DB"] == web_db


@pytest.mark.parametrize("workers", ["0", "65"])
def test_bad_workers(web_db: str, workers: str) -> None:
    result = runner.invoke(app, ["serve", "--db", web_db, "--workers", workers])
    assert result.exit_code == 2 and result.stderr.startswith("zhibiao: error: --workers")


@pytest.mark.parametrize("port", ["0", "70000"])
def test_bad_port(web_db: str, port: str) -> None:
    result = runner.invoke(app, ["serve", "--db", web_db, "--port", port])
    assert result.exit_code == 2 and result.stderr.startswith("zhibiao: error: --port")


def test_missing_database_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: pytest.fail("must not serve"))
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no zhibiao database" in result.stderr
    assert not (tmp_path / "none.db").exists()
