"""Bytes of a plain-text file to str: BOMs, UTF-8, UTF-16, GB18030/GBK, Big5, then a guess.

Short GBK and Big5 texts are where statistical detectors go wrong (many byte pairs are
valid in both), so legacy Chinese encodings are decided by strict decodes in a fixed
order and a plausibility score (share of common hanzi and CJK punctuation), and
charset-normalizer is only asked when no strict decode is plausible.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cache

from charset_normalizer import from_bytes

# How much of a text the plausibility score reads: enough to decide, cheap on 50 MB inputs.
_SAMPLE_CHARS = 20_000
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_COMMON_PUNCT = frozenset("，。、；：？！“”‘’（）《》—…·「」『』【】％")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


@cache
def common_hanzi() -> frozenset[str]:
    """Level-1 GB2312 (3755 most used simplified) and Big5 常用字 (5401 traditional).

    Both code tables sort by frequency class, so their byte ranges are a free frequency
    list: a correct decode is made of these, a wrong one lands in rare rows and symbols.
    Built once by decoding the ranges (then checked by encoding back, since Big5 has
    duplicate code points), so scoring a text is a set lookup per character.
    """
    chars: set[str] = set()
    for codec, lo, hi in (("gb2312", 0xB0A1, 0xD7FE), ("big5", 0xA440, 0xC67E)):
        for code in range(lo, hi + 1):
            try:
                ch = code.to_bytes(2).decode(codec)
            except UnicodeDecodeError:
                continue
            back = ch.encode(codec)
            if len(back) == 2 and lo <= int.from_bytes(back) <= hi:
                chars.add(ch)
    return frozenset(chars)


@cache
def _common_chars() -> frozenset[str]:
    return common_hanzi() | _COMMON_PUNCT


def plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common hanzi or common CJK punctuation."""
    sample = text[:_SAMPLE_CHARS]
    wide = [c for c in sample if ord(c) > 0x7F and not c.isspace()]
    if not wide:
        return 1.0 if not _CONTROL.search(sample) else 0.0
    common = _common_chars()
    good = sum(1 for c in wide if c in common)
    return good / len(wide)


def control_share(text: str) -> float:
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM: NUL bytes sit at one parity for ASCII text; try both orders."""
    if len(data) < 4 or len(data) % 2:
        return None
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for enc in order:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if plausibility(text) > 0.8 and control_share(text) < 0.01:
            return enc
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode(data: bytes) -> Decoded:
    """Decode a text file; mixed or broken bytes give text with a warning, never an error."""
    for bom, enc, name in _BOMS:
        if data.startswith(bom):
            # The BOM is not text: offsets start after it.
            bom_text = data[len(bom):].decode(enc, errors="replace")
            return Decoded(bom_text, name, _replacement_warning(bom_text, name))
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    if b"\x00" in data[:4096]:
        enc16 = _utf16_without_bom(data)
        if enc16:
            return Decoded(data.decode(enc16), enc16)
    # Legacy CJK encodings: every candidate that decodes strictly, best plausibility wins;
    # ties go to the earlier (GB before Big5: mainland sources dominate the corpus).
    best: tuple[float, str, str] | None = None
    for enc in ("gb2312", "gbk", "gb18030", "big5", "cp950", "big5hkscs"):
        text = _strict(data, enc)
        if text is None:
            continue
        score = plausibility(text)
        if best is None or score > best[0] + 0.02:
            best = (score, enc, text)
        if score > 0.97:
            break
    if best is not None and best[0] >= 0.6:
        return Decoded(best[2], best[1])
    guess = from_bytes(data[:200_000]).best()
    if guess is not None and guess.encoding:
        enc = guess.encoding
        text = _strict(data, enc)
        if text is not None and plausibility(text) >= 0.5:
            return Decoded(text, enc)
    return _mixed(data, best[1] if best else None)


def _mixed(data: bytes, legacy: str | None) -> Decoded:
    """No single encoding fits: decode line by line (files concatenated from two sources)."""
    legacy = legacy or "gb18030"
    counts = {"utf-8": 0, legacy: 0, "replaced": 0}
    parts: list[str] = []
    for line in data.split(b"\n"):
        text = _strict(line, "utf-8")
        if text is not None:
            counts["utf-8"] += 1 if line.strip() else 0
        else:
            text = _strict(line, legacy)
            if text is not None and plausibility(text) >= 0.6:
                counts[legacy] += 1
            else:
                text = line.decode("utf-8", errors="replace")
                counts["replaced"] += 1
        parts.append(text)
    text = "\n".join(parts)
    used = [f"{n} lines {enc}" for enc, n in counts.items() if n and enc != "replaced"]
    warnings = ["no single encoding decodes the file; decoded line by line (" + ", ".join(used) + ")"]
    if counts["replaced"]:
        warnings.append(f"{counts['replaced']} lines had undecodable bytes, replaced with U+FFFD")
    encoding = "mixed" if counts["utf-8"] and counts[legacy] else (legacy if counts[legacy] else "utf-8")
    return Decoded(text, encoding, warnings)


def _replacement_warning(text: str, encoding: str) -> list[str]:
    n = text.count("\ufffd")
    return [f"{n} undecodable bytes in {encoding} text replaced with U+FFFD"] if n else []
