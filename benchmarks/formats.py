"""Format agreement and page layout quality.

    .venv/bin/python benchmarks/formats.py

1. One passage as UTF-8, GBK, Big5, UTF-16, HTML, DOCX and PDF: facts per format and
   whether they equal the UTF-8 facts (value, unit, measure, period, subject).
2. Articles F1 of layout.segment() on the seed page, scored by ../shared/eval/score.py
   (skipped when ../shared is absent).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

import fixtures  # noqa: E402
import opencc  # noqa: E402

import zhibiao  # noqa: E402
from zhibiao.ingest import read  # noqa: E402
from zhibiao.ingest.layout import segment  # noqa: E402

SHARED = ROOT.parent / "shared"
_T2S = opencc.OpenCC("t2s")


def facts(text: str) -> list[tuple[object, ...]]:
    doc = zhibiao.extract(text, published="2024-02-05")
    return sorted(((f.value, f.unit, f.measure, f.period, _T2S.convert(f.subject or "")) for f in doc.facts),
                  key=repr)


def agreement() -> None:
    builds = {
        "utf-8": lambda: fixtures.PASSAGE.encode(),
        "gbk": lambda: fixtures.PASSAGE.encode("gbk"),
        "big5": lambda: opencc.OpenCC("s2t").convert(fixtures.PASSAGE).encode("big5"),
        "utf-16": lambda: fixtures.PASSAGE.encode("utf-16"),
        "html": fixtures.as_html,
        "docx": fixtures.as_docx,
        "pdf": fixtures.as_pdf,
    }
    ref = facts(fixtures.PASSAGE)
    print(f"{'format':<8}{'detected':<10}{'encoding':<12}{'facts':>6}  same as UTF-8")
    agree = 0
    for name, build in builds.items():
        data = build()
        if data is None:
            print(f"{name:<8}skipped (no CJK font)")
            continue
        src = read(data, name=name)
        got = facts(src.text)
        same = got == ref and len(ref) >= 3
        agree += same
        print(f"{name:<8}{src.format:<10}{src.encoding or '-':<12}{len(got):>6}  {'yes' if same else 'NO'}")
    print(f"agreement: {agree}/{len(builds)} formats, {len(ref)} reference facts")


def seed_f1() -> None:
    seed = SHARED / "corpus" / "seed"
    if not (seed / "gold").is_dir():
        print("seed: ../shared not present, skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(seed.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            pred = {"schema": "zhibiao/1",
                    "document": {"id": path.stem, "published": None, "chars": len(text)},
                    "articles": [a.to_dict() for a in segment(text)],
                    "facts": [], "targets": [], "entities": []}
            (Path(tmp) / f"{path.stem}.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(seed / "gold"), tmp, "--json"],
                             capture_output=True, text=True, check=True)
    art = json.loads(run.stdout).get("articles", {})
    print(f"seed articles: P {art.get('precision')} R {art.get('recall')} F1 {art.get('f1')} "
          f"(gold {art.get('gold')}, pred {art.get('pred')})")


if __name__ == "__main__":
    agreement()
    seed_f1()
