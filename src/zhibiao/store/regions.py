"""Regions: name -> GB/T 2260 code, and the code ranges that roll a region up.

GB/T 2260 codes nest by prefix: 36 (江西省) covers 3607 (赣州市) covers 360703 (南康区).
So "everything in 江西省" is a range scan on an indexed code column, with or without
the gazetteer; the gazetteer (zhibiao.extract.regions, when installed) only helps to
turn names into codes and to fill the ``regions`` table.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from zhibiao.errors import StoreError
from zhibiao.store.schema import entities, facts, regions

CHINA = "100000"
_CODE = re.compile(r"^\d{2,12}$")
_LEVELS = {2: "province", 4: "prefecture", 6: "county"}


@cache
def gazetteer() -> Any | None:
    """The region gazetteer, or None while it is not available (or fails to load)."""
    try:
        from zhibiao.extract.regions import Gazetteer  # type: ignore[import-not-found,unused-ignore]

        return Gazetteer.load()
    except Exception:  # a missing or broken gazetteer must not break the store
        return None


def prefix(code: str) -> str:
    """The prefix shared by a region and everything under it: 360000 -> 36, 360700 -> 3607."""
    p = code
    while len(p) > 2 and p.endswith("00"):
        p = p[:-2]
    return p


def level_of(code: str) -> str:
    if code == CHINA:
        return "country"
    return _LEVELS.get(len(prefix(code)), "other")


def parent_of(code: str) -> str | None:
    p = prefix(code)
    if code == CHINA or len(p) <= 2:
        return None
    return (p[:-2] + "0" * (len(code) - len(p) + 2))


def within(column: Any, code: str) -> ColumnElement[bool]:
    """column's code lies in the region `code` (itself included)."""
    if code == CHINA:
        return column.is_not(None)
    p = prefix(code)
    # Digits only on both sides, so the comparison is the same under any collation.
    return and_(column >= p, column <= p + "9" * 12)


def _from_gazetteer(name: str) -> str | None:
    gaz = gazetteer()
    if gaz is None:
        return None
    try:
        found = list(gaz.candidates(name))
    except Exception:
        return None
    # Most general first (吉林 is the province); several at that level is a real ambiguity.
    top = [r for r in found if r.level == found[0].level] if found else []
    if len(top) > 1:
        raise ambiguous(name, [(r.code, _full_name(gaz, r)) for r in top])
    return str(top[0].code) if top and _CODE.match(str(top[0].code)) else None


def _full_name(gaz: Any, region: Any) -> str:
    """朝阳区 -> 吉林省长春市朝阳区: the name with the divisions above it."""
    try:
        above = [r.name for r in reversed(gaz.ancestors(region.code)) if r.code != CHINA]
    except Exception:
        above = []
    return "".join([*above, region.name])


def ambiguous(name: str, candidates: list[tuple[str, str]]) -> StoreError:
    listed = ", ".join(f"{code} {full}" for code, full in candidates)
    return StoreError(f"region {name[:40]!r} is ambiguous: {listed}; give its code (--region {candidates[0][0]})")


def resolve(conn: Connection, name: str) -> str | None:
    """A region's code from a code, the gazetteer, the regions table or what was ingested.
    A name that several regions of the same level carry (朝阳区) is a StoreError listing them."""
    name = name.strip()
    if _CODE.match(name):
        return name
    if name in ("中国", "全国", "我国"):
        return CHINA
    code = _from_gazetteer(name)
    if code:
        return code
    named = [(str(r[0]), str(r[1])) for r in conn.execute(
        select(regions.c.code, regions.c.level).where(regions.c.name == name).order_by(regions.c.code))]
    same_level = [c for c, level in named if level == named[0][1]] if named else []
    if len(same_level) > 1:
        raise ambiguous(name, [(c, name) for c in same_level])
    for query in (
        select(regions.c.code).where(regions.c.name == name).order_by(regions.c.code),
        select(entities.c.code).where(entities.c.type == "region", entities.c.name == name,
                                      entities.c.code.is_not(None)),
        select(facts.c.subject_code).where(facts.c.subject == name, facts.c.subject_code.is_not(None))
        .group_by(facts.c.subject_code).order_by(func.count().desc()),
    ):
        row = conn.execute(query.limit(1)).first()
        if row is not None:
            return str(row[0])
    return None


def sync_regions(conn: Connection) -> int:
    """Fill the regions table from the gazetteer (parents first); returns rows added."""
    gaz = gazetteer()
    if gaz is None:
        return 0
    try:
        rows = [{"code": str(r.code), "name": str(r.name), "level": _level_name(r),
                 "parent_code": getattr(r, "parent", None)} for r in _all_regions(gaz)]
    except Exception:
        return 0
    have = {r[0] for r in conn.execute(select(regions.c.code))}
    new = [r for r in rows if r["code"] not in have]
    if not new:
        return 0
    known = have | {r["code"] for r in rows}
    for r in new:
        if r["parent_code"] is not None:
            r["parent_code"] = str(getattr(r["parent_code"], "code", r["parent_code"]))
            if r["parent_code"] not in known:
                r["parent_code"] = None
    new.sort(key=lambda r: (len(prefix(str(r["code"]))), str(r["code"])))
    try:
        with conn.begin_nested():
            conn.execute(regions.insert(), new)
    except SQLAlchemyError:
        return 0
    return len(new)


def _all_regions(gaz: Any) -> list[Any]:
    # No public iteration on the Gazetteer yet: fall back to its code index.
    for attr in ("regions", "all", "_by_code"):
        member = getattr(gaz, attr, None)
        if member is None:
            continue
        items = member() if callable(member) else member
        items = list(items.values()) if isinstance(items, dict) else list(items)
        if items and hasattr(items[0], "code"):
            return items
    return []


def _level_name(region: Any) -> str:
    level = getattr(region, "level", None)
    if isinstance(level, int):
        return {0: "country", 1: "province", 2: "prefecture", 3: "county"}.get(level, "other")
    return str(level) if level else level_of(str(region.code))


def no_rows() -> ColumnElement[bool]:
    return ~true()
