"""Indicator keys: one canonical name per indicator, so figures join across documents.

The vocabulary is data (``data/indicators.yaml``): surface forms map to a canonical
indicator (规上工业增加值 -> 规模以上工业增加值, GDP -> 地区生产总值). Growth and rate
words that do not change what is measured are stripped (…增速 of a growth fact is the
same indicator as the growth), as are subject words (全省…). Unknown indicators keep
their own normalised form, so two spellings of a new indicator still meet. Keys are in
simplified script (規上工業增加值 -> 规模以上工业增加值); the indicator as written is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from zhibiao.errors import LexiconError
from zhibiao.extract import lexicon
from zhibiao.extract.text import to_simplified

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
    # NFKC folds full-width Latin and digits (ＧＤＰ -> GDP); upper() joins gdp and GDP;
    # keys are in simplified script, so a traditional-script text joins a simplified one.
    return _NOISE.sub("", unicodedata.normalize("NFKC", to_simplified(text))).upper()


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(map(_normalise, words), key=len, reverse=True))


@cache
def vocabulary() -> Vocabulary:
    """The indicator vocabulary, loaded once (lexicon checks the file's shape)."""
    data = lexicon.yaml_data(_DATA)
    shares = _longest_first(data["share_suffixes"])
    aliases: dict[str, str] = {}
    for canonical, forms in data["canonical"].items():
        key = _share(_normalise(canonical), shares)
        for form in [canonical, *forms]:
            # two spellings that normalise alike must not name two indicators
            norm = _share(_normalise(form), shares)
            if aliases.get(norm, key) != key:
                raise LexiconError(f"{_DATA}: canonical: {form} is an alias of both {aliases[norm]} and {key}")
            aliases[norm] = key
    return Vocabulary(aliases, _longest_first(data["strip_prefixes"]), _longest_first(data["strip_suffixes"]),
                      shares, data["min_length"])


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


@cache
def _canonical() -> frozenset[str]:
    return frozenset(vocabulary().aliases.values())


def is_known(indicator: str) -> bool:
    """Whether a phrase names an indicator of the vocabulary (出口, GDP, 工业投资)."""
    return indicator_key(indicator) in _canonical()
