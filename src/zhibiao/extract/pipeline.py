"""Compose the extraction components (placeholder until the components land)."""

from __future__ import annotations

from zhibiao.model import Document


def extract(text: str, published: str | None = None, doc_id: str | None = None,
            source: str | None = None, title: str | None = None) -> Document:
    return Document(id=doc_id or "document", text=text, published=published, source=source, title=title)
