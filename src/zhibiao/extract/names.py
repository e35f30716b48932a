"""Name lexicons shared by the entity recognisers: surnames, titles, org suffixes, stop words."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from zhibiao.extract import lexicon
from zhibiao.extract.lexicon import AfterBoundary
from zhibiao.extract.regions import Lexicon
from zhibiao.ingest.cues import cues as layout_cues
from zhibiao.ingest.cues import text_roles

CJK = "\u4e00-\u9fff"
TITLE_MAX = 150
NAME_CHAR = re.compile(f"[{CJK}0-9A-Za-z（）()·—]")  # a 《》 title longer than this is an unbalanced bracket, not a title


@dataclass(frozen=True, slots=True)
class Lex:
    surnames: frozenset[str]
    compound: frozenset[str]
    known_persons: Lexicon
    not_person: frozenset[str]
    name_follow: tuple[str, ...]
    org_known: Lexicon
    org_generic: frozenset[str]
    jurisdiction: tuple[str, ...]
    stop_by_last: Mapping[str, tuple[str, ...]]
    stop_last: frozenset[str]
    stop_last_re: re.Pattern[str]  # the same characters, for a scan
    org_false: frozenset[str]
    byline_re: AfterBoundary
    byline_bare: re.Pattern[str]
    title_re: re.Pattern[str]
    speech_re: AfterBoundary
    org_suffixes: Lexicon  # every suffix, scanned leftmost-longest
    strong: frozenset[str]
    projects: frozenset[str]  # named works: 驮英水库, 平陆运河 (any proper head)
    strong_re: re.Pattern[str]
    gov: frozenset[str]
    slogan_plan_re: re.Pattern[str]
    count_plan_re: re.Pattern[str]
    report_re: re.Pattern[str]
    bound: Lexicon
    credit_re: AfterBoundary
    media_re: AfterBoundary
    port_context: tuple[str, ...]
    port_before: tuple[str, ...]
    corridor_marks: tuple[str, ...]
    host_verbs: tuple[str, ...]
    firm_nouns: tuple[str, ...]
    industry_words: frozenset[str]
    plan_title_ends: tuple[str, ...]
    about_re: re.Pattern[str]
    dateline_re: re.Pattern[str]
    source_re: re.Pattern[str]
    reported_re: re.Pattern[str]
    paren_names_re: re.Pattern[str]
    plan_documents: frozenset[str]
    town_marks: tuple[str, ...]


def by_last(words: Sequence[str]) -> Mapping[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[-1], []).append(w)
    return MappingProxyType({k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()})


def alt(words: Sequence[str]) -> str:
    """Longest-first alternation behind a first-character lookahead (see lexicon.alternation)."""
    return lexicon.alternation(tuple(words))


def scan_alt(words: Sequence[str]) -> str:
    """The same, for a pattern that opens with it and is searched over the whole text."""
    return lexicon.scan_alternation(tuple(words))


@cache
def lex_tables() -> Lex:
    d = lexicon.yaml_data("entities.yaml")
    name = f"[{CJK}·]{{2,5}}"
    strong, gov, weak = d["org_suffixes_strong"], d["org_suffixes_gov"], d["org_suffixes_weak"]
    projects = d["org_suffixes_project"]
    roles = text_roles()  # the byline grammar of ingest/data/layout_cues.yaml
    return Lex(
        # one surname list for layout and entities: ingest/data/surnames.tsv
        surnames=frozenset(s for s in layout_cues().surnames if len(s) == 1),
        compound=frozenset(s for s in layout_cues().surnames if len(s) == 2),
        known_persons=Lexicon(d["known_persons"]),
        not_person=frozenset(d["not_person"] + d["page_widgets"] + d["credit_roles"] + list(layout_cues().markers)),
        name_follow=tuple(sorted(d["name_follow"], key=len, reverse=True)),
        org_known=Lexicon(d["org_known"]),
        org_generic=frozenset(d["org_generic_heads"]),
        jurisdiction=tuple(d["org_jurisdiction"]),
        stop_by_last=by_last(d["stop_words"]),
        stop_last=frozenset(w[-1] for w in d["stop_words"]),
        stop_last_re=re.compile("[" + "".join(sorted({re.escape(w[-1]) for w in d["stop_words"]})) + "]"),
        org_false=frozenset(d["org_false"]),
        # 本报记者 赖永峰 刘兴 / （记者侯雪静）: names separated by blanks after the role
        byline_re=AfterBoundary("\\s（(□■【】电", f"(?:{roles})[ \u3000]*((?:{name}[、 \u3000]*)+)", re.M),
        byline_bare=re.compile(f"(?:{roles})[ \u3000]*((?:{name}[、 \u3000]*)+)"),
        title_re=re.compile(f"{scan_alt(d['person_titles'])}[ 　]?({name})"),
        speech_re=AfterBoundary("\\s，。；：、“”\"（）", f"({name})(?={alt(d['speech_verbs'])})", re.M),
        org_suffixes=Lexicon(strong + gov + weak + projects, shortest=1),
        strong=frozenset(strong),
        projects=frozenset(projects),
        strong_re=re.compile(alt(strong)),
        gov=frozenset(gov),
        # “1269”行动计划, 制造业当家“一把手”工程, “十四五”规划
        # each pattern matches the core of the name; the words before it are added by left_edge
        # the words between the quote and the plan word never hold a conjunction (“X”和重大项目建设)
        # “1269”行动计划, and a quoted name that is itself the plan (“千万工程”, “八八战略”)
        slogan_plan_re=re.compile(f"“[^”\n]{{1,12}}”(?:(?![和与及的等是])[{CJK}]){{0,10}}?(?:{alt(d['plan_suffixes'])})"
                                  f"|“[^”\n]{{1,10}}(?:{alt(d['plan_suffixes'])})”"),
        count_plan_re=re.compile("[一二三四五六七八九十两百千]大(?:行动|工程|计划|战略|举措)"),
        report_re=re.compile(f"{scan_alt(d['plan_reports'] + d['plan_documents'])}(?:[(（]第[一二三四五六七八九十]+批[)）])?"),
        bound=Lexicon(d["bound_words"]),
        # 文案:韩梦霖、刘梓桐 / 视频制作:马天龙
        credit_re=AfterBoundary(r"\s|｜/（(", rf"(?:{roles}|{alt(d['credit_roles'])})[ 　]*[:：][ 　]*((?:{name}[、，, 　]*)+)", re.M,
                                anchor="[:：]", reach=16),
        # 榕报融媒体记者 林晓帆: the outlet before 记者 is an org
        # the outlet opens a clause: 。红星新闻记者从…获悉 (本报 is not an outlet's name)
        media_re=AfterBoundary(r"\s（(，。；：,;:", rf"(?!本报)([{CJK}]{{1,6}}?(?:{alt(d['media_heads'])}))(?:全媒体|融媒体)?(?=(?:记者|通讯员))",
                               re.M, anchor="记者|通讯员", reach=16),
        # a dateline opening a line: 人民网福州1月11日电, 央广网果洛2月26日消息, 羊城晚报讯
        dateline_re=re.compile(rf"^[ \u3000《]*(?!据)([{CJK}]{{1,6}}(?:{alt(d['media_heads'])}))[{CJK}]{{0,4}}?"
                               rf"(?:(?:\d{{1,2}}月)?\d{{1,2}}日)?专?(?:电|讯|消息)(?![{CJK}])", re.M),
        # the source line: 来源：X网, (文章来源:X社), 凡注明来源为“X网”
        source_re=re.compile(rf"来源[:：为][ \u3000]*“?([{CJK}]{{1,8}}(?:{alt(d['media_heads'])}|报))(?=[”)）\s]|$)", re.M),
        # 据央视新闻报道, 据X日报消息: the outlet a story is taken from
        reported_re=re.compile(rf"据([{CJK}]{{1,8}}?(?:{alt(d['media_heads'])}))(?:报道|消息)"),
        # reporters named in brackets alone: 电 （林晓丽、刘卿）, or a paragraph's closing (林侃)
        paren_names_re=re.compile(rf"[（(](?P<names>(?:{name}、)*{name})[）)](?P<eol>[ \u3000]*$)?",
                                  re.M),
        plan_documents=frozenset(d["plan_documents"]),
        town_marks=tuple(d["town_marks"]),
        port_context=tuple(d["port_context"]),
        port_before=tuple(d["port_before"]),
        corridor_marks=tuple(d["corridor_marks"]),
        host_verbs=tuple(d["host_verbs"]),
        firm_nouns=tuple(d["firm_nouns"]),
        industry_words=frozenset(d["industry_words"]),
        plan_title_ends=tuple(d["plan_title_ends"]),
        # 省农业农村厅关于2024年春耕备耕工作的通知, 关于…的实施意见
        about_re=re.compile(f"关于[^，。；;,、\n“”《》()（）]{{4,60}}?的(?:{alt(d['doc_kinds'])})(?![{CJK}])"),
    )


def is_name(lex: Lex, s: str) -> bool:
    if s in lex.not_person or not 2 <= len(s) <= 4:
        return False
    return s[:2] in lex.compound or (s[0] in lex.surnames and len(s) <= 3)


def trim_name(lex: Lex, run: str, closed: bool, strict: bool = True) -> str | None:
    """Cut a run of name characters where a following word begins (尹弘在参加 -> 尹弘); closed
    means the run ends at punctuation, so a name may fill it (且正草 needs no surname then)."""
    for size in (3, 2, 4):  # a following word is the surest end of a name
        cand, rest = run[:size], run[size:]
        if len(cand) == size and rest.startswith(lex.name_follow) and rest and not run[size - 1:].startswith(
                lex.name_follow) and (
                is_name(lex, cand) or (not strict and cand not in lex.not_person)):
            return cand
    if closed and 2 <= len(run) <= 4 and (is_name(lex, run) or (not strict and run not in lex.not_person)):
        return run
    return None


