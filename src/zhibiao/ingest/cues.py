"""Layout cue words from data/: byline markers, caption credits, surnames.

The lists live in data files so they can grow without touching code; this module only
compiles them and parses names out of byline, caption and sign-off lines. The byline
markers and the surname list are the project's only ones: extract.names reads reporters
in running text by ``text_roles`` and tells names by ``cues().surnames``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from zhibiao.extract import lexicon

_NAME = r"[\u4e00-\u9fff·]{2,5}"
_SPLIT = re.compile(r"[\s\u3000、，,/／]+")
_HANZI_NAME = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff·]{1,4}$")


@dataclass(frozen=True, slots=True)
class Cues:
    markers: tuple[str, ...]
    marker_re: re.Pattern[str]
    byline_re: re.Pattern[str]
    bullets: str
    caption_re: re.Pattern[str]
    caption_paren_re: re.Pattern[str]
    furniture_re: re.Pattern[str]
    web_furniture: tuple[str, ...]
    document_title_re: re.Pattern[str]
    report_title_re: re.Pattern[str]
    news_cue_re: re.Pattern[str]
    dateline_re: re.Pattern[str]
    surnames: frozenset[str]


@cache
def cues() -> Cues:
    raw = lexicon.yaml_data("layout_cues.yaml")  # checked there: every key present, *_re compile
    markers = tuple(sorted(raw["byline_markers"], key=len, reverse=True))
    marker_alt = raw["byline_marker_re"] + "|" + "|".join(re.escape(m) for m in markers)
    bullets = raw["bullets"]
    surnames = frozenset(row[0] for row in lexicon.tsv_rows("surnames.tsv"))
    return Cues(
        markers=markers,
        marker_re=re.compile(marker_alt),
        # A byline line: optional bullet, then one or more "marker names…" groups, nothing else.
        byline_re=re.compile(
            rf"^[{re.escape(bullets)}]*(?:(?:{marker_alt})[\s\u3000:：]*{_NAME}(?:[\s\u3000、]+{_NAME})*[\s\u3000]*)+$"),
        bullets=bullets,
        caption_re=re.compile(raw["caption_credit_re"]),
        caption_paren_re=re.compile(raw["caption_paren_re"]),
        furniture_re=re.compile(raw["furniture_re"]),
        web_furniture=tuple(raw["web_furniture"]),
        document_title_re=re.compile(raw["document_title_re"]),
        report_title_re=re.compile(raw["report_title_re"]),
        news_cue_re=re.compile(raw["news_cue_re"]),
        dateline_re=re.compile(raw["dateline_re"]),
        surnames=surnames,
    )


def looks_like_name(token: str) -> bool:
    """2-4 hanzi (5 with a compound surname or a ·) starting with a known surname."""
    c = cues()
    if not _HANZI_NAME.match(token):
        return False
    if "·" in token:  # transliterated minority/foreign names: 买买提·艾力
        return True
    if token[:2] in c.surnames:
        return len(token) <= 5
    return token[0] in c.surnames and len(token) <= 4


def names_in(credit: str, strict: bool = True) -> list[str]:
    """Person names in a byline or credit fragment, markers removed: 本报记者 赖永峰 刘兴.

    ``strict=False`` (a line already known to be a byline) accepts any 2-4 hanzi token:
    no surname list is complete, and the marker has already said these are names.
    """
    c = cues()
    out: list[str] = []

    def ok(tok: str) -> bool:
        return looks_like_name(tok) or (not strict and _HANZI_NAME.match(tok) is not None and len(tok) <= 4)

    for tok in _SPLIT.split(credit):
        tok = tok.strip(c.bullets + ":：")
        # Markers are stripped only at the front of a token (王文 keeps its 文), and a
        # one-character marker (文, 图) only when the token is not a name as it stands.
        while tok:
            m = c.marker_re.match(tok)
            if m is None or (len(m.group(0)) == 1 and looks_like_name(tok)):
                break
            tok = tok[m.end():].lstrip(":：")
        if tok and ok(tok) and tok not in c.markers and tok not in out:
            out.append(tok)
    return out


def byline_names(line: str) -> list[str] | None:
    """Names if the whole line is a byline (本报记者 陈发明 赵梅), else None."""
    s = line.strip()
    if len(s) > 60 or not cues().byline_re.match(s):
        return None
    names = names_in(s, strict=False)
    return names or None


@cache
def text_roles() -> str:
    """The byline markers as a regex for running text, where extract.names finds reporters.

    The same words as the byline line (byline_marker_re, byline_markers), with one rule
    more: a one-character marker (文, 图) must be set off by a blank, colon or slash,
    since in running text it mostly opens a word (文章来源, 图片).
    """
    c = cues()
    family = lexicon.yaml_data("layout_cues.yaml")["byline_marker_re"]  # <outlet>记者
    words = [re.escape(m) + (r"(?=[\s:：/])" if len(m) == 1 else "") for m in c.markers]
    return "|".join([family, *words])


def caption_names(line: str) -> list[str] | None:
    """Photographers if the line is a photo caption ending in a …摄 credit, else None."""
    s = line.strip()
    if "摄" not in s:
        return None  # every credit ends in 摄/摄影: most lines are rejected without a regex
    c = cues()
    m = c.caption_paren_re.search(s) or c.caption_re.search(s)
    if m is None:
        return None
    # Caption text may run up to the credit without punctuation: trust the surname list
    # first, and fall back to the last token (the one touching 摄).
    names = names_in(m.group(1)) or names_in(_SPLIT.split(m.group(1).strip())[-1], strict=False)
    if not names:
        # Credit glued to the caption text (…货柜本报记者刘兴摄): keep the tail after a marker.
        tail = c.marker_re.split(m.group(1))[-1].strip()
        names = names_in(tail[-3:]) or names_in(tail[-2:])
    return names or None


def dateline_names(paragraph: str) -> list[str]:
    """Reporters named in a dateline: 本报讯（记者王侠）, 新华社北京1月18日电（记者侯雪静）."""
    m = cues().dateline_re.search(paragraph[:120])
    if m is None:
        return []
    inner = m.group(1)
    if not cues().marker_re.search(inner):
        return []
    return names_in(inner, strict=False)


def is_signoff(line: str) -> str | None:
    """A commentator's name standing alone on a line (余健), else None."""
    s = line.strip().strip("（）()【】[]—-－ \u3000")
    return s if len(s) <= 4 and looks_like_name(s) else None  # (the length first: every line is asked)
