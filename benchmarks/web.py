"""Web benchmark: latency of every page and API endpoint over a generated database, and
many concurrent clients against the real server.

    .venv/bin/python benchmarks/web.py [--facts 100000] [--requests 20] [--db out/web.db] [--reuse]
    .venv/bin/python benchmarks/web.py --db out/web.db --reuse --clients 200 --seconds 30 [--workers 2]

Generates documents straight through the store: every prefecture and province reports its
year (invented figures, each the same whenever it is reported, but for a few misreported
ones: the conflicts), earlier years restated, plans with targets per province. Then times
each endpoint in-process (FastAPI TestClient: no network) and prints p50/p95/max in ms.
--clients starts ``zhibiao serve`` on a free loopback port and runs that many concurrent
clients (httpx, asyncio) over the API for --seconds, printing errors and p50/p95/p99.
The issue's goals: p95 < 100 ms at 100 000 facts; 200 clients for 30 s, 0 errors. Printed,
never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select

from zhibiao.model import Document, Fact, Target
from zhibiao.store import Store
from zhibiao.store.schema import regions
from zhibiao.track import alerts
from zhibiao.web import create_app

INDICATORS = ["地区生产总值", "规模以上工业增加值", "社会消费品零售总额", "固定资产投资", "进出口总额", "一般公共预算收入",
              "城镇居民人均可支配收入", "农村居民人均可支配收入", "第一产业增加值", "第二产业增加值", "第三产业增加值",
              "高技术制造业增加值", "货物进出口总额", "实际使用外资", "税收收入", "金融机构本外币存款余额",
              "金融机构本外币贷款余额", "粮食总产量", "全社会用电量", "快递业务量"]
KINDS = [("communique", "{name}{year}年国民经济和社会发展统计公报"), ("report", "{name}政府工作报告（{year}年）"),
         ("news", "记者从{name}统计局获悉：{year}年经济运行情况"), ("notice", "{name}{year}年主要指标完成情况通报"),
         ("other", "{name}{year}年经济数据摘编")]
FACTS_PER_DOC = 50
MISREPORTED = 0.02  # share of figures a document gets wrong: the conflicts


def _truth(code: str, indicator: str, year: int, measure: str) -> float:
    rng = random.Random(f"{code}|{indicator}|{year}|{measure}")
    return round(rng.uniform(1, 9), 1) if measure == "growth" else round(rng.uniform(100, 9000), 1)


def _report(name: str, code: str, year: int, d: int, rng: random.Random) -> Document:
    kind, title = KINDS[d % len(KINDS)]
    lines, facts, offset = [title.format(name=name, year=year)], [], len(title.format(name=name, year=year)) + 1
    wanted = [(i, year, "growth") for i in INDICATORS] + [(i, year, "level") for i in INDICATORS]
    wanted += [(i, year - 1, "growth") for i in INDICATORS[:FACTS_PER_DOC - len(wanted)]]  # last year restated
    for indicator, y, measure in wanted:
        value = _truth(code, indicator, y, measure)
        if rng.random() < MISREPORTED:
            value = round(value + 0.7, 1)
        line = (f"{y}年，{name}{indicator}增长{value}%。" if measure == "growth"
                else f"{y}年，{name}{indicator}达到{value}亿元。")
        start = offset + line.index(indicator)
        facts.append(Fact(indicator, measure, value if measure == "growth" else value * 1e8,
                          "%" if measure == "growth" else "元", str(y), start, offset + len(line) - 1,
                          subject=name, subject_code=code))
        lines.append(line)
        offset += len(line) + 1
    return Document(f"bench-{d}", "\n".join(lines), f"{year + 1}-03-01", facts=facts, title=lines[0],
                    frame={"kind": kind})


def _plan(name: str, code: str) -> Document:
    text = f"{name}国民经济和社会发展第十四个五年规划纲要\n"
    targets = []
    for indicator, value in (("地区生产总值", 6.5), ("社会消费品零售总额", 8.0), ("固定资产投资", 6.0)):
        line = f"到2025年，{indicator}年均增长{value}%。"
        targets.append(Target(indicator, "growth", value, "%", "2025", len(text), len(text) + len(line) - 1,
                              plan=f"{name}十四五规划", subject=name, subject_code=code, per_year=True))
        text += line + "\n"
    return Document(f"plan-{code}", text, "2021-03-01", targets=targets, title=text.split("\n")[0],
                    frame={"kind": "plan"})


def generate(url: str, n_facts: int) -> None:
    rng = random.Random(10)
    with Store(url) as store:
        with store.connect() as conn:
            places = [(r.name, r.code, r.level) for r in conn.execute(
                select(regions.c.name, regions.c.code, regions.c.level)
                .where(regions.c.level.in_(["province", "prefecture"])).order_by(regions.c.code))]
        for name, code, level in places:
            if level == "province":
                store.ingest_document(_plan(name, code), path=f"bench:plan:{code}")
        alerts.check(store)  # the first verdicts: where watching starts
        for d in range(max(1, n_facts // FACTS_PER_DOC)):
            name, code, _level = places[d % len(places)]
            year = 2015 + (d // len(places)) % 10
            store.ingest_document(_report(name, code, year, d, rng), path=f"bench:{d}")
        alerts.check(store)


ENDPOINTS = ["/", "/api/overview", "/documents", "/api/documents?q=经济运行&page=3", "/documents?kind=communique",
             "/api/documents?kind=report&page=5", "/api/documents?region=江西省", "/documents/7", "/api/documents/7",
             "/plans", "/api/plans", "/api/plans?region=湖北省", "/conflicts", "/api/conflicts?page=2",
             "/api/conflicts?region=浙江省&per_page=200", "/alerts", "/api/alerts", "/alerts.atom",
             "/indicators?indicator=地区生产总值&region=江西省",
             "/api/indicators?indicator=地区生产总值&region=江西省,湖南省", "/indicators.csv?indicator=进出口总额",
             "/upload", "/api/upload", "/docs"]
# What the concurrent clients ask for, in turn: the API's reads.
LOAD = ["/api/overview", "/api/documents?page=4", "/api/documents?kind=news", "/api/documents/11", "/api/plans",
        "/api/conflicts", "/api/alerts", "/api/indicators?indicator=地区生产总值&region=湖北省"]


def _pct(times: list[float], p: float) -> float:
    return sorted(times)[min(len(times) - 1, int(len(times) * p))]


def time_endpoints(url: str, requests: int) -> None:
    with TestClient(create_app(url)) as client:
        # cold: the first request, which computes what is kept until the database changes.
        print(f"{'endpoint':<60} {'cold':>8} {'p50':>8} {'p95':>8} {'max':>8}  ms")
        for path in ENDPOINTS:
            t = time.perf_counter()
            client.get(path)
            cold = (time.perf_counter() - t) * 1000
            times = []
            for _ in range(requests):
                t = time.perf_counter()
                status = client.get(path).status_code
                times.append((time.perf_counter() - t) * 1000)
                if status != 200:
                    print(f"{path}: HTTP {status}", file=sys.stderr)
            p95 = _pct(times, 0.95)
            flag = "  over 100 ms" if p95 >= 100 else ""
            print(f"{path:<60} {cold:8.1f} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f}{flag}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _clients(base: str, clients: int, seconds: float) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(n: int, http: httpx.AsyncClient) -> None:
        i = n
        while time.perf_counter() < stop:
            path = LOAD[i % len(LOAD)]
            i += 1
            t = time.perf_counter()
            try:
                r = await http.get(base + path)
                if r.status_code != 200:
                    errors.append(f"{path}: HTTP {r.status_code}")
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {type(exc).__name__}")
            times.append((time.perf_counter() - t) * 1000)

    async with httpx.AsyncClient(limits=limits, timeout=120) as http:
        await asyncio.gather(*(client(n, http) for n in range(clients)))
    return times, errors


def load_test(url: str, clients: int, seconds: float, workers: int) -> None:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "zhibiao", "serve", "--db", url, "--port", str(port),
                               "--workers", str(workers)], stderr=subprocess.DEVNULL)
    try:
        while True:  # until it answers (or dies)
            if server.poll() is not None:
                sys.exit("zhibiao serve did not start")
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/upload", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        began = time.perf_counter()
        times, errors = asyncio.run(_clients(f"http://127.0.0.1:{port}", clients, seconds))
        took = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait()
    print(f"{clients} clients for {took:.1f} s against zhibiao serve --workers {workers} (loopback): "
          f"{len(times)} requests, {len(times) / took:.0f}/s, {len(errors)} errors")
    if times:
        print(f"latency ms: p50 {_pct(times, 0.5):.0f}  p95 {_pct(times, 0.95):.0f}  p99 {_pct(times, 0.99):.0f}  "
              f"max {max(times):.0f}")
    for error in sorted(set(errors))[:20]:
        print(f"  error: {error} ({errors.count(error)}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="requests per endpoint")
    parser.add_argument("--db", help="SQLite file to build (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="use --db as it is when it exists")
    parser.add_argument("--clients", type=int, default=0, help="concurrent clients against the real server "
                        "(0: time each endpoint in-process instead)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=1, help="server processes for --clients")
    args = parser.parse_args()
    path = Path(args.db or Path(tempfile.mkdtemp(prefix="zhibiao-web-")) / "web.db")
    url = f"sqlite:///{path}"
    if not (args.reuse and path.exists()):
        began = time.perf_counter()
        generate(url, args.facts)
        print(f"generated {args.facts} facts in {time.perf_counter() - began:.1f} s ({url})")
    if args.clients:
        load_test(url, args.clients, args.seconds, args.workers)
    else:
        time_endpoints(url, args.requests)


if __name__ == "__main__":
    main()
