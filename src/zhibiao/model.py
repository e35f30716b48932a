"""The zhibiao data model: one Document, and spans into its original text.

Every item carries ``start``/``end``: code-point offsets into the ORIGINAL decoded text
of its document, so ``document.text[item.start:item.end]`` is its evidence. Field names
are the contract's (``../shared/contract/GUIDELINE.md``, schema ``zhibiao/1``) verbatim.
All classes are plain dataclasses: picklable, comparable, cheap to ship to Dask workers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import IO, Any, Literal

from zhibiao.errors import InputError

SCHEMA = "zhibiao/1"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Measure = Literal["level", "growth", "change", "rank"]
TargetMeasure = Literal["level", "growth", "change", "rank", "milestone"]
Qualifier = Literal["approx", "over", "under", "at_least", "at_most"]
EntityType = Literal["region", "org", "person", "plan"]
ArticleKind = Literal["news", "commentary", "caption", "brief", "other"]
# What a whole document is, as its frame reads it (zhibiao.extract.frame).
DOCUMENT_KINDS = ("communique", "report", "plan", "notice", "news", "page", "other")


def checked_date(value: str | None, name: str = "published") -> str | None:
    """`value` when it is YYYY, YYYY-MM or YYYY-MM-DD naming a real date (not 2022-13-45,
    not 2022-02-30); None stays None; anything else is an InputError naming it."""
    if value is None:
        return None
    m = _DATE.match(value)
    try:
        if m is None:
            raise ValueError
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise InputError(f"{name} {value[:40]!r}: not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)") from None
    return value


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) of code points in the original text."""

    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(slots=True)
class Quantity:
    """A number with its unit as read from the text, in base units (scale words multiplied out)."""

    value: float | None
    unit: str
    start: int
    end: int
    value_max: float | None = None
    qualifier: Qualifier | None = None
    raw_unit: str = ""  # the unit as written (亿元, 个百分点, 倍): decides measure and factor


@dataclass(slots=True)
class Fact:
    """One reported figure: subject, indicator, period, value."""

    indicator: str | None
    measure: Measure
    value: float | None
    unit: str | None
    period: str | None
    start: int
    end: int
    subject: str | None = None
    subject_code: str | None = None
    value_max: float | None = None
    basis: str | None = None
    qualifier: Qualifier | None = None
    # Where each field came from (subject, period, …): what `zhibiao extract --explain` prints.
    why: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "subject_code": self.subject_code,
            "indicator": self.indicator,
            "measure": self.measure,
            "value": _num(self.value),
            "value_max": _num(self.value_max),
            "unit": self.unit,
            "period": self.period,
            "basis": self.basis,
            "qualifier": self.qualifier,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Target:
    """A stated goal of a plan or programme."""

    indicator: str | None
    measure: TargetMeasure
    value: float | None
    unit: str | None
    deadline: str | None
    start: int
    end: int
    plan: str | None = None
    subject: str | None = None
    subject_code: str | None = None
    value_max: float | None = None
    qualifier: Qualifier | None = None
    per_year: bool = False
    why: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "subject": self.subject,
            "subject_code": self.subject_code,
            "indicator": self.indicator,
            "measure": self.measure,
            "value": _num(self.value),
            "value_max": _num(self.value_max),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "per_year": self.per_year,
            "deadline": self.deadline,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Entity:
    """A named region, organisation, person or plan mentioned in the text."""

    type: EntityType
    name: str
    start: int
    end: int
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "code": self.code,
                "start": self.start, "end": self.end}


@dataclass(slots=True)
class Article:
    """One item of a page: a news story, a commentary, a photo caption."""

    kind: ArticleKind
    start: int
    end: int
    title: str | None = None
    bylines: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "bylines": list(self.bylines),
                "start": self.start, "end": self.end}


@dataclass(slots=True)
class Document:
    """A text with everything extracted from it."""

    id: str
    text: str
    published: str | None = None
    source: str | None = None
    title: str | None = None
    articles: list[Article] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    # The document frame (kind, own subject, reported period and where each was read).
    frame: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The zhibiao/1 contract object."""
        return {**self.to_dict_head(), **{name: list(items) for name, items in self.item_dicts()}}

    def write_json(self, out: IO[str], indent: int | None = None) -> None:
        """Write ``to_dict()`` as json.dumps would, one item at a time: a document of a
        million items never exists a second time in memory as dicts and one string."""
        write_contract(out, self.to_dict_head(), self.item_dicts(), indent)

    def item_dicts(self) -> list[tuple[str, Iterator[dict[str, Any]]]]:
        """The contract's item arrays, in order, each item made when it is read."""
        # The contract's optional evidence, text[start:end]; an article's would repeat the text.
        return [("articles", (a.to_dict() for a in self.articles)),
                ("facts", ({**f.to_dict(), "evidence": self.evidence(f)} for f in self.facts)),
                ("targets", ({**t.to_dict(), "evidence": self.evidence(t)} for t in self.targets)),
                ("entities", ({**e.to_dict(), "evidence": self.evidence(e)} for e in self.entities))]

    def to_dict_head(self) -> dict[str, Any]:
        """The contract object's keys before its item arrays (schema, document)."""
        doc: dict[str, Any] = {"id": self.id, "published": self.published, "chars": len(self.text)}
        if self.source is not None:
            doc["source"] = self.source
        if self.title is not None:
            doc["title"] = self.title
        return {"schema": SCHEMA, "document": doc}

    def evidence(self, item: Fact | Target | Entity | Article) -> str:
        return self.text[item.start : item.end]


def write_contract(out: IO[str], head: dict[str, Any], arrays: Iterable[tuple[str, Iterable[dict[str, Any]]]],
                   indent: int | None = None) -> None:
    """Write the contract object {**head, name: [items]…} as json.dumps(…, ensure_ascii=False,
    indent=indent) would, serialising one item at a time."""
    nl, pad, sep = ("\n", " " * indent, ",\n") if indent is not None else ("", "", ", ")
    out.write("{" + nl)
    for key, value in head.items():
        out.write(f"{pad}{json.dumps(key)}: {_dumps_at(value, indent, 1)}{sep}")
    arrays = list(arrays)
    for n, (name, items) in enumerate(arrays):
        out.write(f"{pad}{json.dumps(name)}: [")
        first = True
        for item in items:
            out.write((nl if first else sep) + pad * 2 + _dumps_at(item, indent, 2))
            first = False
        out.write("]" if first else nl + pad + "]")
        out.write(sep if n + 1 < len(arrays) else nl)
    out.write("}")


def _dumps_at(value: Any, indent: int | None, depth: int) -> str:
    """json.dumps of a value nested ``depth`` levels deep in an indented document."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if indent is None or "\n" not in text:
        return text
    return text.replace("\n", "\n" + " " * (indent * depth))


def _num(v: float | None) -> float | int | None:
    """Whole numbers print as integers (1519, not 1519.0); others keep their decimals."""
    if v is None:
        return None
    if float(v).is_integer() and abs(v) < 2**63:
        return int(v)
    return round(float(v), 10)


def as_dict(obj: Any) -> dict[str, Any]:
    return asdict(obj)
