"""Goals: where a sentence turns from results to commitments, the deadline, and milestones.

A cue opens a goal from its position to the end of the sentence: 到2030年, 2030年前,
5年内, 年内, 力争, 确保, 目标, 计划, 将, 预计 about a period still to come, and a plan title
followed by 即/提出. A figure right before 任务/目标 (超额完成12万人次的年度轮训任务) is a goal
wherever it stands. What a cue does not govern:
- a goal noun that only refers to a goal (…确定的6.5%的预期目标, 完成年度计划的64%);
- a figure after a result word (目前已到岗820人, 截至6月底) or after a time that has passed;
- 预计 about a period that has ended (a January report's 预计全年增长5%): an estimate, reported.
A cue that heads a paragraph (主要目标：, 果洛州划定预期目标，, a bare 到2027年，) governs the
paragraph's later sentences, and a sentence opening with 其中/同时 continues the goals before it,
until a sentence reports results.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from zhibiao.extract import lexicon
from zhibiao.extract.clauses import Clause, Clauses, strip_punct
from zhibiao.extract.numbers import parse_chinese
from zhibiao.extract.periods import PeriodMention, Periods
from zhibiao.extract.span_time import WINDOW
from zhibiao.extract.spans import Spans
from zhibiao.extract.tasks import counts_goals, counts_tasks

_YEAR_RANGE_IN_TITLE = re.compile(r"(?:19|20)\d{2}\s*(?:—{1,2}|-|~|至|―)\s*((?:19|20)\d{2})年?")
# 用3年时间, 五年内: 用 or the count's first numeral first (re skips to them; behind a lookahead
# it tried every position), a count that does not go on a number before it.
_WITHIN_YEARS = re.compile(r"[用0-9一二三四五六七八九十](?:(?<=用)[0-9一二三四五六七八九十]{1,3}"
                           r"|(?<![0-9一二三四五六七八九十].)(?<=[0-9一二三四五六七八九十])[0-9一二三四五六七八九十]{0,2})"
                           r"年(?:内|时间)")
_TASK_AFTER = re.compile(r"^的?[^，,。；;(（\d]{0,6}?(?:任务|目标|预期增速|预期增长)")
_TITLE_CUE = re.compile(r"^》?[)）]?[，,。]?(?:其中)?(?:即|提出|明确|要求|指出|确定|强调|部署)")
_SPAN_BEFORE = re.compile(r"(?:19|20)\d{2}\s*年?\s*(?:至|到|—|-|~)\s*$")  # 2020年至2024年间: a span
_BARE_DEADLINE = re.compile(r"^(?:力争|争取|目标是|预计)?(?:到|至)?[^，,]{0,10}$")
# Cues of a plan for a stated year: without a deadline of their own, the year in context is it.
_YEAR_PLAN_WORDS = {"目标", "预期目标", "主要目标", "发展目标", "目标任务", "目标是", "目标为", "计划", "任务",
                    "预期", "确保", "预计", "task"}
# Cues that name the year's plan: their deadline is the year stated before them, else the year of
# publication (a report in 2023 sets the 2023 targets, even after a paragraph about 2022).
_ANNUAL_PLAN_WORDS = {"预期目标", "主要目标", "发展目标"}
_ANNUAL_ONLY = "预期目标"
TITLE = "》"  # the word of a cue that is a plan's title (《…行动计划（2023—2026年）》，即…)  # the others name the year's plan only with a year stated


@dataclass(frozen=True, slots=True)
class GoalCue:
    start: int  # goals start here
    deadline: str | None
    per_sentence: int
    word: str = ""  # the cue as written; "" for a deadline or a plan title
    estimate: bool = False  # 预计 about a period that has ended: it governs results
    result: int = 0  # a result word or a past time: 1 ends every goal, 2 (weak) those without a deadline
    clause_only: int = -1  # in a clause of purpose (为确保…): where that clause, all it governs, ends


@lru_cache(maxsize=1)
def _estimate_words() -> tuple[frozenset[str], re.Pattern[str]]:
    """预计/预期 words, and the words that open a clause of purpose (为确保…)."""
    return frozenset(lexicon.cue_list("estimate_cues")), re.compile(lexicon.cue_regex("purpose_openers"))


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    words = [*lexicon.cue_list("target_cues"), *lexicon.cue_list("estimate_cues"), "将"]
    return re.compile(lexicon.scan_alternation(tuple(words)))


@lru_cache(maxsize=4)
def _words(key: str) -> re.Pattern[str]:
    return re.compile(lexicon.scan_alternation(tuple(lexicon.cue_list(key))))


def goal_cues(text: str, clauses: Clauses, periods: Periods,
              titles: list[tuple[int, int]], published: str | None,
              names: list[tuple[int, int]] | None = None) -> list[GoalCue]:
    """Every goal cue with the sentence it opens and the deadline it names (if any)."""
    pub_year = int(published[:4]) if published else None
    sentence_of = clauses.sentence_of
    cues: list[GoalCue] = []
    for p in periods:
        if p.role == "deadline" and p.year is not None and not _is_span_end(text, p):
            cues.append(GoalCue(p.start, str(p.year), sentence_of(p.start)))
    named = Spans([*titles, *(names or [])])
    annual: str | None = None  # the year of the last 预期目标: later ones without a year share it
    cues.sort(key=lambda c: c.start)
    estimates, purpose_re = _estimate_words()
    dated: dict[int, int] = {}  # sentence -> where its first deadline is named
    for g in cues:
        dated.setdefault(g.per_sentence, g.start)
    for m in _cue_re().finditer(text):
        if named.holds(m.start()):
            continue
        word = m.group()
        if _in_word(text, m.start(), "goal_false_friends"):
            continue  # 将近500人, 计划经济
        if word == "计划" and text[m.end():m.end() + 1] in ("》", "”", "\""):
            continue
        if _refers(text, m.start(), m.end(), word):
            continue  # 完成年度任务的106%, 好于年初确定的预期目标: a goal named, not set
        deadline = None
        sentence = sentence_of(m.start())
        if word in _ANNUAL_PLAN_WORDS:
            deadline = _plan_year(text, clauses, periods, m.start(), annual)
            if word == _ANNUAL_ONLY:
                deadline = annual = deadline or (str(pub_year) if pub_year else None)
        estimate = word in estimates and _settled_at(text, periods, m, published,
                                                         dated.get(sentence, m.start()) < m.start())
        c = clauses.at(m.start())
        purpose = bool(purpose_re.match(text, c.start, c.start + 2))
        cues.append(GoalCue(m.start(), deadline, sentence, word, estimate, clause_only=c.end if purpose else -1))
        if deadline:
            dated.setdefault(sentence, m.start())
    for m in _WITHIN_YEARS.finditer(text):
        n = m.group().removeprefix("用").split("年")[0]
        years = int(n) if n.isdigit() else int(parse_chinese(n) or 0)
        base = _year_before(periods, m.start()) or pub_year
        cues.append(GoalCue(m.start(), str(base + years) if base and years else None, sentence_of(m.start())))
    for m in re.finditer("年内", text):
        if text[max(0, m.start() - 1):m.start()].isdigit() or re.match(r"[0-9一二三四五六七八九十]", text[m.start() - 1:m.start()] or "x"):
            continue
        cues.append(GoalCue(m.start(), str(pub_year) if pub_year else None, sentence_of(m.start())))
    for s, e in titles:
        if _TITLE_CUE.match(text[e:e + 6]) and _is_plan_title(text[s:e]):
            cues.append(GoalCue(e, plan_deadline(text[s:e]), sentence_of(s), TITLE))
    cues.sort(key=lambda c: c.start)
    cues += _carried(text, clauses, cues, Periods(periods), published)
    cues += _results(text, clauses, cues, periods, published)
    cues.sort(key=lambda c: c.start)
    return cues


def _results(text: str, clauses: Clauses, cues: list[GoalCue], periods: list[PeriodMention],
             published: str | None) -> list[GoalCue]:
    """Result words and past times in sentences with goal cues: they end the goals before them."""
    sentences = {c.per_sentence for c in cues}
    out: list[GoalCue] = []
    for key, strength in (("result_markers", 1), ("result_markers_weak", 2)):
        for m in _words(key).finditer(text):
            s = clauses.sentence_of(m.start())
            if s in sentences:
                out.append(GoalCue(m.start(), None, s, m.group(), result=strength))
    for m in re.finditer("了", text):  # 组织了300余名干部: done
        s = clauses.sentence_of(m.start())
        if s in sentences and not _in_word(text, m.start(), "result_particle_false_friends"):
            out.append(GoalCue(m.start(), None, s, "了", result=1))
    for p in periods:
        s = clauses.sentence_of(p.start)
        if s in sentences and settled(p, published):
            out.append(GoalCue(p.start, None, s, "", result=1))
    return out


@lru_cache(maxsize=8)
def _word_starts(key: str) -> dict[str, tuple[tuple[str, int], ...]]:
    """For each character, the words of a cue list holding it and where it stands in them."""
    out: dict[str, list[tuple[str, int]]] = {}
    for w in lexicon.cue_list(key):
        for k, ch in enumerate(w):
            out.setdefault(ch, []).append((w, k))
    return {ch: tuple(v) for ch, v in out.items()}


def _in_word(text: str, pos: int, key: str) -> bool:
    """Whether the character at pos belongs to one of the words of a cue list."""
    return any(pos >= k and text.startswith(w, pos - k) for w, k in _word_starts(key).get(text[pos:pos + 1], ()))


def _is_span_end(text: str, p: PeriodMention) -> bool:
    """至2024年 in 2020年至2024年间: the end of a span, no deadline."""
    return bool(_SPAN_BEFORE.search(text, max(0, p.start - 8), p.start)) or text.startswith("间", p.end)


_SHARE_OF = re.compile(r"(?:占|佔|完成|為|为)[^，,。；;\d]{0,4}$")
_SHARE_TAIL = re.compile(r"(?:均|分别|都)?(?:为|是|达到|达|超过|超|在)?\d")
_SHARE_NOUN_AFTER = re.compile(r"的?(?:投资|資金|资金|投資)?(?:比例|比重|进度|完成率|完成情况)")  # 年度计划投资完成率
_MEASURED_AGAINST = re.compile(r"(?:低于|高于|超过|超出|快于|慢于|未达到|未达|未完成|未实现)[^，,。；;：:\n]{0,24}$")


def _refers(text: str, start: int, end: int, word: str) -> bool:
    """A goal noun that names a goal rather than sets one: …的预期目标, 计划的64%."""
    if word not in lexicon.cue_set("goal_nouns"):
        return False
    after = text[end:end + 2]
    if after[:1] in ("。", "！", "；", ";") or (len(word) <= 2 and after[:1] in ("，", ",")):
        # 完成了攻坚目标。, 扭住高质量发展首要任务，: a goal named as an object sets nothing after it
        return True
    if _GOAL_DE_SHARE.match(text[end:end + 8]):
        return True  # 完成年度计划的64%, 占计划投资的62.5%
    if _SHARE_NOUN_AFTER.match(text, end):
        return True  # 完成投资进度占年度计划比例前三位的…: the share of a goal, no goal set
    if _SHARE_TAIL.match(text, end) and _SHARE_OF.search(text, max(0, start - 6), start):
        return True  # 占年度计划40.5%, 完成年度目标85%, 完成年度计划均超过90%: a share of the goal reached
    # 低于目标0.9个百分点, 未达到序时进度的目标如下: goals measured against, not set (but
    # 高于预期目标（增长6%以上） gives the goal in its bracket)
    if _MEASURED_AGAINST.search(text, max(0, start - 30), start) and after[:1] not in ("(", "（"):
        return True
    if any(after.startswith(w) for w in lexicon.cue_list("goal_introducers")):
        return False
    return text[start - 1:start] == "的" or after.startswith(("的", "完成", "差距", "还有"))


def _plan_year(text: str, clauses: Clauses, periods: Periods, pos: int,
               earlier: str | None) -> str | None:
    """The year a 预期目标 is for: one stated earlier in its sentence, else that of the one before."""
    sentence = clauses.sentence_of(pos)
    for i in range(periods.at_or_after(pos) - 1, -1, -1):
        p = periods[i]
        if p.year is None or p.role not in ("time", "deadline"):
            continue
        if clauses.sentence_of(p.start) != sentence:
            break
        return str(p.year)
    return earlier


def period_end(period: str) -> str:
    last = period.split("/")[-1]
    if re.fullmatch(r"\d{4}", last):
        return last + "-12-31"
    m = re.fullmatch(r"(\d{4})-(?:Q(\d)|H(\d))", last)
    if m:
        month = int(m.group(2)) * 3 if m.group(2) else int(m.group(3)) * 6
        return f"{m.group(1)}-{month:02d}-28"
    return last if len(last) == 10 else last + "-28"


def settled(p: PeriodMention, published: str | None) -> bool:
    """Whether a time has passed (or is now) at publication: its figures are results."""
    if p.period is None or not published or p.role not in ("time", "local"):
        return False
    return period_end(p.period) <= published or p.period == published


def _settled_at(text: str, periods: Periods, m: re.Match[str], published: str | None,
                deadline_before: bool) -> bool:
    """预计 about a period that has ended (an estimate, reported); False about one still to come.

    The period is the one named right after 预计, else the one in context; with no date of
    publication or no period at all it cannot be to come, so it is an estimate.
    """
    if deadline_before:
        return False  # 到“十四五”末，预计…突破4000万千瓦
    i = periods.at_or_after(m.end())  # periods are in text order: look only near 预计
    after = periods[i] if i < len(periods) and periods[i].start <= m.end() + 2 else None
    if after is not None and after.role == "deadline":
        return False  # 预计到2025年
    before = next((periods[j] for j in range(min(i, len(periods)) - 1, -1, -1)
                   if periods[j].end <= m.start() and periods[j].role == "time"), None)
    p = after or before
    if not published:
        return True
    if p is None:  # no time at all: the year just ended in a report of January or February
        return int(published[5:7] or 12) <= 2
    if p.period == published[:4] and int(published[5:7] or 12) <= 2 and text[p.start:p.end] in ("全年", "年度"):
        return True  # a January report's 预计全年: the year just ended
    if p.period and p.role in ("time", "local") and period_end(p.period)[:7] == published[:7]:
        return True  # a report of 20 December on 2022: the year ends as it is given (GUIDELINE §5)
    return settled(p, published)


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


_GOAL_DE_SHARE = re.compile(r"[^，,。;；]{0,4}的[0-9]")  # 完成年度计划的64%
_DIGIT = re.compile(r"\d")
_COUNTED_BEFORE = re.compile(r"[0-9一二三四五六七八九十百]+[项个条类]$")  # 145项目标任务


def _heads(text: str, clauses: Clauses, cue: GoalCue) -> bool:
    """A cue that heads what follows: 主要目标：, 划定预期目标，, a bare 到2027年，."""
    i = bisect.bisect_right(clauses.starts, cue.start) - 1  # the clause's index, as Clauses.at finds it
    if i < 0 or cue.start >= clauses[i].end:
        i = len(clauses) - 1
    c = clauses[i]
    if cue.word and cue.word in lexicon.cue_set("goal_nouns"):
        if _COUNTED_BEFORE.search(text, max(0, cue.start - 8), cue.start):
            return False  # 明确145项目标任务，: counts the goals, heads no list
        rest = strip_punct(text[cue.start + len(cue.word):c.end])
        return rest in ("", "是", "为", "如下") or text[c.end:c.end + 1] == ":"
    while i > 0 and clauses[i - 1].sentence == c.sentence:
        i -= 1
    return not cue.word and cue.deadline is not None and bool(_BARE_DEADLINE.match(text[c.start:c.end])) \
        and not _DIGIT.search(text, clauses[i].start, cue.start)


def _reports(text: str, start: int, end: int, periods: Periods, published: str | None,
             deadline: str | None) -> bool:
    """Whether text[start:end] reports results: a result word, or a time that has passed."""
    if _words("result_markers").search(text, start, end):
        return True
    if deadline is None and _words("result_markers_weak").search(text, start, end):
        return True
    for i in range(periods.at_or_after(start), len(periods)):
        if periods[i].start >= end:
            break
        if settled(periods[i], published):
            return True
    return False


@lru_cache(maxsize=1)
def _continuation() -> re.Pattern[str]:
    """其中, 同时 …: a sentence that goes on with the goals of the one before."""
    return re.compile(rf"(?:{lexicon.cue_regex('goal_continuations')})[，,:]?")


_GOAL_TITLE_MAX = 10  # 产业能级更高。: the title sentence of an item of a plan's goal list


def _carried(text: str, clauses: Clauses, cues: list[GoalCue], periods: Periods,
             published: str | None) -> list[GoalCue]:
    """Cues for the sentences a heading cue (or a 其中/同时 continuation) carries goals into."""
    spans: dict[int, list[int]] = {}
    for c in clauses:
        spans.setdefault(c.sentence, [c.start, c.end])[1] = c.end
    first_clause = {c.sentence: c for c in reversed(clauses)}
    by_sentence: dict[int, list[GoalCue]] = {}
    for g in cues:
        if g.clause_only < 0:
            by_sentence.setdefault(g.per_sentence, []).append(g)
    cont = _continuation()
    out: list[GoalCue] = []
    heading: GoalCue | None = None  # carried over the paragraph
    line = False  # the heading is a line of its own: it carries over the paragraphs after it
    last: GoalCue | None = None  # in force at the end of the sentence before
    prev_end = 0
    for sid in sorted(spans):
        start, end = spans[sid]
        # 其中/同时 open a continuation; so does a paragraph after one that ends in ；(a list of goals
        # set out one item a paragraph)
        continues = bool(cont.match(text, start)) or text[max(0, start - 8):start].rstrip().endswith(("；", ";"))
        # 到2025年，…强市。⏎产业能级更高。…：a paragraph opening with a short state of the goal
        # (its title) goes on with the goals of the heading before it
        titled = heading is not None and end - start <= _GOAL_TITLE_MAX and text[end:end + 1] in "。."
        if "\n" in text[prev_end:start] and not continues and not line and not titled:
            heading = None
        prev_end = end
        own = by_sentence.get(sid, [])
        inherited = heading or (last if continues else None)
        head_end = own[0].start if own else first_clause[sid].end
        if inherited is not None and not _reports(text, start, head_end, periods, published, inherited.deadline):
            opening = _opening_year(periods, start)
            if opening is not None:
                # 到2028年，… 今年，全县将新建…: a sentence that opens with its own time is that time's goal
                inherited = replace(inherited, deadline=opening)
            out.append(replace(inherited, start=start, per_sentence=sid))
        else:
            inherited = heading = None
            line = False
        cue = own[-1] if own else inherited
        if cue is None or cue.estimate or _reports(text, cue.start, end, periods, published, cue.deadline):
            heading = last = None
            line = False
            continue
        deadline = next((g.deadline for g in reversed([*([inherited] if inherited else []), *own]) if g.deadline),
                        None)
        last = replace(cue, deadline=deadline)
        if any(_heads(text, clauses, g) for g in own):
            heading = last
            # 主要目标：as a line of its own heads the list of paragraphs after it.
            line = (line and inherited is not None) or (bool(re.match(r":?[ \t]*\n", text[end:end + 4])) and \
                (text[end:end + 1] == ":" or end - start <= 12))  # 主要目标：; 二、主要目标
        elif heading is not None:
            heading = last
    return out


def _opening_year(periods: Periods, start: int) -> str | None:
    """The year of a time that opens the sentence at ``start`` (今年，… 2026年，…), if any."""
    i = periods.at_or_after(start)
    if i < len(periods) and periods[i].start - start <= 1 and periods[i].role == "time" and periods[i].year:
        return str(periods[i].year)
    return None


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
            cues: GoalIndex, sentence_start: int) -> tuple[bool, str | None, bool]:
    """(is a goal, the deadline its cue names, whether the year in context is its deadline)."""
    if counts_goals(text, q_start, q_end) or counts_tasks(text, q_start, q_end, max(sentence_start, q_start - WINDOW)):
        return False, None, False
    if _TASK_AFTER.match(text[q_end:q_end + 12]):
        return True, None, True
    active = [c for c in cues.before(clause.sentence, q_start) if c.clause_only < 0 or q_start < c.clause_only]
    goals = [c for c in active if not c.result]
    if not goals or goals[-1].estimate:
        return False, None, False
    deadline = next((c.deadline for c in reversed(goals) if c.deadline), None)
    last = active[-1]
    if last.result == 1 or (last.result == 2 and deadline is None):
        return False, None, False  # 计划招聘300人，目前已到岗820人
    return True, deadline, any(c.word in _YEAR_PLAN_WORDS for c in goals)


def in_force(cues: GoalIndex, sentence: int, pos: int) -> bool:
    """Whether a goal cue (not a result word after it) governs position pos of a sentence."""
    active = [c for c in cues.before(sentence, pos) if c.clause_only < 0 or pos < c.clause_only]
    return bool(active) and not active[-1].result and not active[-1].estimate


def carried_deadline(text: str, cues: GoalIndex, pos: int) -> str | None:
    """力争…达到2.5万户 after 到2025年 earlier in the same paragraph: the same deadline."""
    for i in range(bisect.bisect_left(cues.starts, pos) - 1, -1, -1):
        c = cues.cues[i]
        if "\n" in text[c.start:pos]:
            return None  # another paragraph: its deadline does not carry
        if c.deadline is not None:
            return c.deadline
    return None
