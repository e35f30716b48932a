"""A killed ingest resumes cleanly: SIGKILL half-way, run again, no duplicate, no orphan."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from store_helpers import reset_pg, write_corpus

import zhibiao
from zhibiao.ingest import read
from zhibiao.store import Store

ORPHANS = {
    "facts without document": "SELECT COUNT(*) FROM facts WHERE document_id NOT IN (SELECT id FROM documents)",
    "targets without document": "SELECT COUNT(*) FROM targets WHERE document_id NOT IN (SELECT id FROM documents)",
    "articles without document": "SELECT COUNT(*) FROM articles WHERE document_id NOT IN (SELECT id FROM documents)",
    "mentions without document":
        "SELECT COUNT(*) FROM entity_mentions WHERE document_id NOT IN (SELECT id FROM documents)",
    "mentions without entity": "SELECT COUNT(*) FROM entity_mentions WHERE entity_id NOT IN (SELECT id FROM entities)",
    "entities without mention": "SELECT COUNT(*) FROM entities WHERE id NOT IN (SELECT entity_id FROM entity_mentions)",
    "undeclared plans without target":
        "SELECT COUNT(*) FROM plans WHERE NOT declared AND id NOT IN "
        "(SELECT plan_id FROM targets WHERE plan_id IS NOT NULL)",
    "duplicate paths": "SELECT COUNT(*) - COUNT(DISTINCT path) FROM documents",
    "duplicate contents": "SELECT COUNT(*) - COUNT(DISTINCT content_hash) FROM documents",
}


def _ingest(folder: Path, url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "zhibiao", "ingest", str(folder), "--db", url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _documents(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM documents")).scalar_one())
    except Exception:  # not created yet, or locked by the migration
        return 0
    finally:
        engine.dispose()


def _kill_half_way(folder: Path, url: str, n: int) -> int:
    """Start an ingest, SIGKILL it once some but not all documents are in; returns how many were."""
    proc = _ingest(folder, url)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            done = _documents(url)
            if done >= n // 10:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                return done
            time.sleep(0.005)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return n


def test_sigkill_half_way_then_resume(db_url: str, tmp_path: Path) -> None:
    n = 200
    for pad in (200, 1000, 4000):  # bigger documents if the machine outran the kill
        if db_url.startswith("postgresql"):
            reset_pg(db_url)
        else:
            db_url = f"sqlite:///{tmp_path / f'kill{pad}.db'}"
        folder = tmp_path / f"in{pad}"
        paths = write_corpus(folder, n, pad=pad)
        done = _kill_half_way(folder, db_url, n)
        if 0 < done < n:
            break
    else:
        pytest.fail("the ingest finished before it could be killed")
    assert _documents(db_url) < n

    proc = _ingest(folder, db_url)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    summary = out.decode().strip().splitlines()[-1]
    new = int(summary.split(": ")[1].split(" new")[0])
    assert summary.endswith("0 replaced, 0 failed") and 0 < new <= n - done + 1

    with Store(db_url) as store:
        counts = store.counts()
        assert counts["documents"] == n
        facts = sum(len(zhibiao.extract(read(p).text, doc_id=p.stem).facts) for p in paths)
        assert counts["facts"] == facts
        with store.connect() as conn:
            found = {name: conn.execute(text(sql)).scalar_one() for name, sql in ORPHANS.items()}
        assert found == dict.fromkeys(ORPHANS, 0)
        again = store.ingest_paths([folder])
        assert (again.new, again.unchanged, again.replaced) == (0, n, 0)
        assert store.counts() == counts
