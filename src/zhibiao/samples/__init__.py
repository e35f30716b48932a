"""Built-in sample documents, shipped as package data.

``page.txt`` is a newspaper-style page (masthead, three stories, a caption, a signed
commentary, OCR column breaks); ``demo/`` holds documents that span two years: a plan,
a progress report, and a bulletin that reports one figure differently. ``manifest.yaml``
lists the demo documents with their ids and publication dates; ``plans/`` holds declared
plans. All of it is the project's own writing.

    >>> from zhibiao import samples
    >>> samples.read_text("page.txt")[:4]
    '经济日报'
    >>> [d.id for d in samples.demo_documents()][:2]
    ['jx-1269-plan-2023', 'page-2024-01-30']
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable

import yaml

PACKAGE = "zhibiao.samples"


@dataclass(frozen=True, slots=True)
class SampleDocument:
    """One demo document: where it lives, its id and publication date."""

    file: str
    id: str
    published: str

    @property
    def text(self) -> str:
        return read_text(self.file)


def resource(name: str) -> Traversable:
    """A file of the samples package by its relative path (``demo/plan-2023.txt``)."""
    node: Traversable = files(PACKAGE)
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


def read_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


def _manifest() -> dict[str, list[object]]:
    data = yaml.safe_load(read_text("manifest.yaml"))
    assert isinstance(data, dict), "samples/manifest.yaml: expected a mapping"
    return data


def demo_documents() -> list[SampleDocument]:
    """The demo documents in ingestion order (oldest first)."""
    return [SampleDocument(file=str(d["file"]), id=str(d["id"]), published=str(d["published"]))
            for d in _manifest()["documents"] if isinstance(d, dict)]


def demo_plans() -> list[str]:
    """Relative paths of the declared plans the demo adds."""
    return [str(p) for p in _manifest().get("plans", [])]
