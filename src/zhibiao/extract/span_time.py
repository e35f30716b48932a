"""When a figure in a span of years is: a state reached at the span's end (达到, a stock, a
rank) is its last year's, what happened over it (growth, work done, 累计, 年均) is the span's;
a from-value (由1832户增加到…) is the year before the span; and a named base year is yoy only
for the year right before the period."""

from __future__ import annotations

import re

from zhibiao.extract import facts as F
from zhibiao.extract.clauses import words_re
from zhibiao.extract.figure_filter import DURATION_UNITS
from zhibiao.extract.periods import Periods
from zhibiao.model import Quantity

WINDOW = 300  # how far back a sentence's words are read: bounded, so a huge sentence stays linear
YEAR_SPAN = re.compile(r"^(\d{4})/(\d{4})$")
_FROM = re.compile(r"(?:由|从)[^，,。；;0-9]{0,8}$")
_TO = re.compile(r"[^，,。；;0-9]{0,6}?(?:提高|提升|增加|增长|上升|下降|降低|减少|缩小|扩大|调整|跃升|整合|压减|缩减|精简|升|降|增|减)(?:到|至|为)")
_BASE_YEAR = re.compile(r"(?:19|20)\d{2}")
_REACHED = re.compile(r"达到|达|整合至|压减至|缩减至|精简至|提高到|提升到|增加到|增至|升至|增长到|上升到|下降到|降至|减少到|缩小到|缩小至|扩大到|调整为")


def base_period(text: str, q: Quantity, periods: Periods) -> str | None:
    """较“十三五”末的9323.1亿元, 比2020年的…: the value of the comparison is that time's."""
    i = periods.at_or_after(q.start) - 1
    if i < 0 or q.raw_unit == "倍":
        return None  # 是“十二五”时期的1.4倍: a ratio to that time, measured now
    p = periods[i]
    if p.role != "basis" or not p.period or text[p.end:q.start] not in ("的", "", "(", "（"):
        return None  # (是1949年(18.2万元)的…倍: the bracket holds that year's value)
    if q.unit == "%" and not text.endswith(("从", "由"), 0, p.start):
        return None  # 相当于2020年的85%: a share of that time's value; 从2020年的41.6% is that time's rate
    return p.period.split("/")[-1]


def span_end(text: str, sentence_start: int, fig: F.Figure, period: str | None) -> str | None:
    """In a span of years, a state at its end (a level reached, a stock, a rank, a run of
    years) is its last year's; what happened over it (growth, a change, work done: 新建, 新增,
    获批…; 累计, 年均, 稳定在) is the span's."""
    m = YEAR_SPAN.match(period or "")
    if m is None or fig.per_year or fig.measure == "change":
        return period
    q = fig.quantity
    if fig.measure in ("level", "rank") and _FROM.search(text, max(0, q.start - 10), q.start) and _TO.match(text, q.end):
        return str(int(m.group(1)) - 1)  # 由1832户增加到3382户, 从全国第11位跃升至第4位 over 2021/2025: 2020's
    if fig.measure == "rank" or fig.unit in DURATION_UNITS:
        return m.group(2)  # 连续9年稳定在…, 居全国第1位: as of the span's end
    if fig.measure == "growth" and fig.basis and fig.basis != "yoy" and _BASE_YEAR.search(fig.basis):
        return m.group(2)  # 达38922元，较2020年增长25%: the level reached, against the span's base
    if fig.measure != "level":
        return period  # growth over the span (五年增长34.3%) is the span's
    sentence_start = max(sentence_start, q.start - WINDOW)
    # 、 joins list items that share the clause's verb (新增养老床位5万张、托育机构923个).
    clause_start = max(max(text.rfind(c, sentence_start, q.start) for c in "，,；;") + 1, sentence_start)
    # 累计 carries over the sentence's clauses, unless a clause says what was reached (达到).
    reached = _REACHED.search(text, clause_start, q.start)
    if reached is None and words_re("span_flows").search(text, clause_start, q.start):
        return period  # 新建改造高标准农田3167万亩: work done over the span
    whole = words_re("span_whole").search(text, sentence_start if reached is None else clause_start, q.start)
    if whole is not None and not (reached is not None and reached.start() == whole.end()):
        return period  # but 累计达到46个 is the total reached
    return m.group(2)


def basis(basis: str | None, period: str | None) -> str | None:
    """比2022年 for a 2023 figure is the year before (yoy); 较2020年 for 2025 names its base.
    Over a span of years a plain 增长 compares with no single year before: no basis."""
    years = _BASE_YEAR.findall(period or "")
    named = _BASE_YEAR.fullmatch(basis.removesuffix("年")) if basis else None
    if named is not None:
        return "yoy" if not years or int(years[-1]) == int(named.group()) + 1 else basis
    if basis == "yoy" and YEAR_SPAN.match(period or ""):
        return None
    return basis
