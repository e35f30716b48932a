"""Every data file loads through the validated loader; bad data fails naming the file and the key."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import zhibiao
from zhibiao.errors import LexiconError
from zhibiao.extract import lexicon

# Found on disk, not from the schemas: a new data file without a schema fails below.
PACKAGE = Path(zhibiao.__file__).parent
DATA_FILES = sorted(p for p in PACKAGE.glob("*/data/*") if p.is_file() and not p.name.startswith((".", "__")))


def test_data_folders_are_the_loaders() -> None:
    assert sorted({p.parent.relative_to(PACKAGE).as_posix() for p in DATA_FILES}) == sorted(lexicon.DATA_FOLDERS)
    assert sorted(lexicon.data_files()) == sorted(p.name for p in DATA_FILES)


@pytest.mark.parametrize("name", [p.name for p in DATA_FILES])
def test_data_file_loads_and_validates(name: str) -> None:
    if name.endswith(".yaml"):
        assert lexicon.yaml_data(name)
    elif name.endswith(".tsv"):
        assert lexicon.tsv_rows(name)
    else:
        pytest.fail(f"{name}: data files are .yaml or .tsv, read through zhibiao.extract.lexicon")


def test_every_schema_has_its_file() -> None:
    names = {p.name for p in DATA_FILES}
    assert set(lexicon.YAML_SCHEMAS) | set(lexicon.TSV_COLUMNS) == names


def test_holiday_words_name_listed_holidays() -> None:
    data = lexicon.yaml_data("periods.yaml")
    named = {v[1:] for v in data["year_part"].values() if v.startswith("@")}
    assert named and named <= set(data["holidays"])


def test_short_forms_name_known_divisions() -> None:
    codes = {row[0] for row in lexicon.tsv_rows("regions.tsv")}
    short = lexicon.yaml_data("region_short.yaml")["abbreviations"]
    assert {k: v for k, v in short.items() if v not in codes} == {}


def _with(name: str, key: str, value: Any) -> dict[str, Any]:
    """The real data of ``name`` with ``key`` set to ``value`` (or removed, for ...)."""
    data = copy.deepcopy(lexicon.yaml_data(name))
    if value is ...:
        del data[key]
    else:
        data[key] = value
    return data


# (file, data, the exact error)
BAD_YAML: list[tuple[str, Any, str]] = [
    ("cues.yaml", _with("cues.yaml", "foo", ["增长"]), "cues.yaml: foo: unknown key"),
    ("cues.yaml", _with("cues.yaml", "growth_up", ...), "cues.yaml: growth_up: missing"),
    ("cues.yaml", _with("cues.yaml", "growth_up", 3), "cues.yaml: growth_up: expected a list of words, got a number"),
    ("cues.yaml", _with("cues.yaml", "growth_up", "增长"), "cues.yaml: growth_up: expected a list of words, got text"),
    ("cues.yaml", _with("cues.yaml", "growth_up", None), "cues.yaml: growth_up: expected a list of words, got nothing"),
    ("cues.yaml", _with("cues.yaml", "growth_up", ["增长", ""]), "cues.yaml: growth_up: item 2 is empty"),
    ("cues.yaml", _with("cues.yaml", "growth_up", ["增长", None]), "cues.yaml: growth_up: item 2 is empty"),
    ("cues.yaml", _with("cues.yaml", "growth_up", ["增长", 3]),
     "cues.yaml: growth_up: item 2 is a number, expected a word"),
    ("cues.yaml", _with("cues.yaml", "growth_up", ["增长", "上升", "增长"]), "cues.yaml: growth_up: 增长 is listed twice"),
    ("cues.yaml", _with("cues.yaml", "qualifier_before", ["约"]),
     "cues.yaml: qualifier_before: expected a mapping of word lists, got a list"),
    ("cues.yaml", _with("cues.yaml", "qualifier_before", {"approx": ["约", "约"]}),
     "cues.yaml: qualifier_before: approx: 约 is listed twice"),
    ("cues.yaml", _with("cues.yaml", "ratio_parts", {2020: ["城镇"]}),
     "cues.yaml: ratio_parts: key 2020 is a number, expected a word"),
    ("cues.yaml", _with("cues.yaml", "doubling", {"翻番": "一百"}),
     "cues.yaml: doubling: 翻番: expected a whole number, got text"),
    ("periods.yaml", _with("periods.yaml", "year_part", {"全年": 2023}),
     "periods.yaml: year_part: 全年: expected text, got a number"),
    ("periods.yaml", _with("periods.yaml", "holidays", {"春节": {2023: "2022-01-21/2022-01-27"}}),
     "periods.yaml: holidays: 春节: 2023: expected a span of days in that year (YYYY-MM-DD/YYYY-MM-DD), "
     "got '2022-01-21/2022-01-27'"),
    ("periods.yaml", _with("periods.yaml", "holidays", {"国庆": {2023: "2023-10-06/2023-09-29"}}),
     "periods.yaml: holidays: 国庆: 2023: expected a span of days in that year (YYYY-MM-DD/YYYY-MM-DD), "
     "got '2023-10-06/2023-09-29'"),
    ("periods.yaml", _with("periods.yaml", "holidays", {"五一": ["2023-04-29/2023-05-03"]}),
     "periods.yaml: holidays: 五一: expected a mapping of years to spans of days, got a list"),
    ("region_short.yaml", {"abbreviations": {"巴州": 652800}},
     "region_short.yaml: abbreviations: 巴州: expected text, got a number"),
    ("indicators.yaml", _with("indicators.yaml", "min_length", 0),
     "indicators.yaml: min_length: expected a positive whole number, got 0"),
    ("indicators.yaml", _with("indicators.yaml", "min_length", True),
     "indicators.yaml: min_length: expected a positive whole number, got true/false"),
    ("places.yaml", _with("places.yaml", "town_stopchars", "等的等"),
     "places.yaml: town_stopchars: character '等' is listed twice"),
    ("layout_cues.yaml", _with("layout_cues.yaml", "furniture_re", "(版"),
     "layout_cues.yaml: furniture_re: not a valid regular expression: "
     "missing ), unterminated subpattern at position 0"),
    ("tables.yaml", ["growth_words"], "tables.yaml: expected a mapping of keys at the top level, got a list"),
    ("new.yaml", {}, "new.yaml: no schema for this data file (add one to lexicon.YAML_SCHEMAS)"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_YAML, ids=[m for _, _, m in BAD_YAML])
def test_bad_yaml_data_names_file_and_key(name: str, data: Any, message: str) -> None:
    with pytest.raises(LexiconError) as err:
        lexicon.validate(name, data)
    assert str(err.value) == message


# (file, text, the exact error): what YAML itself would accept silently or cannot read
BAD_YAML_TEXT: list[tuple[str, str, str]] = [
    ("region_short.yaml", "abbreviations: {巴州: '652800'}\nabbreviations: {}\n",
     "region_short.yaml: abbreviations: given twice (lines 1 and 2)"),
    ("region_short.yaml", "abbreviations: {巴州: '652800', 巴州: '652700'}\n",
     "region_short.yaml: 巴州: given twice (lines 1 and 1)"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_YAML_TEXT, ids=[m for _, _, m in BAD_YAML_TEXT])
def test_bad_yaml_text_names_file_and_key(name: str, text: str, message: str) -> None:
    with pytest.raises(LexiconError) as err:
        lexicon.parse_yaml(name, text)
    assert str(err.value) == message


def test_yaml_syntax_error_names_file_and_line() -> None:
    with pytest.raises(LexiconError) as err:
        lexicon.parse_yaml("region_short.yaml", "abbreviations: [\n")
    # the rest is the YAML parser's own words (libyaml's or PyYAML's)
    assert str(err.value).startswith("region_short.yaml: not valid YAML: line 2: ")


UNIT_KINDS = ("age, area, counter, doubling, duration, energy, length, mass, money, people, percent, permille, "
              "point, power, ratio, teu, visits, voltage, volume")

# (file, text, the exact error)
BAD_TSV: list[tuple[str, str, str]] = [
    ("units.tsv", "# comment\n万元\t元\t10000\n",
     "units.tsv:2: expected 4 tab-separated fields (surface, unit, factor, kind), got 3"),
    ("units.tsv", "万元\t元\tten\tmoney\n", "units.tsv:1: 万元: factor: expected a number, got 'ten'"),
    ("units.tsv", "万元\t元\tnan\tmoney\n", "units.tsv:1: 万元: factor: expected a number, got 'nan'"),
    ("units.tsv", "万元\t元\t10000\tcash\n", f"units.tsv:1: 万元: kind: expected one of {UNIT_KINDS}, got 'cash'"),
    ("units.tsv", "万元\t元\t10000\tmoney\n\n万元\t元\t10000\tmoney\n", "units.tsv:3: 万元: listed twice (first on line 1)"),
    ("units.tsv", "\t元\t10000\tmoney\n", "units.tsv:1: : surface: expected a word, got ''"),
    ("regions.tsv", "11000\t北京市\t1\t100000\t北京\n", "regions.tsv:1: 11000: code: expected a 6-digit code, got '11000'"),
    ("regions.tsv", "110000\t北京市\tone\t100000\t北京\n",
     "regions.tsv:1: 110000: level: expected a level 0, 1, 2 or 3, got 'one'"),
    ("regions.tsv", "110000\t北京市\t1\t中国\t北京\n",
     "regions.tsv:1: 110000: parent: expected a 6-digit code or nothing, got '中国'"),
    ("regions.tsv", "110000\t北京市\t1\t100000\t北京||京\n",
     "regions.tsv:1: 110000: aliases: expected names separated by |, got '北京||京'"),
    ("surnames.tsv", "王\n王 \n", "surnames.tsv:2: 王 : surname: expected a word, got '王 '"),
    ("surnames.tsv", "王\n李\n王\n", "surnames.tsv:3: 王: listed twice (first on line 1)"),
    ("new.tsv", "a\tb\n", "new.tsv: no schema for this data file (add one to lexicon.TSV_COLUMNS)"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_TSV, ids=[m for _, _, m in BAD_TSV])
def test_bad_tsv_rows_name_file_line_and_column(name: str, text: str, message: str) -> None:
    with pytest.raises(LexiconError) as err:
        lexicon.parse_tsv(name, text)
    assert str(err.value) == message


def test_tsv_skips_comments_blank_lines_and_the_header() -> None:
    text = "# GB/T 2260\ncode\tname\tlevel\tparent\taliases\n\n110000\t北京市\t1\t100000\t北京\n100000\t中国\t0\t\t\n"
    assert lexicon.parse_tsv("regions.tsv", text) == (
        ("110000", "北京市", "1", "100000", "北京"), ("100000", "中国", "0", "", ""))


def test_validation_leaves_the_loaded_data_unchanged() -> None:
    data = lexicon.yaml_data("cues.yaml")
    assert lexicon.validate("cues.yaml", data) is data
    assert lexicon.cue_list("growth_up") is not data["growth_up"]  # a copy: callers may extend it
