"""The document being read: one reading text and the named layers components add to it.

Every layer is a list of spans (or objects carrying spans) into ``Doc.text``, the reading
text; ``Doc.reading`` maps them back to the original. A component (see ``component``)
declares the layers it needs and the layers it adds, so a pipeline can be checked before it
runs and any component can be tested from a document built by hand::

    doc = Doc.build("2024年全市生产总值增长5%。", regions=[], entities=[])
    PERIODS(doc)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from zhibiao.errors import ZhibiaoError
from zhibiao.extract.clauses import Clause, Clauses
from zhibiao.extract.frame import Frame
from zhibiao.extract.periods import Periods
from zhibiao.extract.regions import RegionMention
from zhibiao.extract.subjects import Subject, SubjectMention
from zhibiao.extract.targets import GoalIndex
from zhibiao.extract.text import ReadingText
from zhibiao.ingest.layout import Offsets
from zhibiao.model import Article, Entity, Fact, Quantity, Target

Span = tuple[int, int]


class PipelineError(ZhibiaoError):
    """A component ran without a layer it needs, or a pipeline is put together out of order."""


@dataclass(slots=True)
class Doc:
    """One text and its layers; a layer not yet added is absent from ``added``."""

    original: str
    published: str | None
    reading: ReadingText
    added: set[str] = field(default_factory=set)
    # layers, in the order the standard pipeline adds them
    regions: list[RegionMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    page: bool = False  # a newspaper page of short items: each paragraph dates itself
    titles: list[Span] = field(default_factory=list)  # 《…》: numbers inside are names
    names: list[Span] = field(default_factory=list)  # quoted names, notes, stamps, organisations
    periods: Periods = field(default_factory=lambda: Periods([]))
    clauses: Clauses = field(default_factory=lambda: Clauses([]))
    openings: list[int] = field(default_factory=list)  # where each clause's own words begin
    groups: list[SubjectMention] = field(default_factory=list)  # 西部8省区: the count names the group
    quantities: list[Quantity] = field(default_factory=list)
    cues: GoalIndex | None = None
    mentions: list[SubjectMention] = field(default_factory=list)
    frame: Frame | None = None
    reads: list[Any] = field(default_factory=list)  # figures.Read, in text order
    goal_clauses: list[tuple[Clause, Subject | None]] = field(default_factory=list)
    tables: list[Span] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.reading.text

    @classmethod
    def build(cls, text: str, published: str | None = None, **layers: Any) -> Doc:
        """A document over ``text`` (read as written) with the given layers already added."""
        doc = cls(text, published, ReadingText(text, Offsets(len(text), []), len(text)))
        for name, value in layers.items():
            doc.add(name, value)
        return doc

    def add(self, name: str, value: Any) -> None:
        if name not in LAYERS:
            raise PipelineError(f"{name}: not a layer of a document")
        setattr(self, name, value)
        self.added.add(name)

    def need(self, *names: str) -> None:
        missing = [n for n in names if n not in self.added]
        if missing:
            raise PipelineError(f"this step needs the layers {', '.join(missing)}, which nothing added")


LAYERS = frozenset(f.name for f in fields(Doc)) - {"original", "published", "reading", "added"}


@dataclass(frozen=True, slots=True)
class Component:
    """A step of the pipeline: reads ``needs``, adds ``adds`` (replacing them when present)."""

    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[[Doc], None]

    def __call__(self, doc: Doc) -> Doc:
        if not doc.added.issuperset(self.needs):
            doc.need(*self.needs)  # raises, naming what is missing
        self.run(doc)
        doc.added.update(self.adds)
        return doc


def component(needs: Iterable[str] = (), adds: Iterable[str] = ()) -> Callable[[Callable[[Doc], None]], Component]:
    """Declare a function of a Doc as a component."""
    def wrap(fn: Callable[[Doc], None]) -> Component:
        unknown = (set(needs) | set(adds)) - LAYERS
        if unknown:
            raise PipelineError(f"{fn.__name__}: {', '.join(sorted(unknown))}: not layers of a document")
        return Component(fn.__name__.lower(), tuple(needs), tuple(adds), fn)
    return wrap


def check(pipeline: Iterable[Component], given: Iterable[str] = ()) -> None:
    """Every component's needs are added by one before it (or given)."""
    have = set(given)
    for c in pipeline:
        missing = [n for n in c.needs if n not in have]
        if missing:
            raise PipelineError(f"{c.name} needs {', '.join(missing)}, which no earlier step adds")
        have.update(c.adds)
