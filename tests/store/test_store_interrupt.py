"""Ctrl-C during ingest: a one-line message with how far it got, exit code 130, and the
same command again resumes (what was stored is unchanged)."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_helpers import write_corpus

import zhibiao

SRC = str(Path(zhibiao.__file__).resolve().parents[1])
N = 400


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created or not migrated yet
        return 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigint_says_how_far_it_got_and_the_next_run_resumes(jobs: str, tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", N, pad=40)
    db = tmp_path / "z.db"
    command = [sys.executable, "-m", "zhibiao", "ingest", str(tmp_path / "in"), "--jobs", jobs, "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while _stored(db) < 3 and proc.poll() is None:  # interrupt once it is under way
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the ingest finished before the interrupt arrived")
    assert proc.returncode == 130, err
    m = re.fullmatch(r"zhibiao: error: interrupted after (\d+) documents; run the same command again to resume\n",
                     err)
    assert m is not None, err
    assert out == "" and "Traceback" not in err
    stored = _stored(db)
    assert 0 < stored < N
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{N} files: {N - stored} new, {stored} unchanged, 0 replaced, 0 failed\n"
