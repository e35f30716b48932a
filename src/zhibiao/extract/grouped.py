"""Read one quantity, or a list of them (A、B分别增长x%、y%), against the words before it: what
each figure is of (its items, a ratio's parts, the figures named before), its measure and
value. Called by figures.walk for each group of quantities in a clause."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zhibiao.extract import facts as F
from zhibiao.extract import naming
from zhibiao.extract import phrases as P
from zhibiao.extract.clauses import words_re
from zhibiao.extract.periods import Periods
from zhibiao.model import Quantity

if TYPE_CHECKING:
    from zhibiao.extract.figures import Read

# 一产业年均增速, 实际 (增长1.9%): no head noun; a threshold (超过1000亿元) is no item either.
_OPEN_PAREN = re.compile(r"[(（][^)）]*$")
_NOTE = re.compile(r"[(（][^()（）]{2,40}[)）]$")
_BOTH_FIGURES = re.compile(r"([两二三四]|[2-4])项(?:主要)?(?:经济)?指标(?:增速)?(?:均|都)")
_CONDITION = re.compile(r"(?:剔除|扣除|除去)[^，,。；;]{1,20}?因素(?:影响)?后?")
# 以6.1%的增速领跑, 实现4.5%的增长, 全国5.2%的GDP增速: the measured noun follows the number
# (after 的) where the verb before it only frames it.
_FRAMING_VERB = re.compile(r"(?:以|实现了?|保持了?|跑出了?|录得|取得了?)$")


def _ratio_like(items: list[str]) -> bool:
    """Items named by P.ratio_parts: 三次产业结构（第一产业）…"""
    return all(i.endswith("）") for i in items)


def read_group(text: str, seg_start: int, group: list[Quantity], periods: Periods,
               previous: list[Read], sentence_start: int = 0, head: str | None = None,
               line_start: int | None = None) -> list[F.Figure]:
    """Read a quantity (or a list of them: A、B分别增长x%、y%) against the words before it."""
    first = group[0]
    pre_start = seg_start
    pre = text[pre_start:first.start]
    paren = _OPEN_PAREN.search(pre)
    if paren:
        pre_start += paren.start() + 1
        pre = text[pre_start:first.start]
    # 剔除…不可比因素后增长7.8%, 扣除价格因素后: how it was counted, not what (blanked: offsets stay)
    pre = _CONDITION.sub(lambda m: " " * len(m.group()), pre)
    # 增长(以下如无特别说明,均为同比名义增长)3.9%: a note between the cue and the number.
    note = _NOTE.search(pre)
    if note and P.cue_at_end(pre[: note.start()]):
        pre = pre[: note.start()]
    if previous and previous[-1].fig.quantity.end == seg_start and (taken := F.postposed_noun(text, seg_start)):
        pre_start += taken.end() - seg_start  # 以5.3%的增幅居全国第8位: the 增幅 was the figure's
        pre = text[pre_start:first.start]
    post = F.postposed_noun(text, first.end) if len(group) == 1 and first.raw_unit != "rank" else None
    if post:
        if text.startswith("相比", post.end()) and pre.startswith(("与", "同")):
            pre_start, pre = pre_start + 1, pre[1:]  # 与全国5.2%的GDP增速相比: the other's rate, not a comparison
        pre = F.with_postposed(pre, post.group("noun"), _FRAMING_VERB)
    out: list[F.Figure] = []
    measured = F.read_measure(pre, first)
    phrase, phrase_start = P.indicator_phrase(text, pre_start, pre, first, periods, measured[4])
    if post:
        phrase_start = first.start  # pre was rewritten: its offsets are no longer the text's
    if not phrase:
        # No indicator of its own (比前三季度提高1.2个百分点): the evidence is the clause's words.
        lead = len(pre) - len(pre.lstrip("，,、；;：: \n"))
        phrase_start = pre_start + lead if pre.strip() else first.start
    items: list[str] | None = None
    ratio = P.ratio_parts(text, phrase, group)
    if ratio:
        items = ratio
    elif len(group) > 1 or "均" in pre or "分别" in pre:
        before, _, after = phrase.partition("分别")
        items = F.split_items(before, len(group)) if len(group) > 1 else None
        if items and after and not P.cue_at_end(after) and not words_re("level", "^").match(after):
            # 对欧盟、东盟分别进出口3183.3亿元、3116.4亿元: each item is of the measure after 分别
            items = [it + after for it in items]
        if items and "对" in items[0][:12]:
            # 民营企业对东盟、美国…: the owner and 对 of the first item are every item's (对美国进出口)
            prep = items[0][: items[0].index("对") + 1]
            items = [it if it.startswith(prep) else prep + it for it in items]
        lo = max(text.rfind(c, sentence_start, seg_start - 1) for c in "，,；;") + 1
        if items is None and not before and "分别" in pre and len(group) > 1 and \
                not any(ch.isdigit() for ch in text[max(lo, sentence_start):seg_start]):
            # A、B、C三个行业增加值增势较好，分别增长…: the list is the clause before (a clause
            # of figures is no list: 分别增长 after one is of its items, below).
            items = F.split_items(F.clean_indicator(text[max(lo, sentence_start):seg_start]), len(group))
        if items is None and len(group) > 1:
            prior = next((r.fig.items for r in reversed(previous[-12:]) if len(r.fig.items) == len(group)), None)
            if prior:
                # 由上年的8.2:41.5:50.3调整为8.0:42.1:49.9: the parts of a ratio are the same parts
                items = list(prior) if _ratio_like(prior) else [p + before for p in prior]
            elif not before and len(previous) >= len(group):
                # A 52340元，B 28760元，分别增长5.3%和7.1%: one each, in order.
                named = [r.fig.indicator or "" for r in previous[-len(group):]]
                if all(named) and len(set(named)) == len(named):
                    items = named
    if len(group) == 1 and (both := _BOTH_FIGURES.search(pre)) is not None:
        # 规上工业产值增长3%，增加值下降0.3%，两项指标均位列全市第6: one for each figure named before
        n = {"两": 2, "二": 2, "三": 3, "四": 4}.get(both.group(1)) or int(both.group(1))
        named = list(dict.fromkeys(r.fig.indicator for r in previous if r.fig.indicator and r.fig.measure != "rank"))
        if named:  # (fewer named in this sentence: those)
            return [naming.figure(text, pre, first, ind, phrase_start, previous, seg_start=seg_start,
                                  line_start=line_start) for ind in named[-n:]]
    if len(group) == 1 and ("均" in pre or first.raw_unit == "rank") and "、" in phrase:
        # A、B均增长12%; 调出量、储备量稳居全国第一: one figure for each item listed
        each = F.split_items(phrase, phrase.count("、") + 1)
        if each:
            return [naming.figure(text, pre, first, it, phrase_start, previous, seg_start=seg_start,
                                  line_start=line_start) for it in each]
    for k, q in enumerate(group):
        name = items[k] if items else phrase
        fig = naming.figure(text, pre, q, name, phrase_start, previous, first_in_group=k == 0,
                      measured=measured if k == 0 else None, seg_start=seg_start,
                      sentence_start=sentence_start, head=head, line_start=line_start)
        if items:
            fig.items = items
        if k > 0 and not items:
            fig.indicator = out[0].indicator
        out.append(fig)
    bases = (out[0].basis or "").split("、")
    if len(out) > 1 and len(bases) == len(out) and all(f.basis == out[0].basis for f in out):
        for fig, basis in zip(out, bases, strict=True):
            fig.basis = basis  # 分别高于全国、全省1.2个、0.5个百分点: one comparison each
    return out
