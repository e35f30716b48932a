"""Time expressions and the periods they name, resolved against context and publication date.

2023年 -> "2023"; 2023年11月 -> "2023-11"; 去年底 (published 2024) -> "2023-12-31";
1月至11月 (year 2023 in context) -> "2023-01/2023-11"; 前三季度 -> "2023-01/2023-09";
目前 -> the publication date. A mention after 比/较 is a basis (比上年), after 到 or before 前
a deadline (到2030年, 2030年前); neither sets the time of the figures that follow.
"""

from __future__ import annotations

import bisect
import calendar
import re
from functools import lru_cache
from typing import Literal, NamedTuple

from zhibiao.extract import lexicon
from zhibiao.extract.numbers import parse_chinese
from zhibiao.extract.spans import Spans

# time: dates the figures that follow; basis: a comparison (比上年, 2016年以来最高); deadline: a
# goal's (到2030年); local: this figure's span only (五年增加); name: part of a name (“十四五”规划);
# report_year: the year a work report is for (2026年政府工作报告), which reports on the year before.
Role = Literal["time", "basis", "deadline", "local", "name", "report_year"]

_Y = r"(?:19|20)\d{2}"
_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?:3[01]|[12]\d|0?[1-9])"
_DASH = r"(?:—{1,2}|-|~|至|到|―)"


class PeriodMention(NamedTuple):  # a tuple: built by the ten thousand per text, cheaply
    start: int
    end: int
    period: str | None  # ISO-style period, or None when it cannot be resolved
    role: Role
    year: int | None  # the year it establishes as context (last year of a range)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    data = lexicon.yaml_data("periods.yaml")
    parts = lexicon.alternation(tuple(data["year_part"]))
    rel = lexicon.alternation(tuple(data["relative_year"]))
    now = lexicon.alternation(tuple(data["now_words"]))
    fyp = lexicon.alternation(tuple(data["five_year_plan"]))
    yend = lexicon.alternation(tuple(data["year_end_words"]))  # after a year: 2023年底
    yend_alone = lexicon.alternation(tuple(w for w in data["year_end_words"] if w.startswith("年")))
    # Every alternative starts with one of these characters: testing the set first lets the
    # scan skip the rest of the text quickly; none starts inside a number (the 2 of 12月).
    # A numeral opens a time only before another numeral or 月 年 季 至 到 or a dash (一个, 统一
    # and 进一步 are not tried).
    words = [*data["year_part"], *data["relative_year"], *data["now_words"], *data["five_year_plan"]]
    numerals = set("0123456789零〇一二两三四五六七八九十")
    first = (set("前过近这年“\" \t") | {w[0] for w in words}) - numerals
    second = numerals | set("月年季至到-—~―日") | {w[1] for w in words if w[0] in numerals and len(w) > 1}
    trigger = "".join(sorted(re.escape(c) for c in first))
    num, after = "".join(sorted(numerals)), "".join(sorted(re.escape(c) for c in second))
    # Then, where one of them stands, what must follow it: a whole word (全 of 全年), 十 after
    # a quote (“十四五”), a blank only at a line's start (a year alone on its line): most
    # candidates (全省, 目标, a blank inside a line) fail here, not in every alternative below.
    opening = lexicon.scan_alternation(tuple(
        w for w in [*words, *(w for w in data["year_end_words"] if w.startswith("年"))] if w[0] not in numerals))
    return re.compile(
        rf"(?=[{trigger}]|[{num}][{after}])(?={opening}|[前近这]|过去|[“\"]十|(?<![^\n])[ \t]|[{num}])(?<![0-9.])(?:"
        rf"(?P<yrange>(?P<y1>{_Y})(?:[ \t]?年)?[ \t]?{_DASH}[ \t]?(?P<y2>{_Y})[ \t]?年(?:间)?)"
        rf"|(?m:^[ \t]*(?P<lone>{_Y})[ \t]*$)"
        rf"|(?P<fyp>[“\"]?(?P<fname>{fyp})[”\"]?(?P<fsuf>期间|时期|以来|末|初)?)"
        rf"|(?:(?P<year>{_Y})[ \t]?年(?:度)?|(?P<rel>{rel}))"
        rf"(?:(?P<m1>{_M})(?:月(?:份)?)?{_DASH}(?P<m2>{_M})月(?:份)?|前(?P<mfirst>{_M}|两)个?月(?:份)?"
        rf"|(?P<mon>{_M})月(?:份)?(?:(?P<day>{_D})日|(?P<mend>末|底))?"
        rf"|(?P<part>{parts})|(?P<yend>{yend})|(?P<since>以来))?"
        rf"|(?P<m1b>{_M})(?:月(?:份)?)?{_DASH}(?P<m2b>{_M})月(?:份)?|前(?P<mfirstb>{_M}|两)个?月(?:份)?"
        rf"|(?P<monb>{_M})月(?:份)?(?:(?P<dayb>{_D})日|(?P<mendb>末|底))?"
        rf"|(?P<partb>{parts})"
        # 3日，全国接待游客…: a day of the month the text came out in (not 近3日, 连续3日, 第3日)
        rf"|(?<![0-9一二三四五六七八九十月近续每第数用至到—－~-])(?P<dayc>[1-9]|[12][0-9]|3[01])日(?![电讯专前后内以])"
        rf"|(?P<yendb>{yend_alone})"
        rf"|(?P<now>{now})"
        rf"|(?P<span>(?:过去的?|近|这)(?P<n1>[0-9]{{1,2}}(?![0-9])|[一二三四五六七八九十]+)年(?:来|间)?"
        rf"|(?<!连续)(?<![0-9一二三四五六七八九十])(?P<n2>[0-9一二三四五六七八九十]{{1,3}})年(?:来(?!到)|间)|(?P<n3>[二三四五两])年(?=年均|累计|增加)))"
    )


def _month(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    v = parse_chinese(text)
    return int(v) if v else None


def _count(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else int(parse_chinese(text) or 0) or None


def _last_day(y: int, m: int) -> str:
    return f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


@lru_cache(maxsize=1)
def _references() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words after and before a time that make it a comparison's (read once: _role runs
    for every time mention)."""
    data = lexicon.yaml_data("periods.yaml")
    return tuple(data["reference_after"]), tuple(data["reference_before"])


_IS_BEFORE = re.compile(r"(?:是|为|相当于)[“\"]?$")
_OF_AFTER = re.compile(r"[”\"]?[末时期]*(?:[(（][^()（）\n]{1,16}[)）])?的")  # 是1949年(18.2万元)的
_TO_BEFORE = re.compile(r"(?:到|至|截至前|力争|于)$")
_UNTIL_BEFORE = re.compile(r"截至$")
_AHEAD_AFTER = re.compile(r"的?远景")


def _role(text: str, start: int, end: int) -> Role:
    reference_after, reference_before = _references()
    before = text[max(0, start - 3) : start]
    after = text[end : end + 3]
    if after.startswith(reference_after):
        return "basis"
    if before.endswith(reference_before):
        # 与/和/同2019年 compares only with 相比 or 持平 after it: 2022年和2023年，… is a list of times
        if not before.endswith(_JOINING) or _COMPARED.match(text, end, end + 12):
            return "basis"
    if before.endswith("继") and _AFTER_IT.match(text, end, end + 8):
        return "basis"  # 继去年一季度后，再次实现…: the time before, followed on, not this one
    if _WITH_BEFORE.search(text, max(0, start - 10), start) and _COMPARED.match(text, end, end + 12):
        return "basis"  # 与疫情前的2019年春节假日相比: the time compared with
    if before.endswith(("由", "从")) and (text.startswith("的", end) or text[end:end + 1].isdigit()):
        return "basis"  # 由上年的8.2:41.5:50.3调整为…, 由上年729万人增加到…: the value it started from
    if _IS_BEFORE.search(before) and _OF_AFTER.match(text, end, end + 24):
        return "basis"  # 是“十二五”末的1.3倍: the comparison, not the time
    if after.startswith("《"):
        return "name"  # 2025年《政府工作报告》: the year names the document, it dates nothing
    if before.endswith("展望") or _AHEAD_AFTER.match(after):
        return "deadline"  # 展望2035年, 2035年远景目标: the time looked ahead to
    if _TO_BEFORE.search(before) and not _UNTIL_BEFORE.search(before):
        return "deadline" if not before.endswith("于") else "time"
    if after.startswith("前") and not after.startswith("前三") and not after.startswith("前两"):
        return "deadline"
    return "time"


_JOINING = ("和", "与", "同")
_AFTER_IT = re.compile(r"[^，,。；;]{0,4}?之?后")
_WITH_BEFORE = re.compile(r"(?:与|同|和|跟)[^，,。；;与同和跟]{1,8}$")
_COMPARED = re.compile(r"[^，,。；;]{0,8}?(?:相比|比较|持平|相当|一样|差不多)")


def _since(text: str, start: int, end: int, year: int, published: str | None) -> tuple[Role, str]:
    """X年以来: a record's reference (为2016年以来最高), else the span from X to the last full period."""
    data = lexicon.yaml_data("periods.yaml")
    if text[max(0, start - 2):start].endswith(tuple(data["since_reference_before"])) or \
            text[end:end + 2].startswith(tuple(data["since_reference_after"])):
        return "basis", str(year)
    # Inside a clause (经济增速2022年以来连续16个季度…) it dates that figure only; opening one
    # (2022年以来，…; 自2022年以来) it sets the time that follows.
    before = text[start - 1:start] if start > 0 else ""
    role: Role = "local" if _INSIDE.match(before) else "time"
    if not published:
        return role, str(year)
    # A report early in a year (January, February) covers the year before.
    last = int(published[:4]) - (1 if published[5:7] in ("01", "02") else 0)
    if year == int(published[:4]) and len(published) == 10:
        return role, f"{year}-01-01/{published}"  # 今年以来: counted from the year's start to the day
    return role, f"{year}/{last}" if last > year else str(year)


_INSIDE = re.compile(r"[^\s，,。；;：:、！？!?“”\"（）()自从—-]")


class Periods(list[PeriodMention]):
    """Period mentions in text order, with their start offsets for lookups by position."""

    def __init__(self, items: list[PeriodMention]) -> None:
        super().__init__(items)
        self.starts = [p.start for p in items]
        self.by_start = {p.start: p for p in items}

    def at_or_after(self, pos: int) -> int:
        """Index of the first mention starting at or after pos."""
        return bisect.bisect_left(self.starts, pos)


_REVISION = re.compile(r"最终核实|最终核算|最终计算|最终确认|核实后")


def find_periods(text: str, published: str | None = None,
                 skip: list[tuple[int, int]] | None = None) -> Periods:
    """Time expressions in order, each resolved against the year in context."""
    data = lexicon.yaml_data("periods.yaml")
    pub_year = int(published[:4]) if published else None
    context_year = pub_year
    pub_month = int(published[5:7]) if published and len(published) >= 7 else None
    stated = False  # a year has been written (or said: 今年, 去年) before this point
    out: list[PeriodMention] = []
    skipped = Spans(skip or [])
    for m in _pattern().finditer(text):
        if skipped.holds(m.start()):
            continue
        g = m.groupdict()
        year: int | None = None
        if g["year"] or g["lone"]:
            year = int(g["year"] or g["lone"])
        elif g["rel"]:
            base = context_year if g["rel"] in data["context_relative"] else pub_year
            year = base + int(data["relative_year"][g["rel"]]) if base else None
        role = _role(text, m.start(), m.end())
        period: str | None = None
        ctx = year if year is not None else context_year
        if g["yrange"]:
            period, year = f"{g['y1']}/{g['y2']}", int(g["y2"])
            if role == "deadline" or text[m.end():m.end() + 1] == "前":
                role = "deadline"
        elif g["fyp"]:
            span = str(data["five_year_plan"][g["fname"]])
            if not g["fsuf"] and role == "time" and text[m.end():m.end() + 1] not in "，,、：:；;":
                role = "name"  # “十四五”规划, “十四五”开局之年: a plan's name, not a time
            first, last = span.split("/")
            if g["fsuf"] == "末":
                period, year = last, int(last)
                role = "deadline" if role != "basis" else role
            elif g["fsuf"] == "初":
                period, year = first, int(first)
            else:
                period, year = span, int(last)
        elif g["now"]:
            period = published
            year = pub_year
        elif g["span"]:
            span_n = _count(g["n1"] or g["n2"] or g["n3"])
            # 过去五年 in a report published in 2024 means 2019–2023; with a year in the text, up to it.
            end_year = ctx - 1 if ctx is not None and ctx == pub_year and year is None and \
                context_year == pub_year else ctx
            if span_n and end_year:
                period = f"{end_year - span_n + 1}/{end_year}" if span_n > 1 else str(end_year)
            if g["n3"] and role == "time":
                role = "local"  # 五年增加2万家: this figure's span only
            if text[max(0, m.start() - 1):m.start()] in data["since_reference_before"] or \
                    text[m.end():m.end() + 2].startswith(tuple(data["since_reference_after"])):
                role = "basis"  # 创近10年新高: a record's reference, not a time
        else:
            m1, m2 = _month(g["m1"] or g["m1b"]), _month(g["m2"] or g["m2b"])
            first_n = g["mfirst"] or g["mfirstb"]
            if first_n:  # 前10个月, 前两个月
                m1, m2 = 1, (2 if first_n == "两" else _month(first_n))
            mon = _month(g["mon"] or g["monb"])
            day = g["day"] or g["dayb"]
            if g["dayc"]:
                if not published or len(published) < 10:
                    continue  # a day of no known month
                # a day later than the publication's is of the month before (1月3日 said on 2月1日)
                mon = pub_month if int(g["dayc"]) <= int(published[8:10]) else (pub_month or 1) - 1 or 12
                if mon == 12 and pub_month == 1:
                    ctx = (ctx or pub_year or 0) - 1
                day = g["dayc"]
            mend = g["mend"] or g["mendb"]
            part = g["part"] or g["partb"]
            yend = g["yend"] or g["yendb"]
            holiday = bool(part) and str(data["year_part"][part]).startswith("@")  # 春节假期: its own days
            if year is None and not stated and not holiday and ctx is not None and pub_month is not None and \
                    role != "deadline" and (
                    (mon or m2 or 0) > pub_month or ((part or yend) and not (mon or m2)
                                                     and pub_month <= (6 if yend else 2)
                                                     and not _GOAL_BEFORE.search(text, max(0, m.start() - 6), m.end() + 4))):
                # Said with no year before any is stated: 12月份 in a January text, 全年 early in
                # a year and 年末 in its first half (a communiqué out in March) are last year's
                # (but 力争全年…, 全年力争… set this year's goal).
                ctx -= 1
            if ctx is None:
                period = None
            elif m1 and m2:
                period = f"{ctx}-{m1:02d}/{ctx}-{m2:02d}" if m1 < m2 else None
            elif mon and role == "deadline" and not day and published and text[m.start() - 1:m.start()] in ("至", "到") \
                    and _last_day(ctx, mon) <= published:
                # 至9月底 (published in October): the months up to then, counted, no deadline
                role, period = "time", f"{ctx}-01/{ctx}-{mon:02d}" if mon > 1 else f"{ctx}-01"
            elif mon:
                if day:
                    period = f"{ctx}-{mon:02d}-{int(day):02d}"
                elif mend:
                    period = _last_day(ctx, mon)
                else:
                    period = f"{ctx}-{mon:02d}"
            elif part:
                spelled = str(data["year_part"][part])
                # 春节假期: that year's days off, where the table has the year
                period = data["holidays"][spelled[1:]].get(ctx) if spelled.startswith("@") else spelled.format(y=ctx)
            elif yend:
                period = f"{ctx}-12-31"
            elif g["since"] and year is not None:
                role, period = _since(text, m.start(), m.end(), year, published)
                year = int(period.split("/")[-1][:4])
            elif year is not None:
                period = str(year)
            if period is None and year is None:
                continue
            if year is None and period is not None:
                year = ctx
            if role == "deadline" and g["year"] and period == str(year) and published and \
                    f"{year}-12-31" < published and text[m.start() - 1:m.start()] in ("至", "到"):
                role = "local"  # 增加到2019年的8.07亿人次 in 2022: the time of that level, no deadline
        if role == "time" and (g["part"] or g["partb"]) and _ACTION_BEFORE.search(text, max(0, m.start() - 2), m.start()):
            role = "name"  # 接续实施一季度良好开局、夏季攻势等行动: the season names a campaign
        if role == "time" and _ISSUE_DATE.match(m.group()) and _dateline(text, m.start(), m.end()):
            role = "name"  # 2024年3月15日 on a line of its own: when a communiqué was issued, no time
        elif role == "time" and _ISSUE_DATE.match(m.group()) and _DELIVERED.match(text, m.end()):
            role = "name"  # ——2026年1月28日在…人民代表大会第四次会议上: when a report was given, no time
        if role == "time" and g["year"] and _names_report(text, m.start(), m.end(), data["report_titles"]):
            role = "report_year"  # 2026年政府工作报告, given early in 2026, reports on 2025
            if not stated and year is not None:
                context_year, stated = year - 1, True
        out.append(PeriodMention(m.start(), m.end(), period, role, year))
        if role == "time" and year is not None and not g["now"] and \
                not (stated and _REVISION.search(text, max(0, m.start() - 8), m.start())):
            # (最终核实2021年生产总值…: a revision of a year before; 全年 after it is still this one)
            context_year = year
            stated = stated or bool(g["year"] or g["lone"] or g["rel"] or g["yrange"] or g["fyp"])
    return Periods(out)


def _names_report(text: str, start: int, end: int, titles: list[str]) -> bool:
    """Whether a year opens the title of a year's work report: a line of its own that ends with
    the report's name (2026年政府工作报告, 陕西省2026年政府工作报告（全文）), nothing else on it."""
    line_start = text.rfind("\n", max(0, start - 12), start) + 1 if start > 12 else 0
    if (line_start == 0 and start > 12) or _TITLE_STOP.search(text, line_start, start):
        return False
    line_end = text.find("\n", end, end + 24)
    rest = text[end:line_end if line_end >= 0 else end + 24].strip()
    rest = rest.removesuffix("（全文）").removesuffix("全文")
    return any(rest.endswith(w) for w in titles) and _TITLE_STOP.search(rest) is None


_GOAL_BEFORE = re.compile("力争|确保|争取|目标|预期|计划|(?<![首主重需必])要")  # (首要任务 sets nothing)
_ISSUE_DATE = re.compile(r"^(?:19|20)\d{2}[ \t]?年\d{1,2}月\d{1,2}日$")
_ACTION_BEFORE = re.compile(r"(?:实施|开展|启动|打好|打赢|举办|大干|决战|冲刺|奋战)$")  # 大干四季度: a campaign
_TITLE_STOP = re.compile(r"[，,。；;《》“”\d]")
_DELIVERED = re.compile(r"[ \t]*在[^\n，。；]{0,40}(?:会议|大会)上")
_LINE_LABEL = re.compile(r"[\s:：|]|发布|时间|日期|来源")


def _dateline(text: str, start: int, end: int) -> bool:
    """Whether a date stands on a line of its own (labels like 发布时间： aside). Only a short
    line can: the search for its ends stays within a few characters (linear on any text)."""
    line_start = text.rfind("\n", max(0, start - 12), start) + 1 if start > 12 else 0
    if line_start == 0 and start > 12:
        return False
    line_end = text.find("\n", end, end + 12)
    if line_end < 0:
        if len(text) - end > 12:
            return False
        line_end = len(text)
    return not _LINE_LABEL.sub("", text[line_start:start] + text[end:line_end])


_YEAR = re.compile(r"(\d{4})")


_LAST_MONTH = re.compile(r"(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?$")


def last_day(period: str) -> str | None:
    """The last day of a period (2023-01/2023-03 -> 2023-03-31, 2023-H1 -> 2023-06-30)."""
    end = period.split("/")[-1]
    if len(end) == 10:
        return end
    m = _LAST_MONTH.match(end)
    if m is None:
        return None
    month = int(m.group(2) or 0) or (int(m.group(3)) * 3 if m.group(3) else int(m.group(4)) * 6 if m.group(4) else 12)
    return _last_day(int(m.group(1)), month)


def last_year(period: str | None) -> int | None:
    """The last calendar year a period covers: 2019/2023 -> 2023, 2023-01/2023-11 -> 2023."""
    if not period:
        return None
    years = _YEAR.findall(period)
    return int(years[-1]) if years else None


_FINE_PERIOD = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
_PART_OF_YEAR = re.compile(r"^\d{4}-(?:\d{2}/\d{4}-\d{2}|Q[1-4]|H[12]|\d{2})$")


class PeriodTrack:
    """The period in force: a month or a day holds for its sentence, a year or span carries on.

    A part of a year (1—5月, 上半年) stated in one paragraph gives way to the document's own
    period (the frame's) in the next; on a page of short items nothing carries to the next
    paragraph. A day or a month carries only while no year or span is in force. In a
    communiqué (``rebase``) any other period gives way to the document's at a new paragraph:
    another year there is a revision or a comparison, not a new time.
    """

    def __init__(self, periods: list[PeriodMention], frame: str | None = None, rebase: bool = False,
                 listed: frozenset[int] = frozenset(), cutoffs: frozenset[int] = frozenset()) -> None:
        self.periods = periods
        self.listed = listed  # starts of times listed together (2027年、2028年分别…): their sentence's only
        # starts of cut-off days (截至9月底): the state counted up to then, for what follows
        self.cutoffs = cutoffs
        self.rebase = rebase  # every paragraph starts from the frame's period (a communiqué's year)
        self.i = 0
        self.frame = frame
        self.carried: str | None = frame
        self.current: str | None = frame
        self.local: str | None = None
        self.weak = False  # carried from a day or a month, for want of a year
        # Where each came from, for --explain, and the start of the time mention it came from
        # (None: the document's period).
        self.carried_from = self.current_from = "the document's period" if frame else ""
        self.local_from = ""
        self.carried_at: int | None = None
        self.current_at: int | None = None
        self.local_at: int | None = None
        # what was carried before the time at …
        self.before: dict[int, tuple[str | None, str, int | None, bool]] = {}

    def new_sentence(self, paragraph: bool = False, page: bool = False) -> None:
        if paragraph and page:
            self.carried, self.carried_from, self.carried_at = None, "", None  # a time in one paragraph does not date the next
            self.weak = False
        elif paragraph and self.frame and self.carried != self.frame and \
                (self.rebase or _PART_OF_YEAR.match(self.carried or "") or
                 (self.carried == self.frame[:4] and _PART_OF_YEAR.match(self.frame))):
            # (a report on 一季度 that names 2020年's plan goes on about its quarter after it)
            self.carried, self.carried_from = self.frame, "the document's period (a new paragraph)"
            self.carried_at = None
        self.current, self.current_from, self.current_at = self.carried, self.carried_from, self.carried_at

    def new_clause(self) -> None:
        self.local = None

    def advance(self, pos: int) -> None:
        while self.i < len(self.periods) and self.periods[self.i].start < pos:
            p = self.periods[self.i]
            self.i += 1
            if not p.period:
                continue
            if p.role == "local":
                self.local, self.local_from, self.local_at = p.period, f"its own span at {p.start}", p.start
            elif p.role == "time":
                self.before[p.start] = (self.carried, self.carried_from, self.carried_at, self.weak)
                self.current, self.current_from, self.current_at = p.period, f"the time at {p.start}", p.start
                fine = bool(_FINE_PERIOD.match(p.period))
                if p.start in self.listed:
                    continue
                # (截至9月底 within 2025年 carries: the counts after it are as of that day)
                cutoff = p.start in self.cutoffs and self.carried is not None and p.period.startswith(self.carried[:4])
                if not fine or self.carried is None or self.weak or cutoff:
                    # A day or a month (截至目前, 10月19日) carries only where nothing else does.
                    self.carried, self.carried_from = p.period, f"the time at {p.start}, carried"
                    self.carried_at = p.start
                    self.weak = fine and not cutoff

    def unlist(self, start: int) -> None:
        """Times listed one per figure (2022年、2023年…分别增长) date those figures only: what
        was carried before the time at ``start`` carries on after the sentence."""
        if start in self.before:
            self.carried, self.carried_from, self.carried_at, self.weak = self.before[start]

    @property
    def value(self) -> str | None:
        return self.local or self.current

    @property
    def source(self) -> str:
        return self.local_from if self.local else self.current_from

    @property
    def source_at(self) -> int | None:
        """Where the time in force was written (None: the document's period)."""
        return self.local_at if self.local else self.current_at
