"""Where a figure's place is written: places listed for a list of figures (甲县、乙县分别…),
places named jointly (天津、山东对口协作…), a place before its own number in a list (、浙江10.6%)
and the place a figure is compared with (超过北京的2.99万亿元)."""

from __future__ import annotations

import re
from bisect import bisect_left

from zhibiao.extract import facts as F
from zhibiao.extract.periods import Periods
from zhibiao.extract.subjects import Subject, SubjectMention
from zhibiao.model import Quantity


def joint_places(text: str, mentions: list[SubjectMention], opening: int) -> SubjectMention | None:
    """Places listed at a clause's opening (天津、山东; 上海、江苏、浙江和安徽的…) as one group
    subject written as the text writes it; a list the clause's figures go through one by one
    (分别) takes each place for its own figure instead (listed_places)."""
    run = [m for m in mentions if m.start >= opening and m.subject is not None and m.subject.code]
    if not run or run[0].start != opening:
        return None
    chain = [run[0]]
    for m in run[1:]:
        if text[chain[-1].end:m.start] not in ("、", "和", "及", "与"):
            break
        chain.append(m)
    if len(chain) < 2 or text.startswith(("、", "等", "和", "及"), chain[-1].end):
        return None
    start, end = chain[0].start, chain[-1].end
    return SubjectMention(start, end, Subject(text[start:end], None, None))


_RATE_OF = re.compile(r"(?:平均)?(?:增速|增幅|水平)?")  # 全省平均增速(16.8%)
COMPARED_WITH = re.compile(r"(?:超过|超出|高于|低于|少于|多于|领先|落后于|不及|相当于|跑赢|跑输|快于|慢于|与|同)$")


_ITEM_GAP = re.compile(r"[、，,；;：: ]*")


def place_item(text: str, mentions: list[SubjectMention], starts: list[int], lo: int,
                pos: int) -> SubjectMention | None:
    """The region written alone right before the number at ``pos`` (、浙江10.6%), with only
    list marks between it and ``lo`` (the end of the figure before)."""
    i = bisect_left(starts, pos) - 1
    m = mentions[i] if i >= 0 else None
    if m is None or m.end != pos or m.start <= lo or m.subject is None or not m.subject.code:
        return None
    return m if _ITEM_GAP.fullmatch(text, lo, m.start) else None


def compared_place(text: str, mentions: list[SubjectMention], starts: list[int], q: Quantity,
                    periods: Periods) -> SubjectMention | None:
    """超过北京的2.99万亿元, 高于全国(3.9%), 跑赢全国6.1%的GDP增速: the place a figure is
    compared with, written right before it."""
    pos = q.start
    i = bisect_left(starts, pos) - 1
    m = mentions[i] if i >= 0 else None
    if m is None or not COMPARED_WITH.search(text, max(0, m.start - 4), m.start):
        return None
    if m.end == pos - 1 and text[m.end] == "的" and not text.startswith("与", m.start - 1):
        return m
    if text[pos - 1] in "(（" and _RATE_OF.fullmatch(text, m.end, pos - 1):
        return m
    # 与全国(前三季度)3%的GDP增速相比: the place, maybe its time, then the number measuring a noun after it
    k = periods.at_or_after(m.end)
    until = periods[k].end if k < len(periods) and periods[k].start == m.end else m.end
    return m if until == pos and F.postposed_noun(text, q.end) else None


def listed_places(text: str, mentions: list[SubjectMention], starts: list[int], lo: int, hi: int,
                   n: int) -> list[tuple[Subject, int]] | None:
    """The last list of n places (甲县、乙县和丙县) between lo and hi, each with where it stands."""
    run: list[SubjectMention] = []
    best: list[SubjectMention] | None = None
    for i in range(bisect_left(starts, lo), bisect_left(starts, hi)):
        m = mentions[i]
        if m.subject is None or not m.subject.code:
            continue
        run = [*run, m] if run and text[run[-1].end:m.start] in ("、", "和", "及", "与") else [m]
        if len(run) == n:
            best = run
    return [(m.subject, m.start) for m in best if m.subject is not None] if best else None
