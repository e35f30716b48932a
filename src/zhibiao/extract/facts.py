"""What one quantity reports: its measure, sign, basis, qualifier and indicator phrase.

Chinese economic prose puts the indicator before the cue and the cue right before the
number: 规模以上工业增加值|同比增长|5.4%; 比前三季度|提高|1.2个百分点; 总量居全国第|6|位.
``read_figure`` reads the words before a quantity (within its clause) from the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from zhibiao.extract import lexicon
from zhibiao.extract.clauses import ends_with, strip_punct, words_re
from zhibiao.extract.numbers import parse_chinese
from zhibiao.extract.units import read_quantities
from zhibiao.model import Quantity

_LISTED_RANK = re.compile(r"[、，,](?:其中[，,]?)?[\u4e00-\u9fff]{1,12}")
_NOUN_AFTER_RANK_WORD = re.compile(r"[\u4e00-\u9fff](?<![的和及])")
_RANK_NUMBER = re.compile(r"第([0-9]+|[一二三四五六七八九十]+)(?:位|名|高|大)?")
# (超序时进度6.6个百分点, 滞后时间进度: ahead of or behind the schedule's share of the year)
_GAP = re.compile(r"(?P<w>高于|高出|低于|低出|快于|慢于|(?:超出|超过|超|落后于|落后|滞后于|滞后)(?=序时|时序|时间))"
                  r"[^，,。；;]{0,12}$")
_GAP_BY = re.compile(r"比(?![重例率值])(?P<b>[^，,。；;比]{1,10}?)(?<![提降加])(?P<w>高出|高|低|快|慢)了?$")  # 比全国高1.1个百分点
_YOY_PART = re.compile(r"(?:上年|去年)(?:同期)?|同期")
_RATE_WORD = re.compile(r"(?:增速|增幅|增长率|涨幅)$")
_BASIS = re.compile(r"(?:比(?![重例率值])|较|与)(?P<b>[^，,。；;比较与]{1,12}?)(?:相比)?(?:同期)?$")


@dataclass(slots=True)
class Figure:
    """A quantity read in context; becomes a Fact or a Target."""

    quantity: Quantity
    measure: str
    value: float | None
    unit: str
    indicator: str | None
    ind_start: int
    qualifier: str | None = None
    basis: str | None = None
    value_max: float | None = None
    per_year: bool = False
    items: list[str] = field(default_factory=list)  # distributive indicator list


@lru_cache(maxsize=1)
def _qualifier_before() -> tuple[re.Pattern[str], dict[str, str], int]:
    table = lexicon.cues()["qualifier_before"]
    words = {w: q for q, ws in table.items() for w in ws}
    return re.compile(rf"(?:{lexicon.alternation(tuple(words))})$"), words, max(map(len, words))


Measured = tuple[str, float | None, str, str | None, int, str | None, bool]


@lru_cache(maxsize=1)
def _postposed() -> re.Pattern[str]:
    nouns = f"(?:增速|增幅|增长率|增长|涨幅|降幅|总量|{lexicon.cue_regex('measure_nouns')})"
    return re.compile(f"的(?P<noun>[\\u4e00-\\u9fffA-Z]{{0,6}}?{nouns})"
                      r"(?=[，,。；;、）)]|$|位|居|排|领|相比|跑|高于|低于|快于|慢于|比)")


def postposed_noun(text: str, end: int) -> re.Match[str] | None:
    """以6.1%的增速领跑: the noun after 的 that a number before it measures."""
    return _postposed().match(text, end, end + 16)


def with_postposed(pre: str, noun: str, framing: re.Pattern[str]) -> str:
    """The words before a number as if its postposed noun stood before it: the framing verb
    dropped, the qualifier kept last (以约|4500亿元的经济总量 -> 经济总量约)."""
    pattern, _, longest = _qualifier_before()
    q = pattern.search(pre, max(0, len(pre) - longest))
    base, qualifier = (pre[: q.start()], q.group()) if q else (pre, "")
    return framing.sub("", base) + noun + qualifier


def postposed_name(post: re.Match[str]) -> str:
    """The indicator a postposed noun names: GDP增速 -> GDP (the growth is the measure)."""
    noun = post.group("noun")
    return clean_indicator(_RATE_WORD.sub("", noun)) or noun


def read_measure(pre: str, q: Quantity) -> Measured:
    """(measure, value, unit, qualifier, cue_start, basis, per_year) from the words before q.

    cue_start is the offset in ``pre`` where the cue words begin; the indicator ends there.
    """
    qualifier: str | None = q.qualifier
    cut = len(pre)
    pattern, words, longest = _qualifier_before()
    m = pattern.search(pre, max(0, len(pre) - longest))
    if m:
        qualifier = qualifier or words[m.group()]
        cut = m.start()
    head = pre[:cut].rstrip("了")
    value, unit = q.value, q.unit
    per_year = bool(words_re("per_year").search(head[-8:]))
    if q.raw_unit in ("个百分点", "百分点") and words_re("contribution_verbs").search(head, max(0, len(head) - 24)):
        # 拉动GDP增长1.7个百分点: a contribution is a level, named with its growth words.
        return "level", value, unit, qualifier, len(head), None, per_year
    gap = _GAP.search(head) if q.raw_unit in ("个百分点", "百分点") else None
    by = _GAP_BY.search(head) if q.raw_unit in ("个百分点", "百分点") and not gap else None
    if by and value is not None:
        sign = -1.0 if by.group("w") in ("低", "慢") else 1.0
        other = "yoy" if _YOY_PART.fullmatch(by.group("b")) else _other(by.group("b"))
        return "change", sign * value, unit, qualifier, by.start(), other, per_year
    if gap and value is not None:
        # 高于全国平均水平1.3个百分点, 高于GDP增速1.1个百分点: a gap to a named rate, a change
        # (growth words after 高于 name the other rate, not this figure's measure).
        sign = -1.0 if gap.group("w").startswith(("低", "慢", "落后", "滞后")) else 1.0
        return "change", sign * value, unit, qualifier, gap.start(), _other(gap.group()[len(gap.group("w")):]), per_year
    up = ends_with("growth_up", head)
    down = ends_with("growth_down", head)
    cue = down or up
    if cue is not None:
        sign = -1.0 if cue is down else 1.0
        basis = _basis(head[: cue.start()], cue.group())
        if q.raw_unit == "倍" and value is not None:
            value, unit = value * 100, "%"
        if value is not None:
            value *= sign
        if unit == "%" and q.raw_unit != "百分点":
            measure = "growth"
        elif q.raw_unit == "番":
            measure = "growth"
        else:
            measure = "change"
        start = cue.start() - 2 if basis and basis.endswith("年平均") else cue.start()
        return measure, value, unit, qualifier, start, basis, per_year
    if q.raw_unit == "番":  # 进出口总额实现翻番: a doubling is growth, whatever verb comes before
        return "growth", q.value, "%", qualifier, len(head), None, per_year
    level = ends_with("level", head)
    cue_start = level.start() if level else len(head)
    rate_end = cue_start - 2 if head.endswith(("分别", "均为"), 0, cue_start) else cue_start  # 增速分别为
    if unit == "%" and (_RATE_WORD.search(head, 0, cue_start) or _RATE_WORD.search(head, 0, rate_end)):
        return "growth", value, unit, qualifier, cue_start, None, per_year  # 增速提高到7.2%
    return "level", value, unit, qualifier, cue_start, None, per_year


_AVERAGED = ("两年", "三年", "四年")
_MEASURE_ENDS = "数量额率值"  # 事故起数、死亡人数: an item that already ends in a measure shares none


_BRACKET_NOTE = re.compile(r"[(（][^()（）]*[)）]")


def _other(subject: str) -> str:
    """全省平均水平 -> 全省平均: the other subject's rate is its average, 水平 adds nothing."""
    subject = _BRACKET_NOTE.sub("", subject)  # 全国(3.9%): the other's rate, written beside it
    return subject.removesuffix("水平") or subject


def _basis(before: str, cue: str) -> str | None:
    """yoy for 同比/比上年; the named comparison for 比前三季度; yoy for a plain 增长.

    ``before`` is the text before the cue word ``cue``.
    """
    if cue.startswith("平均") and before.endswith(_AVERAGED):
        return before[-2:] + "平均"  # 两年平均增长4.4% (GUIDELINE §5)
    listed = _BASIS.search(before)
    if listed and before.endswith("分别", 0, listed.start()) and re.search("[、和]", listed.group("b")):
        # 分别较1—9月份和上年同期提高0.1和1.2个百分点: one basis per figure, in order
        parts = re.split("[、和]", listed.group("b") + ("同期" if listed.group().endswith("同期") else ""))
        return "、".join("yoy" if _YOY_PART.fullmatch(p) else p for p in parts)
    if words_re("basis_yoy").search((before + cue)[-10:]):
        return "yoy"
    if before.endswith("环比") or cue.startswith("环比"):
        return "环比"  # month on month: the period before, not the year before
    plain = without_distributive(before)  # 较上年同期分别下降: 分别 is no part of it
    m = listed if plain == before else _BASIS.search(plain)  # (the same words: the same search)
    if m:
        return m.group("b").replace(" ", "")  # 比2022年: yoy or not by the period (figures.fact)
    return "yoy"


_ORDINAL_NOUN = re.compile(r"[产批届次个号条款章节轮季类联项年]")  # 第三产业, 第二批: no rank


def find_ranks(text: str, start: int, end: int) -> list[tuple[int, int, float]]:
    """Ranks inside [start, end): 第N(位|名) after a rank word, 首位 / 榜首 = 1."""
    out: list[tuple[int, int, float]] = []
    for m in _RANK_NUMBER.finditer(text, start, end):
        after = text[m.end():m.end() + 2]
        if _ORDINAL_NOUN.match(after) and not m.group().endswith(("位", "名")):
            continue
        before = text[max(start, m.start() - 14):m.start()]
        # 新型城镇化质量第4、科技创新第6: a rank listed after another takes its context
        listed = bool(out) and _LISTED_RANK.fullmatch(text, out[-1][1], m.start()) is not None
        if not listed and not _rank_context().search(before):
            continue
        raw = m.group(1)
        value = float(raw) if raw.isdigit() else parse_chinese(raw)
        if value:
            out.append((m.start(), m.end(), value))
    for m in words_re("rank_words").finditer(text, start, end):
        s = m.start()
        if _NOUN_AFTER_RANK_WORD.match(text, m.end()):
            continue  # 首位产业, 首位度: a word, not a rank
        if not any(a <= s < b for a, b, _ in out):
            out.append((s, s + len(m.group()), 1.0))
    return out


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.](?!\d))")
# 南昌、九江两市增速分别为…: the count of the places listed before is no part of the name.
_GROUP_HEAD = re.compile(r"^(?:(?:[一两二三四五六七八九十]|\d{1,2})个?(?:省份|省区市|地市|县市区|县区|市州|省|市|县|区|州))+"
                         r"(?=[\u4e00-\u9fff])")  # (三省一市: two counts)


_LIGHT_VERB = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:累计)?(?:实现|完成)(?!投资)(?=[\u4e00-\u9fff]{2})")


_BARE_YEAR = re.compile(r"(?:19|20)\d{2}全年")
_DONE_KEPT = ("投资", "投資", "年度", "计划", "計劃", "任务", "任務", "目标", "目標", "率", "情况")
_TRAILING_NOTE = re.compile(r"[(（][A-Za-z][A-Za-z0-9 .&]*[)）]?$")  # (GDP); notes in words stay: （含建筑业）


def clean_indicator(phrase: str) -> str:
    """Strip head words (其中, 全年, 全省 …) and tail words (达到, 为, 同比 …) from a phrase,
    and a note in brackets at its end that only abbreviates it (生产总值(GDP))."""
    # Called for every figure: each pattern is tried only where it can match (an enumerator
    # opens with a numeral or a bracket, a light verb and a note hold their words).
    text = _without_enumerator(strip_punct(phrase).split("\n")[-1].strip())
    head = words_re("indicator_head", "^")
    # 规模以上工业实现营业收入 -> 规模以上工业营业收入: a light verb inside names nothing.
    if "实现" in text or "完成" in text:
        text = _LIGHT_VERB.sub("", text)
    for _ in range(6):
        before = text
        if not national_title(text, 0):
            text = strip_punct(_GROUP_HEAD.sub("", _without_enumerator(head.sub("", text))))
        tail = ends_with("indicator_tail", text)
        text = strip_punct(text[: tail.start()] if tail else text)
        note = _TRAILING_NOTE.search(text) if "(" in text or "（" in text else None
        if note is not None and note.start() >= 2:
            text = text[: note.start()]
        if text == before:
            break
    if _BARE_YEAR.match(text):
        text = _BARE_YEAR.sub("", text, count=1)  # 2022全年GDP: a year written without 年 is no name
    if text.startswith("完成") and len(text) >= 6 and not text.startswith(_DONE_KEPT, 2):
        text = text[2:]  # 完成新开工棚户区改造 -> 新开工棚户区改造 (完成投资, 完成年度任务 keep it)
    if text.count("（") > text.count("）"):
        text += "）"  # 到发集装箱（重箱）: the note's closing bracket is not punctuation to strip
    elif text.count("(") > text.count(")"):
        text += ")"
    return text


_ENUMERATOR_FIRST = frozenset("一二三四五六七八九十(（0123456789")


def _without_enumerator(text: str) -> str:
    return _ENUMERATOR.sub("", text) if text[:1] in _ENUMERATOR_FIRST else text


def without_distributive(words: str) -> str:
    """The words before a list's figures without the 分别/均 that distributes them."""
    return words.removesuffix("分别").removesuffix("均")


def national_title(text: str, pos: int) -> bool:
    """全国重点实验室, 全国文明城市: 全国 opens a national title, it does not name the nation."""
    return text.startswith("全国", pos) and bool(words_re("honour_heads", "^").match(text[pos + 2:pos + 8]))


_NUMERAL = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def _list_modifiers() -> frozenset[str]:
    return frozenset(lexicon.cue_list("list_modifiers"))


@lru_cache(maxsize=1)
def _last_noun() -> re.Pattern[str]:
    """The last measured noun of a phrase."""
    return re.compile(f"(?:{lexicon.cue_regex('measure_nouns')})(?!.*(?:{lexicon.cue_regex('measure_nouns')}))")


def _ordinal_list(parts: list[str]) -> list[str] | None:
    """第一、二、三产业增加值 -> 第一产业增加值, 第二产业增加值, 第三产业增加值."""
    first, last = parts[0].removeprefix("第"), parts[-1]
    heads = [first, *parts[1:-1]]
    if not all(h and all(c in _NUMERAL for c in h) for h in heads) or not last or last[0] not in _NUMERAL:
        return None
    tail = last.lstrip(_NUMERAL)
    prefix = "第" if parts[0].startswith("第") else ""
    return [prefix + h + tail for h in heads] + [prefix + last]


_PER_YEAR_TAIL = re.compile(r"年均?$")  # (…增加值年均分别增长: 年均 says per year, it names nothing)
_ORDINAL_RUN = re.compile(r"(?P<di>第?)(?P<ns>[一二三]{2,3})(?P<kind>产业|产)")
_CLASS_AFTER = re.compile(r"(?:等|[0-9一二两三四五六七八九十]+个)(?:行业|产业|领域|门类|品种|类|项|大类)?(?=[^、]*$)")


def _without_own_figure(item: str) -> str:
    """接待游客17.52亿人次 -> 接待游客: an item listed with its own figure (and unit) is named
    without it; 地铁2号线 keeps its number, which names the line."""
    if not any(c.isdigit() for c in item):
        return item
    qs = read_quantities(item)
    last = qs[-1] if qs else None
    return item[:last.start] if last is not None and last.unit and last.end == len(item) and last.start > 1 else item


def split_items(phrase: str, n: int) -> list[str] | None:
    """A、B、C增加值 with n numbers -> [A增加值, B增加值, C增加值]; None if it does not split.

    Items are split at 、 first, and at 和/及/与 only when 、 gives too few (燃气生产和供应业 is
    one item); a class word after the last (等行业, 三个行业) and words after its measured
    noun (增加值增势较好) are not part of it."""
    phrase = _CLASS_AFTER.sub("", phrase, count=1) if "、" in phrase else phrase
    noun = _last_noun().search(phrase)
    if noun is not None and "、" in phrase[:noun.start()]:
        phrase = phrase[:noun.end()]  # …增加值增势较好 -> …增加值
    parts = [p for p in phrase.split("、") if p]
    if len(parts) == 1 and (run := _ORDINAL_RUN.search(parts[0])) and len(run.group("ns")) == n:
        # 一二三产增加值年均分别增长…: three sectors run together, each with the noun after them
        lead, tail = parts[0][: run.start()], _PER_YEAR_TAIL.sub("", run.group("kind") + parts[0][run.end():])
        return [lead + run.group("di") + c + tail for c in run.group("ns")]
    if len(parts) < n and parts:
        # A、B和C: the conjunction joins the last item (交通运输仓储和邮政业、其他服务业和金融业)
        joint = max(parts[-1].rfind(c) for c in "和及与")
        last_split = [*parts[:-1], parts[-1][:joint], parts[-1][joint + 1:]] if joint > 0 else parts
        parts = last_split if len(last_split) == n else [p for p in re.split(r"[、和及与]", phrase) if p]
    if len(parts) < n or n < 2:
        return None
    named = [_without_own_figure(p) for p in parts[-n:]]
    if named != parts[-n:] and all(named):
        return named  # each item was written whole, with its own figure: nothing is shared
    ordinals = _ordinal_list(parts[-n:])
    if ordinals:
        return ordinals
    parts = parts[-n:]
    last = parts[-1]
    # The tail shared by all items is written once, after the last one.
    shared = ""
    for other in parts[:-1]:
        for k in range(min(len(other), 6), 0, -1):
            suffix = other[-k:]
            p = last.find(suffix)
            if p >= 0 and p + k < len(last):
                shared = last[p + k:]
                break
        if shared:
            break
    if not shared and len({len(p) for p in parts[:-1]}) == 1 and len(parts[0]) <= 4 and \
            len(last) >= len(parts[0]) + 2:
        # 城镇、农村居民人均消费支出; 猪、牛、羊出栏量: modifiers of one length, the head written
        # once. Unless the last item opens with such a modifier or the rest opens with a class
        # noun (产业, 居民), its measured noun is what they share (原煤、原油、天然气产量).
        k = len(parts[0])
        shared = last[k:]
        measured = ends_with("measure_nouns", last)
        if measured is not None and (k > 1 or len(last) - len(measured.group()) > k) and \
                not (k == 1 and shared[: len(shared) - len(measured.group())] in lexicon.cue_list("item_compound_heads")) and \
                last[:k] not in _list_modifiers() and \
                len(measured.group()) < len(shared) and not shared[:-len(measured.group())].endswith(("业", "居民", "人均", "领域")):
            shared = measured.group()  # but 纺织、建材、食品产业产值 share 产业产值, 猪、牛、羊肉产量 肉产量
    if not shared and (measured_tail := ends_with("measure_nouns", last) or ends_with("list_tails", last)) and \
            len(last) - len(measured_tail.group()) >= 2 and \
            all(len(p) <= 8 and not ends_with("measure_nouns", p) and p[-1] not in _MEASURE_ENDS for p in parts[:-1]):
        shared = measured_tail.group()  # 集成电路、汽车零配件、锂电池出口: items of any length share 出口
    shared = shared.lstrip("的")
    if shared and len(shared) < len(last):
        return [p if p.endswith(shared) else p + shared for p in parts[:-1]] + [last]
    first = ends_with("measure_nouns", parts[0])
    if not shared and first is not None and first.start() >= 2 and \
            all(len(p) <= 3 and p in lexicon.cues()["measure_nouns"] for p in parts[1:]):
        # 规模工业增加值、产值: the later bare measured nouns are of what the first measures
        return [parts[0]] + [parts[0][: first.start()] + p for p in parts[1:]]
    return parts


# 居民, 排放, 列入: a rank verb's character opening another word
_NOT_A_RANK_VERB = "(?![民住家室放污水入车])"


@lru_cache(maxsize=1)
def _rank_context() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.alternation((*lexicon.cue_list('rank'), *lexicon.cue_list('rank_scopes')))}){_NOT_A_RANK_VERB}")


@lru_cache(maxsize=1)
def _rank_cut() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.alternation((*lexicon.cue_list('rank'), *lexicon.cue_list('rank_cut')))}){_NOT_A_RANK_VERB}")


def rank_indicator(phrase: str) -> str:
    """总量居全国第 -> 总量; 在新疆各地州市中GDP总量排名 -> GDP总量."""
    cut = _rank_cut().search(phrase)
    text = phrase[: cut.start()] if cut else phrase
    text = re.sub(r"^在[^，,]*?中", "", text)
    return clean_indicator(text)
