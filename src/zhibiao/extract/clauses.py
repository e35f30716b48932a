"""Sentences and clauses of the reading text, and the words that open or close a phrase."""

from __future__ import annotations

import bisect
import re
from functools import cache
from typing import NamedTuple

from zhibiao.extract import lexicon
from zhibiao.extract.spans import Spans

# A sentence end (group s, empty: it only marks the kind), or a clause end. One character
# class first, so that re skips to the punctuation (two alternatives were tried everywhere).
_BOUNDARY = re.compile(r"[。！？!?\n，,；;：:](?:(?<=[。！？!?\n])(?P<s>)[。！？!?\n]*|[，,；;：:]*)")


class Clause(NamedTuple):  # a tuple: built by the ten thousand per text, cheaply
    start: int
    end: int
    sentence: int  # index of the sentence the clause belongs to


class Clauses(list[Clause]):
    """Clauses in text order, with their start offsets for lookups by position."""

    def __init__(self, items: list[Clause]) -> None:
        super().__init__(items)
        self.starts = [c.start for c in items]
        self._sentences: dict[int, tuple[int, int]] = {}

    def sentence_span(self, sentence: int) -> tuple[int, int]:
        """(start, end) of a sentence, by its index."""
        if not self._sentences:
            # each sentence from its first clause's start to its last clause's end
            first = {c.sentence: c.start for c in reversed(self)}
            self._sentences = {c.sentence: (first[c.sentence], c.end) for c in self}
        return self._sentences.get(sentence, (0, 0))

    def at(self, pos: int) -> Clause:
        """The clause holding pos (the last one when pos falls between clauses)."""
        return self[self.index_at(pos)]

    def index_at(self, pos: int) -> int:
        """The index of ``at(pos)``."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self[i].end else len(self) - 1

    def sentence_of(self, pos: int) -> int:
        """The sentence of the last clause starting at or before pos (0 before the first)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return self[i].sentence if i >= 0 else 0


_NOTE_SPAN = re.compile(r"[(（][^()（）。！？!?\n]{1,60}[)）]")


def split_clauses(text: str) -> Clauses:
    """Clauses in order; a comma inside a number (1,234), a ratio's colons (8.9:41.6:49.5) or a
    bracketed note does not split."""
    notes = Spans((m.start(), m.end()) for m in _NOTE_SPAN.finditer(text))
    clauses: list[Clause] = []
    sentence = 0
    c_start = 0
    for m in _BOUNDARY.finditer(text + "\n"):
        end = m.start()
        if m.lastgroup is None:  # a clause end
            if m.group() in (",", ":") and 0 < end and text[end - 1].isdigit() and text[m.end():m.end() + 1].isdigit() \
                    and (m.group() == ":" or text[m.end():m.end() + 3].isdigit()):
                continue  # 1,234 is one number; 8.9:41.6:49.5 one ratio
            if notes.holds(end):
                continue  # 增长(以下如无特别说明,均为同比名义增长)3.9%
        if end > c_start:
            clauses.append(Clause(c_start, end, sentence))
        c_start = m.end()
        if m.lastgroup is not None:
            sentence += 1
    return Clauses(clauses)


@cache
def words_re(key: str, anchor: str = "") -> re.Pattern[str]:
    """A compiled alternation of one cue list; anchor '^' or '$' pins it to an end. Unanchored
    it is mostly searched for (see lexicon.scan_alternation)."""
    alt = lexicon.cue_regex(key)
    if anchor == "^":
        return re.compile(rf"^(?:{alt})")
    if anchor == "$":
        return re.compile(rf"(?:{alt})$")
    return re.compile(lexicon.scan_alternation(tuple(lexicon.cue_list(key))))


class _Ending(NamedTuple):
    pattern: re.Pattern[str]  # the words, anchored at the end
    longest: int  # characters in the longest word
    last: frozenset[str]  # the characters the words end with


_ENDINGS: dict[str, _Ending] = {}  # key -> its ending: read-only once built


def ends_with(key: str, text: str, end: int | None = None) -> re.Match[str] | None:
    """The cue word of ``key`` that ends ``text`` (or ``text[:end]``), longest first.

    Searching only the last few characters keeps this O(1) per call: a cue word is never
    longer than the longest word in its list. Most texts end in no word's last character,
    and that is one set lookup ($ also matches before a final newline, so that is tried).
    """
    found = _ENDINGS.get(key)
    if found is None:
        words = lexicon.cue_list(key)
        found = _ENDINGS[key] = _Ending(words_re(key, "$"), max(len(w) for w in words),
                                        frozenset(w[-1] for w in words if w))
    if end is None:
        end, last = len(text), text[-1:]
    else:
        last = text[min(end, len(text)) - 1] if end > 0 and text else ""
    if last not in found.last and last != "\n":
        return None
    return found.pattern.search(text, max(0, end - found.longest), end)


_PUNCT = "，,、；;：:。 \t\n\u3000“”\"'‘’()（）《》—-■□●◆·"


def strip_punct(text: str) -> str:
    return text.strip(_PUNCT)
