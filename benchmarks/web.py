"""Web benchmark: latency of every page and API endpoint over a generated database.

    .venv/bin/python benchmarks/web.py [--facts 100000] [--requests 20] [--db out/web-bench.db]

Generates documents (invented figures, a plan with targets) straight through the store,
then times each endpoint in-process (FastAPI TestClient: no network) and prints p50/p95/max
in milliseconds. The issue's goal is p95 < 100 ms at 100 000 facts; printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from zhibiao.model import Document, Fact, Target
from zhibiao.store import Store
from zhibiao.track import alerts
from zhibiao.web import create_app

REGIONS = [("江西省", "360000"), ("湖南省", "430000"), ("湖北省", "420000"), ("浙江省", "330000")]
INDICATORS = ["地区生产总值", "规模以上工业增加值", "社会消费品零售总额", "固定资产投资", "进出口总额"]
FACTS_PER_DOC = 50


def generate(url: str, n_facts: int) -> None:
    rng = random.Random(10)
    with Store(url) as store:
        for d in range(max(1, n_facts // FACTS_PER_DOC)):
            region, code = REGIONS[d % len(REGIONS)]
            lines, facts = [], []
            offset = 0
            for _ in range(FACTS_PER_DOC):
                indicator = rng.choice(INDICATORS)
                year = rng.randint(2015, 2024)
                value = round(rng.uniform(1, 9), 1)
                line = f"{year}年，{region}{indicator}增长{value}%。"
                start = offset + line.index(indicator)
                facts.append(Fact(indicator, "growth", value, "%", str(year), start, offset + len(line) - 1,
                                  subject=region, subject_code=code))
                lines.append(line)
                offset += len(line) + 1
            targets = [Target(INDICATORS[0], "growth", 7.0, "%", "2025", 0, 10, plan=f"{region}五年规划",
                              subject=region, subject_code=code, per_year=True)] if d < len(REGIONS) else []
            doc = Document(f"bench-{d}", "\n".join(lines), f"{2016 + d % 9}-03-01", facts=facts, targets=targets,
                           title=f"{region}经济运行通报第{d}号")
            store.ingest_document(doc, path=f"bench:{d}")
        alerts.check(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="requests per endpoint")
    parser.add_argument("--db", help="SQLite file to build (default: a temporary one)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="zhibiao-web-"))
    url = f"sqlite:///{args.db or folder / 'web.db'}"
    began = time.perf_counter()
    generate(url, args.facts)
    print(f"generated {args.facts} facts in {time.perf_counter() - began:.1f} s ({url})")
    endpoints = ["/", "/api/overview", "/documents", "/api/documents?q=经济运行&page=3", "/documents/7",
                 "/api/documents/7", "/plans", "/api/plans", "/conflicts", "/api/conflicts", "/alerts",
                 "/alerts.atom", "/indicators?indicator=地区生产总值&region=江西省",
                 "/api/indicators?indicator=地区生产总值&region=江西省,湖南省", "/indicators.csv?indicator=进出口总额"]
    with TestClient(create_app(url)) as client:
        print(f"{'endpoint':<60} {'p50':>8} {'p95':>8} {'max':>8}  ms")
        for path in endpoints:
            times = []
            for _ in range(args.requests):
                t = time.perf_counter()
                status = client.get(path).status_code
                times.append((time.perf_counter() - t) * 1000)
                if status != 200:
                    print(f"{path}: HTTP {status}", file=sys.stderr)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"{path:<60} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")


if __name__ == "__main__":
    main()
