"""find_regions and the Gazetteer over the phrase table in cases/regions.yaml."""

from __future__ import annotations

import itertools
import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml

from zhibiao.extract.regions import Gazetteer, find_regions

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases" / "regions.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"] or "<empty>" for c in CASES])
def test_region_mentions(case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_regions(text)
    assert [[m.surface, m.name, m.region.code if m.region else None] for m in found] == case["expect"]
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_gazetteer_api() -> None:
    gaz = Gazetteer.load()
    assert gaz is Gazetteer.load()
    assert gaz.by_code("100000") is not None and gaz.by_code("100000").level == 0  # type: ignore[union-attr]
    jx = gaz.lookup("江西")
    assert jx is not None and (jx.code, jx.name, jx.level, jx.parent) == ("360000", "江西省", 1, "100000")
    assert gaz.lookup("赣州") == gaz.by_code("360700")
    assert gaz.lookup("鄂尔多斯") == gaz.by_code("150600")
    assert gaz.lookup("鼓楼区", within="350000") == gaz.by_code("350102")
    assert gaz.lookup("鼓楼区", within="320100") == gaz.by_code("320106")
    assert gaz.lookup("不存在的地方") is None
    assert [r.code for r in gaz.ancestors("360703")] == ["360700", "360000", "100000"]
    assert gaz.contains("360000", "360703") and not gaz.contains("350000", "360703")
    assert gaz.contains("100000", "360703")


def test_counts_by_level() -> None:
    gaz = Gazetteer.load()
    levels = [r.level for r in (gaz.by_code(c) for c in ("110000", "360700", "360703")) if r]
    assert levels == [1, 2, 3]
    # recent changes in the table: 会理市 (2021), 白杨市 (2023); 莱芜市 was merged into 济南 in 2019
    assert gaz.by_code("513402") is not None and gaz.by_code("659012") is not None
    assert gaz.by_code("371200") is None


@pytest.mark.parametrize("text", ["", "《", "《" * 10_000, "省市县区", "\x00\ud800", "镇乡村街道" * 100, "南康区" * 1000])
def test_odd_input_never_raises(text: str) -> None:
    for m in find_regions(text):
        assert text[m.start : m.end] == m.surface


def test_results_are_sorted_non_overlapping_and_picklable() -> None:
    text = "江西省赣州市南康区与南昌县向塘镇、安徽黄山、越南" * 3
    found = find_regions(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert pickle.loads(pickle.dumps(found)) == found
    found.clear()  # callers may mutate their list without touching the cache
    assert find_regions(text)
