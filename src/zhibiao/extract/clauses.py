"""Sentences and clauses of the reading text, and the words that open or close a phrase."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from zhibiao.extract import lexicon
from zhibiao.extract.spans import Spans

_SENTENCE_END = re.compile(r"[。！？!?\n]+")
_CLAUSE_END = re.compile(r"[，,；;：:]+")


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    sentence: int  # index of the sentence the clause belongs to


class Clauses(list[Clause]):
    """Clauses in text order, with their start offsets for lookups by position."""

    def __init__(self, items: list[Clause]) -> None:
        super().__init__(items)
        self.starts = [c.start for c in items]

    def at(self, pos: int) -> Clause:
        """The clause holding pos (the last one when pos falls between clauses)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self[i].end:
            return self[i]
        return self[-1]

    def sentence_of(self, pos: int) -> int:
        """The sentence of the last clause starting at or before pos (0 before the first)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return self[i].sentence if i >= 0 else 0


_NOTE_SPAN = re.compile(r"[(（][^()（）。！？!?\n]{1,60}[)）]")


def split_clauses(text: str) -> Clauses:
    """Clauses in order; a comma inside a number (1,234) or a bracketed note does not split."""
    notes = Spans((m.start(), m.end()) for m in _NOTE_SPAN.finditer(text))
    clauses: list[Clause] = []
    sentence = 0
    pos = 0
    for sm in _SENTENCE_END.finditer(text + "\n"):
        s_start, s_end = pos, sm.start()
        c_start = s_start
        for cm in _CLAUSE_END.finditer(text, s_start, s_end):
            if cm.group() == "," and 0 < cm.start() and text[cm.start() - 1].isdigit() and \
                    text[cm.end():cm.end() + 3].isdigit():
                continue
            if notes.holds(cm.start()):
                continue  # 增长(以下如无特别说明,均为同比名义增长)3.9%
            if cm.start() > c_start:
                clauses.append(Clause(c_start, cm.start(), sentence))
            c_start = cm.end()
        if s_end > c_start:
            clauses.append(Clause(c_start, s_end, sentence))
        sentence += 1
        pos = sm.end()
    return Clauses(clauses)


@cache
def words_re(key: str, anchor: str = "") -> re.Pattern[str]:
    """A compiled alternation of one cue list; anchor '^' or '$' pins it to an end."""
    alt = lexicon.cue_regex(key)
    if anchor == "^":
        return re.compile(rf"^(?:{alt})")
    if anchor == "$":
        return re.compile(rf"(?:{alt})$")
    return re.compile(alt)


@cache
def _longest(key: str) -> int:
    return max(len(w) for w in lexicon.cue_list(key))


def ends_with(key: str, text: str, end: int | None = None) -> re.Match[str] | None:
    """The cue word of ``key`` that ends ``text`` (or ``text[:end]``), longest first.

    Searching only the last few characters keeps this O(1) per call: a cue word is never
    longer than the longest word in its list.
    """
    stop = len(text) if end is None else end
    return words_re(key, "$").search(text, max(0, stop - _longest(key)), stop)


_PUNCT = "，,、；;：:。 \t\n\u3000“”\"'‘’()（）《》—-■□●◆·"


def strip_punct(text: str) -> str:
    return text.strip(_PUNCT)
