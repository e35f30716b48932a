"""Start-up time of the ``zhibiao`` command.

    .venv/bin/python benchmarks/startup.py [--runs N]

Times, each in a fresh process, best of N (default 5): ``zhibiao --help``,
``zhibiao --version`` and ``zhibiao extract`` on a 1 KB text cut from the built-in
sample page. Goals: 0.3 s for --help and --version, 0.5 s for the 1 KB extract.
Reported, never asserted: the script always exits 0.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "zhibiao" / "samples" / "page.txt"
KB = 1000


def one_kb_text() -> str:
    """Whole lines of the sample page, up to 1 KB of UTF-8."""
    kept: list[str] = []
    size = 0
    for line in SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True):
        size += len(line.encode("utf-8"))
        if size > KB and kept:
            break
        kept.append(line)
    return "".join(kept)


def best_of(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zhibiao", *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text(one_kb_text(), encoding="utf-8")
        cases = [("zhibiao --help", ["--help"], 0.3),
                 ("zhibiao --version", ["--version"], 0.3),
                 (f"zhibiao extract ({small.stat().st_size} B)", ["extract", str(small)], 0.5)]
        print(f"{'command':<28} {'best of ' + str(runs):>10} {'goal':>6}")
        for name, args, goal in cases:
            took = best_of(args, runs)
            verdict = "ok" if took <= goal else "over"
            print(f"{name:<28} {took:>9.3f}s {goal:>5.1f}s  {verdict}")


if __name__ == "__main__":
    main()
