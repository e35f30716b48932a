"""Compose the components: text -> reading text -> layers -> facts, targets, entities.

Order: reading text (t2s, full-width, column breaks) -> regions and entities -> periods ->
quantities and ranks -> clauses and goal cues -> figures read in context (subject,
period) -> tables (one figure per cell; the prose reader's figures inside them give way)
-> facts and targets, every span mapped back to the original text.
``extract`` is a pure function of (text, published): no state survives a call.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager

from zhibiao.extract import figures, tables
from zhibiao.extract.entities import as_written, find_entities
from zhibiao.extract.regions import RegionMention, find_regions
from zhibiao.extract.spans import Spans
from zhibiao.extract.subjects import Subject
from zhibiao.extract.text import ReadingText, reading_text
from zhibiao.ingest import layout
from zhibiao.model import Article, Document, Fact, Target

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def extract(text: str, published: str | None = None, doc_id: str | None = None,
            source: str | None = None, title: str | None = None) -> Document:
    """Everything zhibiao reads from one text; offsets point into ``text`` itself."""
    with _without_cycle_collection():
        return _extract(text, published, doc_id, source, title)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one extraction, then restore it.

    Extraction allocates many short-lived objects and no reference cycles, so the cyclic
    collector only rescans the loaded lexicons (about a tenth of the run time on 1 MB);
    reference counting still frees everything at once. A collector that was already off
    stays off; anything cyclic made meanwhile is collected after the call.
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _extract(text: str, published: str | None, doc_id: str | None, source: str | None,
             title: str | None) -> Document:
    if published is not None and not _DATE.match(published):
        published = None
    if published is None:
        published = layout.published_date(text)
    reading = reading_text(text)
    r = reading.text
    regions = find_regions(r)
    entities = find_entities(r, regions)
    articles = layout.segment(text, reading.breaks) if text.strip() else []
    # A newspaper page (captions, bylines) holds short items: each paragraph dates itself.
    page = len(articles) > 1 and any(a.kind == "caption" or a.bylines for a in articles)
    facts, targets, frame = figures.read(r, published, regions, entities, page=page)
    facts, targets = _with_tables(r, published, regions, frame.subject, facts, targets)
    items: list[Fact | Target] = [*facts, *targets]
    for item in items:
        item.start, item.end = reading.span(item.start, item.end)
        item.indicator = _as_written(item.indicator, reading, text, item.start)
        if item.subject and not item.subject_code:
            # Groups and organisations keep the text's script (GUIDELINE §5); regions are canonical.
            item.subject = _as_written(item.subject, reading, text, item.start)
    mapped = as_written(entities, reading, text)
    if not articles and text:
        articles = [Article(kind="other", start=0, end=len(text))]
    return Document(id=doc_id or "document", text=text, published=published, source=source,
                    title=title, articles=articles, facts=facts, targets=targets, entities=mapped,
                    frame=frame.explain())


def _with_tables(r: str, published: str | None, regions: list[RegionMention], subject: Subject | None,
                 facts: list[Fact], targets: list[Target]) -> tuple[list[Fact], list[Target]]:
    """Figures read from tables replace what the prose reader made of the same cells; rows
    that name no region are the document's own subject (the frame's)."""
    found = tables.read_tables(r, published, regions, subject)
    if not found.spans:
        return facts, targets
    inside = Spans(found.spans)
    facts = sorted([f for f in facts if not inside.overlaps(f.start, f.end)] + found.facts,
                   key=lambda f: f.start)
    targets = sorted([g for g in targets if not inside.overlaps(g.start, g.end)] + found.targets,
                     key=lambda g: g.start)
    return facts, targets


def _as_written(phrase: str | None, reading: ReadingText, original: str, near: int) -> str | None:
    """An indicator in the original's script (統計 stays 統計): each piece of the phrase is
    looked up in the reading text near the figure and copied from the original there."""
    if not phrase or reading.text == original:
        return phrase
    lo = max(0, _reading_pos(reading, near) - 300)
    hi = min(len(reading.text), lo + 600)
    s0, e0 = reading.span(lo, hi)
    if e0 - s0 == hi - lo and original[s0:e0] == reading.text[lo:hi]:
        return phrase  # the neighbourhood reads as written: nothing to map
    out: list[str] = []
    i = 0
    while i < len(phrase):
        # The longest piece of the phrase found in the window; one character as the fallback.
        for j in range(len(phrase), i, -1):
            at = reading.text.find(phrase[i:j], lo, hi)
            if at >= 0:
                s, e = reading.span(at, at + (j - i))
                piece = original[s:e]
                out.append(piece if len(piece) == j - i else phrase[i:j])
                i = j
                break
        else:
            out.append(phrase[i])
            i += 1
    return _SURROGATE.sub("\ufffd", "".join(out))


def _reading_pos(reading: ReadingText, original_pos: int) -> int:
    return min(bisect.bisect_left(reading.origin, original_pos), max(0, len(reading.text) - 1))


_SURROGATE = re.compile("[\ud800-\udfff]")
