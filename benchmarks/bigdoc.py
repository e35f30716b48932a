"""Peak memory and time of extracting, and of ingesting, one very large document (#12:
bounded whatever the size).

    .venv/bin/python benchmarks/bigdoc.py [--sizes 20,50] [--limit SECONDS]

Each size (MB of UTF-8) of realistic text (throughput.realistic) is written to a file,
extracted by ``zhibiao extract`` and ingested by ``zhibiao ingest`` (a new SQLite database),
each in its own process; the process's peak RSS and the wall time are printed against the
goal (under 400 MB at 20 MB and 50 MB). A long text is read in
windows cut at paragraph ends (extract/pipeline.py WINDOW), so RSS should not grow with the
size. Reported, never asserted: the script always exits 0.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import MB, realistic

GOAL_RSS_MB = 400.0


def measure(path: Path, limit: float, command: str = "extract") -> tuple[float | None, float]:
    """(seconds, peak RSS MB) of one `zhibiao extract` or `zhibiao ingest` run on path;
    seconds None if over limit."""
    args = ("['extract', sys.argv[1], '--format', 'jsonl', '-o', '/dev/null']" if command == "extract" else
            "['ingest', sys.argv[1], '--jobs', '1', '--db', 'sqlite:///' + sys.argv[1] + '.db']")
    code = ("import resource, sys, time\n"
            "from zhibiao.cli import main\n"
            f"sys.argv = ['zhibiao', *{args}, '--max-bytes', '200000000']\n"
            "t = time.perf_counter()\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n")
    try:
        out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                             timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return None, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    last = (out.stdout.strip().splitlines() or ["nan nan"])[-1].split()
    return float(last[0]), float(last[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,50", help="document sizes in MB, comma-separated")
    parser.add_argument("--limit", type=float, default=600.0, help="seconds per document")
    args = parser.parse_args()
    print(f"zhibiao extract and zhibiao ingest of one large document (peak RSS goal < {GOAL_RSS_MB:.0f} MB)\n")
    print(f"{'size MB':>8} {'chars':>12} │ {'extract s':>9} {'MB/s':>5} {'RSS MB':>6} │ "
          f"{'ingest s':>9} {'MB/s':>5} {'RSS MB':>6} │ verdict")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (float(s) for s in args.sizes.split(",")):
            text = realistic(int(size * MB))
            path = Path(tmp) / f"big-{size:g}.txt"
            path.write_text(text, encoding="utf-8")
            cells, worst = [], 0.0
            for command in ("extract", "ingest"):
                seconds, rss = measure(path, args.limit, command)
                speed = f"{size / seconds:5.2f}" if seconds else "  -  "
                shown = f"{seconds:9.1f}" if seconds else ">limit".rjust(9)
                cells.append(f"{shown} {speed} {rss:6.0f}")
                worst = max(worst, rss)
            verdict = "OK" if worst < GOAL_RSS_MB else "OVER"
            print(f"{size:8g} {len(text):12,} │ {cells[0]} │ {cells[1]} │ {verdict}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
