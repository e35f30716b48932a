"""Page layout of newspaper-like text: items (articles), column breaks, the page date.

A page is read as a sequence of paragraphs (non-blank lines, with lines that a column
break cut apart joined again) and each is classified by the layout grammar of Chinese
newspaper pages: page furniture and masthead date lines, headlines, byline lines
(本报记者 赖永峰 刘兴), photo captions ending in a …摄 credit, a commentator's name alone
on a line after the commentary, and body text. Items are then built from that sequence;
see ``segment``. Cue words live in ``data/layout_cues.yaml`` and ``data/surnames.tsv``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import overload

from zhibiao.extract import lexicon
from zhibiao.ingest import cues as _cues
from zhibiao.ingest.commentary import commentary_start
from zhibiao.model import Article, ArticleKind

_WS = " \t\r\u3000"
# A break: whitespace holding at least one newline between two non-blank lines.
# (one class first, so that re skips to blanks and line ends: a pattern opening with a
# repeat is tried at every position)
_BREAK = re.compile(r"[ \t\r\u3000\n](?:(?<=\n)|[ \t\r\u3000]*\n)(?:[ \t\r\u3000]*\n)*[ \t\r\u3000]*")
_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = "。！？!?；;：:」』”\"）)….."
_TERMINAL = "。！？!?；;…"
_CLAUSE_MARK = re.compile(r"[，。；、,！？]")
_INNER_END = re.compile(r"[。！？；]")
_HEAD_MAX = 50
_BRIEF_MAX = 80  # the teaser under a related item's headline
_CLOSING_CREDIT = re.compile(r"[。！？][ \t\u3000]*[(（]([\u4e00-\u9fff]{2,4}(?:[、 ][\u4e00-\u9fff]{2,4}){0,3})[)）][ \t\u3000]*$")
_DATE_YMD = r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
_MASTHEAD_DATE = re.compile(_DATE_YMD + r"\s*(?:[,，]?\s*(?:星期|周|礼拜)[一二三四五六日天])")
_DATE_LINE = re.compile(
    r"^(?:[\w\u4e00-\u9fff]{0,6}(?:发布|更新|发表)?(?:时间|日期)[:：]\s*)?" + _DATE_YMD
    + r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:来源|作者|编辑|责任编辑|星期|周)[^\n]{0,40})?\s*$")
_FULL_DATELINE = re.compile(r"^[^\n]{0,16}?" + _DATE_YMD + r"电")


# --- column breaks -------------------------------------------------------------------

def _is_body_line(line: str) -> bool:
    """Body text cut by a column: it holds a sentence end inside or several clause marks.

    A headline may carry one comma (…增长目标,制造业依然是…) but never a full stop
    inside, so neither test joins a headline to the paragraph below it.
    """
    s = line.strip(_WS)
    if not s or s[-1] in _SENTENCE_END:
        return False
    if _cues.byline_names(s) or _cues.caption_names(s):
        return False
    return bool(_INNER_END.search(s)) or len(_CLAUSE_MARK.findall(s)) >= 2


def column_breaks(text: str) -> list[tuple[int, int]]:
    """Spans of whitespace that a column break (or a hard line wrap) put inside a sentence.

    Deleting these spans joins the pieces: ``…江西聚焦战略性新兴产业，在\\n\\n新能源、…``
    and ``做好“双向开\\n\\n放、惠通四方”`` each read as one sentence. The line before must be
    body text that does not end a sentence, the line after must start with text and not
    be a byline or an unpunctuated short line (a subhead).
    """
    spans: list[tuple[int, int]] = []
    for m in _BREAK.finditer(text):
        start, end = m.start(), m.end()
        # (text[start - 1] is the line's last character: a break starts at its first blank)
        if start == 0 or end >= len(text) or text[start - 1] in _SENTENCE_END:
            continue  # most lines end a sentence: no body line to test
        line_start = text.rfind("\n", 0, start) + 1
        if not _is_body_line(text[line_start:start]):
            continue
        nxt_end = text.find("\n", end)
        nxt = text[end: len(text) if nxt_end < 0 else nxt_end].strip(_WS)
        if not nxt or nxt[0] in _cues.cues().bullets:
            continue
        if _cues.byline_names(nxt) or (len(nxt) <= 20 and not _CLAUSE_MARK.search(nxt)
                                       and nxt[-1] not in _TERMINAL):
            continue
        spans.append((start, end))
    return spans


class Offsets(Sequence[int]):
    """``offsets[i]``: the original offset of character i of a text with spans cut out.

    Kept as the cut points, not as one integer per character: building a list of a million
    offsets cost more than the rest of the reading text.
    """

    def __init__(self, length: int, breaks: list[tuple[int, int]]) -> None:
        self.length = length
        self.at: list[int] = []  # offsets in the repaired text where a cut was
        self.shift: list[int] = []  # characters cut up to there
        self.cuts = breaks  # the spans cut, in original offsets
        self.ends = [end for _, end in breaks]
        removed = 0
        for start, end in breaks:
            self.at.append(start - removed)
            removed += end - start
            self.shift.append(removed)

    def position(self, original: int) -> int:
        """The first i with ``self[i] >= original`` (bisect_left without a call per probe)."""
        k = bisect.bisect_right(self.ends, original)
        if k < len(self.cuts) and self.cuts[k][0] <= original:
            return self.at[k]  # inside a cut: the character after it
        return min(original - (self.shift[k - 1] if k else 0), self.length)

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> list[int]: ...

    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.length))]
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(i)
        return self.of(i)

    def of(self, i: int) -> int:
        """``self[i]`` for 0 <= i < len(self), without the checks."""
        k = bisect.bisect_right(self.at, i)
        return i + self.shift[k - 1] if k else i

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Offsets):
            return (self.length, self.at, self.shift) == (other.length, other.at, other.shift)
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


@dataclass(slots=True)
class Repaired:
    """Text with column breaks removed, and the way back to original offsets."""

    text: str
    origin: Offsets  # origin[i]: offset in the original text of text[i]
    breaks: list[tuple[int, int]]  # the spans removed

    def original(self, i: int) -> int:
        """Offset in the original text of offset ``i`` of the repaired text (its end too)."""
        if i < len(self.origin):
            return self.origin[i]
        # No break touches the end, so the last character is the original's last.
        return self.origin[-1] + 1 + (i - len(self.origin)) if self.origin else i


def repair(text: str, breaks: list[tuple[int, int]] | None = None) -> Repaired:
    """Remove column breaks; ``original()`` maps every offset back into ``text``.

    ``breaks`` are ``column_breaks`` of the text as first read, when ``text`` is a
    same-length normalised copy of it (the reading text finds breaks on the original).
    """
    if breaks is None:
        breaks = column_breaks(text)
    parts: list[str] = []
    pos = 0
    for start, end in breaks:
        parts.append(text[pos:start])
        pos = end
    parts.append(text[pos:])
    joined = "".join(parts)
    return Repaired(joined, Offsets(len(joined), breaks), breaks)


# --- publication date ----------------------------------------------------------------

def _iso(y: str, m: str, d: str) -> str | None:
    import datetime

    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def published_date(text: str) -> str | None:
    """The date a page gives for itself: a masthead (2024年1月30日 星期二), a date line at
    the top (2023-08-06 15:24 来源:…, 发布时间：…), or a dated dateline (…2024年1月18日电).
    Dates inside body sentences are never taken: they are what the text reports on."""
    head = text[:600]
    m = _MASTHEAD_DATE.search(head)
    if m:
        return _iso(*m.groups())
    for i, line in enumerate(head.splitlines()):
        s = line.strip(_WS)
        if i > 12:
            break
        m = _DATE_LINE.match(s) or _FULL_DATELINE.match(s)
        if m:
            return _iso(*m.groups()[:3])
    return None


def is_info_line(line: str) -> bool:
    """A line that only dates the page (2023-08-06 15:24 来源:…, 2024年1月30日 星期二)."""
    s = line.strip(_WS)
    return 0 < len(s) <= 60 and bool(_DATE_LINE.match(s) or (len(s) <= 30 and _MASTHEAD_DATE.search(s)))


# --- paragraphs ----------------------------------------------------------------------

@dataclass(slots=True)
class Para:
    start: int
    end: int
    text: str  # the first line: what the layout tests read
    kind: str = "body"  # body head byline caption signoff furniture date
    names: list[str] = field(default_factory=list)


def paragraphs(text: str, breaks: list[tuple[int, int]] | None = None) -> list[Para]:
    """Non-blank lines, with lines joined across column breaks, classified."""
    joins = sorted(s for s, _ in (column_breaks(text) if breaks is None else breaks))
    paras: list[Para] = []
    glue = False
    for m in _LINE.finditer(text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip(_WS))
        s = raw.strip(_WS)
        if not s:
            continue
        start, end = m.start() + lead, m.start() + lead + len(s)
        if glue and paras:
            paras[-1].end = end
        else:
            paras.append(Para(start, end, s))
        k = bisect.bisect_left(joins, end)
        glue = k < len(joins) and joins[k] <= m.end()
    for i, p in enumerate(paras):
        _classify(p, paras[i - 1] if i else None)
    return paras


_SENTENCE_MARK = re.compile("[，,。；;！？]")  # a web furniture line has none


@cache
def _web_furniture() -> re.Pattern[str]:
    # searched over the whole text: without a lookahead in front, re skips to the first characters
    return re.compile(lexicon.scan_alternation(tuple(_cues.cues().web_furniture)))


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """The lines of web-page furniture (发布时间：… 点击：4582次): a furniture word, no sentence."""
    out: list[tuple[int, int]] = []
    end = -1
    for m in _web_furniture().finditer(text):
        if m.start() < end:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        if not _SENTENCE_MARK.search(text, start, end):
            out.append((start, end))
    return out


def _classify(p: Para, prev: Para | None) -> None:
    c = _cues.cues()
    s = p.text
    if p.end - p.start > len(s):  # joined across a column break: running text
        return
    if c.furniture_re.search(s) or (not _SENTENCE_MARK.search(s) and _web_furniture().search(s)):
        p.kind = "furniture"
    elif len(s) <= 40 and (_MASTHEAD_DATE.search(s) or _DATE_LINE.match(s)):
        p.kind = "date"
    elif names := _cues.byline_names(s):
        p.kind, p.names = "byline", names
    elif len(s) >= 6 and (names := _cues.caption_names(s)):
        p.kind, p.names = "caption", names
    elif (name := _cues.is_signoff(s)) and prev is not None and prev.kind == "body" \
            and prev.text and prev.text[-1] in _SENTENCE_END:
        p.kind, p.names = "signoff", [name]
    elif len(s) <= _HEAD_MAX and s[-1] not in "。；;：:…，," and not _INNER_END.search(s[:-1]):
        p.kind = "head"


# --- items ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Item:
    kind: ArticleKind
    start: int
    end: int
    title: str | None = None
    bylines: list[str] = field(default_factory=list)
    body: list[int] = field(default_factory=list)  # indices of body paragraphs
    subheads: list[int] = field(default_factory=list)
    closed: bool = False

    def article(self) -> Article:
        return Article(self.kind, self.start, self.end, self.title, list(self.bylines))


def _title_of(heads: list[str]) -> str | None:
    bullets = _cues.cues().bullets
    for h in heads:
        s = h.strip(bullets)
        if len(s) >= 6 and h[0] not in bullets:
            return s
    return heads[0].strip(bullets) if heads else None


def _next_kind(paras: list[Para], i: int, skip: tuple[str, ...]) -> Para | None:
    for j in range(i + 1, len(paras)):  # not paras[i + 1:]: a copy of the rest for every call
        if paras[j].kind not in skip:
            return paras[j]
    return None


def segment(text: str, breaks: list[tuple[int, int]] | None = None) -> list[Article]:
    """Items of a page in order of their start: news, commentary, caption, other.

    Grammar: a headline opens an article when nothing is open, when a byline is next to
    it (before or after), when a dateline paragraph follows, or when it names an official
    document; any other headline inside an open article is a subhead. Captions are items
    of their own that do not interrupt the article around them. A signed-off commentary
    without a headline is cut from the running article where the vocabulary changes.
    A text with no page structure is one article spanning it.
    """
    paras = paragraphs(text, breaks)  # breaks: column_breaks(text), when the caller has them
    c = _cues.cues()
    items: list[_Item] = []
    cur: _Item | None = None
    pending: Para | None = None  # a byline printed above its headline

    def open_item(p: Para, kind: ArticleKind = "news") -> _Item:
        nonlocal cur, pending
        start = pending.start if pending is not None else p.start
        item = _Item(kind, start, p.end, bylines=list(pending.names) if pending else [])
        pending = None
        items.append(item)
        cur = item
        return item

    heads: list[str] = []
    for i, p in enumerate(paras):
        if p.kind in ("furniture", "date"):
            # A date under a signature ends a notice; a masthead date belongs to no item.
            if p.kind == "date" and cur is not None and not cur.closed and cur.body:
                cur.end = p.end
            continue
        if p.kind == "caption":
            items.append(_Item("caption", p.start, p.end, None, list(p.names), closed=True))
            continue
        if p.kind == "byline":
            nxt = _next_kind(paras, i, ("caption",))
            running = cur is not None and not cur.closed and bool(cur.body)
            # Above a headline when nothing runs, or when set off by a bullet (□ 本报记者);
            # a plain byline after running text is that article's (web pages print it
            # under the lead, features print 文案/制作 credits at the end).
            if nxt is not None and nxt.kind == "head" and (not running or p.text[0] in c.bullets):
                pending = p
            elif cur is not None and not cur.closed:
                # Under the headline, or credits at the end (文案:…、…): the open article's.
                cur.bylines += [n for n in p.names if n not in cur.bylines]
                cur.end = max(cur.end, p.end)
            else:
                open_item(p).bylines = list(p.names)
            continue
        if p.kind == "signoff":
            if cur is not None and not cur.closed and cur.body:
                _close_commentary(cur, p, paras, items, text)
                cur = None
            continue
        if p.kind == "head":
            in_header = cur is not None and not cur.closed and not cur.body
            nxt = _next_kind(paras, i, ("caption", "head"))
            new = (cur is None or cur.closed or pending is not None
                   or (nxt is not None and nxt.kind == "byline")
                   or (nxt is not None and bool(c.dateline_re.search(nxt.text[:120])))
                   or (i > 0 and bool(c.document_title_re.search(p.text))))
            if in_header and pending is None and cur is not None:
                heads.append(p.text)
                cur.title = _title_of(heads)
                cur.end = p.end
            elif new:
                kind: ArticleKind = "other" if c.document_title_re.search(p.text) and i > 0 else "news"
                item = open_item(p, kind)
                heads = [p.text]
                item.title = _title_of(heads)
            elif cur is not None:
                cur.subheads.append(i)
                cur.end = p.end
            continue
        # body
        if cur is None or cur.closed:
            open_item(p)
        assert cur is not None
        if not cur.body and not cur.bylines:
            cur.bylines = _cues.dateline_names(p.text)
        cur.body.append(i)
        cur.end = p.end
        if (credit := _CLOSING_CREDIT.search(p.text)) is not None and len(cur.body) > 1:
            # …同比增长15.8%。(林侃): the reporter's name closes the story; what follows is another item
            cur.bylines += [n for n in re.split("[、 ]", credit.group(1)) if n and n not in cur.bylines]
            cur.closed = True
        elif len(cur.body) == 1 and cur.title and not cur.bylines and p.end - p.start <= _BRIEF_MAX and \
                len(items) > 1 and items[-2].closed and items[-2].kind in ("news", "brief"):
            # after a closed story, a headline over one line of teaser is a brief (the related
            # items at the foot of a web page)
            cur.kind, cur.closed = "brief", True
    # Headline-only items with nothing under them are the page's section name or masthead.
    kept = [it for it in items if it.end > it.start
            and (it.kind != "news" or it.body or it.bylines or it.subheads)]
    articles = sorted(kept, key=lambda it: (it.start, -it.end))
    if sum(it.kind != "caption" for it in articles) <= 1 and not any(it.kind == "caption" for it in articles):
        return [_whole(text, articles[0] if articles else None)]
    return [it.article() for it in articles]


def _close_commentary(cur: _Item, sign: Para, paras: list[Para], items: list[_Item], text: str) -> None:
    """End the open article at a commentator's sign-off line.

    An article under its own headline with no reporter byline is the commentary itself.
    A reporter's article cannot be signed by a commentator: the commentary (its headline
    lost, as on OCR'd pages) is the tail of the running text, cut at the vocabulary shift.
    """
    if not cur.bylines or len(cur.body) < 2:
        cur.kind, cur.bylines, cur.end, cur.closed = "commentary", list(sign.names), sign.end, True
        return
    first = max([s for s in cur.subheads], default=-1)
    body = [b for b in cur.body if b > first] if first >= 0 else cur.body
    if len(body) < 2:
        body = cur.body
    k = max(1, commentary_start([text[paras[b].start:paras[b].end] for b in body]))
    cut = body[k]
    before = [b for b in cur.body if b < cut]
    cur.end = paras[before[-1]].end if before else cur.end
    cur.closed = True
    items.append(_Item("commentary", paras[cut].start, sign.end, None, list(sign.names), closed=True))


def _whole(text: str, only: _Item | None) -> Article:
    """A text without page structure: one item from its first to its last character."""
    c = _cues.cues()
    s = len(text) - len(text.lstrip())
    e = len(text.rstrip())
    first = text[s: text.find("\n", s) if "\n" in text[s:] else e].strip(_WS)
    title = only.title if only is not None and only.title else None
    if title is None and first and len(first) <= _HEAD_MAX and first[-1] not in _TERMINAL:
        title = first.strip(c.bullets) or None
    kind: ArticleKind = only.kind if only is not None and only.kind != "caption" else "news"
    head_text = text[s: s + 400]
    if title and c.report_title_re.search(title) and not c.news_cue_re.search(head_text):
        kind = "other"
    bylines = list(only.bylines) if only is not None else []
    return Article(kind, s, e, title, bylines)
