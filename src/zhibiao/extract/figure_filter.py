"""Which numbers of a text are figures: quantities less names, dates, thresholds, phone
numbers, counts of a text's parts, durations without a measure; and a unit written once
after a list of numbers, shared (分别为0.15、-5.64、1.34个百分点)."""

from __future__ import annotations

import re

from zhibiao.extract import facts as F
from zhibiao.extract import lexicon
from zhibiao.extract.clauses import ends_with, words_re
from zhibiao.extract.periods import Periods
from zhibiao.extract.spans import Spans
from zhibiao.extract.units import read_quantities
from zhibiao.ingest.layout import furniture_lines
from zhibiao.model import Quantity

DURATION_UNITS = {"年", "月", "天", "小时", "分钟", "周"}
CLAUSE_BREAK = re.compile(r"[，,。；;！？\n]")
# 三个工业门类中，…; 在全省16个市中排名第2位: the count names a pool, not a figure
_SCOPE_AFTER = re.compile(r"[\u4e00-\u9fff]{1,6}?中(?:[，,]|排名|排位|位居|位列)")
_CONTACT = re.compile(r"(?:电话|热线|传真|邮编|邮箱|QQ|qq|微信)[:：\s]*$")
_LISTED_NUMBER = re.compile(r"[0-9][万亿]{0,2}、$")
# …、1.34个百分点 ends the list; 1.18万亿、8200亿元 too (the unit written once, at the end)
_RATE_SOON = re.compile(r"[、和\d.\-−]*(?:个百分点|百分点|%|‰)|[万亿]?[、和][\d.]+[万亿]+元")
_BARE_CUE = re.compile(r"(?:为|是|达到|达|比值|指数|系数|之比|至|到)$")
_DURATION_NOUN = re.compile(r"时间|周期|时限|时长|工期|期限|年限|寿命")
_RANKING = re.compile(r"排名|排位|位次|名次")
_THRESHOLD_AFTER = re.compile(r"(?P<bound>以上|以下|及以上)?的")
_THRESHOLD_BEFORE = re.compile(r"(?:超过|超|逾|过|高于|低于|不低于|不少于)$")
_NAMES_A_PROGRAMME = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:攻坚行动|行动计划|专项行动|攻坚战|工程)(?![\u4e00-\u9fff]{0,2}(?:投资|建设|项目))")
_SESSION = re.compile(r"[、和\d一二三四五六七八九十次]{0,6}(?:全会|全体会议|会议|党代会)")
_AGE_LABEL = re.compile(r"、|及以上|以上|以下|[-－—~～]|(?:的)?(?:人口|老人|老年人|儿童|青少年|妇女|群体|居民|人群|学生|幼儿)")
_NUMERALS = "两二三四五六七八九十"
_QUOTE_CLOSES = re.compile(r"[\u4e00-\u9fff]{0,8}[”\"」]")
# 2025-3-7 15:03, 2024/10/26: dates written in digits (with their clock time) are no figures
# (a clock time alone is left alone: 8:41:51 may be a ratio)
# (the century first, then what stands before it: re skips to the 1s and 2s of the text)
_NUMERIC_DATE = re.compile(r"(?:19|20)(?<![\d.]..)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_RATIO_BASE = re.compile(r"(?:以|[(（])[\u4e00-\u9fff]{1,6}(?:为|為)$")
_SURVEY = re.compile(r"[\u4e00-\u9fff]{0,6}抽样调查")
_SCALED = re.compile(r"[万亿]$")
_BOUND_NOUN = re.compile(r"(?:及以上|以上|以下)(?=[\u4e00-\u9fff])(?!的)")  # 10亿元以上项目


_FIGURES_REFERRED = re.compile(r"(?:主要)?(?:经济)?指标(?:增速)?(?:均|都)")
_SHARED_KINDS = ("percent", "point", "permille")


def quantities(text: str, periods: Periods, names: list[tuple[int, int]]) -> list[Quantity]:
    """The quantities that are figures, ranks (第3位) among them, in text order; numbers inside
    periods, names (《…》, “十四五”, organisations) and web-page furniture (点击:4582次) are none."""
    ranks = F.find_ranks(text, 0, len(text))
    rank_spans = [(s, e) for s, e, _ in ranks]
    rank_set = Spans(rank_spans)
    skip = [(p.start, p.end) for p in periods] + names + rank_spans + furniture_lines(text) + \
        [m.span() for m in _NUMERIC_DATE.finditer(text)]
    out = [q for q in read_quantities(text, skip)
           if not (q.start > 0 and text[q.start - 1] == "第") and not _overlaps(q, rank_set)
           and (q.unit not in DURATION_UNITS or _is_duration_fact(text, q))
           and _is_figure(text, q)]
    out = [q for k, q in enumerate(out) if not _is_threshold(text, q, out[k + 1] if k + 1 < len(out) else None)]
    # 排名由369位上升到235位: 位 after a ranking word is a rank, not a count of people.
    out = [Quantity(value=q.value, unit="位", start=q.start, end=q.end, raw_unit="rank")
           if q.raw_unit == "位" and _RANKING.search(text, max(0, q.start - 10), q.start) else q for q in out]
    for s, e, v in ranks:
        out.append(Quantity(value=v, unit="位", start=s, end=e, raw_unit="rank"))
    out.sort(key=lambda q: q.start)
    return out


def share_unit(text: str, group: list[Quantity]) -> list[Quantity]:
    """分别为0.15、-5.64、1.34个百分点: a rate or point unit written once, after the last number,
    is every number's (units with scale words are not shared: 1.2、3.4亿元 stays as written)."""
    last = group[-1]
    entry = lexicon.units().get(last.raw_unit)
    if entry is None or entry.kind not in _SHARED_KINDS:
        if last.unit and all(not g.unit and _SCALED.search(text, g.start, g.end) for g in group[:-1]):
            # 分别达1.28万亿、1.18万亿、8200亿元: each number keeps its scale, the unit is the last's
            return [Quantity(value=g.value, unit=last.unit, start=g.start, end=g.end, value_max=g.value_max,
                             qualifier=g.qualifier, raw_unit=last.raw_unit) for g in group[:-1]] + [last]
        return group
    return [Quantity(value=g.value, unit=last.unit, start=g.start, end=g.end, value_max=g.value_max,
                     qualifier=g.qualifier, raw_unit=last.raw_unit)
            if (not g.unit and not g.raw_unit) or (g.raw_unit == "个" and last.raw_unit == "个百分点") else g
            for g in group]  # 1.2个、0.5个百分点: the 个 is the point's counter


def _is_threshold(text: str, q: Quantity, nxt: Quantity | None) -> bool:
    """年营业收入超100亿元的产业集群50个: a threshold that qualifies what the next number counts
    stays in its indicator (GUIDELINE: thresholds)."""
    after = _THRESHOLD_AFTER.match(text, q.end) if nxt is not None and q.unit else None
    bounded = q.qualifier not in (None, "approx") or (after is not None and after.group("bound")) or \
        _THRESHOLD_BEFORE.search(text, max(0, q.start - 3), q.start)
    if nxt is None or after is None or not bounded:
        return False  # 总规模126万千瓦的6个项目: a total, not a bound
    if lexicon.units().get(nxt.raw_unit) is None or lexicon.units()[nxt.raw_unit].kind != "counter":
        return False
    return CLAUSE_BREAK.search(text, q.end, nxt.start) is None


def _is_figure(text: str, q: Quantity) -> bool:
    """Numbers that are no figures: 5000亿元级 (a class), 前5名 (a list), bare numbers outside 为/达."""
    after = text[q.end:q.end + 1]
    if after == "级" or (after == "强" and not q.unit):
        return False
    if any(m.start() <= q.start < m.end() for m in words_re("numeral_idioms").finditer(text, max(0, q.start - 3), q.end + 3)):
        return False  # 四处奔走, 三番五次: words that hold a numeral
    if q.raw_unit == "项" and _FIGURES_REFERRED.match(text, q.end):
        return False  # 两项指标均位列全市第6: the count refers to the figures before it
    if text.startswith(("的有", "以上的有", "以下的有"), q.end):
        return False  # 超过1000亿元的有12家: a threshold, the count is the figure
    if q.start > 0 and text[q.start - 1] == "前" and q.raw_unit in ("名", "位", "强"):
        return False
    # (超50%的行政村 is a share of them, a figure)
    if q.unit != "%" and (bound := _THRESHOLD_AFTER.match(text, q.end)) and text[bound.end():bound.end() + 1] > "\u4e00" and \
            (bound.group("bound") or text.endswith(("以上", "以下"), q.start, q.end) or
             _THRESHOLD_BEFORE.search(text, max(0, q.start - 3), q.start)) and \
            not words_re("threshold_level_nouns").match(text, bound.end()):
        return False  # 建设营业收入过百亿元的特色园区: a bound that qualifies a noun
    if q.unit not in ("%", "") and (bound2 := _BOUND_NOUN.match(text, q.end - 2 if text.endswith(("以上", "以下"), q.start, q.end) else q.end)) and \
            getattr(lexicon.units().get(q.raw_unit), "kind", "counter") != "counter" and \
            not words_re("threshold_level_nouns").match(text, bound2.end()):
        return False  # 一批10亿元以上项目 (GUIDELINE: thresholds stay in the indicator)
    if q.unit not in ("%", "") and _THRESHOLD_BEFORE.search(text, max(0, q.start - 3), q.start) and \
            re.match(r"[\u4e00-\u9fff](?<!的)", text[q.end:q.end + 1]) and \
            getattr(lexicon.units().get(q.raw_unit), "kind", "counter") in ("money", "mass", "energy", "power") and \
            not words_re("threshold_level_nouns").match(text, q.end):
        return False  # 3个过三千亿元城市: the bound names the cities counted
    if q.unit == "岁" and (q.value_max is not None or _AGE_LABEL.match(text, q.end)):
        return False  # 0-17岁、60岁及以上户籍人口, 65岁以上老人: ages that name a group
    if q.start > 0 and text[q.start - 1] in "“\"「" and _QUOTE_CLOSES.match(text, q.end) and \
            getattr(lexicon.units().get(q.raw_unit), "kind", "") == "counter":
        return False  # 提升“两个基地”“两个枢纽”能级: a count inside a slogan names it (GUIDELINE)
    if q.value is not None and q.value >= 2 and text[q.start] in _NUMERALS and _counts_its_list(text, q):
        return False  # 统筹推进稳增长、防风险、保民生三项任务: the count labels the list before it
    if text.startswith(("方面", "个方面"), q.end) or (q.raw_unit == "个" and text.startswith("方面", q.end)):
        return False  # 重点抓好以下14个方面: the parts of a text, no figure
    if q.raw_unit == "次" and (_SESSION.match(text, q.end) or "届" in text[max(0, q.start - 4):q.start]):
        return False  # 省委十一届十次、十一次全会: a meeting's name
    if q.value == 100 and not q.unit and ((text[q.start - 1:q.start] in (":", "∶") and text[q.start - 2:q.start - 1].isdigit())
                                          or _RATIO_BASE.search(text, max(0, q.start - 10), q.start)):
        return False  # 性别比为105.2:100, 以女性为100: the base a ratio is put against
    if q.unit in ("%", "‰") and _SURVEY.match(text, q.end):
        return False  # 1%人口抽样调查, 5‰人口变动抽样调查: the survey's name
    if _NAMES_A_PROGRAMME.match(text, q.end):
        return False  # 深入实施0.1微克攻坚行动: the number names the campaign
    if _SCOPE_AFTER.match(text, q.end):
        return False  # 三个工业门类中，…: the count names where the figures that follow are
    if not q.unit:
        if _CONTACT.search(text, max(0, q.start - 8), q.start) or ((q.value or 0) >= 1e6 and \
                text[q.start:q.end].isdigit() and q.end - q.start >= 7):
            return False  # 客服电话:13326565461, a QQ number: no figures (GUIDELINE)
        before = text[max(0, q.start - 4):q.start]
        # 分别为0.15、-5.64、1.34个百分点, 提高0.2和1.4个百分点: a bare number listed with a rate is one of a list
        return bool(_BARE_CUE.search(before)) or after == ":" or before.endswith(":") or \
            bool((_LISTED_NUMBER.search(before) or after in "、和") and _RATE_SOON.match(text, q.end, q.end + 24))
    return True


def _counts_its_list(text: str, q: Quantity) -> bool:
    """Whether the items listed with 、 right before a count are as many as it counts."""
    start = max(text.rfind(c, max(0, q.start - 60), q.start) for c in "，,。；;：:\n") + 1
    items = [p for p in text[start:q.start].split("、") if p]
    # (the first item may carry the verb and subject before it: 全省统筹推进稳增长、…)
    return len(items) >= 2 and len(items) == q.value and len(items[0]) <= 12 and \
        all(len(p) <= 10 for p in items[1:])  # 燃气生产和供应业: an industry's name runs long


def _is_duration_fact(text: str, q: Quantity) -> bool:
    """连续5年, 需要3天左右时间: a duration is a figure only with words that make it one."""
    before = text[max(0, q.start - 5):q.start]
    if ends_with("duration_before", before) or q.qualifier is not None:
        return True
    if _DURATION_NOUN.search(text, max(0, q.start - 12), q.start):
        return True
    return text.startswith("时间", q.end) or text.startswith("的时间", q.end)


def _overlaps(q: Quantity, spans: Spans) -> bool:
    return spans.overlaps(q.start, q.end)

