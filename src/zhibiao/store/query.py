"""Queries: facts, targets, entities, documents, filtered by region, indicator, period,
measure and text. Every parameter is bound, checked and bounded: hostile input gives an
empty result or a StoreError, never SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Select, String, cast, exists, func, literal_column, or_, select, table
from sqlalchemy.engine import Connection, RowMapping

from zhibiao.errors import StoreError
from zhibiao.extract.indicators import indicator_key
from zhibiao.model import DOCUMENT_KINDS
from zhibiao.store import regions as reg
from zhibiao.store.migrations.search import has_fts
from zhibiao.store.schema import (
    documents,
    entities,
    entity_mentions,
    facts,
    indicators,
    plans,
    regions,
    targets,
)

KINDS = ("facts", "targets", "entities", "documents")
MEASURES = {"facts": ("level", "growth", "change", "rank"),
            "targets": ("level", "growth", "change", "rank", "milestone")}
MAX_PARAM = 1000
_NO_LIMIT = 2**62
_PERIOD = re.compile(r"^\d{4}(?:[-/]?(?:\d{1,2}|Q[1-4]|H[12])){0,2}(?:-\d{2})?(?:/\d{4}(?:-\d{2}){0,2})?$")


def check(name: str, value: str | None) -> str | None:
    """Reject parameters that can only be mistakes or attacks, with a clear message."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StoreError(f"--{name}: expected text, got {type(value).__name__}")
    if "\x00" in value:
        raise StoreError(f"--{name}: contains a NUL byte")
    if len(value) > MAX_PARAM:
        raise StoreError(f"--{name}: too long ({len(value)} characters, at most {MAX_PARAM})")
    value = value.strip()
    return value or None


def _source() -> Any:
    return func.coalesce(documents.c.url, documents.c.path)


def _facts_select() -> Select[Any]:
    f = facts.c
    return (select(f.id, documents.c.doc_id.label("document"), documents.c.published,
                   _source().label("source"), documents.c.title, f.subject, f.subject_code,
                   regions.c.name.label("region"), f.indicator, f.indicator_key, f.measure, f.value,
                   f.value_max, f.unit, f.qualifier, f.period, f.basis, f.evidence, f.start, f.end,
                   f.document_id)
            .join_from(facts, documents, documents.c.id == f.document_id)
            .outerjoin(regions, regions.c.code == f.subject_code))


def _targets_select() -> Select[Any]:
    t = targets.c
    return (select(t.id, documents.c.doc_id.label("document"), documents.c.published,
                   _source().label("source"), documents.c.title,
                   func.coalesce(plans.c.name, t.plan).label("plan"), t.plan_id, t.subject, t.subject_code,
                   regions.c.name.label("region"), t.indicator, t.indicator_key, t.measure, t.value,
                   t.value_max, t.unit, t.qualifier, t.per_year, t.deadline, t.evidence, t.start, t.end,
                   t.document_id)
            .join_from(targets, documents, documents.c.id == t.document_id)
            .outerjoin(plans, plans.c.id == t.plan_id)
            .outerjoin(regions, regions.c.code == t.subject_code))


def _indicator_keys(conn: Connection, text: str) -> list[str]:
    """The exact key plus every known key containing it (工业增加值 finds 规模以上工业增加值)."""
    key = indicator_key(text)
    if not key:
        return []
    found = [r[0] for r in conn.execute(
        select(indicators.c.key).where(indicators.c.key.contains(key, autoescape=True)).limit(5000))]
    return sorted({key, *found})


def _period_condition(period: str, text_col: Any, year_col: Any) -> ColumnElement[bool]:
    if not _PERIOD.match(period):
        raise StoreError(f"--period {period[:40]!r}: expected a period like 2023, 2023-11, 2023-Q3")
    if len(period) == 4:
        return year_col == int(period)
    return or_(text_col == period, text_col.startswith(period + "-", autoescape=True),
               text_col.endswith("/" + period, autoescape=True))


def region_code(conn: Connection, region: str) -> str:
    """The code of a region (name or code), checked; StoreError when unknown."""
    checked = check("region", region)
    if checked is None:
        raise StoreError("--region: give a region name or code")
    return _region(conn, checked)


def _region(conn: Connection, region: str) -> str:
    code = reg.resolve(conn, region)
    if code is None:
        raise StoreError(f"--region {region[:40]!r}: unknown region (give its name as written, "
                         "e.g. 江西省, or its 6-digit code)")
    return code


def _not_for(what: str, **given: str | None) -> None:
    for name, value in given.items():
        if value is not None:
            raise StoreError(f"--{name} does not apply to {what}")


def _search_documents(conn: Connection, text: str) -> ColumnElement[bool]:
    if len(text) >= 3 and has_fts(conn):
        if conn.dialect.name == "sqlite":
            # One FTS5 phrase (quotes doubled), so no query syntax reaches the parser.
            phrase = '"' + text.replace('"', '""') + '"'
            fts = table("documents_fts")
            hits: Select[Any] = select(literal_column("rowid")).select_from(fts).where(
                literal_column("documents_fts").op("MATCH")(phrase))
            return documents.c.id.in_(hits)
    # PostgreSQL: pg_trgm's GIN index serves LIKE '%…%' directly.
    return or_(documents.c.text.contains(text, autoescape=True),
               documents.c.title.contains(text, autoescape=True))


def build(conn: Connection, kind: str, *, region: str | None = None, indicator: str | None = None,
          period: str | None = None, measure: str | None = None, search: str | None = None,
          document_kind: str | None = None) -> Select[Any]:
    """The SELECT for `kind` with the given filters (see run())."""
    q: Select[Any]
    region, indicator, period = check("region", region), check("indicator", indicator), check("period", period)
    measure, search = check("measure", measure), check("search", search)
    document_kind = check("kind", document_kind)
    if kind not in KINDS:
        raise StoreError(f"cannot query {kind[:40]!r}: expected one of {', '.join(KINDS)}")
    if kind != "documents":
        _not_for(kind, kind=document_kind)
    if kind in ("facts", "targets"):
        tbl = facts if kind == "facts" else targets
        q = _facts_select() if kind == "facts" else _targets_select()
        if measure is not None:
            if measure not in MEASURES[kind]:
                raise StoreError(f"--measure {measure[:40]!r}: expected one of {', '.join(MEASURES[kind])}")
            q = q.where(tbl.c.measure == measure)
        if region is not None:
            q = q.where(reg.within(tbl.c.subject_code, _region(conn, region)))
        if indicator is not None:
            keys = _indicator_keys(conn, indicator)
            q = q.where(tbl.c.indicator_key.in_(keys) if keys else reg.no_rows())
        if period is not None:
            q = q.where(_period_condition(period, tbl.c.period, tbl.c.period_year) if kind == "facts"
                        else _period_condition(period, tbl.c.deadline, tbl.c.deadline_year))
        if search is not None:
            q = q.where(or_(tbl.c.evidence.contains(search, autoescape=True),
                            tbl.c.indicator.contains(search, autoescape=True)))
        return q.order_by(tbl.c.id)
    if kind == "entities":
        _not_for(kind, indicator=indicator, period=period, measure=measure)
        m = entity_mentions.c
        q = (select(entities.c.id, entities.c.type, entities.c.name, entities.c.code,
                    func.count(m.id).label("mentions"), func.count(m.document_id.distinct()).label("documents"))
             .outerjoin(entity_mentions, m.entity_id == entities.c.id)
             .group_by(entities.c.id, entities.c.type, entities.c.name, entities.c.code))
        if region is not None:
            q = q.where(reg.within(entities.c.code, _region(conn, region)))
        if search is not None:
            q = q.where(entities.c.name.contains(search, autoescape=True))
        return q.order_by(entities.c.id)
    _not_for(kind, measure=measure)
    d = documents.c
    if document_kind is not None and document_kind not in DOCUMENT_KINDS:
        raise StoreError(f"--kind {document_kind[:40]!r}: expected one of {', '.join(DOCUMENT_KINDS)}")
    n_facts = select(func.count()).where(facts.c.document_id == d.id).scalar_subquery()
    n_targets = select(func.count()).where(targets.c.document_id == d.id).scalar_subquery()
    cols: list[Any] = [d.id, d.doc_id, d.path, d.url, d.title, d.published, d.kind, d.format, d.chars,
                       n_facts.label("facts"), n_targets.label("targets"), d.ingested_at]
    q = select(*cols)
    if region is not None:
        code = _region(conn, region)
        q = q.where(exists().where(entity_mentions.c.document_id == d.id,
                                   entity_mentions.c.entity_id == entities.c.id,
                                   reg.within(entities.c.code, code)))
    if indicator is not None:
        keys = _indicator_keys(conn, indicator)
        q = q.where(exists().where(facts.c.document_id == d.id, facts.c.indicator_key.in_(keys))
                    if keys else reg.no_rows())
    if period is not None:
        if not _PERIOD.match(period):
            raise StoreError(f"--period {period[:40]!r}: expected a period like 2023 or 2023-11")
        q = q.where(d.published.startswith(period, autoescape=True))
    if search is not None:
        q = q.where(_search_documents(conn, search))
    if document_kind is not None:
        q = q.where(d.kind == document_kind)
    return q.order_by(d.id)


def run(conn: Connection, kind: str, *, limit: int | None = None, offset: int = 0,
        **filters: str | None) -> list[dict[str, Any]]:
    """Rows of `kind` as dicts (column -> value), filtered; see Store.query()."""
    q = build(conn, kind, **filters)
    if limit is not None:
        if limit < 0:
            raise StoreError("--limit must not be negative")
        if limit < _NO_LIMIT:  # beyond any table size (and the database's integers) means all
            q = q.limit(limit)
    if offset:
        q = q.offset(min(max(0, offset), _NO_LIMIT))
    result = conn.execute(q)
    keys = list(result.keys())  # once, not a mapping view per row (a 10 000-row series: 108 -> ~50 ms)
    return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]


def stream(conn: Connection, kind: str, *where: ColumnElement[bool], columns: tuple[str, ...] = (),
           **filters: str | None) -> Iterator[RowMapping]:
    """run()'s rows one at a time (PostgreSQL: a server-side cursor), never all at once: a
    whole database's facts are more than memory wants. ``where``: further conditions;
    ``columns``: only these (default all)."""
    q = build(conn, kind, **filters).where(*where)
    if columns:
        q = q.with_only_columns(*(c for c in q.selected_columns if c.name in columns))
    yield from conn.execution_options(stream_results=True, yield_per=1000).execute(q).mappings()


def count(conn: Connection, kind: str, **filters: str | None) -> int:
    """How many rows run() gives without a limit."""
    q = build(conn, kind, **filters)
    # The rows' ids are enough to count them: the documents' per-row counts of facts and targets are not.
    q = q.with_only_columns(q.selected_columns[0]).order_by(None)
    return int(conn.execute(select(func.count()).select_from(q.subquery())).scalar_one())


def columns(conn: Connection, kind: str) -> list[str]:
    """The columns of run()'s rows, also when there are none (a CSV header)."""
    return [c.name for c in build(conn, kind).selected_columns]


def document(conn: Connection, pk: int) -> dict[str, Any] | None:
    """One document with its text, facts, targets and entity mentions (None: no such id)."""
    d = documents.c
    row = conn.execute(select(d.id, d.doc_id, d.path, d.url, d.title, d.published, d.kind, d.format, d.chars, d.text,
                              d.ingested_at).where(d.id == pk)).first()
    if row is None:
        return None
    m = entity_mentions.c
    mentions = (select(m.id, entities.c.type, entities.c.name, entities.c.code, m.start, m.end)
                .join_from(entity_mentions, entities, entities.c.id == m.entity_id)
                .where(m.document_id == pk).order_by(m.start, m.id))
    return {**dict(row._mapping),
            "facts": [dict(r._mapping) for r in conn.execute(_facts_select().where(facts.c.document_id == pk)
                                                            .order_by(facts.c.start, facts.c.id))],
            "targets": [dict(r._mapping) for r in conn.execute(_targets_select().where(targets.c.document_id == pk)
                                                              .order_by(targets.c.start, targets.c.id))],
            "entities": [dict(r._mapping) for r in conn.execute(mentions)]}


def document_pks(conn: Connection, doc_ids: list[str]) -> dict[str, int]:
    """documents.id of each document.id (doc_id) given, for linking from tracker results."""
    wanted = sorted({i for i in doc_ids if i})
    found: dict[str, int] = {}
    for i in range(0, len(wanted), 500):  # bounded IN lists
        found.update({r[0]: r[1] for r in conn.execute(select(documents.c.doc_id, documents.c.id)
                                                        .where(documents.c.doc_id.in_(wanted[i:i + 500])))})
    return found


def indicator_counts(conn: Connection, limit: int = 50) -> list[dict[str, Any]]:
    """The indicator keys with the most facts: what the indicator explorer offers first."""
    n = func.count(facts.c.id)
    q = (select(facts.c.indicator_key.label("key"), n.label("facts")).where(facts.c.indicator_key.is_not(None))
         .group_by(facts.c.indicator_key).order_by(n.desc(), facts.c.indicator_key).limit(limit))
    return [dict(r._mapping) for r in conn.execute(q)]


def conflict_candidates(conn: Connection, region: str | None = None) -> list[dict[str, Any]]:
    """Facts (rows as run() gives) of the figures two documents give different values for:
    the only ones that can conflict (zhibiao.track.conflicts judges them). Grouped without
    the basis, so a superset of what the tracker groups; one aggregate instead of every fact."""
    f = facts.c
    subject = func.coalesce(f.subject_code, f.subject)
    key = (subject, f.indicator_key, f.period, f.measure, func.coalesce(f.unit, ""))
    groups = (select(func.aggregate_strings(cast(f.id, String), ","))
              .where(f.value.is_not(None), f.period.is_not(None), f.indicator_key.is_not(None), subject.is_not(None))
              .group_by(*key).having(func.count(f.document_id.distinct()) > 1, func.max(f.value) > func.min(f.value)))
    if region is not None:
        groups = groups.where(reg.within(f.subject_code, region_code(conn, region)))
    # The groups' fact ids, then their rows by primary key: one pass over the facts.
    ids = sorted(int(i) for (joined,) in conn.execute(groups) for i in joined.split(","))
    rows: list[dict[str, Any]] = []
    for lo in range(0, len(ids), 500):  # bounded IN lists
        rows += [dict(r._mapping) for r in conn.execute(_facts_select().where(f.id.in_(ids[lo:lo + 500]))
                                                        .order_by(f.id))]
    return rows


def facts_measuring(conn: Connection, keys: list[str], codes: list[str], subjects: list[str | None]) -> list[dict[str, Any]]:
    """Facts (rows as run() gives) that may measure targets of these indicator keys, region
    codes and subjects: a superset of what track.evaluate.measures() accepts, in SQL."""
    f = facts.c
    if not keys:
        return []
    named = [s for s in subjects if s is not None]
    about = [f.subject_code.in_(sorted(set(codes))), f.subject.in_(sorted(set(named)))]
    if len(named) < len(subjects):  # a target naming no subject is measured by facts naming none
        about.append(f.subject.is_(None))
    q = _facts_select().where(f.indicator_key.in_(sorted(set(keys))), or_(*about))
    return [dict(r._mapping) for r in conn.execute(q.order_by(f.id))]


def version(conn: Connection) -> tuple[Any, ...]:
    """What changes whenever documents, their figures or plans do: index lookups only."""
    d, f, t, p = documents.c, facts.c, targets.c, plans.c
    return tuple(conn.execute(select(
        select(func.count()).select_from(documents).scalar_subquery(), select(func.max(d.id)).scalar_subquery(),
        select(func.max(d.ingested_at)).scalar_subquery(), select(func.max(f.id)).scalar_subquery(),
        select(func.max(t.id)).scalar_subquery(), select(func.count()).select_from(plans).scalar_subquery(),
        select(func.max(p.id)).scalar_subquery())).one())
