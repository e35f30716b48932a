"""The conflict rule: same subject, indicator key, period and measure; values beyond rounding."""

from __future__ import annotations

from zhibiao.model import Fact
from zhibiao.track import Observation, find_conflicts
from zhibiao.track.conflicts import agree, resolution


def o(value: float, doc: str, *, indicator: str = "规模以上工业增加值", period: str = "2023",
      measure: str = "growth", unit: str = "%", qualifier: str | None = None, code: str = "360000",
      basis: str | None = None) -> Observation:
    f = Fact(indicator, measure, value, unit, period, 5, 12, subject="江西省", subject_code=code,  # type: ignore[arg-type]
             qualifier=qualifier, basis=basis)  # type: ignore[arg-type]
    return Observation(f, "2024-01-30", doc, "增长5.4%")


def test_different_values_in_different_documents_conflict() -> None:
    found = find_conflicts([o(5.4, "page"), o(5.3, "bulletin", indicator="规上工业增加值")])
    assert len(found) == 1
    c = found[0]
    assert (c.a.doc_id, c.b.doc_id) == ("page", "bulletin")
    assert c.indicator == "规模以上工业增加值" and c.period == "2023"
    assert "[5:12]" in c.describe() and "5.4%" in c.describe() and "5.3%" in c.describe()


def test_rounding_is_not_a_conflict() -> None:
    assert find_conflicts([o(5.4, "a"), o(5.42, "b")]) == []
    assert find_conflicts([o(3.6e12, "a", measure="level", unit="元"),
                           o(3.62e12, "b", measure="level", unit="元")]) == []


def test_qualified_figures_are_ranges() -> None:
    over = o(1.2e11, "a", measure="level", unit="元", qualifier="over")
    assert agree(over, o(1.23e11, "b", measure="level", unit="元"))
    assert not agree(over, o(1.1e11, "b", measure="level", unit="元"))


def test_same_document_period_measure_subject_are_required() -> None:
    assert find_conflicts([o(5.4, "a"), o(5.3, "a")]) == []  # one document: not a conflict
    assert find_conflicts([o(5.4, "a"), o(5.3, "b", period="2023-01/2023-11")]) == []
    assert find_conflicts([o(5.4, "a"), o(5.3, "b", measure="change", unit="百分点")]) == []
    assert find_conflicts([o(5.4, "a"), o(5.3, "b", code="360700")]) == []
    assert find_conflicts([o(5.4, "a", basis="yoy"), o(5.3, "b", basis="前三季度")]) == []


def test_plain_growth_and_yoy_are_the_same_comparison() -> None:
    assert len(find_conflicts([o(5.4, "a", basis="yoy"), o(5.3, "b")])) == 1


def test_three_documents_give_one_pair_each_that_disagrees() -> None:
    found = find_conflicts([o(5.4, "page"), o(5.4, "progress"), o(5.3, "bulletin")])
    assert sorted((c.a.doc_id, c.b.doc_id) for c in found) == [("page", "bulletin"), ("progress", "bulletin")]


def test_resolution() -> None:
    assert resolution(5.4) == 0.1 and resolution(3.6e12) == 1e11 and resolution(1519) == 1
