"""The reading text: a normalised copy of the original with a map back to it.

Extraction reads one canonical form: simplified script (OpenCC t2s), half-width digits
and signs, and sentences rejoined across column breaks. Every character of the reading
text remembers the original offset it came from, so spans map back exactly.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from zhibiao.extract.spans import Spans
from zhibiao.ingest.layout import Offsets, column_breaks, repair

# Full-width ASCII (！ to ～) shifts by 0xFEE0; the ideographic space becomes a space.
# The full-width comma stays: "1，200" is two numbers in running text, "1,200" is one.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if c != 0xFF0C} | {0x3000: 0x20}
# Dashes and ratio colons that spell the same thing.
_SIGNS = str.maketrans({"∶": ":", "－": "-", "～": "~", "〜": "~"})
_READING = {chr(k): v if isinstance(v, str) else chr(v) for k, v in (_FULLWIDTH | _SIGNS).items()}
# A pass of re.sub over the few mapped characters is 15 times faster than str.translate.
_READING_RE = re.compile("[" + "".join(map(re.escape, _READING)) + "]")


def _normalise(text: str) -> str:
    return _READING_RE.sub(lambda m: _READING[m.group()], text)


# A date written in numerals (二〇二二年十二月二十日, in a report's header) read as digits of the
# same length: the year's four numerals one by one, a day's 十 between or after numerals.
_DIGIT_OF = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "O": "0"}
_NUMERAL_YEAR = re.compile(r"(?<![〇○零一二三四五六七八九十])[一二][〇○零九][〇○零一二三四五六七八九]{2}(?=年)")
# (月 consumed, not looked behind for: a pattern opening with a lookbehind is tried everywhere;
# 二十一 has no two-character form: left as written)
_NUMERAL_DAY = re.compile(r"月(?P<d>[一二三]十|十[一二三四五六七八九]|[一二三四五六七八九])(?=日)")
_ZERO = re.compile("[〇○零O]")


def _numeral_dates(text: str) -> str:
    if not _ZERO.search(text):
        return text  # no year in numerals: its days are read as they are
    text = _NUMERAL_YEAR.sub(lambda m: "".join(_DIGIT_OF[c] for c in m.group()), text)
    return _NUMERAL_DAY.sub(lambda m: "月" + _numeral_day(m.group("d")), text)


def _numeral_day(day: str) -> str:
    tens = "1" if day[0] == "十" else _DIGIT_OF[day[0]]
    return tens + ("0" if day[-1] == "十" else _DIGIT_OF[day[-1]]) if len(day) == 2 else _DIGIT_OF[day]


_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Simplified script of the same length (character-aligned, so offsets survive)."""
    if not text or text.isascii():
        return text
    # OpenCC encodes to UTF-8: a lone surrogate would raise, so it reads as U+FFFD.
    text = _SURROGATE.sub("\ufffd", text)
    converted: str = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to character by character.
    out = []
    for ch in text:
        c = _t2s().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


@dataclass(slots=True)
class ReadingText:
    """``text`` is what components read; ``origin[i]`` is the original offset of ``text[i]``."""

    text: str
    origin: Offsets
    original_length: int
    breaks: list[tuple[int, int]] = field(default_factory=list)  # column breaks removed
    rewritten: list[int] = field(default_factory=list)  # original offsets of characters changed (t2s, full-width)

    def as_written(self, start: int, end: int) -> bool:
        """Whether no character of the original span [start, end) was rewritten."""
        i = bisect.bisect_left(self.rewritten, start)
        return i == len(self.rewritten) or self.rewritten[i] >= end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a reading-text span [start, end) to the original text."""
        if end <= start:
            o = self.origin[start] if start < len(self.origin) else self.original_length
            return o, o
        if not self.breaks:
            return start, end
        return self.origin.of(start), self.origin.of(end - 1) + 1


# 生產(chǎn)總值, 據(ju)…: some sites print a character's pinyin after it; the reading text drops
# such notes. With tone marks a note is unmistakable; without, it must be a syllable's shape and
# the text must carry several (a lone (ha) may be a unit).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = rf"(?:[bpmfdtnlgkhjqxrzcsyw]|[zcs]h)?[aeiouüv{_TONED}][a-zü{_TONED}]{{0,4}}"
# The bracket first, then what stands before it: re skips to the brackets of a whole text
# (a pattern opening with a lookbehind is tried at every position).
PINYIN_NOTE = re.compile(rf"[(（](?<=[\u4e00-\u9fff)][(（])(?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")
_PLAIN_NOTE = re.compile(rf"[(（](?<=[\u4e00-\u9fff)][(（]){_SYLLABLE}[)）]")
_PLAIN_NOTES_MIN = 3


def pinyin_notes(text: str) -> list[tuple[int, int]]:
    """Spans of the pinyin notes in ``text``."""
    if "(" not in text and "（" not in text:
        return []
    plain = [m.span() for m in _PLAIN_NOTE.finditer(text)]
    if len(plain) >= _PLAIN_NOTES_MIN:
        return plain
    return [m.span() for m in PINYIN_NOTE.finditer(text)]


def without_pinyin(piece: str) -> str:
    """A piece of the original that the reading text shortened, without its pinyin notes."""
    return _PLAIN_NOTE.sub("", piece) if "(" in piece or "（" in piece else piece


_SPACE_RUN = re.compile(r"[ \u00a0\u3000]")  # one space: two or more may part table columns


def number_spaces(text: str) -> list[tuple[int, int]]:
    """提高 0.16 个百分点, 常住人口 9465.40 万人: spaces web pages put around a number, which the
    reading text drops so the number meets its unit and its words."""
    out: list[tuple[int, int]] = []
    for m in _SPACE_RUN.finditer(text):
        a, b = m.span()
        if a == 0 or b >= len(text):
            continue
        left, right = text[a - 1], text[b]
        if (left.isdigit() and ("\u4e00" <= right <= "\u9fff" or right in "%％‰")) or \
                ("\u4e00" <= left <= "\u9fff" and right.isdigit()):
            out.append((a, b))
    return out


def reading_text(original: str) -> ReadingText:
    # Breaks are found on the original (as layout sees it) and cut from the normalised
    # copy, which has the same length; so are pinyin notes.
    simple = to_simplified(original)
    normal = _normalise(simple)
    dated = _numeral_dates(normal)
    cuts = column_breaks(original)
    extra = pinyin_notes(original) + number_spaces(original)
    if extra:
        taken = Spans(cuts)
        cuts = sorted(cuts + [c for c in extra if not taken.overlaps(*c)])
    joined = repair(dated, cuts)
    # A text already in simplified script differs where _normalise rewrote a character, and
    # each of those changes: no character-by-character comparison needed.
    rewritten = [m.start() for m in _READING_RE.finditer(original)] if simple == original and dated is normal \
        else _differences(original, dated)
    return ReadingText(joined.text, joined.origin, len(original), joined.breaks, rewritten)


def _differences(a: str, b: str, chunk: int = 512) -> list[int]:
    """Offsets where two strings of the same length differ: equal chunks are skipped at C speed."""
    out: list[int] = []
    for lo in range(0, len(a), chunk):
        if a[lo:lo + chunk] != b[lo:lo + chunk]:
            out.extend(i for i in range(lo, min(lo + chunk, len(a))) if a[i] != b[i])
    return out
