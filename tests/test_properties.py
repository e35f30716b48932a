"""Properties of ``zhibiao.extract`` that hold for ANY input string (Hypothesis).

Whatever the text, extraction must not raise, every span must index the original text
(``text[start:end]`` is the evidence), and the output must be a valid zhibiao/1 object.
The schema is the contract's ``output.schema.json``; tests/data holds a verbatim copy so
the suite runs without ``../shared``, and a test keeps the copy honest when it is there.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import zhibiao

SCHEMA_COPY = Path(__file__).parent / "data" / "output.schema.json"
# The contract as shipped next to the repository (absent in a plain checkout).
SCHEMA_ORIGINAL = Path(__file__).resolve().parents[2] / "shared" / "contract" / "output.schema.json"
VALIDATOR = Draft202012Validator(json.loads(SCHEMA_COPY.read_text(encoding="utf-8")))

# An alphabet dense in the things the extractor parses: digits in both widths, Chinese
# numerals and scale words, units, period words, cue words and the punctuation that
# separates clauses and ranges. Random text from it hits number/unit/period code paths
# far more often than st.text() does.
PIECES = [
    *"0123456789０１２３４５６７８９.,，。、；：:;%％‰～~-—–至到",
    *"〇零一二两三四五六七八九十百千万亿兩萬億",
    *"年月日季度上下半前末底全省市县区我国增长下降提高减少个百分点倍成元美吨亩人次家第位左右约超过近以上以下不低于",
    "增长", "同比", "比上年", "个百分点", "万亿元", "亿元", "万人", "万标箱", "千公顷", "万元/人",
    "年均", "到2025年", "力争", "确保", "目标", "左右", "以上", "分别为", "居全国第", "前三季度",
    "1—11月", "上半年", "去年底", "截至目前", "“十四五”", "《", "》", "（", "）", "\n", " ", "\u3000",
    "增長", "億元", "個百分點", "統計局", "\ufeff", "\r\n", "\x00", "\ud7ff", "𠀀",
]
CJK_TEXT = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str, published: str | None = None) -> dict[str, Any]:
    doc = zhibiao.extract(text, published=published)
    assert doc.text == text, "the document must keep the ORIGINAL text"
    out = doc.to_dict()
    errors = sorted(VALIDATOR.iter_errors(out), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    # JSON round trip: no NaN/inf and nothing that json cannot carry.
    assert json.loads(json.dumps(out, ensure_ascii=False, allow_nan=False)) == out
    for kind in ("facts", "targets", "entities", "articles"):
        for item in out[kind]:
            start, end = item.get("start"), item.get("end")
            assert isinstance(start, int) and isinstance(end, int), (kind, item)
            assert 0 <= start <= end <= len(text), (kind, item, len(text))
    for model_item in [*doc.facts, *doc.targets, *doc.entities, *doc.articles]:
        assert doc.evidence(model_item) == text[model_item.start : model_item.end]
    for item in [*out["facts"], *out["targets"]]:
        for key in ("value", "value_max"):
            if item.get(key) is not None:
                assert math.isfinite(item[key]), item
        if item["start"] < item["end"] and item.get("value") is not None:
            assert text[item["start"] : item["end"]].strip(), f"blank evidence for {item}"
    return out


@SETTINGS
@given(st.text())
@example("")
def test_extract_never_raises_on_any_text(text: str) -> None:
    _check(text)


@pytest.mark.parametrize("text", ["\ud800", "增长5%\udcff。", "\udc80\udc81 2023年全省增长6.2%"])
def test_extract_survives_lone_surrogates(text: str) -> None:
    """A str may hold lone surrogates (bytes decoded with surrogateescape, JSON "\\ud800"):
    st.text() never generates them, so they get their own test."""
    _check(text)


@SETTINGS
@given(CJK_TEXT, st.sampled_from([None, "2024-01-30", "2023-07", "2022"]))
@example("2023年，全省规模以上工业增加值同比增长6.2%。", "2024-02-01")
@example("到2025年，全市研发经费投入强度年均增长9%左右。", None)
@example("1—11月，规上工业营业收入3.6万亿元，分别增长2.8%、3.1%。", "2023-12-20")
def test_extract_on_number_dense_text(text: str, published: str | None) -> None:
    _check(text, published)


@SETTINGS
@given(CJK_TEXT, CJK_TEXT)
def test_spans_index_the_original_text_after_a_prefix(prefix: str, body: str) -> None:
    """Evidence found in ``body`` is found again, shifted, when text precedes it."""
    text = prefix + "。\n" + body
    out = _check(text)
    for item in out["facts"]:
        assert text[item["start"] : item["end"]] in text


def test_schema_copy_is_the_contract() -> None:
    if not SCHEMA_ORIGINAL.exists():
        pytest.skip("../shared/contract is not next to this checkout")
    assert SCHEMA_COPY.read_bytes() == SCHEMA_ORIGINAL.read_bytes(), (
        "tests/data/output.schema.json drifted from the contract: copy it again verbatim")
