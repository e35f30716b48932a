"""Accuracy on the shared corpora: run the CLI over seed, dev, dev2 and val, print score.py's table.

    python benchmarks/accuracy.py [--show-misses N] [--set seed|dev|dev2|val]

val is for scoring only: its misses are never shown, so that its score says whether the rules
generalise beyond the texts they were tuned on.

Needs ../shared (the corpus and the scorer); says so and exits 0 when it is absent.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--set", action="append", choices=["seed", "dev", "dev2", "val"])
    args = ap.parse_args()
    if not (SHARED / "eval" / "score.py").exists():
        print(f"no shared corpus at {SHARED}: nothing to measure")
        return 0
    for name in args.set or ["seed", "dev", "dev2", "val"]:
        corpus = SHARED / "corpus" / name
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, str(SHARED / "eval" / "predict.py"), str(corpus), out,
                            "--python", sys.executable, "--in-process"], check=False)
            print(f"\n== {name} ({corpus})")
            cmd = [sys.executable, str(SHARED / "eval" / "score.py"), str(corpus / "gold"), out]
            if args.show_misses and name != "val":
                cmd += ["--show-misses", str(args.show_misses)]
            subprocess.run(cmd, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
