"""Ingest against extraction alone, as the commands a user runs, on the same files.

    .venv/bin/python benchmarks/ingest_batch.py [--docs 500] [--chars 1000] [--repeat 3]

Times `zhibiao extract --format jsonl FILES` and `zhibiao ingest FOLDER --jobs 1` (one
process each), then `--jobs 2`, each as a fresh process into a new database file, best of
--repeat runs; and `--jobs 1` again into an empty store made before (what a new database
costs once, its schema's creation and the migration tool's import, left out). Targets:
ingest >= 0.8x the speed of extract; --jobs 2 faster than --jobs 1. Speed is printed,
never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import generate

ROOT = Path(__file__).resolve().parents[1]
ZHIBIAO = [sys.executable, "-m", "zhibiao"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def timed(command: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - t0


def best(repeat: int, command: list[str], before: object = None) -> float:
    times = []
    for i in range(repeat):
        if callable(before):
            before(i)
        times.append(timed(command))
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--chars", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        files = [str(p) for p in generate(folder, args.docs, chars=args.chars)]
        db = Path(tmp) / "z.db"
        empty = Path(tmp) / "empty.db"
        subprocess.run([sys.executable, "-c", f"from zhibiao.store import Store; Store({str(empty)!r}).close()"],
                       check=True, env=ENV)

        def fresh(_i: int) -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)

        def empty_store(i: int) -> None:
            fresh(i)
            shutil.copy(empty, db)

        extract = best(args.repeat, [*ZHIBIAO, "extract", "--format", "jsonl", *files])
        jobs1 = best(args.repeat, [*ZHIBIAO, "ingest", str(folder), "--jobs", "1", "--db", str(db)], fresh)
        jobs2 = best(args.repeat, [*ZHIBIAO, "ingest", str(folder), "--jobs", "2", "--db", str(db)], fresh)
        into_empty = best(args.repeat, [*ZHIBIAO, "ingest", str(folder), "--jobs", "1", "--db", str(db)], empty_store)
        again = best(args.repeat, [*ZHIBIAO, "ingest", str(folder), "--jobs", "1", "--db", str(db)])
    n = args.docs
    ratio = extract / jobs1
    print(f"{n} files of about {args.chars} characters, best of {args.repeat}, each a fresh process")
    print(f"  zhibiao extract --format jsonl   {extract:6.2f} s  {n / extract:7.1f} docs/s")
    print(f"  zhibiao ingest --jobs 1          {jobs1:6.2f} s  {n / jobs1:7.1f} docs/s  = {ratio:.2f}x extract "
          f"({'ok' if ratio >= 0.8 else 'BELOW'} target 0.8x)")
    print(f"  zhibiao ingest --jobs 2          {jobs2:6.2f} s  {n / jobs2:7.1f} docs/s  = {jobs1 / jobs2:.2f}x "
          f"--jobs 1 ({'ok' if jobs2 < jobs1 else 'NOT FASTER'})")
    print(f"  ingest --jobs 1, empty store     {into_empty:6.2f} s  {n / into_empty:7.1f} docs/s  "
          f"= {extract / into_empty:.2f}x extract")
    print(f"  again, all unchanged             {again:6.2f} s  {n / again:7.1f} docs/s")


if __name__ == "__main__":
    main()
