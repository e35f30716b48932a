"""Table-driven tests for ``zhibiao.extract``: every case in ``tests/extract/cases/*.yaml``.

The extractor is tested as a black box through the public API, in the style of
dateparser/price-parser: long tables of real-shaped phrases with the values the
contract (``../shared/contract/GUIDELINE.md``) says they must give.

A case file is a YAML list of mappings::

    - text: "2023年，全省规模以上工业增加值同比增长6.2%。"
      published: "2024-02-01"          # optional
      facts:                            # each must be matched by one extracted fact
        - {value: 6.2, unit: "%", measure: growth, period: "2023"}
      targets: []                       # same, against the extracted targets
      none: true                        # nothing at all may be extracted
      only: true                        # the listed facts/targets are all there may be
      xfail: "reason"                   # known miss: xfail(strict=True)

An expected item matches an extracted one when every key it gives matches: numbers
within a relative 1e-6; units after aliasing (个百分点→百分点, TEU→标箱, 千米→公里,
名→人); indicator and plan by containment either way, ignoring punctuation and
quotes; basis exactly for ``yoy`` and by containment for a named comparison; all
other keys exactly. Keys left out are not checked, so a case pins only what it means to.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

import zhibiao

CASES_DIR = Path(__file__).parent / "cases"
# Other engineers' tables live in the same folder with their own runners.
NOT_OURS = frozenset({"regions.yaml", "entities.yaml"})
CASE_KEYS = frozenset({"text", "published", "facts", "targets", "none", "only", "xfail", "note"})
EXPECT_KEYS = frozenset({"facts", "targets", "none"})
FACT_KEYS = frozenset({"value", "value_max", "unit", "measure", "period", "qualifier", "basis",
                       "indicator", "subject", "subject_code"})
TARGET_KEYS = frozenset({"value", "value_max", "unit", "measure", "deadline", "qualifier", "per_year",
                         "plan", "indicator", "subject", "subject_code"})
MEASURES = frozenset({"level", "growth", "change", "rank"})
QUALIFIERS = frozenset({"approx", "over", "under", "at_least", "at_most", None})

# The scorer's aliases: spellings the contract treats as the same canonical unit.
UNIT_ALIASES = {"个百分点": "百分点", "％": "%", "TEU": "标箱", "千米": "公里", "平方千米": "平方公里",
                "名": "人"}
PUNCT = re.compile(r"[\s\u3000“”\"'‘’《》〈〉()（）\[\]【】、，,。.:：;；·\-—_「」『』]+")
# Evidence for a number must show it: Arabic (half or full width) or a Chinese numeral,
# including the few characters that carry a number on their own (首位, 翻一番, 半年, 倍增).
NUMERAL = re.compile(r"[0-9０-９〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟兩萬億首半番倍双雙]")


@dataclass(frozen=True)
class Case:
    file: str
    index: int
    text: str
    published: str | None = None
    facts: list[dict[str, Any]] | None = None
    targets: list[dict[str, Any]] | None = None
    none: bool = False
    only: bool = False
    xfail: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def zhibiao_case_id(self) -> str:
        """Readable test id (tests/conftest.py keeps pytest from escaping the CJK)."""
        short = self.text.replace("\n", "⏎")
        short = short if len(short) <= 36 else short[:35] + "…"
        return f"{Path(self.file).stem}-{self.index:03d}-{short}"


def _case_files() -> list[Path]:
    files = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        if path.name in NOT_OURS:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        # Only files in our shape: a list of mappings that expect something.
        if isinstance(data, list) and any(isinstance(c, dict) and EXPECT_KEYS & c.keys() for c in data):
            files.append(path)
    return files


def load_cases() -> list[Case]:
    cases = []
    for path in _case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, raw in enumerate(data):
            published = raw.get("published")
            cases.append(Case(
                file=path.name,
                index=i,
                text=raw["text"],
                # YAML reads an unquoted 2024-02-01 as a date; the API takes a string.
                published=None if published is None else str(published),
                facts=raw.get("facts"),
                targets=raw.get("targets"),
                none=bool(raw.get("none", False)),
                only=bool(raw.get("only", False)),
                xfail=raw.get("xfail"),
                raw=raw,
            ))
    return cases


CASES = load_cases()


def _params(cases: list[Case], expect_misses: bool = True) -> Iterator[Any]:
    """Cases as params; a known miss (xfail) is strict, so a fix forces its promotion."""
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail and expect_misses else []
        yield pytest.param(case, marks=marks)


# ---------------------------------------------------------------- matching


def _norm(text: str | None) -> str:
    return PUNCT.sub("", text or "")


def _unit(unit: str | None) -> str:
    u = (unit or "").strip()
    return UNIT_ALIASES.get(u, u)


def _same_number(got: Any, want: Any) -> bool:
    if want is None or got is None:
        return want is None and got is None
    return math.isclose(float(got), float(want), rel_tol=1e-6, abs_tol=1e-9)


def _contains_either_way(got: str | None, want: str | None) -> bool:
    g, w = _norm(got), _norm(want)
    if not w or not g:
        return g == w
    return w in g or g in w


def _field_matches(key: str, got: Any, want: Any) -> bool:
    if key in ("value", "value_max"):
        return _same_number(got, want)
    if key == "unit":
        return _unit(got) == _unit(want)
    if key in ("indicator", "plan"):
        return _contains_either_way(got, want)
    if key == "basis":
        if want is None or want == "yoy":
            return got == want
        return got is not None and _contains_either_way(got, want)
    if key in ("period", "deadline", "subject_code"):
        # YAML may hand us 2023 as an int; the contract's periods are strings.
        return got == (None if want is None else str(want))
    if key == "subject":
        return _norm(got) == _norm(want)
    return bool(got == want)


def _matches(expected: dict[str, Any], item: dict[str, Any]) -> bool:
    return all(_field_matches(k, item.get(k), v) for k, v in expected.items())


def _show(items: list[dict[str, Any]]) -> str:
    keys = ("subject", "indicator", "measure", "value", "value_max", "unit", "period", "deadline",
            "basis", "qualifier", "per_year", "plan")
    lines = [" ".join(f"{k}={it[k]!r}" for k in keys if k in it and it[k] not in (None, False))
             for it in items]
    return "\n    ".join(lines) or "(nothing)"


def _check(kind: str, expected: list[dict[str, Any]], got: list[dict[str, Any]], only: bool) -> list[str]:
    problems = []
    for want in expected:
        if not any(_matches(want, item) for item in got):
            problems.append(f"missing {kind[:-1]} {want}")
    if only:
        for item in got:
            if not any(_matches(want, item) for want in expected):
                problems.append(f"unexpected {kind[:-1]} {_show([item])}")
    if problems:
        problems.append(f"extracted {kind}:\n    {_show(got)}")
    return problems


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("case", list(_params(CASES)))
def test_case(case: Case) -> None:
    doc = zhibiao.extract(case.text, published=case.published, doc_id=f"case-{case.index}")
    out = doc.to_dict()
    problems: list[str] = []
    if case.none:
        if out["facts"] or out["targets"]:
            problems.append("expected no figure at all")
            problems.append(f"extracted facts:\n    {_show(out['facts'])}")
            problems.append(f"extracted targets:\n    {_show(out['targets'])}")
    if case.facts is not None:
        problems += _check("facts", case.facts, out["facts"], case.only)
    if case.targets is not None:
        problems += _check("targets", case.targets, out["targets"], case.only)
    assert not problems, f"{case.text}\n" + "\n".join(problems)


@pytest.mark.parametrize("case", list(_params(CASES, expect_misses=False)))
def test_case_spans(case: Case) -> None:
    """Every extracted item points at its evidence in the ORIGINAL text."""
    doc = zhibiao.extract(case.text, published=case.published)
    assert doc.text == case.text
    for item in [*doc.facts, *doc.targets]:
        assert 0 <= item.start < item.end <= len(case.text), item
        evidence = case.text[item.start : item.end]
        assert evidence and evidence in case.text
        if item.value is not None:
            assert NUMERAL.search(evidence), f"evidence {evidence!r} shows no number for {item}"


def test_tables_are_large_enough() -> None:
    assert len(CASES) >= 320, len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.file}-{c.index:03d}")
def test_case_is_well_formed(case: Case) -> None:
    """The tables themselves: catch typos that would make a case vacuous."""
    assert set(case.raw) <= CASE_KEYS, set(case.raw) - CASE_KEYS
    assert case.text.strip()
    assert EXPECT_KEYS & case.raw.keys(), "a case must expect facts, targets or none"
    if case.none:
        assert not case.facts and not case.targets
    if case.published is not None:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", case.published), case.published
    for item in case.facts or []:
        assert set(item) <= FACT_KEYS, set(item) - FACT_KEYS
        assert item.get("measure", "level") in MEASURES
        assert item.get("qualifier") in QUALIFIERS
    for item in case.targets or []:
        assert set(item) <= TARGET_KEYS, set(item) - TARGET_KEYS
        assert item.get("measure", "level") in MEASURES | {"milestone"}
        assert item.get("qualifier") in QUALIFIERS
    for item in [*(case.facts or []), *(case.targets or [])]:
        for key in ("value", "value_max"):
            if item.get(key) is not None:
                assert isinstance(item[key], int | float) and not isinstance(item[key], bool), item
