"""Score find_entities on the shared corpora and time it on 1 MB of text.

    .venv/bin/python benchmarks/entities.py [--shared ../shared] [--misses]

Writes zhibiao/1 objects holding only entities to a temp dir and runs the shared scorer on
them, printing its entities.* rows per corpus.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zhibiao.extract.entities import as_written, find_entities
from zhibiao.extract.regions import find_regions
from zhibiao.extract.text import reading_text


def predict(corpus: Path, out: Path) -> dict[str, list[dict[str, object]]]:
    preds: dict[str, list[dict[str, object]]] = {}
    for txt in sorted(corpus.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        # what ships: entities are found on the reading text and mapped back to the original
        reading = reading_text(text)
        found = find_entities(reading.text, find_regions(reading.text))
        ents = [e.to_dict() for e in as_written(found, reading, text)]
        preds[txt.stem] = ents
        doc = {"schema": "zhibiao/1", "document": {"id": txt.stem, "published": None, "chars": len(text)},
               "articles": [], "facts": [], "targets": [], "entities": ents}
        (out / f"{txt.stem}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return preds


def misses(corpus: Path, preds: dict[str, list[dict[str, object]]]) -> None:
    for gf in sorted((corpus / "gold").glob("*.json")):
        gold = {(e["type"], e["name"]) for e in json.loads(gf.read_text(encoding="utf-8")).get("entities", [])}
        pred = {(str(e["type"]), str(e["name"])) for e in preds.get(gf.stem, [])}
        print(f"-- {gf.stem}\n   missed:   {sorted(gold - pred)}\n   spurious: {sorted(pred - gold)}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--misses", action="store_true", help="list missed and spurious names (exact)")
    args = ap.parse_args()
    for name in ("seed", "dev"):
        corpus = args.shared / "corpus" / name
        if not corpus.is_dir():
            print(f"{corpus} not found, skipped")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            preds = predict(corpus, Path(tmp))
            res = subprocess.run([sys.executable, str(args.shared / "eval" / "score.py"), str(corpus / "gold"), tmp],
                                 capture_output=True, text=True, check=False)
        print(f"== {name}")
        print("\n".join(line for line in res.stdout.splitlines() if "entities" in line or "tier" in line.lower()))
        if args.misses:
            misses(corpus, preds)
    seed = args.shared / "corpus" / "seed"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(seed.glob("*.txt"))) or "江西省赣州市南康区。"
    big = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    big = reading_text(big).text
    t0 = time.perf_counter()
    find_entities(big, find_regions(big))
    dt = time.perf_counter() - t0
    print(f"1 MB: find_regions + find_entities in {dt:.2f} s ({len(big) / dt:,.0f} chars/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
