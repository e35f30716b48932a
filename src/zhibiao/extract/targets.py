"""Goals: where a sentence turns from results to commitments, the deadline, and milestones.

A cue opens a goal from its position to the end of the sentence: 到2030年, 2030年前,
5年内, 年内, 力争, 确保, 目标, 计划, 将, and a plan title followed by 即/提出. A figure
right before 任务/目标 (超额完成12万人次的年度轮训任务) is a goal wherever it stands.
"预计" (an estimate of the year just ended) keeps its clause a result.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from zhibiao.extract import lexicon
from zhibiao.extract.clauses import Clause, Clauses, strip_punct
from zhibiao.extract.numbers import parse_chinese
from zhibiao.extract.periods import PeriodMention
from zhibiao.extract.spans import Spans

_YEAR_RANGE_IN_TITLE = re.compile(r"(?:19|20)\d{2}\s*(?:—{1,2}|-|~|至|―)\s*((?:19|20)\d{2})年?")
_WITHIN_YEARS = re.compile(r"(?:用)?(?<![0-9一二三四五六七八九十])([0-9一二三四五六七八九十]{1,3})年(?:内|时间)")
_TASK_AFTER = re.compile(r"^的?[^，,。；;(（\d]{0,6}?(?:任务|目标)")
_TITLE_CUE = re.compile(r"^》?[)）]?[，,]?(?:即|提出|明确|要求|指出|确定|强调|部署)")


@dataclass(frozen=True, slots=True)
class GoalCue:
    start: int  # goals start here
    deadline: str | None
    per_sentence: int
    word: str = ""  # the cue as written; "" for a deadline or a plan title


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    words = [*lexicon.cue_list("target_cues"), "将"]
    return re.compile(lexicon.alternation(tuple(words)))


def goal_cues(text: str, clauses: Clauses, periods: list[PeriodMention],
              titles: list[tuple[int, int]], published: str | None,
              names: list[tuple[int, int]] | None = None) -> list[GoalCue]:
    """Every goal cue with the sentence it opens and the deadline it names (if any)."""
    pub_year = int(published[:4]) if published else None
    sentence_of = clauses.sentence_of
    cues: list[GoalCue] = []
    for p in periods:
        if p.role == "deadline" and p.year is not None:
            cues.append(GoalCue(p.start, str(p.year), sentence_of(p.start)))
    named = Spans([*titles, *(names or [])])
    for m in _cue_re().finditer(text):
        if named.holds(m.start()):
            continue
        word = m.group()
        if word == "将" and text[max(0, m.start() - 1):m.start()] in ("即", "必", "终"):
            continue
        if word == "计划" and text[m.end():m.end() + 1] in ("》", "”", "\""):
            continue
        if word in ("计划", "任务", "目标", "目标任务") and re.match(r"的[0-9]", text[m.end():m.end() + 2]):
            continue  # 完成年度任务的106%: a completion rate, reported
        cues.append(GoalCue(m.start(), None, sentence_of(m.start()), word))
    for m in _WITHIN_YEARS.finditer(text):
        n = m.group(1)
        years = int(n) if n.isdigit() else int(parse_chinese(n) or 0)
        base = _year_before(periods, m.start()) or pub_year
        cues.append(GoalCue(m.start(), str(base + years) if base and years else None, sentence_of(m.start())))
    for m in re.finditer("年内", text):
        if text[max(0, m.start() - 1):m.start()].isdigit() or re.match(r"[0-9一二三四五六七八九十]", text[m.start() - 1:m.start()] or "x"):
            continue
        cues.append(GoalCue(m.start(), str(pub_year) if pub_year else None, sentence_of(m.start())))
    for s, e in titles:
        if _TITLE_CUE.match(text[e:e + 4]) and _is_plan_title(text[s:e]):
            cues.append(GoalCue(e, plan_deadline(text[s:e]), sentence_of(s)))
    cues.sort(key=lambda c: c.start)
    return cues


def _is_plan_title(title: str) -> bool:
    return bool(re.search(r"(?:计划|规划|方案|纲要|意见|行动|工程|报告)[^》]{0,14}$", title.strip("《》")))


def plan_deadline(title: str) -> str | None:
    """The last year of a plan's span: 行动计划（2023—2026年） -> 2026."""
    m = _YEAR_RANGE_IN_TITLE.search(title)
    return m.group(1) if m else None


def _year_before(periods: list[PeriodMention], pos: int) -> int | None:
    year = None
    for p in periods:
        if p.start >= pos:
            break
        if p.role == "time" and p.year is not None:
            year = p.year
    return year


# Cues of a plan for a stated year: without a deadline of their own, the year in context is it.
_YEAR_PLAN_WORDS = {"目标", "预期目标", "主要目标", "发展目标", "目标任务", "目标是", "目标为", "计划", "任务",
                    "预期", "确保", "task"}


class GoalIndex:
    """Goal cues by sentence, so each quantity looks at its own sentence's few cues."""

    def __init__(self, cues: list[GoalCue]) -> None:
        self.cues = cues
        self.starts = [c.start for c in cues]
        self.by_sentence: dict[int, list[GoalCue]] = {}
        for c in cues:
            self.by_sentence.setdefault(c.per_sentence, []).append(c)

    def before(self, sentence: int, pos: int) -> list[GoalCue]:
        """The cues of one sentence that start before ``pos``."""
        return [c for c in self.by_sentence.get(sentence, ()) if c.start < pos]

    def within(self, start: int, end: int) -> list[GoalCue]:
        lo, hi = bisect.bisect_right(self.starts, start), bisect.bisect_left(self.starts, end)
        return self.cues[lo:hi]


def is_goal(text: str, q_start: int, q_end: int, clause: Clause,
            cues: GoalIndex) -> tuple[bool, str | None, bool]:
    """(is a goal, the deadline its cue names, whether the year in context is its deadline)."""
    if _TASK_AFTER.match(text[q_end:q_end + 12]):
        return True, None, True
    active = cues.before(clause.sentence, q_start)
    if not active:
        return False, None, False
    deadline = next((c.deadline for c in reversed(active) if c.deadline), None)
    # 预计 after the last cue in this clause: an estimate, unless a deadline stands before it.
    est = text.rfind("预计", clause.start, q_start)
    if est > active[-1].start and deadline is None and not text.startswith("预计到", est):
        return False, None, False
    return True, deadline, any(c.word in _YEAR_PLAN_WORDS for c in active)


def carried_deadline(text: str, cues: GoalIndex, pos: int) -> str | None:
    """力争…达到2.5万户 after 到2025年 earlier in the same paragraph: the same deadline."""
    for i in range(bisect.bisect_left(cues.starts, pos) - 1, -1, -1):
        c = cues.cues[i]
        if "\n" in text[c.start:pos]:
            return None  # another paragraph: its deadline does not carry
        if c.deadline is not None:
            return c.deadline
    return None


def milestone_phrase(text: str, start: int, end: int) -> tuple[int, str] | None:
    """A goal with no number in clause [start, end): (offset, indicator) or None."""
    clause = text[start:end]
    verbs = lexicon.alternation(tuple(lexicon.cue_list("milestone_verbs")))
    m = re.search(rf"(?:{verbs})", clause)
    if not m or re.search(r"\d", clause[m.start():]):
        return None
    phrase = clause
    # 力争2030年前实现碳达峰 -> 碳达峰: what follows 实现 is the goal;
    # 为…实现碳中和奠定基础 -> 碳中和.
    if m.group() in ("实现", "达到") and m.end() < len(clause) and m.start() <= 14:
        tail = strip_punct(re.split(r"奠定|打下|提供|创造|的基础", clause[m.end():])[0])
        if len(tail) >= 2:
            return start + m.end(), tail
    phrase = re.sub(r"^(?:[^，,]{0,6}?(?:力争|争取|确保|将|要|到))+", "", phrase)
    phrase = strip_punct(phrase)
    if len(phrase) < 4:
        return None
    return start + clause.find(phrase), phrase
