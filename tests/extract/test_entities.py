"""find_entities over the phrase table in cases/entities.yaml, robustness, and the seed page."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml

import zhibiao
from zhibiao.extract.entities import backends, find_entities
from zhibiao.extract.regions import find_regions

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases" / "entities.yaml").read_text(encoding="utf-8"))
SEED = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seed" / "page-2024-01-30.txt"


@pytest.mark.parametrize("case", CASES, ids=[c["text"].replace("\n", "⏎") for c in CASES])
def test_entities(case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_entities(text)
    pairs = {(e.type, e.name) for e in found}
    for typ, name in case.get("expect") or []:
        assert (typ, name) in pairs, f"missing {typ} {name} in {sorted(pairs)}"
    for typ, name in case.get("absent") or []:
        assert (typ, name) not in pairs
    for e in found:
        assert 0 <= e.start < e.end <= len(text)


@pytest.mark.parametrize("text", ["", "《", "》", "《" * 10_000, "“" * 5000, "记者", "摄", "\n" * 100,
                                  "公司" * 2000, "《》《》", "\ud800\x00"])
def test_odd_input_never_raises(text: str) -> None:
    find_entities(text)


def test_one_megabyte_of_brackets_is_linear() -> None:
    import time

    t0 = time.perf_counter()
    find_entities("《" * 1_000_000)
    assert time.perf_counter() - t0 < 5


def test_backend_registry_and_regions_argument() -> None:
    assert "rules" in backends()
    text = "江西省南昌县向塘镇的南昌国际陆港"
    assert find_entities(text, find_regions(text)) == find_entities(text)
    assert pickle.loads(pickle.dumps(find_entities(text))) == find_entities(text)


@pytest.mark.skipif(not SEED.exists(), reason="shared corpus not available")
def test_seed_page_spans_and_key_names() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = find_entities(text)
    for e in found:
        assert text[e.start : e.end] or e.type == "region"
    names = {(e.type, e.name) for e in found}
    for want in [("person", "赖永峰"), ("person", "尹弘"), ("org", "南昌国际陆港"), ("region", "向塘镇"),
                 ("org", "晶科能源股份有限公司"), ("plan", "江西省2024年政府工作报告")]:
        assert want in names


@pytest.mark.parametrize(("text", "name", "code"), [
    ("黔南州2023年地区生产总值增长5%", "黔南布依族苗族自治州", "522700"),
    ("凉山州西昌市", "凉山彝族自治州", "513400"),
    ("湘西自治州去年增长4%", "湘西土家族苗族自治州", "433100"),
    ("巴州全年粮食产量", "巴音郭楞蒙古自治州", "652800"),
    ("恩施自治州来凤县", "恩施土家族苗族自治州", "422800"),
])
def test_autonomous_short_forms_resolve(text: str, name: str, code: str) -> None:
    regions = {(e.name, e.code) for e in find_entities(text) if e.type == "region"}
    assert (name, code) in regions


@pytest.mark.parametrize(("text", "person"), [
    ("本报记者 赖永峰 刘兴", "赖永峰"),
    ("作者：李四", "李四"),  # a byline marker before a colon, as on a byline line
    ("文 王五", "王五"),
    ("（本台记者 孙晓）", "孙晓"),  # the <outlet>记者 family of layout_cues.yaml
])
def test_bylines_in_running_text_follow_the_layout_grammar(text: str, person: str) -> None:
    from zhibiao.ingest.cues import byline_names

    assert person in (byline_names(text.strip("（）")) or [])
    assert ("person", person) in {(e.type, e.name) for e in find_entities(text)}


def test_one_character_markers_need_a_blank_in_running_text() -> None:
    assert not [e for e in find_entities("文章来源：人民网") if e.type == "person"]


def test_one_surname_list() -> None:
    from zhibiao.extract.names import is_name, lex_tables
    from zhibiao.ingest.cues import cues, looks_like_name

    lex = lex_tables()
    assert lex.surnames | lex.compound == cues().surnames
    for name in ("傅莹", "续大勇", "欧阳修", "拓跋宏"):  # once in only one of two lists
        assert is_name(lex, name) and looks_like_name(name)


def test_an_org_in_traditional_script_with_pinyin_notes_keeps_its_script() -> None:
    text = "青海省人民政府新聞辦公室舉行發布會，省發(fā)展和改革委員會主任介紹，全省生產總值增長5.3%。"
    orgs = {e.name for e in zhibiao.extract(text, published="2024-01-25").entities if e.type == "org"}
    assert "青海省發展和改革委員會" in orgs and not any("发" in o for o in orgs)
