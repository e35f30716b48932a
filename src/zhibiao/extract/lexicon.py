"""Load and validate the data files under extract/data (loaded once, never mutated)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from zhibiao.errors import LexiconError


def data_text(name: str) -> str:
    return resources.files("zhibiao.extract").joinpath("data", name).read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class UnitEntry:
    surface: str
    unit: str
    factor: float
    kind: str


@cache
def units() -> dict[str, UnitEntry]:
    """units.tsv as {surface: UnitEntry}; duplicate surfaces are a data error."""
    table: dict[str, UnitEntry] = {}
    for lineno, line in enumerate(data_text("units.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4:
            raise LexiconError(f"units.tsv:{lineno}: expected 4 tab-separated fields, got {len(cols)}")
        surface, unit, factor, kind = cols
        if surface in table:
            raise LexiconError(f"units.tsv:{lineno}: {surface}: duplicate unit")
        try:
            table[surface] = UnitEntry(surface, unit, float(factor), kind)
        except ValueError:
            raise LexiconError(f"units.tsv:{lineno}: {surface}: factor {factor!r} is not a number") from None
    return table


@cache
def yaml_data(name: str) -> dict[str, Any]:
    data = yaml.safe_load(data_text(name))
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at the top level")
    return data


def cues() -> dict[str, Any]:
    return yaml_data("cues.yaml")


def cue_list(key: str) -> list[str]:
    value = cues().get(key)
    if not isinstance(value, list):
        raise LexiconError(f"cues.yaml: {key}: expected a list of words")
    return [str(v) for v in value]


@cache
def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of words, longest first, so 同比增长 wins over 增长.

    It opens with a lookahead on the words' first characters: the regex engine tries the
    alternatives one by one, so a scan over a long text skips most positions far sooner.
    """
    unique = sorted({w for w in words if w}, key=len, reverse=True)
    if not unique:
        return "(?!)"
    first = "".join(sorted({re.escape(w[0]) for w in unique}))
    return f"(?=[{first}])(?:" + "|".join(re.escape(w) for w in unique) + ")"


def cue_regex(key: str) -> str:
    return alternation(tuple(cue_list(key)))
