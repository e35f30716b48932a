"""Store benchmarks: ingest throughput against raw extraction, and an indexed query over
1 million synthetic facts.

    .venv/bin/python benchmarks/store.py [--docs 200] [--facts 1000000]

Targets: ingest into SQLite >= 0.5x the raw extraction throughput (read + extract);
a region + indicator query over 1M facts < 50 ms with the indexes.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import zhibiao
from zhibiao.ingest import read
from zhibiao.store import Store
from zhibiao.store.regions import gazetteer
from zhibiao.store.schema import facts as facts_table

SUBJECTS = [("江西省", "赣州市", "南康区"), ("浙江省", "杭州市", "余杭区"), ("广东省", "深圳市", "南山区")]
INDICATORS = ["地区生产总值", "规模以上工业增加值", "社会消费品零售总额", "固定资产投资", "一般公共预算收入",
              "进出口总额", "城镇居民人均可支配收入", "粮食产量"]


def write_documents(folder: Path, n: int) -> list[Path]:
    """Synthetic reports of a few kB each, written for this benchmark."""
    rng = random.Random(7)
    paths = []
    for i in range(n):
        province, city, county = SUBJECTS[i % len(SUBJECTS)]
        lines = [f"{province}{2020 + i % 4}年经济运行情况通报（第{i}号）"]
        for j in range(30):
            who = (province, city, county)[j % 3]
            ind = INDICATORS[(i + j) % len(INDICATORS)]
            lines.append(f"{2020 + i % 4}年，{who}{ind}增长{rng.randint(10, 99) / 10}%，"
                         f"总量达到{rng.randint(100, 9999)}亿元，居全省第{rng.randint(1, 12)}位。")
        lines.append(f"到2025年，{province}数字经济增加值占地区生产总值比重达到{rng.randint(30, 60)}%。")
        path = folder / f"report{i:04d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def bench_ingest(n_docs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        paths = write_documents(folder, n_docs)
        zhibiao.extract("预热。")  # load lexicons before timing
        t0 = time.perf_counter()
        n_facts = 0
        for p in paths:
            src = read(p)
            n_facts += len(zhibiao.extract(src.text, published=src.published, doc_id=p.stem, source=str(p)).facts)
        raw = time.perf_counter() - t0
        with Store(f"sqlite:///{Path(tmp) / 'bench.db'}") as store:
            t0 = time.perf_counter()
            report = store.ingest_paths([folder])
            ingest = time.perf_counter() - t0
            t0 = time.perf_counter()
            store.ingest_paths([folder])
            again = time.perf_counter() - t0
            stored = store.counts()["facts"]
    ratio = raw / ingest
    print(f"ingest  {n_docs} documents, {n_facts} facts (stored {stored}; {report.summary()})")
    print(f"  raw extraction (read + extract) {n_docs / raw:8.1f} docs/s")
    print(f"  ingest into SQLite              {n_docs / ingest:8.1f} docs/s   = {ratio:.2f}x raw "
          f"({'ok' if ratio >= 0.5 else 'BELOW'} target 0.5x)")
    print(f"  second run (all unchanged)      {n_docs / again:8.1f} docs/s")


def _codes() -> list[str]:
    gaz = gazetteer()
    codes = sorted(getattr(gaz, "_by_code", {})) if gaz is not None else []
    if not codes:  # no gazetteer: synthetic county codes under 31 provinces
        codes = [f"{p:02d}{c:02d}{k:02d}" for p in range(11, 66, 2) for c in range(1, 12) for k in range(1, 12)]
    return [c for c in codes if c != "100000"]


def build_million(path: Path, n: int) -> Store:
    store = Store(f"sqlite:///{path}")
    codes = _codes()
    keys = [f"指标{i:03d}号" for i in range(500)]
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = OFF")
    indexes = [r for r in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                      "AND tbl_name = 'facts' AND sql IS NOT NULL")]
    for name, _ in indexes:
        con.execute(f"DROP INDEX {name}")
    con.execute("INSERT INTO documents (id, doc_id, content_hash, chars, text, ingested_at) "
                "VALUES (1, 'synthetic', 'x', 1, 'x', '2024-01-01')")
    con.executemany("INSERT INTO indicators (key, label) VALUES (?, ?)", [(k, k) for k in keys])
    rng = random.Random(1)
    sql = ("INSERT INTO facts (document_id, subject, subject_code, indicator, indicator_key, measure, value, unit, "
           "period, period_year, start, \"end\", evidence) VALUES (1, ?, ?, ?, ?, 'growth', ?, '%', ?, ?, 0, 1, 'x')")
    t0 = time.perf_counter()
    batch = 100_000
    for lo in range(0, n, batch):
        rows = []
        for _ in range(min(batch, n - lo)):
            code, key, year = rng.choice(codes), rng.choice(keys), rng.randint(2015, 2024)
            rows.append((code, code, key, key, rng.random() * 10, str(year), year))
        con.executemany(sql, rows)
    con.commit()
    t1 = time.perf_counter()
    for _, ddl in indexes:
        con.execute(ddl)
    con.execute("ANALYZE")
    con.commit()
    con.close()
    print(f"query   {n} synthetic facts: insert {t1 - t0:.1f} s, indexes {time.perf_counter() - t1:.1f} s")
    return store


def time_query(store: Store, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = len(store.query("facts", region="江西省", indicator="指标042号"))
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, rows


def bench_query(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "million.db"
        store = build_million(path, n)
        with_ms, rows = time_query(store, 21)
        print(f"  region+indicator (江西省, one indicator), with indexes: {with_ms:7.1f} ms, {rows} rows "
              f"({'ok' if with_ms < 50 else 'ABOVE'} target 50 ms)")
        con = sqlite3.connect(path)
        ddl = [r for r in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                      "AND tbl_name = ? AND sql IS NOT NULL", (facts_table.name,))]
        for name, _ in ddl:
            con.execute(f"DROP INDEX {name}")
        con.commit()
        store.close()
        store = Store(f"sqlite:///{path}")
        without_ms, rows2 = time_query(store, 3)
        print(f"  the same without the facts indexes:                   {without_ms:7.1f} ms, {rows2} rows "
              f"({without_ms / with_ms:.0f}x slower)")
        for _, sql in ddl:
            con.execute(sql)
        con.commit()
        con.close()
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--facts", type=int, default=1_000_000)
    args = parser.parse_args()
    bench_ingest(args.docs)
    bench_query(args.facts)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
