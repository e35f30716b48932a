"""Two ingests at once, as two real processes, into a new database (SQLite; PostgreSQL in
CI): one migrates, the other waits for it; a document the other process stored meanwhile
counts as unchanged, neither as replaced nor as an error."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from store_helpers import write_corpus

import zhibiao
from zhibiao.store import Store

SRC = str(Path(zhibiao.__file__).resolve().parents[1])
# Each process imports zhibiao, says it is ready, then waits for the file `go`, so that
# they open the new database within a millisecond of each other.
START = ("import os, sys, time\n"
         "from zhibiao.cli import main\n"
         "open(sys.argv[1] + f'.ready.{os.getpid()}', 'w').close()\n"
         "while not os.path.exists(sys.argv[1]): time.sleep(0.001)\n"
         "sys.argv = ['zhibiao', *sys.argv[2:]]\n"
         "main()\n")


def _ingest_together(tmp_path: Path, db: str, corpus: Path, n: int = 2) -> list[subprocess.CompletedProcess[str]]:
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    procs = [subprocess.Popen([sys.executable, "-c", START, str(go), "ingest", str(corpus), "--jobs", "1",
                               "--db", db], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(n)]
    while len(list(tmp_path.glob("go.ready.*"))) < n and all(p.poll() is None for p in procs):
        time.sleep(0.01)
    go.touch()
    done = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return done


def test_two_ingests_into_a_new_database(db_url: str, tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 12)
    runs = _ingest_together(tmp_path, db_url, tmp_path / "in")
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert run.stderr == ""
    summaries = [run.stdout.strip() for run in runs]
    new = [int(s.split(": ")[1].split(" new")[0]) for s in summaries]
    assert sum(new) == 12, summaries  # every document stored once, by one of them
    assert all(s.endswith(" 0 replaced, 0 failed") for s in summaries), summaries
    with Store(db_url, read_only=True) as store:
        assert store.counts()["documents"] == 12
