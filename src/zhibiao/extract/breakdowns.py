"""Breakdowns: the parts after 其中 or 分产业看 take the name and time of the figure they break down."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING

from zhibiao.extract import lexicon
from zhibiao.extract.clauses import ends_with
from zhibiao.extract.span_time import WINDOW

if TYPE_CHECKING:
    from zhibiao.extract.figures import Read


@lru_cache(maxsize=1)
def _breakdown_open() -> re.Pattern[str]:
    # One alternative per word, each opening with the word itself: the whole-text scan then
    # skips to their first characters (17 times faster than behind a lookahead or a group).
    end = lexicon.cue_regex("breakdown_by_end")
    return re.compile("|".join([*map(re.escape, lexicon.words_longest_first("breakdown_open")),
                                *(rf"{re.escape(by)}[^，,。；;：:\n]{{1,12}}?(?:{end})(?=[，,：:])"
                                  for by in lexicon.words_longest_first("breakdown_by"))]))


_BY_END = re.compile(r"(?:来看|看|分)$")


# 从前三季度GDP增速来看: the rate of what, its time left out
_RATE_BY = re.compile(r"^[从按](?:前?[一二三四]季度|上半年|全年|\d{1,2}[-—~]\d{1,2}月)?(?P<n>[^，,。；;：:\n]{1,8}?(?:增速|增幅))$")


def _measured(by: str) -> str | None:
    """What the parts of a breakdown measure: 从主要工业产品产量看 -> 产量, 从GDP增速来看 -> GDP增速."""
    by = _BY_END.sub("", by)
    noun = ends_with("measure_nouns", by)
    if noun:
        return noun.group()
    rate = _RATE_BY.match(by)
    return rate.group("n") if rate else None


class Breakdowns:
    """Where the breakdown words of a text stand."""

    def __init__(self, text: str) -> None:
        found = list(_breakdown_open().finditer(text))
        self.spans = [m.span() for m in found]
        # 从主要工业产品产量看: the breakdown names what its parts measure (产量)
        self.nouns = {m.start(): noun for m in found if (noun := _measured(m.group()))}

    def at(self, sentence_start: int, pos: int) -> int | None:
        """Where the 其中 (分产业看…) that ``pos`` stands under was written, if any in its sentence."""
        # the last one before it (…其中：第一产业…；第二产业增加值…，其中：工业…: the second)
        i = bisect_left(self.spans, (pos, 0)) - 1
        while i >= 0 and self.spans[i][1] > pos:
            i -= 1
        return None if i < 0 or self.spans[i][0] < max(sentence_start, pos - WINDOW) else self.spans[i][0]


def head_of(at: int | None, unit: str, sentence_reads: list[Read], last_head: str | None,
            named_noun: str | None = None) -> str | None:
    """The head figure whose parts follow the breakdown word at ``at``: this sentence's last
    figure before it in the part's unit (完成投资2100亿元，新增里程420公里、其中高铁150公里: the 公里
    are of 里程; 第二产业增加值11.2亿元，其中：工业…: of 增加值), else its first figure, else the last head figure before the sentence; "" for
    parts of a count (no measured noun to share), None outside a breakdown."""
    if at is None:
        return None
    if named_noun:
        return named_noun
    named = [r for r in sentence_reads if r.start < at and r.fig.indicator]
    first = next((r.fig.indicator for r in reversed(named) if r.fig.unit == unit), named[0].fig.indicator if named else None)
    if first is not None:  # 共有卫生机构4120个，其中医院156个: a count's parts take no measured noun
        return first if ends_with("measure_nouns", first) else ""
    return last_head


def whole_of(sentence_reads: list[Read], at: int, unit: str) -> Read | None:
    """Whose time a part after the breakdown word at ``at`` shares: the part read just before it
    (出口340.2亿元，增长5.3%), else the last figure before ``at`` in the part's unit, else the
    sentence's first."""
    if sentence_reads and sentence_reads[-1].start > at:
        return sentence_reads[-1]
    before = [r for r in sentence_reads if r.start < at]
    return next((r for r in reversed(before) if r.fig.unit == unit), before[0] if before else None)
