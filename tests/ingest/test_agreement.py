"""One passage in every format reads to the same facts as its UTF-8 text.

Compares value, unit, measure, period and subject (traditional characters folded to
simplified for the Big5 copy). Depends on the extractor (zhibiao.extract) finding at
least 3 facts in the passage.
"""

from __future__ import annotations

from collections.abc import Callable

import opencc
import pytest
from fixtures import PASSAGE, as_docx, as_html, as_pdf, cjk_font

import zhibiao
from zhibiao.ingest import read

_T2S = opencc.OpenCC("t2s")
Key = tuple[float | None, str | None, str, str | None, str | None]


def facts_of(text: str) -> list[Key]:
    doc = zhibiao.extract(text, published="2024-02-05")
    return sorted(
        ((f.value, f.unit, f.measure, f.period, _T2S.convert(f.subject) if f.subject else None) for f in doc.facts),
        key=repr)


FORMATS: dict[str, Callable[[], bytes | None]] = {
    "gbk": lambda: PASSAGE.encode("gbk"),
    "big5": lambda: opencc.OpenCC("s2t").convert(PASSAGE).encode("big5"),
    "utf16": lambda: PASSAGE.encode("utf-16"),
    "html": as_html,
    "docx": as_docx,
    "pdf": as_pdf,
}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_format_gives_the_same_facts_as_utf8(fmt: str) -> None:
    if fmt == "pdf" and cjk_font() is None:
        pytest.skip("no CJK TrueType font (apt-get install fonts-wqy-microhei)")
    reference = facts_of(read(PASSAGE.encode("utf-8"), name="p.txt").text)
    assert len(reference) >= 3, reference
    data = FORMATS[fmt]()
    assert data is not None
    assert facts_of(read(data, name=f"p.{fmt}").text) == reference
