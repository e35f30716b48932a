"""What one figure is of: its indicator, measure, value and basis, read from the words before
it and from the figures just read (the sentence's measured noun, a sibling's noun, a list's
items, a breakdown's head). Called by figures for each quantity in turn."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from zhibiao.extract import facts as F
from zhibiao.extract import lexicon
from zhibiao.extract import phrases as P
from zhibiao.extract.clauses import ends_with, words_re
from zhibiao.extract.figure_filter import CLAUSE_BREAK, DURATION_UNITS
from zhibiao.extract.indicators import is_known
from zhibiao.model import Quantity

if TYPE_CHECKING:
    from zhibiao.extract.figures import Read

_MEASURED_ALREADY = re.compile(r"增速|增幅|增长率|涨幅|总量|比重|占比|总额|值$|^(?:实际|名义)$|\d")
_SHARE_OF_GOAL = re.compile(r"(?:[为為]|完成)[^，,、]{0,8}(?:计划|計劃|目标|目標|任务|任務)")


@lru_cache(maxsize=1)
def _grew() -> re.Pattern[str]:
    """What the things counted did, ending their clause: 行业增加值实现同比增长, 产品产量实现增长."""
    heads = lexicon.cue_regex("counted_set_heads")
    return re.compile(rf"(?P<n>{heads})(?P<p>[\u4e00-\u9fff]{{0,12}}?(?:正增长|增长|下降))(?=[，,。；;]|$)")

_INDUSTRY_MEASURE = re.compile(r"(.{1,10}?业)((?:工业)?(?:增加值|产值|营业收入|利润总额|利润|投资))")
_SECTOR = re.compile(r"第[一二三]产业|[一二三]产")
_RATE_NOUNS = ("增速", "增幅", "增长率")
_NET_CHANGE = re.compile(r"净增|净减")
_FLOW_VERB = re.compile(r"^(?:新增|净增|净减|累计|共)")
_DURATION_TAIL = re.compile(r"[^，,。；;、\d\n]{1,12}")
_CROSSING = re.compile(r"(?:连续)?(?:跨过|跨上|迈上|跨越|站上|登上|突破|跨)[^，,；;]*$")  # …跨过两个万亿元大关
_ONE_EXAMPLE = re.compile(r"[^、，,]{2,16}?等(?=项目|企业|[\u4e00-\u9fff]{0,4}项目)")  # 富士康等(55个)项目
_EXAMPLES = re.compile(r"[^、]*、[^等]*等(?=[\u4e00-\u9fff“\"]{2})")  # A、B等 before the noun they exemplify
_LIST_TAIL = re.compile(r"[、和及与][ \t]*$")
_SPAN_ONLY = re.compile(r"[0-9一二两三四五六七八九十]{1,2}年(?:来|间|内)?")
_METHOD = re.compile(r"按[^，,。；;]{1,12}(?:折算|计算|核算|测算)")  # 按年均汇率折算为6908美元: how, not what
_BOUND = re.compile(r"(?:超过|超|过|逾|达|不足|低于)?[0-9.]+[万亿千百]*[元吨个家人]?(?:以上|以下)?")  # 超500亿元
_LIST_OR_SEMICOLON = re.compile(r"[；;、]")  # A 2131亿元、B 261.8亿美元: each item has its own name


def figure(text: str, pre: str, q: Quantity, indicator: str, ind_start: int,
            previous: list[Read], first_in_group: bool = True, seg_start: int = 0,
            sentence_start: int = 0, measured: F.Measured | None = None,
            head: str | None = None, line_start: int | None = None) -> F.Figure:
    if q.raw_unit == "rank":
        measure, value, unit, qualifier, basis, per_year = "rank", q.value, "位", None, None, False
        indicator = F.rank_indicator(indicator or pre)
    else:
        measure, value, unit, qualifier, _, basis, per_year = measured or F.read_measure(pre, q)
    # 年均增速达4.25%, 5年提高4.5个百分点: a span or 年均 is the figure's time or per_year, no name
    name: str | None = indicator if indicator and indicator not in ("年", "年均", "平均") and \
        not _SPAN_ONLY.fullmatch(indicator) else None
    if name in ("经济", "的经济") and measure == "growth":
        if "经济增长" in text[max(0, q.start - 8):q.start]:
            name = "经济增长"  # 经济增长5%左右: the economy's growth (地区生产总值), not a topic to look for
        elif "经济增速" in text[max(0, q.start - 10):q.start]:
            name = "地区生产总值"  # 全年经济增速为6.8%: the growth of the economy's output
    # 总产量…，连续14年位居全国第一: the rank and the run are of the sentence's topic, and
    # so is what follows them (总量排名全市第3位，比上年增长6.2%).
    prior = next((r.fig.indicator for r in reversed(previous[-4:])
                  if r.fig.unit not in DURATION_UNITS and r.fig.measure != "rank"),
                 # 粮食产量连续13年稳定在430亿斤: the level is of what the run was of
                 previous[-1].fig.indicator.split("连续")[0] or None if previous and previous[-1].fig.indicator else None)
    counted = P.noun_after(text, q) if first_in_group and P.counts(q) else None
    if counted and (grew := _grew().match(text, q.end)):
        name = grew.group("p") + "的" + grew.group("n")  # 27个行业增加值实现同比增长 -> 增加值实现同比增长的行业
    elif q.unit in DURATION_UNITS and pre.endswith("连续"):
        # 连续5年来到康乐县 -> 连续来到康乐县; 连续14年全国第一 -> 连续全国第一.
        after = _DURATION_TAIL.match(text, q.end)
        head = F.clean_indicator(pre[: -2]) or prior or ""
        name = head + "连续" + (after.group() if after else "")
    elif counted:
        # 12条制造业重点产业链: the noun after a counter is what is counted;
        # 乡村就业工厂有43名员工, 对家属进行两次慰问: what stands before the verb qualifies it.
        verb = ends_with("counted_verbs", pre)
        if verb:
            owner = F.clean_indicator(pre[: verb.start()])
            name = (owner[-12:] if len(owner) > 12 else owner) + counted
        elif name and len(name) <= 12 and name not in P.generic() and not name.endswith(counted) and \
                name[-1] not in "省市县区州旗" and not _LIST_TAIL.search(pre):
            # (下辖喀什市1个县级市: a place names where, not what; 40项A、80项B: B is no part of A)
            # 惠及26个省份, 对口帮扶217所学校, 经贸合作覆盖180个国家和地区: what the things were
            # counted as is the verb phrase before the number with the noun after it.
            name = P.category(text, q, counted) or name + counted
        else:
            name = P.category(text, q, counted) or counted
    elif name and name in lexicon.cue_set("level_words") and previous and previous[-1].start >= sentence_start and \
            previous[-1].fig.unit == unit and \
            (counted_whole := words_re("level_words", "^").sub("", previous[-1].fig.indicator or "", count=1)):
        name = name + counted_whole  # 建设项目27项（省级6项、市级5项）: the level names a part of the count
    elif name and _BOUND.fullmatch(name) and previous and previous[-1].start >= sentence_start and \
            (sibling := _BOUND.search(previous[-1].fig.indicator or "")) and sibling.start() > 0:
        # 年营业收入超1000亿元的2个，超500亿元的5个: the sibling's measure, with this bound
        prev = previous[-1].fig.indicator or ""
        name = prev[:sibling.start()] + name + prev[sibling.end():]
    elif (name is None or name in P.generic()) and (label := _line_label(text, sentence_start, q.start, line_start)):
        name = label if name is None else label + name  # 1.地区生产总值(第1项)：增长6.1%
    elif name is not None and words_re("threshold_marks", "$").search(name) and \
            (measured_noun := _sentence_noun(text, sentence_start, ind_start) or _CROSSING.sub("", prior or "")):
        name = measured_noun  # 经济总量跨过两个万亿元大关、超过6万亿元: the 6万亿元 is of 经济总量
    elif name is None or name in P.generic() or name.startswith("占") or _METHOD.fullmatch(name) or \
            _SHARE_OF_GOAL.fullmatch(name):  # 完成投资…，为年投资计划的80%: the amount's share of the plan
        if name is None or _METHOD.fullmatch(name):
            name = prior or _sentence_noun(text, sentence_start, ind_start)
            if prior and unit == "百分点" and basis not in (None, "yoy") and previous[-1].fig.measure == "growth":
                name = prior + "增速"  # 增长4.7%，高于全省0.5个百分点: the gap is between growth rates
        elif measure == "growth" and name in _RATE_NOUNS and (rate_of := next(
                (r.fig.indicator for r in reversed(previous[-8:]) if r.fig.measure == "growth" and r.fig.indicator), None)):
            name = rate_of  # 与全国5.5%的GDP增速相比，…，增速分别为5.8%: the rate named before
        elif prior:
            # 新增…企业56家、总数达255家: the total is of the thing, not of the additions.
            name = (_FLOW_VERB.sub("", prior) if name in ("总数", "总量", "总规模") else prior) + name
    elif head and name in ("出口", "进口") and head.endswith("进出口"):
        name = head[:-3] + name  # 民营企业进出口8855亿元。其中，出口6489.3亿元: the firms' exports
    elif head and (len(name) <= 8 or name.endswith("业")) and not ends_with("measure_nouns", name) and not is_known(name) and \
            not _MEASURED_ALREADY.search(name) and not _counted(q) and \
            (noun := ends_with("measure_nouns", head)) and not name.endswith(noun.group()[:1]):
        # 其中，农业46.7亿元 under 农林牧渔业增加值 -> 农业增加值; a part of a 总产值 is a 产值
        name = name + noun.group().removeprefix("总") if noun.group() == "总产值" else name + noun.group()
    elif prior and name in lexicon.cue_set("property_nouns") and previous[-1].start >= sentence_start and \
            not name.startswith(prior[:2]) and text[previous[-1].end:ind_start].strip("，,、 ") == "":
        name = _property_of(prior, name)  # 地区生产总值增长5.3%、增量全国第一 -> 地区生产总值增量
    elif (name in lexicon.cue_set("investment_nouns") or name in lexicon.cue_set("firm_measures")) and (project_owner := next(
            (r.fig.indicator for r in reversed(previous) if r.start >= sentence_start and r.fig.indicator
             and _counted(r.fig.quantity)), None)) and \
            (name not in lexicon.cue_set("firm_measures") or project_owner.endswith(("业", "企业", "公司"))):
        # (规模以上服务业260家，实现营业收入59.82亿元: the firms' revenue)
        name = words_re("target_indicator_head", "^").sub("", project_owner) + name  # 亿元以上项目52个，…，1-6月累计完成投资34.6亿元: the projects' investment
    elif prior and name in lexicon.cue_set("stage_verbs") and previous[-1].start >= sentence_start and \
            text[previous[-1].end:q.start].lstrip("个项家座条所，,、").startswith(name):
        name = _stage_stem(prior) + name  # 重大项目开工390个、竣工437个 -> 重大项目竣工
    elif name.endswith("业") and prior and previous[-1].start >= sentence_start and \
            (sibling := _INDUSTRY_MEASURE.fullmatch(prior)) is not None and not name.endswith(sibling.group(2)):
        name = name + sibling.group(2)  # 采矿业工业增加值下降21.5%；制造业增长11.9% -> 制造业工业增加值
    elif not head and _SECTOR.fullmatch(name) and unit in ("%", "元"):
        name = name + "增加值"  # 第一产业增长9.1%达21.2亿元: a sector's output is its value added
    elif prior and head != "" and len(name) <= 4 and not name.startswith(prior[:2]) and not _names_itself(name) and \
            not _LIST_OR_SEMICOLON.search(text, previous[-1].end, q.start) and "分别" not in pre and \
            not (_acts(name) and (_acts(prior) or previous[-1].fig.unit not in _AGENTS)):
        # (新建村道12公里，改造危房30户; 修复治理15.8万亩，植树造林659万亩: parallel work, no owner)
        name = prior + name  # 吸纳就业 after 乡村就业工厂2607个 -> 乡村就业工厂吸纳就业
    elif name in lexicon.cue_set("measure_nouns") and \
            (industry := _industry_topic(text, sentence_start, ind_start)):
        name = industry + name  # 金融业活力凸显，增加值实现200.8亿元 -> 金融业增加值
    elif len(name) <= 3 and name in lexicon.cue_set("measure_nouns") and prior and previous[-1].start >= sentence_start and \
            (noun := ends_with("measure_nouns", prior)) and noun.group() != name and noun.start() > 0:
        name = prior[:noun.start()] + name  # 蔬菜播种面积3938公顷，产量106551吨 -> 蔬菜产量
    elif len(name) <= 3 and not name.isascii() and (whole_name := P.completed(text, q, name, sentence_start)) and \
            not is_known(whole_name[-len(name) - 1:]):
        name = F.clean_indicator(whole_name)  # (其中出口 after 进出口总值: 出口 is no part of the word 进出口)
    elif len(name) <= 2 and (topic := P.topic(text, seg_start)):
        name = topic + name  # 出台交通补助政策，共支出4.4亿元 -> 交通补助政策支出
    if measure == "level" and indicator and _NET_CHANGE.match(indicator) and value is not None:
        # 净增高新技术企业186家: the verb before the noun makes the number a change.
        measure = "change"
        value = -value if indicator.startswith("净减") else value
    if basis == "yoy" and previous and previous[-1].fig.basis == "环比" and previous[-1].start >= seg_start - 12 \
            and not words_re("basis_yoy").search(pre) and not _LIST_OR_SEMICOLON.search(text, previous[-1].end, q.start):
        basis = "环比"  # 环比增加1160万头，增长2.8%: the growth is against the same period before
    if name and "等" in name:
        name = _without_examples(name)
    value_max = q.value_max
    if value_max is not None and q.raw_unit == "倍" and unit == "%":
        value_max = value_max * 100 * (-1 if value is not None and value < 0 else 1)  # 提高2至3倍
    return F.Figure(quantity=q, measure=measure, value=value, unit=unit, indicator=name,
                    ind_start=min(ind_start, q.start), qualifier=qualifier, basis=basis,
                    value_max=value_max, per_year=per_year)


_INDUSTRY_OPENING = re.compile(r"(?:^|[，,；;。：:])(?:其中[，,]?)?(?![从按分在])(?P<i>[\u4e00-\u9fff、和及]{1,20}?业)(?=[\u4e00-\u9fff]{0,8}[，,]|前|全年|共|累计|实现|完成)")


def _industry_topic(text: str, lo: int, hi: int) -> str | None:
    """The industry a clause of the sentence opens with (金融业活力凸显，…; 营利性服务业和…共实现),
    for a bare measured noun after it."""
    found = None
    for m in _INDUSTRY_OPENING.finditer(text, max(lo - 1, 0), hi):
        if not ends_with("industry_false_friends", m.group("i")):
            found = m.group("i")
    return found


_DIGIT = re.compile(r"\d")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+$")
_LINE_LABEL = re.compile(r"[ \u3000]*(?:\d{1,2}[.、．]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)])?[ \u3000]*"
                         r"(?P<label>[^：:，,。；;（()）\n\d]{2,20}?)(?:[（(][^）)\n]{0,12}[）)])?[：:]")


_LABEL_REACH = 160  # how far the colon test looks (beyond, the pattern is tried: the test stays O(1) per figure)


def _line_label(text: str, lo: int, hi: int, line_start: int | None = None) -> str | None:
    """The label a line opens with before a colon (1.地区生产总值(第1项)：增长6.1%), for a figure
    with no name of its own in that line's first clause. ``line_start``: where the line opens,
    when the caller knows (looking for it again per figure is quadratic on a one-line text)."""
    start = text.rfind("\n", 0, hi) + 1 if line_start is None else line_start
    at = max(start, lo) if start >= lo else start
    if hi - at <= _LABEL_REACH and text.find("：", at, hi) < 0 and text.find(":", at, hi) < 0:
        return None  # a label ends in a colon: most lines hold none before the figure
    m = _LINE_LABEL.match(text, at, hi)
    if m is None or CLAUSE_BREAK.search(text, m.end(), hi) or _DIGIT.search(text, m.end(), hi):
        return None  # (统计局:2022年…36883元 比上年增长5.0%: the label names no figure)
    label = F.clean_indicator(m.group("label"))
    return label if label and not words_re("target_cues").search(label) else None


def _counted(q: Quantity) -> bool:
    """其中亿元以上项目52个 under 完成投资: a count of things measures none of the head's money."""
    entry = lexicon.units().get(q.raw_unit)
    return entry is not None and entry.kind == "counter"


def _property_of(owner: str, prop: str) -> str:
    """A measure of the thing the figure before counts or measures: 技术合同成交额 + 金额 is the
    成交额 itself; 规模以上工业企业 + 增加值 -> 规模以上工业增加值; 地区生产总值 + 增量;
    农林牧渔业总产值 + 增加值 -> 农林牧渔业增加值."""
    if prop == "金额" and owner.endswith("额"):
        return owner
    if prop in lexicon.cue_set("measure_nouns") and (noun := ends_with("measure_nouns", owner)) and noun.start() > 0:
        return owner[: noun.start()] + prop  # 农林牧渔业总产值…，增加值 -> 农林牧渔业增加值
    if owner.endswith(("企业", "公司")) and len(owner) > 4 and prop in lexicon.cue_set("measure_nouns"):
        return owner[:-2] + prop
    return owner + prop


def _without_examples(indicator: str) -> str:
    """举办文化演艺、体育赛事等促消费活动 -> 举办促消费活动: the things listed before 等 are
    examples of what is counted; the indicator keeps the verb and the noun after 等."""
    m = _EXAMPLES.search(indicator) or _ONE_EXAMPLE.match(indicator)
    if m is None:
        return indicator
    verb = words_re("example_verbs", "^").match(indicator)
    lead = verb.group() if verb and verb.end() < indicator.find("、") else ""
    return lead + indicator[m.end():]


def _stage_stem(indicator: str) -> str:
    """The things a stage figure counts: 实施“百村示范”工程项目 -> “百村示范”工程项目,
    重大项目开工 -> 重大项目."""
    stage = ends_with("stage_verbs", indicator)
    stem = indicator[: stage.start()] if stage else indicator
    work = words_re("span_flows", "^").match(stem)
    return stem[work.end():] if work and len(stem) - work.end() >= 2 else stem


def _sentence_noun(text: str, lo: int, hi: int) -> str | None:
    """The last measured noun named earlier in the sentence, as a known indicator where one
    ends it (陇县地区生产总值稳定保持在百亿规模，年均增速达4.25% -> 地区生产总值)."""
    found = None
    for m in words_re("measure_nouns").finditer(text, max(lo, hi - 60), hi):
        before = _CJK_RUN.search(text, max(lo, m.start() - 10), m.start())
        phrase = (before.group() if before else "") + m.group()
        found = next((phrase[k:] for k in range(len(phrase)) if is_known(phrase[k:])), found)
    return found


_AGENTS = ("个", "家", "座", "所", "户", "名", "人")  # counts of what can do work (工厂2607个，吸纳就业…)
_ANAPHOR_OPENING = re.compile(r"^[该全本我][镇乡村县市区省州]")


def _acts(name: str) -> bool:
    """Whether a name opens with a verb of work done (新建村道, 该镇改造危房, 检查); a rate of
    it (完成率) is no work of its own."""
    name = _ANAPHOR_OPENING.sub("", name)
    return not name.endswith("率") and \
        bool(words_re("span_flows", "^").match(name) or words_re("work_verbs", "^").match(name))


def _names_itself(name: str) -> bool:
    """出口, 乡村人口, GDP, 制造业: a measured noun, a known indicator or an industry needs no
    topic before it."""
    return bool(ends_with("measure_nouns", name)) or is_known(name) or \
        (name.endswith("业") and not ends_with("industry_false_friends", name))
