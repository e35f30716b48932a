"""Bulk load of a batch dataset into SQLite and PostgreSQL: facts per second.

    .venv/bin/python benchmarks/bulk_load.py [--mb 20 | --dataset DIR] [--pg postgresql://…/db] [--repeat 2]

Makes a dataset of a synthetic corpus (benchmarks/corpus.py, `zhibiao batch`, 2 workers)
unless --dataset names one, then loads it into a fresh SQLite file and, with --pg, into
that PostgreSQL database (its tables dropped first: give a throwaway one), best of
--repeat loads each, and once more into the loaded store (everything unchanged).
Target: >= 50 000 facts/s. Speed is printed, never asserted.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from corpus import generate
from sqlalchemy import create_engine, text

from zhibiao.scale import run
from zhibiao.scale.bulk import load_dataset
from zhibiao.store import Store
from zhibiao.store.engine import resolve_url


def load(url: str, dataset: Path, fresh: Callable[[], None], repeat: int) -> tuple[int, float, float]:
    """(facts, best seconds into an empty store, seconds of loading it again)."""
    times = []
    for _ in range(repeat):
        fresh()
        with Store(url) as store:
            t0 = time.perf_counter()
            load_dataset(dataset, store)
            times.append(time.perf_counter() - t0)
    with Store(url) as store:
        t0 = time.perf_counter()
        again = load_dataset(dataset, store)
        seconds = time.perf_counter() - t0
        assert again.new == 0
        return store.counts()["facts"], min(times), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--dataset", type=Path, default=None)
    parser.add_argument("--pg", default=None, help="A throwaway PostgreSQL database: its schema is dropped.")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        dataset = args.dataset
        if dataset is None:
            for _ in generate(tmp / "corpus", megabytes=args.mb):
                pass
            dataset = tmp / "dataset"
            run([tmp / "corpus"], dataset, workers=2)
        db = tmp / "load.db"

        def fresh_sqlite() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)

        targets: list[tuple[str, str, Callable[[], None]]] = [("SQLite", f"sqlite:///{db}", fresh_sqlite)]
        if args.pg:
            url = resolve_url(args.pg)

            def fresh_pg() -> None:
                engine = create_engine(url)
                with engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                    conn.execute(text("CREATE SCHEMA public"))
                engine.dispose()

            targets.append(("PostgreSQL", url, fresh_pg))
        for name, url, fresh in targets:
            facts, seconds, again = load(url, dataset, fresh, args.repeat)
            rate = facts / seconds
            print(f"  {name:<11} {facts} facts in {seconds:6.1f} s = {rate:9,.0f} facts/s "
                  f"({'ok' if rate >= 50_000 else 'BELOW'} target 50 000); loaded again (all unchanged) "
                  f"{again:.1f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
