"""Compose the components: text -> reading text -> layers -> facts, targets, entities.

``PIPELINE`` lists the components in order (each declares the layers it needs and adds;
see doc.py): regions and entities -> articles -> names and periods -> clauses and groups
-> quantities, goal cues, subject mentions -> the document's frame -> figures read in
context (subject, period) -> goals and facts -> tables (one figure per cell; the prose
reader's figures inside them give way). ``extract`` runs them over the reading text (t2s,
full-width, column breaks) and maps every span back to the original text. It is a pure
function of (text, published): no state survives a call.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager

from zhibiao.extract import components as C
from zhibiao.extract.doc import Doc, check
from zhibiao.extract.entities import as_written
from zhibiao.extract.text import ReadingText, reading_text
from zhibiao.ingest import layout
from zhibiao.model import Article, Document, Fact, Target, checked_date

PIPELINE = (C.REGIONS, C.ENTITIES, C.ARTICLES, C.NAMES, C.PERIODS, C.CLAUSES, C.GROUPS,
            C.QUANTITIES, C.GOAL_CUES, C.MENTIONS, C.FRAME, C.FIGURES, C.GOALS, C.TABLES)
check(PIPELINE)


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
    published = checked_date(published)
    if published is None:
        published = layout.published_date(text)
    doc = read(text, published)
    items: list[Fact | Target] = [*doc.facts, *doc.targets]
    reading = doc.reading
    for item in items:
        span = item.start, item.end
        item.start, item.end = reading.span(item.start, item.end)
        item.indicator = _as_written(item.indicator, reading, text, item.start, span)
        if item.subject and not item.subject_code:
            # Groups and organisations keep the text's script (GUIDELINE §5); regions are canonical.
            item.subject = _as_written(item.subject, reading, text, item.start, span)
    articles = doc.articles
    if not articles and text:
        articles = [Article(kind="other", start=0, end=len(text))]
    assert doc.frame is not None
    return Document(id=doc_id or "document", text=text, published=published, source=source,
                    title=title, articles=articles, facts=doc.facts, targets=doc.targets,
                    entities=as_written(doc.entities, reading, text), frame=doc.frame.explain())


def read(text: str, published: str | None = None) -> Doc:
    """Every layer of a text, spans into its reading text (``doc.reading`` maps them back)."""
    doc = Doc(text, published, reading_text(text))
    for step in PIPELINE:
        step(doc)
    return doc


def _as_written(phrase: str | None, reading: ReadingText, original: str, near: int,
                span: tuple[int, int] = (0, 0)) -> str | None:
    """An indicator in the original's script (統計 stays 統計): each piece of the phrase is
    looked up in the reading text near the figure (``span``, in reading offsets, first) and
    copied from the original there."""
    if not phrase or reading.as_written(near - 900, near + 900):
        return phrase  # nothing near it was rewritten (a window wider than the one below)
    at = reading.text.find(phrase, max(0, span[0] - 8), span[1])
    if at >= 0:  # the phrase as a whole, in the figure's own evidence
        s, e = reading.span(at, at + len(phrase))
        if e - s == len(phrase):
            return _SURROGATE.sub("\ufffd", original[s:e])
    lo = max(0, _reading_pos(reading, near) - 300)
    hi = min(len(reading.text), lo + 600)
    s0, e0 = reading.span(lo, hi)
    if reading.as_written(s0, e0):
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
    return min(reading.origin.position(original_pos), max(0, len(reading.text) - 1))


_SURROGATE = re.compile("[\ud800-\udfff]")
