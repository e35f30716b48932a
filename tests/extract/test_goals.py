"""Goal scopes alone (targets.py, goals.py): what a cue governs, on phrases written for these tests."""

from __future__ import annotations

import pytest

from zhibiao.extract.clauses import split_clauses
from zhibiao.extract.goals import anchored, milestone_phrase
from zhibiao.extract.periods import PeriodMention, find_periods
from zhibiao.extract.targets import GoalIndex, goal_cues, in_force, period_end, settled


@pytest.mark.parametrize(("period", "end"), [
    ("2024", "2024-12-31"), ("2024-01/2024-06", "2024-06-28"), ("2024-Q3", "2024-09-28"),
    ("2024-H1", "2024-06-28"), ("2024-03-15", "2024-03-15"), ("2021/2025", "2025-12-31"),
])
def test_period_end(period: str, end: str) -> None:
    assert period_end(period) == end


@pytest.mark.parametrize(("period", "published", "done"), [
    ("2023", "2024-01-20", True),        # last year, in a January report
    ("2024", "2024-07-10", False),       # this year, still running
    ("2024-01/2024-06", "2024-07-10", True),
    ("2024-07-10", "2024-07-10", True),  # 目前: now
    ("2025", "2024-07-10", False),
])
def test_settled(period: str, published: str, done: bool) -> None:
    p = PeriodMention(0, 2, period, "time", int(period[:4]))
    assert settled(p, published) is done


def _index(text: str, published: str) -> tuple[GoalIndex, list[int]]:
    clauses = split_clauses(text)
    periods = find_periods(text, published)
    return GoalIndex(goal_cues(text, clauses, periods, [], published)), [c.sentence for c in clauses]


@pytest.mark.parametrize(("text", "probe", "governed"), [
    ("该企业计划招聘300人，目前已到岗820人。", "300", True),
    ("该企业计划招聘300人，目前已到岗820人。", "820", False),
    ("全县完成投资38亿元，完成年度计划的64.2%。", "64.2", False),
    ("主要目标：到2027年，产量达到100万辆。\n力争充电桩数量达到20万个。", "20万", True),
    ("到2027年，产量达到100万辆。2023年，产量达到40万辆。", "40万", False),
    ("到2025年，新增企业50家。其中，高新技术企业20家。", "20家", True),
    ("为确保完成全年目标，该县组织干部300余名。", "300", False),
])
def test_cue_governs(text: str, probe: str, governed: bool) -> None:
    index, _ = _index(text, "2024-07-10")
    pos = text.index(probe)
    sentence = split_clauses(text).at(pos).sentence
    assert in_force(index, sentence, pos) is governed


@pytest.mark.parametrize(("clause", "indicator", "measure", "value"), [
    ("碳达峰工作取得积极进展", "碳达峰工作取得积极进展", "milestone", None),
    ("力争2030年前实现碳达峰", "碳达峰", "milestone", None),
    ("实现经济总量翻番", "经济总量", "growth", 100),
    ("培育三大五十亿级产业", "五十亿级产业", "level", 3),
])
def test_milestone_phrase(clause: str, indicator: str, measure: str, value: float | None) -> None:
    found = milestone_phrase(clause, 0, len(clause))
    assert found is not None
    assert found[1:4] == (indicator, measure, value)


# A vague aim (…明显优化, …大幅提高) commits to no state one could check: annotators leave it out.
@pytest.mark.parametrize("clause", ["制造业数字化转型全面推进", "全县共有企业", "能源结构明显优化", "科技创新能力大幅提高"])
def test_no_milestone(clause: str) -> None:
    assert milestone_phrase(clause, 0, len(clause)) is None


def test_anchored_goal() -> None:
    text = "聚焦千亿级经济总量目标"
    found = anchored(text, 0, len(text))
    assert found is not None and found[1:5] == ("经济总量", "level", 100_000_000_000, "元")
