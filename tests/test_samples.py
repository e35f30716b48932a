"""The built-in samples ship as package data and are readable UTF-8 text."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
import yaml

from zhibiao import samples


def test_page_is_package_data() -> None:
    raw = files("zhibiao.samples").joinpath("page.txt").read_bytes()
    text = raw.decode("utf-8")
    assert 3000 <= len(text) <= 5000
    assert text.startswith("经济日报")


def test_page_has_the_shape_of_a_newspaper_page() -> None:
    text = samples.read_text("page.txt")
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日\s*星期", text)
    assert text.count("□ 本报记者") == 3
    assert re.search(r"本报记者 \S+摄\n", text)
    assert "年均增长9%左右" in text and "2030年前实现碳达峰" in text
    assert "超额完成全省40万人次的年度培训任务" in text
    # OCR column breaks: a blank line inside a sentence (no closing punctuation before it)
    assert re.search(r"[^。！？”\s]\n\n[^\s　]", text)
    # the commentary ends with its author's name alone on a line
    assert re.search(r"\n[\u4e00-\u9fff]{2,4}\n?$", text)


@pytest.mark.parametrize("doc", samples.demo_documents(), ids=lambda d: d.id)
def test_demo_documents_load(doc: samples.SampleDocument) -> None:
    assert doc.text.strip()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.published)


def test_demo_spans_two_years_in_order() -> None:
    docs = samples.demo_documents()
    years = {d.published[:4] for d in docs}
    assert {"2023", "2024"} <= years
    assert [d.published for d in docs] == sorted(d.published for d in docs)
    assert len({d.id for d in docs}) == len(docs)


def test_declared_plans_parse() -> None:
    for name in samples.demo_plans():
        plan = yaml.safe_load(samples.read_text(name))
        assert plan["name"] and plan["region"] and len(plan["targets"]) >= 3
