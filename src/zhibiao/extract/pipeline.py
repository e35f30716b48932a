"""Compose the components: text -> reading text -> layers -> facts, targets, entities.

``PIPELINE`` lists the components in order (each declares the layers it needs and adds;
see doc.py): regions and entities -> articles -> names and periods -> clauses and groups
-> quantities, goal cues, subject mentions -> the document's frame -> figures read in
context (subject, period) -> goals and facts -> ranked lists (前3位的是A、B、C) -> tables (one figure per cell; the prose
reader's figures inside them give way). ``extract`` runs them over the reading text (t2s,
full-width, column breaks) and maps every span back to the original text. It is a pure
function of (text, published): no state survives a call.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from zhibiao.cycles import without_cycle_collection
from zhibiao.extract import components as C
from zhibiao.extract.doc import Component, Doc, check
from zhibiao.extract.entities import as_written
from zhibiao.extract.frame import Frame, part_heading, reviews
from zhibiao.extract.text import ReadingText, reading_text, without_pinyin
from zhibiao.ingest import layout
from zhibiao.model import Article, Document, Entity, Fact, Target, checked_date

PIPELINE = (C.REGIONS, C.ENTITIES, C.ARTICLES, C.NAMES, C.PERIODS, C.CLAUSES, C.GROUPS,
            C.QUANTITIES, C.GOAL_CUES, C.MENTIONS, C.FRAME, C.FIGURES, C.GOALS, C.RANKED, C.TABLES)
check(PIPELINE)
# A text longer than this is read in windows of about this many characters, cut at paragraph
# ends: memory stays bounded whatever the size (a 50 MB text no longer needs gigabytes), and
# windows of a realistic report are long enough that no context is lost at a cut.
WINDOW = 1_000_000
# Told (windows read, windows in all) before the first window and after each: a caller's
# progress bar for a long text.
Progress = Callable[[int, int], None]


def extract(text: str, published: str | None = None, doc_id: str | None = None,
            source: str | None = None, title: str | None = None, progress: Progress | None = None) -> Document:
    """Everything zhibiao reads from one text; offsets point into ``text`` itself.
    ``progress``: called with (windows read, windows in all) as a long text is read."""
    with without_cycle_collection():
        return _extract(text, published, doc_id, source, title, progress)


def _extract(text: str, published: str | None, doc_id: str | None, source: str | None,
             title: str | None, progress: Progress | None) -> Document:
    doc = Document(id=doc_id or "document", text=text, published=resolved_date(text, published),
                   source=source, title=title)
    for part in parts(text, doc.published, progress):
        doc.facts += part.facts
        doc.targets += part.targets
        doc.entities += part.entities
        doc.articles += part.articles
        doc.frame = doc.frame or part.frame.explain()
    if not doc.articles and text:
        doc.articles = [Article(kind="other", start=0, end=len(text))]
    return doc


def resolved_date(text: str, published: str | None) -> str | None:
    """The publication date given (checked), else the one the text states."""
    return checked_date(published) or layout.published_date(text)


@dataclass(slots=True)
class Part:
    """What one window of a text holds, spans into the whole text (see ``windows``)."""

    facts: list[Fact]
    targets: list[Target]
    entities: list[Entity]
    articles: list[Article]
    frame: Frame


def parts(text: str, published: str | None, progress: Progress | None = None) -> Iterator[Part]:
    """The text read window by window (one window for all but very long texts): a caller that
    writes each part as it comes holds one window's items at a time. ``progress``: see Progress."""
    frame: Frame | None = None
    heading = ""  # the heading of the part a window opens inside (一、2025年工作回顾), read again
    cuts = windows(text)
    if progress is not None:
        progress(0, len(cuts))
    for done, (lo, hi) in enumerate(cuts, 1):
        piece = heading + text[lo:hi]
        doc = read(piece, published, frame)
        assert doc.frame is not None
        reading = doc.reading
        skip, shift = len(heading), lo - len(heading)
        items: list[Fact | Target] = [*doc.facts, *doc.targets]
        surrogates = _SURROGATE.search(piece) is not None  # (almost never: no pass per phrase then)
        for item in items:
            span = item.start, item.end
            item.start, item.end = reading.span(item.start, item.end)
            item.indicator = _as_written(item.indicator, reading, piece, item.start, span, surrogates)
            if item.subject and not item.subject_code:
                # Groups and organisations keep the text's script (GUIDELINE §5); regions are canonical.
                item.subject = _as_written(item.subject, reading, piece, item.start, span, surrogates)
            if len(cuts) > 1:
                item.why = {}  # a text this long is not explained item by item: keep memory down
        # The next window reads on in the same document: the first window's frame holds, and
        # it starts from the heading of the part it opens inside (its time, whether it looks back).
        frame = frame or doc.frame
        heading = part_heading(text, lo, hi) or heading
        if progress is not None:
            progress(done, len(cuts))
        yield Part(facts=_shifted([f for f in doc.facts if f.start >= skip], shift),
                   targets=_shifted([t for t in doc.targets if t.start >= skip], shift),
                   entities=_shifted([e for e in as_written(doc.entities, reading, piece) if e.start >= skip], shift),
                   articles=_shifted([a for a in doc.articles if a.end > skip], shift, floor=lo),
                   frame=frame)


Spanned = TypeVar("Spanned", Fact, Target, Entity, Article)


def _shifted(items: list[Spanned], by: int, floor: int = 0) -> list[Spanned]:
    """Spans of a window moved to the whole text (an article cut by a window starts at it)."""
    for item in items:
        item.start, item.end = max(floor, item.start + by), item.end + by
    return items


def windows(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """[start, end) pieces of a long text, cut after a blank line (else a line end, else
    anywhere) near every ``size`` characters (default WINDOW), so memory stays bounded."""
    size = size or WINDOW
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        cut = text.rfind("\n\n", start + size // 2, start + size - 1)
        if cut >= 0:
            cut += 2
        else:
            cut = text.rfind("\n", start + size // 2, start + size)
            cut = cut + 1 if cut >= 0 else start + size
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def read(text: str, published: str | None = None, frame: Frame | None = None,
         timings: dict[str, float] | None = None) -> Doc:
    """Every layer of a text, spans into its reading text (``doc.reading`` maps them back).
    ``frame``: the document's frame, read already (a later window of a long document; the
    parts that look back are this text's own). ``timings``: seconds spent in each step
    ("reading" for the reading text, then each component's name) are added to it."""
    if timings is not None:
        return _timed_read(text, published, frame, timings)
    doc = Doc(text, published, reading_text(text))
    for step in PIPELINE:
        _run(step, doc, frame)
    return doc


def _run(step: Component, doc: Doc, frame: Frame | None) -> None:
    if step is C.FRAME and frame is not None:
        doc.add("frame", replace(frame, reviews=reviews(doc.text)))
    else:
        step(doc)


def _timed_read(text: str, published: str | None, frame: Frame | None, timings: dict[str, float]) -> Doc:
    """``read``, timing each step (the benchmarks' view of where the time goes)."""
    t0 = time.perf_counter()
    doc = Doc(text, published, reading_text(text))
    t1 = time.perf_counter()
    timings["reading"] = timings.get("reading", 0.0) + t1 - t0
    for step in PIPELINE:
        _run(step, doc, frame)
        t0, t1 = t1, time.perf_counter()
        timings[step.name] = timings.get(step.name, 0.0) + t1 - t0
    return doc


def _as_written(phrase: str | None, reading: ReadingText, original: str, near: int,
                span: tuple[int, int] = (0, 0), surrogates: bool = True) -> str | None:
    """An indicator in the original's script (統計 stays 統計): each piece of the phrase is
    looked up in the reading text near the figure (``span``, in reading offsets, first) and
    copied from the original there. ``surrogates``: whether the original holds any (each one
    copied reads U+FFFD; the reading text has none)."""
    if not phrase or reading.as_written(near - 900, near + 900):
        return phrase  # nothing near it was rewritten (a window wider than the one below)
    at = reading.text.find(phrase, max(0, span[0] - 8), span[1])
    if at >= 0:  # the phrase as a whole, in the figure's own evidence
        s, e = reading.span(at, at + len(phrase))
        written = original[s:e] if e - s == len(phrase) else without_pinyin(original[s:e])
        if len(written) == len(phrase):
            return _SURROGATE.sub("\ufffd", written) if surrogates else written
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
                if len(piece) != j - i:
                    piece = without_pinyin(piece)  # 產(chǎn)業 reads 产业: its note is no part of it
                out.append(piece if len(piece) == j - i else phrase[i:j])
                i = j
                break
        else:
            out.append(phrase[i])
            i += 1
    return _SURROGATE.sub("\ufffd", "".join(out)) if surrogates else "".join(out)


def _reading_pos(reading: ReadingText, original_pos: int) -> int:
    return min(reading.origin.position(original_pos), max(0, len(reading.text) - 1))


_SURROGATE = re.compile("[\ud800-\udfff]")
