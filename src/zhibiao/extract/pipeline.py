"""Compose the components: text -> reading text -> layers -> facts, targets, entities.

Order: reading text (t2s, full-width, column breaks) -> regions and entities -> periods ->
quantities and ranks -> clauses and goal cues -> figures read in context (subject,
period) -> facts and targets, every span mapped back to the original text.
``extract`` is a pure function of (text, published): no state survives a call.
"""

from __future__ import annotations

import re

from zhibiao.extract import figures
from zhibiao.extract.entities import find_entities
from zhibiao.extract.regions import find_regions
from zhibiao.extract.text import reading_text
from zhibiao.ingest import layout
from zhibiao.model import Article, Document, Entity

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def extract(text: str, published: str | None = None, doc_id: str | None = None,
            source: str | None = None, title: str | None = None) -> Document:
    """Everything zhibiao reads from one text; offsets point into ``text`` itself."""
    if published is not None and not _DATE.match(published):
        published = None
    if published is None:
        published = layout.published_date(text)
    reading = reading_text(text)
    r = reading.text
    regions = find_regions(r)
    entities = find_entities(r, regions)
    articles = layout.segment(text) if text.strip() else []
    # A newspaper page (captions, bylines) holds short items: each paragraph dates itself.
    page = len(articles) > 1 and any(a.kind == "caption" or a.bylines for a in articles)
    facts, targets = figures.read(r, published, regions, entities, page=page)
    for item in [*facts, *targets]:
        item.start, item.end = reading.span(item.start, item.end)
    mapped: list[Entity] = []
    for e in entities:
        s, t = reading.span(e.start, e.end)
        mapped.append(Entity(type=e.type, name=e.name, start=s, end=t, code=e.code))
    if not articles and text:
        articles = [Article(kind="other", start=0, end=len(text))]
    return Document(id=doc_id or "document", text=text, published=published, source=source,
                    title=title, articles=articles, facts=facts, targets=targets, entities=mapped)
