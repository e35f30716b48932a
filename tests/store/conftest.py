"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL comes from $ZHIBIAO_TEST_PG (.ci/run starts one). Without it the PostgreSQL
cases skip locally, but fail in CI (CI=true), where a skipped database is a silent gap.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import reset_pg

from zhibiao.store import Store

PG = os.environ.get("ZHIBIAO_TEST_PG")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'zhibiao.db'}"
    if not PG:
        if os.environ.get("CI") == "true":
            pytest.fail("ZHIBIAO_TEST_PG is not set in CI: the PostgreSQL store tests cannot run")
        pytest.skip("PostgreSQL: set ZHIBIAO_TEST_PG to run")
    reset_pg(PG)
    return PG


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s
