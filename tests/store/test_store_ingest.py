"""Ingest: idempotent, replacing, atomic per document, robust to bad input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import text
from store_helpers import JIANGXI, figure_document, line_extractor, write_corpus

import zhibiao
from zhibiao.errors import IngestError
from zhibiao.ingest import read
from zhibiao.model import Entity
from zhibiao.store import Store

CORPUS = Path("/work/shared/corpus")


def test_ingest_twice_leaves_identical_counts(store: Store, tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 12)
    first = store.ingest_paths([tmp_path / "in"], extractor=line_extractor)
    assert (first.new, first.unchanged, first.replaced, first.failed) == (12, 0, 0, [])
    counts = store.counts()
    assert counts["documents"] == 12 and counts["facts"] == 12 * 5
    second = store.ingest_paths([tmp_path / "in"], extractor=line_extractor)
    assert (second.new, second.unchanged, second.replaced) == (0, 12, 0)
    assert store.counts() == counts
    assert second.summary() == "12 files: 0 new, 12 unchanged, 0 replaced, 0 failed"


def test_same_content_elsewhere_is_a_no_op(store: Store, tmp_path: Path) -> None:
    (path,) = write_corpus(tmp_path / "a", 1)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "copy.txt").write_bytes(path.read_bytes())
    report = store.ingest_paths([tmp_path / "a", tmp_path / "b"], extractor=line_extractor)
    assert (report.new, report.unchanged) == (1, 1)
    assert store.counts()["documents"] == 1


def test_changed_content_replaces_old_rows(store: Store, tmp_path: Path) -> None:
    (path,) = write_corpus(tmp_path, 1)
    store.ingest_paths([path], extractor=line_extractor)
    before = store.counts()
    path.write_text("改版\n江西省360000 地区生产总值 4.1% 2023\n", encoding="utf-8")
    report = store.ingest_paths([path], extractor=line_extractor)
    assert (report.new, report.replaced) == (0, 1)
    after = store.counts()
    assert after["documents"] == 1 and after["facts"] == 1 and after["entity_mentions"] == 1
    assert before["facts"] == 5
    assert [f["indicator"] for f in store.query("facts")] == ["地区生产总值"]
    # Entities only the old version mentioned are gone with it.
    assert [e["name"] for e in store.query("entities")] == ["江西省"]


def test_fact_count_equals_extract_output(store: Store, tmp_path: Path) -> None:
    """With the real extractor: the DB holds exactly what `zhibiao extract` gives."""
    paths = write_corpus(tmp_path / "gen", 6)
    (tmp_path / "gen" / "prose.txt").write_text(
        "2023年，江西省地区生产总值增长4.1%，规模以上工业增加值增长5.4%。\n到2025年，全省数字经济增加值占比达到45%。\n",
        encoding="utf-8")
    paths.append(tmp_path / "gen" / "prose.txt")
    expected = _extract_counts(paths)
    report = store.ingest_paths([tmp_path / "gen"])
    assert report.failed == [] and report.new == len(paths)
    counts = store.counts()
    assert (counts["facts"], counts["targets"], counts["entity_mentions"]) == expected
    store.ingest_paths([tmp_path / "gen"])
    assert store.counts() == counts


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus absent")
def test_corpus_fact_count_equals_extract_output(store: Store) -> None:
    paths = sorted(CORPUS.glob("*/*.txt"))
    assert paths
    expected = _extract_counts(paths)
    report = store.ingest_paths(paths)
    assert report.failed == []
    counts = store.counts()
    assert (counts["facts"], counts["targets"], counts["entity_mentions"]) == expected
    assert counts["documents"] == len({p.read_bytes() for p in paths})
    store.ingest_paths(paths)
    assert store.counts() == counts


def _extract_counts(paths: list[Path]) -> tuple[int, int, int]:
    facts = targets = mentions = 0
    seen: set[bytes] = set()
    for p in paths:
        if p.read_bytes() in seen:  # identical contents are stored once
            continue
        seen.add(p.read_bytes())
        source = read(p)
        doc = zhibiao.extract(source.text, published=source.published, doc_id=p.stem, source=str(p))
        facts, targets, mentions = facts + len(doc.facts), targets + len(doc.targets), mentions + len(doc.entities)
    return facts, targets, mentions


def test_bad_inputs_fail_with_reasons_others_ingested(store: Store, tmp_path: Path) -> None:
    good = write_corpus(tmp_path / "in", 3)
    (tmp_path / "in" / "blob.bin").write_bytes(bytes(range(256)) * 4)  # named: read, whatever its name
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / ".hidden.txt").write_text("skipped", encoding="utf-8")
    report = store.ingest_paths([tmp_path / "in", tmp_path / "in" / "blob.bin", tmp_path / "missing.txt",
                                 tmp_path / "no-dir"], extractor=line_extractor)
    assert report.new == len(good)
    assert report.skipped == "skipped 2 (1 hidden file; 1 not a document type: .bin)"
    failed = dict(report.failed)
    assert set(failed) == {str(tmp_path / "in" / "blob.bin"), str(tmp_path / "in" / "empty.txt"),
                           str(tmp_path / "missing.txt"), str(tmp_path / "no-dir")}
    assert all(reason for reason in failed.values())
    assert "no such file" in failed[str(tmp_path / "missing.txt")]
    assert store.counts()["documents"] == 3


def test_a_failing_document_writes_nothing(store: Store, tmp_path: Path) -> None:
    """A database error half-way through a document rolls back all of its rows."""
    (path,) = write_corpus(tmp_path, 1)

    def broken(text: str, **kw: object) -> zhibiao.Document:
        doc = line_extractor(text, **kw)  # type: ignore[arg-type]
        # Facts are written before mentions: a NULL entity name fails at the very end.
        doc.entities.append(Entity("org", None, 0, 1))  # type: ignore[arg-type]
        return doc

    report = store.ingest_paths([path], extractor=broken)
    assert len(report.failed) == 1 and report.failed[0][1].startswith("database")
    assert set(store.counts().values()) == {0}

    def crashing(text: str, **kw: object) -> zhibiao.Document:
        raise RuntimeError("boom")

    report = store.ingest_paths([path], extractor=crashing)
    assert report.failed == [(str(path), "extraction failed: RuntimeError: boom")]
    assert store.ingest_paths([path], extractor=line_extractor).new == 1


def test_ingest_document_api(store: Store) -> None:
    doc = figure_document("jx", JIANGXI, source="mem://jx")
    assert store.ingest_document(doc) is False
    assert store.ingest_document(doc) is True  # same content: replaced, not duplicated
    counts = store.counts()
    assert counts["documents"] == 1 and counts["facts"] == 5 and counts["targets"] == 1
    changed = dataclasses.replace(doc, text=doc.text + "补充。")
    assert store.ingest_document(changed) is True
    assert store.counts() == counts
    with store.connect() as conn:
        row = conn.execute(text("SELECT evidence FROM facts ORDER BY id LIMIT 1")).scalar_one()
    assert row == doc.text[doc.facts[0].start:doc.facts[0].end]


def test_nul_bytes_in_text_are_stored(store: Store) -> None:
    doc = figure_document("nul", JIANGXI[:1])
    doc.text = doc.text[:-1] + "\x00"
    store.ingest_document(doc)
    assert store.counts()["facts"] == 1


def test_read_errors_are_ingest_errors() -> None:
    with pytest.raises(IngestError):
        read(Path("/nonexistent/file.txt"))

