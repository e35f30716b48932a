"""Counts of goals and tasks, which are no goals themselves: 主要经济指标任务10项, 12项主要预期目标,
and in a progress notice the counts after them and the tasks named after a count of lagging ones."""

from __future__ import annotations

import re
from functools import lru_cache

from zhibiao.extract import lexicon


@lru_cache(maxsize=1)
def _goal_count() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """Units that count goals, and the goal nouns after such a count (near, or after 项)."""
    nouns = lexicon.cue_regex("goal_count_nouns")
    return (frozenset(lexicon.cue_list("goal_count_units")),
            re.compile(rf"的?[^，,。；;(（\d]{{0,3}}?(?:{nouns})"),  # 8个约束性指标
            re.compile(rf"的?[^，,。；;(（\d]{{0,6}}?(?:{nouns})"))


_GOAL_NOUN_BEFORE_COUNT = r"(?:任务|目标|指标)(?:共|为|有|共计)?"
_GOALS_COUNTED = re.compile(_GOAL_NOUN_BEFORE_COUNT + "$")
_TASKS_COUNTED = re.compile(_GOAL_NOUN_BEFORE_COUNT + "[0-9一二三四五六七八九十]+项")


@lru_cache(maxsize=1)
def task_lists() -> re.Pattern[str]:
    """未达到序时进度11项、占比20%，为A达80%、新建B5个: in a progress notice, after a count of lagging
    tasks, the tasks named by their goals (the match ends where the list starts)."""
    lag = lexicon.cue_regex("lag_words")
    return re.compile(rf"(?:{lag})[^。；;！？\n，,]{{0,8}}[0-9]+项[^。；;！？\n]{{0,24}}?[，,](?:为|即)(?=[^。；;！？\n]{{4}})")


def counts_goals(text: str, q_start: int, q_end: int) -> bool:
    """主要经济指标任务10项, 12项主要预期目标: a count of goals, not a goal."""
    units, near, far = _goal_count()
    unit = text[q_end - 1:q_end]
    if unit not in units:
        return False
    # 12项主要预期目标, 11个方面任务
    if (far if unit == "项" else near).match(text, q_end, q_end + 12):
        return True
    return bool(_GOALS_COUNTED.search(text, max(0, q_start - 4), q_start))


def counts_tasks(text: str, q_start: int, q_end: int, since: int) -> bool:
    """主要经济指标任务10项，列入本次通报的为4项、占比40%: after a count of tasks (from ``since``), the
    counts and shares that follow count tasks too."""
    return (text[q_end - 1:q_end] in _goal_count()[0] or text.endswith(("占比", "占"), 0, q_start)) and \
        bool(_TASKS_COUNTED.search(text, since, q_start))
