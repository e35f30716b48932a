"""Export in every format, Datasette metadata, and Datasette serving the facts."""

from __future__ import annotations

import csv
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from store_helpers import JIANGXI, figure_document

from zhibiao.errors import StoreError
from zhibiao.store import Store


@pytest.fixture
def filled(store: Store) -> Store:
    store.ingest_document(figure_document("jx", JIANGXI, source="mem://jx"))
    return store


def test_csv(filled: Store, tmp_path: Path) -> None:
    files = filled.export(tmp_path / "out", "csv")
    assert [f.name for f in files] == ["facts.csv", "targets.csv", "entities.csv", "documents.csv"]
    with (tmp_path / "out" / "facts.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 5 and rows[0]["subject"] == "江西省" and rows[0]["evidence"]


def test_json(filled: Store, tmp_path: Path) -> None:
    filled.export(tmp_path / "out.json", "json")
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert {k: len(v) for k, v in data.items()} == {"facts": 5, "targets": 1, "entities": 5, "documents": 1}
    assert data["documents"][0]["text"].startswith("2023年")


def test_parquet(filled: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    filled.export(tmp_path / "pq", "parquet")
    facts = pq.read_table(tmp_path / "pq" / "facts.parquet")
    assert facts.num_rows == 5 and str(facts.schema.field("value").type) == "double"
    assert pq.read_table(tmp_path / "pq" / "targets.parquet").column("per_year").to_pylist() == [False]


def test_xlsx(filled: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    filled.export(tmp_path / "out.xlsx", "xlsx")
    wb = load_workbook(tmp_path / "out.xlsx", read_only=True)
    assert wb.sheetnames == ["facts", "targets", "entities", "documents"]
    assert len(list(wb["facts"].iter_rows())) == 6


def test_empty_database_and_bad_format(store: Store, tmp_path: Path) -> None:
    store.export(tmp_path / "pq", "parquet")
    store.export(tmp_path / "e.xlsx", "xlsx")
    with pytest.raises(StoreError, match="--format"):
        store.export(tmp_path / "x", "dbf")
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(StoreError, match="directory"):
        store.export(tmp_path / "file", "csv")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_datasette_serves_facts(tmp_path: Path) -> None:
    db = tmp_path / "zhibiao.db"
    with Store(f"sqlite:///{db}") as store:
        store.ingest_document(figure_document("jx", JIANGXI, source="mem://jx"))
        meta = store.write_datasette_metadata(tmp_path / "metadata.json")
    tables = json.loads(meta.read_text(encoding="utf-8"))["databases"]["zhibiao"]["tables"]
    assert tables["facts"]["columns"]["value"] and "facts_view" in tables
    port = _free_port()
    datasette = Path(sys.executable).with_name("datasette")
    proc = subprocess.Popen([str(datasette), "serve", str(db), "-m", str(meta), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/zhibiao/facts_view.json?_shape=array"
        deadline, rows = time.monotonic() + 30, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    rows = json.loads(resp.read())
                break
            except OSError:
                time.sleep(0.2)
        assert rows is not None, proc.stderr.read().decode() if proc.poll() is not None else "no answer"
        assert len(rows) == 5 and {r["subject"] for r in rows} >= {"江西省", "南康区"}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/metadata.json", timeout=5) as resp:
            assert "facts_view" in resp.read().decode()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
