"""Indicator keys: one canonical name per indicator, so figures join across documents.

The vocabulary is data (``data/indicators.yaml``): surface forms map to a canonical
indicator (规上工业增加值 -> 规模以上工业增加值, GDP -> 地区生产总值). Growth and rate
words that do not change what is measured are stripped (…增速 of a growth fact is the
same indicator as the growth), as are subject words (全省…). Unknown indicators keep
their own normalised form, so two spellings of a new indicator still meet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from zhibiao.errors import LexiconError

_NOISE = re.compile(r"[\s“”\"'‘’《》（）()【】〔〕、，,。:：;；·]+")
_DATA = "indicators.yaml"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    aliases: dict[str, str]  # normalised surface form -> canonical key
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]  # longest first
    share_suffixes: tuple[str, ...]
    min_length: int


def _normalise(text: str) -> str:
    # NFKC folds full-width Latin and digits (ＧＤＰ -> GDP); upper() joins gdp and GDP.
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).upper()


def _strings(data: dict[str, object], field: str) -> list[str]:
    value = data.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{_DATA}: {field!r} must be a list of non-empty strings")
    return value


@cache
def vocabulary() -> Vocabulary:
    """The indicator vocabulary, loaded and checked once."""
    data = yaml.safe_load(files("zhibiao.extract").joinpath("data", _DATA).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("canonical"), dict):
        raise LexiconError(f"{_DATA}: expected a mapping with a 'canonical' mapping")
    min_length = data.get("min_length", 2)
    if not isinstance(min_length, int) or min_length < 1:
        raise LexiconError(f"{_DATA}: 'min_length' must be a positive integer")
    shares = tuple(sorted(map(_normalise, _strings(data, "share_suffixes")), key=len, reverse=True))
    aliases: dict[str, str] = {}
    for canonical, forms in data["canonical"].items():
        if not isinstance(canonical, str) or not isinstance(forms, list | type(None)):
            raise LexiconError(f"{_DATA}: {canonical!r} must map to a list of aliases")
        key = _share(_normalise(canonical), shares)
        for form in [canonical, *(forms or [])]:
            norm = _share(_normalise(str(form)), shares)
            if aliases.get(norm, key) != key:
                raise LexiconError(f"{_DATA}: {form!r} is an alias of both {aliases[norm]!r} and {key!r}")
            aliases[norm] = key
    suffixes = sorted(map(_normalise, _strings(data, "strip_suffixes")), key=len, reverse=True)
    prefixes = sorted(map(_normalise, _strings(data, "strip_prefixes")), key=len, reverse=True)
    return Vocabulary(aliases, tuple(prefixes), tuple(suffixes), tuple(shares), min_length)


def _share(text: str, suffixes: tuple[str, ...]) -> str:
    if "占" in text:  # A占B比重 and A占B are one share; the press drops 比重 half the time
        for s in suffixes:
            if text.endswith(s):
                return text[: -len(s)]
    return text


def _strip(text: str, vocab: Vocabulary) -> str:
    changed = True
    while changed:
        changed = False
        for p in vocab.prefixes:
            if text.startswith(p) and len(text) - len(p) >= vocab.min_length:
                text, changed = text[len(p):], True
                break
        for s in vocab.suffixes:
            if text.endswith(s) and len(text) - len(s) >= vocab.min_length:
                text, changed = text[: -len(s)], True
                break
    return text


@cache
def indicator_key(indicator: str | None) -> str | None:
    """The canonical key of an indicator phrase (规上工业增加值 -> 规模以上工业增加值).

    >>> indicator_key("规上工业增加值增速"), indicator_key("GDP"), indicator_key("开行外贸班列")
    ('规模以上工业增加值', '地区生产总值', '开行外贸班列')
    """
    if not indicator:
        return None
    vocab = vocabulary()
    norm = _share(_normalise(indicator), vocab.share_suffixes)
    if not norm:
        return None
    if norm in vocab.aliases:
        return vocab.aliases[norm]
    stripped = _strip(norm, vocab)
    return vocab.aliases.get(stripped, stripped)
