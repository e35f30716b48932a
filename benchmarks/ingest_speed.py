"""Ingest throughput: text decoding and HTML extraction, in MB/s of input.

    .venv/bin/python benchmarks/ingest_speed.py

Targets: text decoding >= 20 MB/s (UTF-8 and GBK), HTML >= 2 MB/s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

import fixtures  # noqa: E402

from zhibiao.ingest import read  # noqa: E402


def rate(label: str, data: bytes, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        read(data, name=label, max_bytes=len(data) + 1)
        best = min(best, time.perf_counter() - t0)
    mbs = len(data) / 1e6 / best
    print(f"{label:<28}{len(data) / 1e6:>8.1f} MB {best * 1000:>9.1f} ms {mbs:>9.1f} MB/s")
    return mbs


def main() -> None:
    page = fixtures.PAGE * 2000  # ~3 MB of page text
    text = {
        "text utf-8": (page * 4).encode("utf-8"),
        "text gbk": (page * 4).encode("gbk"),
    }
    print(f"{'input':<28}{'size':>11} {'time':>12} {'rate':>14}")
    decode = min(rate(k, v) for k, v in text.items())
    article = "\n\n".join([fixtures.HEADLINE, fixtures.BYLINE, *(fixtures.PARAGRAPHS * 400)])
    html_page = fixtures.as_html(article)  # a long article page, ~130 KB
    html_big = fixtures.as_html(article, script_bytes=2_000_000)
    html = min(rate("html article page", html_page, repeat=5), rate("html page + 2 MB script", html_big))
    print(f"text decoding: {decode:.1f} MB/s (target 20)   HTML: {html:.1f} MB/s (target 2)")


if __name__ == "__main__":
    main()
