"""Tables of texts (Parquet, JSONL: id, text, published) as batch input: cut into slices
by the driver, read and extracted by the workers, bad rows in the errors table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

import zhibiao
from zhibiao.scale import run
from zhibiao.store import Store

CITIES = ["景德镇市", "绍兴市", "绵阳市", "潍坊市", "泉州市"]


def records() -> list[dict[str, Any]]:
    """Invented news items, one without text and one with an impossible date."""
    rows: list[dict[str, Any]] = [
        {"id": f"n{i:02d}", "published": f"202{i % 4}-0{i % 9 + 1}-15",
         "text": f"{CITIES[i % 5]}前三季度规模以上工业增加值增长{i % 7 + 2}.{i % 10}%，"
                 f"固定资产投资增长{i % 5 + 1}.5%。到2027年，全市研发经费投入强度达到{i % 2 + 2}.8%。"}
        for i in range(10)]
    rows[3]["text"] = ""
    rows[6]["published"] = "2023-02-30"
    return rows


def check(dataset: Path, table: Path, rows: list[dict[str, Any]]) -> None:
    docs = pq.read_table(dataset / "documents").to_pylist()
    facts = pq.read_table(dataset / "facts").to_pylist()
    errors = {r["id"]: r for r in pq.read_table(dataset / "errors").to_pylist()}
    assert set(errors) == {"n03", "n06"}
    assert errors["n03"]["error"] == "no text in this row" and errors["n03"]["path"] == f"{table}#n03"
    assert "2023-02-30" in errors["n06"]["error"]
    assert sorted(d["id"] for d in docs) == [r["id"] for r in rows if r["id"] not in errors]
    for d in docs:
        row = next(r for r in rows if r["id"] == d["id"])
        assert d["path"] is None and d["source"] == f"{table}#{d['id']}" and d["text"] == row["text"]
        doc = zhibiao.extract(row["text"], published=row["published"], doc_id=row["id"], source=d["source"])
        got = [(f["indicator"], f["measure"], f["value"], f["start"]) for f in facts if f["document"] == d["document"]]
        assert got == [(f.indicator, f.measure, f.value, f.start) for f in doc.facts]
        assert got  # the texts do hold figures


def test_a_parquet_table_across_row_groups(tmp_path: Path) -> None:
    rows = records()
    table = tmp_path / "news.parquet"
    pq.write_table(pa.Table.from_pylist(rows), table, row_group_size=4)  # slices of 3 cross row groups
    report = run([table], tmp_path / "ds", workers=2, partition_size=3, processes=False)
    assert report.partitions == 4
    check(tmp_path / "ds", table, rows)


def test_a_jsonl_table_with_blank_and_broken_lines(tmp_path: Path) -> None:
    rows = records()
    table = tmp_path / "news.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(5, "")
    table.write_text("\n".join(lines) + "\n{not json\n", encoding="utf-8")
    report = run([table], tmp_path / "ds", workers=1, partition_size=4, processes=False)
    assert report.rows["documents"] == 8 and report.rows["errors"] == 3
    broken = [r for r in pq.read_table(tmp_path / "ds" / "errors").to_pylist() if r["id"] == "news-10"]
    assert broken and broken[0]["error"].startswith("line 11: not JSON")
    rows.append({"id": "news-10", "text": "", "published": None})
    (tmp_path / "ds2").mkdir()
    ok = tmp_path / "ok.jsonl"
    ok.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:10]) + "\n", encoding="utf-8")
    run([ok], tmp_path / "ds2", workers=1, partition_size=4, processes=False)
    check(tmp_path / "ds2", ok, rows[:10])


def test_a_table_that_is_not_one_is_an_error_row(tmp_path: Path) -> None:
    fake = tmp_path / "texts.parquet"
    fake.write_text("just words", encoding="utf-8")
    report = run([fake], tmp_path / "ds", workers=1, processes=False)
    errors = pq.read_table(tmp_path / "ds" / "errors").to_pylist()
    assert report.rows["documents"] == 0
    assert [e["path"] for e in errors] == [str(fake)] and errors[0]["error"].startswith("not a table of texts")


def test_rows_of_texts_load_into_the_store_by_content(tmp_path: Path) -> None:
    table = tmp_path / "news.parquet"
    pq.write_table(pa.Table.from_pylist(records()), table)
    url = f"sqlite:///{tmp_path / 'z.db'}"
    first = run([table], tmp_path / "ds", workers=1, processes=False, db=url)
    assert first.loaded is not None and (first.loaded.new, len(first.loaded.failed)) == (8, 2)
    again = run([table], tmp_path / "ds", workers=1, processes=False, db=url)
    assert again.loaded is not None and (again.loaded.new, again.loaded.unchanged) == (0, 8)
    with Store(url) as store:
        assert store.counts()["documents"] == 8
        assert {d["doc_id"] for d in store.query("documents")} == {f"n{i:02d}" for i in range(10)} - {"n03", "n06"}
