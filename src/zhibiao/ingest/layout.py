"""Page layout of newspaper-like text: column breaks (articles come in a later change)."""

from __future__ import annotations

import re

# A break is a run of blank lines between two non-blank lines.
_BREAK = re.compile(r"[ \t\u3000]*\n(?:[ \t\u3000]*\n)+[ \t\u3000]*")
_SENTENCE_END = "。！？!?；;：:」』”\"）)…"
_CLAUSE_MARK = re.compile(r"[，。；、,]")


def column_breaks(text: str) -> list[tuple[int, int]]:
    """Spans of whitespace that a column break put inside one sentence.

    A break joins its two lines when the line before it is body text (it has clause
    punctuation) that does not end a sentence, and the line after starts with text:
    ``…江西聚焦战略性新兴产业，在\\n\\n新能源、航空制造…`` reads as one sentence.
    Headlines (short lines without clause marks) never join the paragraph below.
    """
    spans: list[tuple[int, int]] = []
    for m in _BREAK.finditer(text):
        start, end = m.start(), m.end()
        if start == 0 or end >= len(text):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line = text[line_start:start]
        if not line.strip() or line.rstrip()[-1] in _SENTENCE_END:
            continue
        if not _CLAUSE_MARK.search(line):
            continue
        if text[end].isspace():
            continue
        spans.append((start, end))
    return spans
