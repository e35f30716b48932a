"""Queries: region roll-up, filters, full-text search, and hostile parameters."""

from __future__ import annotations

import pytest
from store_helpers import JIANGXI, figure_document

from zhibiao.errors import StoreError
from zhibiao.store import Store


@pytest.fixture
def filled(store: Store) -> Store:
    store.ingest_document(figure_document("jx", JIANGXI, source="mem://jx"))
    store.ingest_document(figure_document("zj", [("杭州市", "330100", "社会消费品零售总额", "growth", 3.3, "%", "2023")],
                                          published="2024-02-01", source="mem://zj"))
    return store


def _subjects(rows: list[dict[str, object]]) -> list[object]:
    return sorted(str(r["subject"]) for r in rows)


def test_region_rolls_up_through_codes(filled: Store) -> None:
    assert _subjects(filled.facts(region="江西省")) == ["南康区", "南昌市", "江西省", "赣州市"]
    assert _subjects(filled.facts(region="赣州市")) == ["南康区", "赣州市"]
    assert _subjects(filled.facts(region="南康区")) == ["南康区"]
    assert _subjects(filled.facts(region="360700")) == ["南康区", "赣州市"]
    assert _subjects(filled.facts(region="浙江省")) == ["杭州市", "浙江省"]
    assert len(filled.facts(region="中国")) == 6
    assert _subjects(filled.targets(region="江西省")) == ["江西省"]


def test_filters(filled: Store) -> None:
    rows = filled.facts(indicator="工业增加值")
    assert _subjects(rows) == ["南昌市", "江西省", "浙江省"]
    assert _subjects(filled.facts(region="江西省", indicator="规模以上工业增加值", period="2023")) == ["江西省"]
    assert _subjects(filled.facts(period="2022")) == ["南昌市"]
    assert len(filled.facts(measure="level")) == 2
    assert _subjects(filled.facts(search="家具")) == ["南康区"]
    assert filled.facts(indicator="不存在的指标") == []
    assert len(filled.targets(period="2025")) == 1
    assert len(filled.facts(limit=2)) == 2
    row = filled.facts(region="南康区")[0]
    assert row["document"] == "jx" and row["published"] == "2024-01-30" and row["source"] == "mem://jx"
    assert row["region"] == "南康区" and row["indicator_key"] == "家具产业集群产值"
    assert row["evidence"].startswith("2023年，南康区")


def test_entities_and_documents(filled: Store) -> None:
    names = {e["name"]: e["mentions"] for e in filled.query("entities")}
    assert names["江西省"] == 2
    assert {e["name"] for e in filled.query("entities", region="赣州市")} == {"赣州市", "南康区"}
    docs = filled.query("documents")
    assert [(d["doc_id"], d["facts"], d["targets"]) for d in docs] == [("jx", 5, 1), ("zj", 1, 0)]
    assert [d["doc_id"] for d in filled.query("documents", region="南康区")] == ["jx"]
    assert [d["doc_id"] for d in filled.query("documents", period="2024-02")] == ["zj"]


def test_full_text_search(filled: Store) -> None:
    assert [d["doc_id"] for d in filled.query("documents", search="家具产业集群")] == ["jx"]
    assert [d["doc_id"] for d in filled.query("documents", search="杭州")] == ["zj"]  # 2 chars: scan
    assert [d["doc_id"] for d in filled.query("documents", search="零售总额增长")] == ["zj"]
    assert filled.query("documents", search="不在任何文中") == []


HOSTILE = ["' OR 1=1 --", '"; DROP TABLE facts; --', "%", "_", "\\", '"', "江西省' --",
           "NEAR(a b)", "a* OR b", "x" * 999, "Robert'); DELETE FROM documents;--"]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_parameters_change_nothing(filled: Store, value: str) -> None:
    before = filled.counts()
    for kind in ("facts", "targets", "entities", "documents"):
        for name in ("region", "indicator", "period", "measure", "search"):
            try:
                rows = filled.query(kind, **{name: value})
            except StoreError as exc:
                assert "\n" not in str(exc) and len(str(exc)) < 300
            else:
                assert rows == [] or (name == "search" and value in ("%", "_", "\\")), (kind, name)
                assert kind == "documents" or all(value in str(r) for r in rows)
    assert filled.counts() == before


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "x" * 1_000_000, "江西省\x00"])
def test_nul_and_huge_parameters_are_clear_errors(filled: Store, value: str) -> None:
    before = filled.counts()
    for name in ("region", "indicator", "period", "measure", "search"):
        with pytest.raises(StoreError, match=r"NUL byte|too long"):
            filled.query("facts", **{name: value})
    assert filled.counts() == before


def test_bad_kind_and_options(filled: Store) -> None:
    with pytest.raises(StoreError, match="cannot query"):
        filled.query("facts; DROP TABLE facts")
    with pytest.raises(StoreError, match="does not apply"):
        filled.query("entities", indicator="x")
    with pytest.raises(StoreError, match="unknown region"):
        filled.query("facts", region="火星市")
    with pytest.raises(StoreError, match="--measure"):
        filled.query("facts", measure="milestone")
