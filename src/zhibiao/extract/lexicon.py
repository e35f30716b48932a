"""Load and validate the data files under extract/data and ingest/data (loaded once, never mutated).

Every data file has a schema here: a YAML file names each of its keys and the kind of value
it holds (YAML_SCHEMAS), a TSV file its columns (TSV_COLUMNS). A file is checked when it is
first read, so a misspelt key, a number where a word was meant or a word listed twice is an
error naming the file and the key, not a list that silently matches nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal

import yaml

from zhibiao.errors import LexiconError

try:  # libyaml's parser is ~10x faster than the pure-Python one
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

# The folders (under the zhibiao package) that hold data files; a file name is unique across them.
DATA_FOLDERS = ("extract/data", "ingest/data")

# What a YAML key may hold. Every word is a non-empty string and no list holds a word twice.
Kind = Literal["words", "word lists", "word map", "word numbers", "spaced words", "chars", "regex", "count",
               "holidays"]


def _keys(kind: Kind, names: str) -> dict[str, Kind]:
    return dict.fromkeys(names.split(), kind)


# file -> {key: kind}. Every key is required, and a key not listed here is an error.
YAML_SCHEMAS: dict[str, dict[str, Kind]] = {
    "cues.yaml": {
        **_keys("words", """
            growth_up growth_down level rank rank_scopes rank_words basis_yoy target_cues target_future
            estimate_cues milestone_verbs per_year duration_before indicator_tail indicator_head
            unit_false_friends numeral_idioms item_compound_heads generic_indicators clause_stops object_markers media_suffixes rank_cut
            counted_verbs counted_set_heads firm_measures stage_verbs example_verbs property_nouns investment_nouns people_nouns people_noun_money level_words lag_words measure_abbreviations honour_heads threshold_marks goal_nouns goal_introducers result_markers result_markers_weak
            goal_continuations milestone_adverbs milestone_ends goal_count_verbs goal_count_units
            target_indicator_head target_indicator_tail milestone_ongoing goal_false_friends
            result_particle_false_friends purpose_openers goal_count_nouns goal_anchor_verbs
            goal_setting_verbs growth_goal_words measure_nouns list_modifiers contribution_verbs breakdown_open span_whole span_flows work_verbs group_areas
            group_region_words group_nouns industry_false_friends breakdown_by breakdown_by_end threshold_level_nouns
            numbered_names list_tails"""),
        **_keys("word lists", "qualifier_before qualifier_after region_anaphora place_anaphora ratio_parts"),
        "doubling": "word numbers",
    },
    "entities.yaml": _keys("words", """
        known_persons person_titles speech_verbs name_follow not_person org_known
        org_suffixes_strong org_suffixes_gov org_suffixes_weak org_suffixes_project org_jurisdiction org_false
        org_generic_heads stop_words plan_suffixes plan_reports bound_words credit_roles media_heads
        port_context port_before corridor_marks host_verbs firm_nouns industry_words plan_title_ends doc_kinds plan_documents
        page_widgets town_marks"""),
    "frame.yaml": {"kinds": "word lists", **_keys("words", "issuer_suffixes review_headings plan_headings")},
    "indicators.yaml": {
        "min_length": "count",
        **_keys("words", "strip_prefixes share_suffixes strip_suffixes"),
        "canonical": "word lists",
    },
    "periods.yaml": {
        "relative_year": "word numbers",
        "year_part": "word map",
        "five_year_plan": "word map",
        "holidays": "holidays",
        **_keys("words", """year_end_words context_relative report_titles now_words reference_before reference_after
            since_reference_before since_reference_after"""),
    },
    "places.yaml": {
        **_keys("words", "foreign areas town_suffixes town_stopwords blockers county_stem_stopwords"),
        "town_stopchars": "chars",
        "short_county_before": "chars",
    },
    "region_short.yaml": {"abbreviations": "word map"},
    "tables.yaml": _keys("words", """
        growth_words rank_words target_words target_exclude generic_words region_heads
        serial_heads unit_heads total_rows china_rows empty_cells title_noise"""),
    "layout_cues.yaml": {
        "byline_markers": "words",
        "web_furniture": "words",
        "bullets": "chars",
        **_keys("regex", """byline_marker_re caption_credit_re caption_paren_re furniture_re
            document_title_re report_title_re news_cue_re dateline_re"""),
    },
}

# What a TSV cell may hold: (description for errors, test).
_UNIT_KINDS = frozenset("""money percent point permille ratio teu mass area length power energy people
    visits counter duration voltage volume doubling age""".split())
_CODE = re.compile(r"[0-9]{6}")


def _is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


_CELLS: dict[str, tuple[str, Callable[[str], bool]]] = {
    "word": ("a word", lambda s: bool(s) and s == s.strip()),
    "number": ("a number", _is_number),
    "code": ("a 6-digit code", lambda s: _CODE.fullmatch(s) is not None),
    "code or nothing": ("a 6-digit code or nothing", lambda s: not s or _CODE.fullmatch(s) is not None),
    "level": ("a level 0, 1, 2 or 3", lambda s: s in {"0", "1", "2", "3"}),
    "names": ("names separated by |", lambda s: not s or all(a and a == a.strip() for a in s.split("|"))),
    "unit kind": ("one of " + ", ".join(sorted(_UNIT_KINDS)), lambda s: s in _UNIT_KINDS),
}

# file -> its columns (name, cell kind). Comment lines (#), blank lines and a header line of
# the column names are skipped; the first column is the row's key: no two rows share it.
TSV_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "units.tsv": (("surface", "word"), ("unit", "word"), ("factor", "number"), ("kind", "unit kind")),
    "regions.tsv": (("code", "code"), ("name", "word"), ("level", "level"), ("parent", "code or nothing"),
                    ("aliases", "names")),
    "surnames.tsv": (("surname", "word"),),
}


# --- reading ---------------------------------------------------------------------------------

@cache
def data_files() -> dict[str, Traversable]:
    """Every file in the data folders, by name."""
    found: dict[str, Traversable] = {}
    root = resources.files("zhibiao")
    for folder in DATA_FOLDERS:
        for entry in root.joinpath(folder).iterdir():
            if not entry.is_file() or entry.name.startswith((".", "__")):
                continue
            if entry.name in found:
                raise LexiconError(f"{entry.name}: in two data folders; data file names must be unique")
            found[entry.name] = entry
    return found


def data_text(name: str) -> str:
    entry = data_files().get(name)
    if entry is None:
        raise LexiconError(f"{name}: no such data file in {' or '.join(DATA_FOLDERS)}")
    return entry.read_text(encoding="utf-8")


@cache
def yaml_data(name: str) -> dict[str, Any]:
    """A YAML data file, validated against its schema (shared: never mutate it)."""
    return parse_yaml(name, data_text(name))


@cache
def tsv_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a TSV data file, validated against its columns."""
    return parse_tsv(name, data_text(name))


# --- validation ------------------------------------------------------------------------------

class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, first: int, again: int):
        super().__init__(key)
        self.key, self.first, self.again = key, first, again


class _Loader(_SafeLoader):
    """safe_load that refuses a key given twice in one mapping: YAML would keep the last one silently."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    raise _DuplicateKey(key_node.value, seen[key_node.value], line)
                seen[key_node.value] = line
        return super().construct_mapping(node, deep)


def parse_yaml(name: str, text: str) -> dict[str, Any]:
    """The YAML ``text`` of data file ``name``, parsed and validated (see ``validate``)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader: no arbitrary objects
    except _DuplicateKey as dup:
        raise LexiconError(f"{name}: {dup.key}: given twice (lines {dup.first} and {dup.again})") from None
    except yaml.MarkedYAMLError as exc:
        line = f"line {exc.problem_mark.line + 1}: " if exc.problem_mark is not None else ""
        raise LexiconError(f"{name}: not valid YAML: {line}{exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise LexiconError(f"{name}: not valid YAML: {exc}") from None
    return validate(name, data)


def validate(name: str, data: object) -> dict[str, Any]:
    """Check parsed YAML ``data`` against the schema of file ``name``; returns it unchanged."""
    schema = YAML_SCHEMAS.get(name)
    if schema is None:
        raise LexiconError(f"{name}: no schema for this data file (add one to lexicon.YAML_SCHEMAS)")
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping of keys at the top level, got {_describe(data)}")
    for key in data:
        if key not in schema:
            raise LexiconError(f"{name}: {key}: unknown key")
    for key, kind in schema.items():
        if key not in data:
            raise LexiconError(f"{name}: {key}: missing")
        _CHECKS[kind](f"{name}: {key}", data[key])
    return data


def parse_tsv(name: str, text: str) -> tuple[tuple[str, ...], ...]:
    """The rows of TSV data file ``name``, each checked against TSV_COLUMNS."""
    columns = TSV_COLUMNS.get(name)
    if columns is None:
        raise LexiconError(f"{name}: no schema for this data file (add one to lexicon.TSV_COLUMNS)")
    header = "\t".join(c for c, _ in columns)
    rows: list[tuple[str, ...]] = []
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line == header:
            continue
        cells = tuple(line.split("\t"))
        if len(cells) != len(columns):
            raise LexiconError(f"{name}:{lineno}: expected {len(columns)} tab-separated fields "
                               f"({', '.join(c for c, _ in columns)}), got {len(cells)}")
        for cell, (column, kind) in zip(cells, columns, strict=True):
            what, ok = _CELLS[kind]
            if not ok(cell):
                raise LexiconError(f"{name}:{lineno}: {cells[0]}: {column}: expected {what}, got {cell!r}")
        if cells[0] in first_line:
            raise LexiconError(f"{name}:{lineno}: {cells[0]}: listed twice (first on line {first_line[cells[0]]})")
        first_line[cells[0]] = lineno
        rows.append(cells)
    return tuple(rows)


def _describe(value: object) -> str:
    """A value's type in words, for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text" if value else "empty text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, date):
        return "a date"
    return "a value YAML gives no plain type"


def _words(where: str, value: object) -> None:
    if not isinstance(value, list):
        raise LexiconError(f"{where}: expected a list of words, got {_describe(value)}")
    seen: set[str] = set()
    for i, word in enumerate(value, 1):
        if word is None or word == "":
            raise LexiconError(f"{where}: item {i} is empty")
        if not isinstance(word, str):
            raise LexiconError(f"{where}: item {i} is {_describe(word)}, expected a word")
        if word in seen:
            raise LexiconError(f"{where}: {word} is listed twice")
        seen.add(word)


def _mapping(where: str, value: object, what: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: expected {what}, got {_describe(value)}")
    for key in value:
        if not isinstance(key, str) or not key:
            raise LexiconError(f"{where}: key {key!r} is {_describe(key)}, expected a word")
    return value


def _word_lists(where: str, value: object) -> None:
    for key, words in _mapping(where, value, "a mapping of word lists").items():
        _words(f"{where}: {key}", words)


def _word_map(where: str, value: object) -> None:
    for key, text in _mapping(where, value, "a mapping of words to text").items():
        if not isinstance(text, str) or not text:
            raise LexiconError(f"{where}: {key}: expected text, got {_describe(text)}")


_DAY_SPAN = re.compile(r"(\d{4})-\d{2}-\d{2}/(\d{4})-\d{2}-\d{2}")


def _holidays(where: str, value: object) -> None:
    """Holiday -> year -> its days off as YYYY-MM-DD/YYYY-MM-DD, in that year, in order."""
    for name, years in _mapping(where, value, "a mapping of holidays to years").items():
        if not isinstance(years, dict):
            raise LexiconError(f"{where}: {name}: expected a mapping of years to spans of days, got {_describe(years)}")
        for year, span in years.items():
            m = _DAY_SPAN.fullmatch(span) if isinstance(span, str) else None
            if not isinstance(year, int) or m is None or int(m.group(1)) != year or span[:10] > span[11:]:
                raise LexiconError(f"{where}: {name}: {year}: expected a span of days in that year "
                                   f"(YYYY-MM-DD/YYYY-MM-DD), got {span!r}")


def _word_numbers(where: str, value: object) -> None:
    for key, number in _mapping(where, value, "a mapping of words to whole numbers").items():
        if not isinstance(number, int) or isinstance(number, bool):
            raise LexiconError(f"{where}: {key}: expected a whole number, got {_describe(number)}")


def _text(where: str, value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise LexiconError(f"{where}: expected {what}, got {_describe(value)}")
    return value


def _spaced_words(where: str, value: object) -> None:
    _words(where, _text(where, value, "words separated by spaces").split())


def _chars(where: str, value: object) -> None:
    text = _text(where, value, "a string of characters")
    for i, c in enumerate(text):
        if c in text[:i]:
            raise LexiconError(f"{where}: character {c!r} is listed twice")


def _regex(where: str, value: object) -> None:
    try:
        re.compile(_text(where, value, "a regular expression"))
    except re.error as exc:
        raise LexiconError(f"{where}: not a valid regular expression: {exc}") from None


def _count(where: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise LexiconError(f"{where}: expected a positive whole number, got {_describe(value)}")
    if value < 1:
        raise LexiconError(f"{where}: expected a positive whole number, got {value}")


_CHECKS: dict[Kind, Callable[[str, object], None]] = {
    "words": _words,
    "word lists": _word_lists,
    "word map": _word_map,
    "holidays": _holidays,
    "word numbers": _word_numbers,
    "spaced words": _spaced_words,
    "chars": _chars,
    "regex": _regex,
    "count": _count,
}


# --- typed views -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class UnitEntry:
    surface: str
    unit: str
    factor: float
    kind: str


@cache
def units() -> dict[str, UnitEntry]:
    """units.tsv as {surface: UnitEntry}."""
    return {surface: UnitEntry(surface, unit, float(factor), kind)
            for surface, unit, factor, kind in tsv_rows("units.tsv")}


def cues() -> dict[str, Any]:
    return yaml_data("cues.yaml")


def cue_list(key: str) -> list[str]:
    """A list of cues.yaml (a copy: the loaded data is shared)."""
    value = cues().get(key)
    if not isinstance(value, list):  # the file is valid, so the caller asks for a key it lacks
        raise LexiconError(f"cues.yaml: {key}: no such list of words (see YAML_SCHEMAS)")
    return list(value)


@cache
def cue_set(key: str) -> frozenset[str]:
    """A list of cues.yaml as a set, for membership tests made for every figure (a list copied
    and scanned each time cost a microsecond)."""
    return frozenset(cue_list(key))


def words_longest_first(key: str) -> list[str]:
    """A cue list without repeats or empty words, longest first (the order alternations try)."""
    return sorted({w for w in cue_list(key) if w}, key=lambda w: (-len(w), w))  # ties in a fixed order


@cache
def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of words, longest first, so 同比增长 wins over 增长.

    It opens with a lookahead on the words' first characters: the regex engine tries the
    alternatives one by one, so a match at a position (or inside a longer pattern) fails at
    once where no word starts. A pattern that opens with the words and is searched over a
    whole text is faster with ``scan_alternation``.
    """
    unique = sorted({w for w in words if w}, key=len, reverse=True)
    if not unique:
        return "(?!)"
    first = "".join(sorted({re.escape(w[0]) for w in unique}))
    return f"(?=[{first}])" + scan_alternation(tuple(unique))


@cache
def scan_alternation(words: tuple[str, ...]) -> str:
    """``alternation`` without the lookahead, for a pattern that opens with it and is searched
    over a whole text: re then skips to the words' first characters by itself (a lookahead in
    front stops that), 1.5-3 times faster."""
    unique = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in unique) + ")" if unique else "(?!)"


def cue_regex(key: str) -> str:
    return alternation(tuple(cue_list(key)))


class AfterBoundary:
    """A pattern that must open the text or follow one of the characters ``delims``.

    Written as ``(?:^|(?<=[…]))body``, re tries the body at every position of the text;
    consuming the delimiter instead (``[…]body``) lets it skip straight to the delimiters,
    three times faster on ordinary prose. Groups keep their numbers and offsets; only
    ``m.start()`` may include the delimiter, so read groups, not the whole match.

    With an ``anchor`` (a word every match holds, ending at most ``reach`` characters after
    the match starts: 记者 in a byline, 摄 in a photo credit), the body is tried only at the
    delimiters just before each anchor: delimiters are everywhere, anchors are rare.
    """

    def __init__(self, delims: str, body: str, flags: int = 0, anchor: str | None = None,
                 reach: int = 0) -> None:
        self.first = re.compile(body, flags)
        self.rest = re.compile(f"[{delims}](?:{body})", flags)
        self.delims = re.compile(f"[{delims}]")
        self.anchor = re.compile(anchor) if anchor else None
        self.reach = reach
        self.pattern = body

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        pos = 0
        m = self.first.match(text)
        if m is not None:
            yield m
            pos = m.end()
        start = max(0, pos - 1)
        if self.anchor is None:
            yield from self.rest.finditer(text, start)
            return
        for a in self.anchor.finditer(text, start):
            for d in self.delims.finditer(text, max(start, a.end() - self.reach - 1), a.end()):
                m = self.rest.match(text, d.start())
                if m is not None:
                    yield m
                    start = m.end()
                    break
