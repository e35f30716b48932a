"""zhibiao batch at scale: speed-up of 2 workers over 1, memory per worker, bulk load.

    .venv/bin/python benchmarks/scale.py [--mb 20] [--chars 1000] [--partition-size 200] [--keep DIR]
                                         [--two-only] [--no-load] [--corpus DIR]

Writes a synthetic corpus (benchmarks/corpus.py) of --mb megabytes, runs `zhibiao.scale.run`
on the LocalCluster `zhibiao batch` starts, of 2 and then 1 worker processes, each into a fresh
dataset, and loads the dataset into a fresh SQLite store. Prints documents/s, the
speed-up (target >= 1.7x on 2 cores), each worker's peak RSS (target < 1 GB) and facts/s
of the bulk load (target >= 50 000). Speed is printed, never asserted. For the memory
bound on a large corpus, --two-only skips the 1-worker run and --no-load the bulk load;
--corpus takes a corpus written before (of --mb megabytes) instead of writing one.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from corpus import generate
from distributed import Client

from zhibiao.scale import run
from zhibiao.scale.bulk import load_dataset
from zhibiao.scale.runner import local_cluster
from zhibiao.store import Store


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def timed_run(corpus: Path, out: Path, workers: int, partition_size: int) -> tuple[float, list[float], int]:
    """Seconds for the run (cluster start excluded), each worker's peak RSS, documents."""
    with local_cluster(workers) as cluster, Client(cluster) as client:
        t0 = time.perf_counter()
        report = run([corpus], out, scheduler=cluster.scheduler_address, partition_size=partition_size)
        seconds = time.perf_counter() - t0
        rss = sorted(client.run(peak_rss_mb).values())
    return seconds, rss, report.rows.get("documents", 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--chars", type=int, default=1000)
    parser.add_argument("--partition-size", type=int, default=200)
    parser.add_argument("--keep", type=Path, default=None, help="Write the corpus and datasets here and keep them.")
    parser.add_argument("--two-only", action="store_true", help="Only the 2-worker run (no speed-up).")
    parser.add_argument("--no-load", action="store_true", help="No bulk load into SQLite.")
    parser.add_argument("--corpus", type=Path, default=None, help="A corpus written before, of --mb megabytes.")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(dir=args.keep))
    try:
        corpus = args.corpus or tmp / "corpus"
        if args.corpus is None:
            t0 = time.perf_counter()
            files = sum(1 for _ in generate(corpus, megabytes=args.mb, chars=args.chars))
            print(f"corpus: {files} documents, {args.mb:g} MB, written in {time.perf_counter() - t0:.1f} s",
                  flush=True)
        two, rss2, docs = timed_run(corpus, tmp / "two", 2, args.partition_size)
        rss1: list[float] = []
        if not args.two_only:
            one, rss1, _ = timed_run(corpus, tmp / "one", 1, args.partition_size)
            print(f"  1 worker   {one:7.1f} s  {docs / one:7.1f} docs/s  {args.mb / one:5.2f} MB/s  "
                  f"peak RSS {', '.join(f'{r:.0f}' for r in rss1)} MB")
        print(f"  2 workers  {two:7.1f} s  {docs / two:7.1f} docs/s  {args.mb / two:5.2f} MB/s  "
              f"peak RSS {', '.join(f'{r:.0f}' for r in rss2)} MB")
        if not args.two_only:
            speedup = one / two
            print(f"  speed-up {speedup:.2f}x ({'ok' if speedup >= 1.7 else 'BELOW'} target 1.7x)")
        print(f"  largest worker {max(rss1 + rss2):.0f} MB ({'ok' if max(rss1 + rss2) < 1024 else 'ABOVE'} 1 GB)",
              flush=True)
        if args.no_load:
            return
        with Store(f"sqlite:///{tmp / 'load.db'}") as store:
            t0 = time.perf_counter()
            loaded = load_dataset(tmp / "two", store)
            seconds = time.perf_counter() - t0
            facts = store.counts()["facts"]
        rate = facts / seconds
        print(f"  bulk load into SQLite: {loaded.summary()}; {facts} facts in {seconds:.1f} s = {rate:,.0f} facts/s "
              f"({'ok' if rate >= 50_000 else 'BELOW'} target 50 000)")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
