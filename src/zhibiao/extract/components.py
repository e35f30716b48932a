"""The components of extraction: each reads some layers of a Doc and adds others.

They are thin: the reading itself lives in the modules they call (regions, periods, units,
figures, tables …). pipeline.py lists them in order.
"""

from __future__ import annotations

import re

from zhibiao.extract import figure_filter, figures, goals, ranked, tables
from zhibiao.extract.clauses import split_clauses, words_re
from zhibiao.extract.doc import Doc, component
from zhibiao.extract.entities import find_entities
from zhibiao.extract.frame import TITLE, plan_parts, read_frame
from zhibiao.extract.periods import find_periods, last_year
from zhibiao.extract.regions import Gazetteer, find_regions
from zhibiao.extract.spans import Spans
from zhibiao.extract.subjects import clause_opening, group_mentions, subject_mentions
from zhibiao.extract.targets import GoalIndex, goal_cues, is_goal
from zhibiao.extract.tasks import task_lists
from zhibiao.ingest import layout

# (not “十四五”, nor a holiday: “五一”假期, “十一”黄金周 are times)
_QUOTED_NAME = re.compile(r"[“\"](?![0-9.]+%?(?:以上|左右|以内)?[”\"]|十[一二三四五]五|(?:五一|十一)[”\"](?:假期|期间|黄金周))"
                          r"[^“”\"\n，,。；]{0,6}[0-9一二三四五六七八九十]"
                          r"[^“”\"\n，,。；]{0,8}[”\"]")
_FOOTNOTE = re.compile(r"\[\d{1,2}\]|［\d{1,2}］")
# A digit first, then what stands before it: re skips to the digits of the text (behind a
# lookahead it tried every position). 2024-01-02 | 09:30
_STAMP = re.compile(r"\d(?<!\d\d)(?:(?<=1)9\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|(?<=2)0\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
                    r"|\d?:\d{2}(?::\d{2})?)(?!\d)")
_COUNTED_IN_NAME = re.compile(r"^[0-9]|[0-9一二两三四五六七八九十百千万]+[家个项座条所]")
_PERIODIC = re.compile(r"(?:19|20)\d{2}年(?:国民经济|统计公报|政府工作报告|.*计划执行)")


@component(adds=["regions"])
def REGIONS(doc: Doc) -> None:
    doc.regions = find_regions(doc.text)


@component(needs=["regions"], adds=["entities"])
def ENTITIES(doc: Doc) -> None:
    doc.entities = find_entities(doc.text, doc.regions)


@component(adds=["articles", "page"])
def ARTICLES(doc: Doc) -> None:
    doc.articles = layout.segment(doc.original, doc.reading.breaks) if doc.original.strip() else []
    # A newspaper page (captions, bylines) holds short items: each paragraph dates itself.
    doc.page = len(doc.articles) > 1 and any(a.kind == "caption" or a.bylines for a in doc.articles)


@component(needs=["entities"], adds=["titles", "names"])
def NAMES(doc: Doc) -> None:
    """Spans whose numbers name something (《…》, “十四五”, [1], 09:30, 3家企业联合会)."""
    text = doc.text
    doc.titles = [(m.start(), m.end()) for m in TITLE.finditer(text)]
    names = [(m.start(), m.end()) for m in _QUOTED_NAME.finditer(text)]
    names += [(m.start(), m.end()) for m in _FOOTNOTE.finditer(text)]
    names += [(m.start(), m.end()) for m in _STAMP.finditer(text)]
    names += [(m.start(), m.end()) for m in words_re("numbered_names").finditer(text)]  # 中央八项规定
    names += [(e.start, e.end) for e in doc.entities if e.type == "org" and not _COUNTED_IN_NAME.search(e.name)]
    doc.names = names


@component(needs=["titles", "names"], adds=["periods"])
def PERIODS(doc: Doc) -> None:
    doc.periods = find_periods(doc.text, doc.published, skip=doc.titles + doc.names)


@component(adds=["clauses"])
def CLAUSES(doc: Doc) -> None:
    doc.clauses = split_clauses(doc.text)


@component(needs=["clauses", "periods"], adds=["openings", "groups"])
def GROUPS(doc: Doc) -> None:
    """Where each clause's own words begin, and the groups of regions that open clauses."""
    text, periods = doc.text, doc.periods
    doc.openings = [clause_opening(text, c.start, c.end, periods) for c in doc.clauses]
    doc.groups = group_mentions(text, doc.openings)


def _named(doc: Doc) -> list[tuple[int, int]]:
    """Names, plans (but not 2024年…统计公报) and group subjects: their numbers are no figures."""
    plans = [(e.start, e.end) for e in doc.entities if e.type == "plan" and not _PERIODIC.search(e.name)]
    return doc.names + plans + [(g.start, g.end) for g in doc.groups]


@component(needs=["periods", "titles", "names", "entities", "groups"], adds=["quantities"])
def QUANTITIES(doc: Doc) -> None:
    doc.quantities = figure_filter.quantities(doc.text, doc.periods, doc.titles + _named(doc))


@component(needs=["clauses", "periods", "titles", "names", "entities", "groups"], adds=["cues"])
def GOAL_CUES(doc: Doc) -> None:
    doc.cues = GoalIndex(goal_cues(doc.text, doc.clauses, doc.periods, doc.titles, doc.published, _named(doc)))


@component(needs=["regions", "entities", "groups"], adds=["mentions"])
def MENTIONS(doc: Doc) -> None:
    doc.mentions = subject_mentions(doc.text, doc.regions, doc.entities, Gazetteer.load(), doc.groups)


@component(needs=["regions", "entities", "mentions", "periods", "page"], adds=["frame"])
def FRAME(doc: Doc) -> None:
    doc.frame = read_frame(doc.text, doc.regions, doc.entities, doc.mentions, doc.periods, doc.page, doc.published)


@component(needs=["clauses", "openings", "quantities", "periods", "mentions", "frame"],
           adds=["reads", "goal_clauses"])
def FIGURES(doc: Doc) -> None:
    """Each quantity read in context: its subject, period and indicator."""
    assert doc.frame is not None
    doc.reads, doc.goal_clauses = figures.walk(doc.text, doc.clauses, doc.openings, doc.quantities, doc.periods,
                                               doc.mentions, Gazetteer.load(), doc.frame)


@component(needs=["reads", "goal_clauses", "clauses", "cues", "entities", "frame"], adds=["facts", "targets"])
def GOALS(doc: Doc) -> None:
    """A figure a goal cue governs is a target; the rest are facts; goal lists add milestones.
    In a part of a report that looks back, only a goal for a time still to come stays one."""
    assert doc.cues is not None and doc.frame is not None
    text, clauses, cues, frame = doc.text, doc.clauses, doc.cues, doc.frame
    plans = [e for e in doc.entities if e.type == "plan"]
    year = int(doc.published[:4]) if doc.published else None
    month = int(doc.published[5:7]) if doc.published and len(doc.published) >= 7 else 12

    def looks_back(pos: int, deadline: str | None) -> bool:
        return frame.in_review(pos) and (deadline is None or year is None or int(deadline[:4]) < year)

    def past(deadline: str | None, start: int, pos: int) -> bool:
        """A deadline before the year the text came out, with no goal word in its clause: the
        time of a result (提升至2025年的…), not of a goal (超额完成2025年目标任务 stays one)."""
        return deadline is not None and year is not None and int(deadline[:4]) < year and \
            not words_re("target_cues").search(text, min(start, max(0, pos - 12)), pos)

    parts = plan_parts(text, doc.periods) if frame.kind == "report" and year is not None else ()
    work = Spans((s, e) for s, e, _ in parts)

    def part_deadline(pos: int) -> str | None:
        """二、“十五五”时期重点任务: the heading's last year, for the goals in its part that name none."""
        return next((d for s, e, d in parts if s <= pos < e and d and year is not None and int(d) > year), None)

    # Times that run up to now (今年以来) or may stand for the year before (全年, early in a year).
    since = {p.start for p in doc.periods if p.role == "time" and (
        text.startswith("以来", p.end) or text.endswith("以来", p.start, p.end) or text.startswith("全年", p.start))}

    def said_here(rd: figures.Read) -> bool:
        """The figure's time is written, not only the document's (a new paragraph of a page
        starts again from the frame's)."""
        return rd.period_at is not None

    def to_date(rd: figures.Read) -> bool:
        """今年以来…完成投资38.6亿元, 会上通报，全年…增长5.2%: dated by a time that runs up to
        now, or by 全年 said in the first months (often the year before), it is no goal."""
        return rd.period_at in since

    tasks = Spans((m.end(), clauses.sentence_span(clauses.sentence_of(m.end()))[1]) for m in task_lists().finditer(text)) \
        if frame.kind == "notice" else Spans([])
    for rd in doc.reads:
        q = rd.fig.quantity
        clause = clauses.at(q.start)
        goal, deadline, yearly = is_goal(text, q.start, q.end, clause, cues, clauses.sentence_span(clause.sentence)[0])
        if not goal and tasks.holds(q.start) and year is not None:
            goal, deadline = True, str(last_year(rd.period) or year)  # 未达到序时进度11项，为A达80%、…
        if goal and looks_back(q.start, deadline or rd.period):
            goal = False
        if goal and past(deadline, clause.start, q.start):
            goal = False  # 从2020年的9.6年提升至2025年的10.2年 in 2026: a time passed, no goal named
        if not goal and work.holds(q.start) and year is not None and (rd.period is None or rd.period[:4] >= str(year)) \
                and not words_re("result_markers").search(text, clause.start, q.start):
            # 二、2026年重点工作 … 举办消费季活动500场: the work a report sets for its year is its goal
            goal, deadline = True, str(last_year(rd.period) or year)
        if goal and deadline is None and (in_part := part_deadline(q.start)):
            deadline, yearly = in_part, False
        if not goal and year is not None and (end := last_year(rd.period)) is not None and \
                (end > year or (rd.period == str(year) and month <= 6 and said_here(rd) and not to_date(rd) and rd.fig.unit != "岁"
                                and not words_re("result_markers").search(text, clause.start, q.start))):
            # 力争“十五五”时期…，工业投资年均增长6%左右; 今年城镇新增就业40万人 in February: a
            # figure for a time still to come (a whole year barely begun) is a goal, unless its
            # clause reports it done (实际已开工96项)
            goal, deadline = True, str(end)
        if goal:
            target = goals.target(text, rd.fig, rd.start, rd.end, rd.subject, rd.period, deadline,
                                  yearly, cues, plans, clauses, doc.published)
            target.why = {"subject": rd.why["subject"]}
            doc.targets.append(target)
        else:
            doc.facts.append(figures.fact(rd))
    doc.targets.extend(m for m in goals.milestones(text, clauses, doc.goal_clauses, cues, plans)
                       if not looks_back(m.start, m.deadline) and not past(m.deadline, clauses.at(m.start).start, m.end))


@component(needs=["reads", "regions", "facts"], adds=["facts"])
def RANKED(doc: Doc) -> None:
    """总分居前3位的县市区分别是A、B、C: a rank fact for each place listed."""
    found, lists = ranked.ranked_facts(doc.text, doc.regions, doc.reads)
    ranked.name_listed_values(doc.text, lists, doc.facts)
    if found:
        taken = Spans((f.start, f.end) for f in found)
        # (a 3 read from 前3位 by the prose reader is the list's length, no figure)
        doc.facts = sorted([f for f in doc.facts if not (f.measure == "rank" and taken.overlaps(f.start, f.end))]
                           + found, key=lambda f: f.start)


@component(needs=["periods", "regions", "frame", "facts", "targets"], adds=["tables", "facts", "targets"])
def TABLES(doc: Doc) -> None:
    """Figures read from tables replace what the prose reader made of the same cells; rows
    that name no region are the document's own subject (the frame's)."""
    assert doc.frame is not None
    found = tables.read_tables(doc.text, doc.published, doc.regions, doc.frame.subject, doc.periods)
    doc.tables = found.spans
    if not found.spans:
        return
    inside = Spans(found.spans)
    doc.facts = sorted([f for f in doc.facts if not inside.overlaps(f.start, f.end)] + found.facts,
                       key=lambda f: f.start)
    doc.targets = sorted([g for g in doc.targets if not inside.overlaps(g.start, g.end)] + found.targets,
                         key=lambda g: g.start)

