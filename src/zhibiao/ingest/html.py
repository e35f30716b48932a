"""HTML to text with trafilatura: main text, title, date and URL; boilerplate dropped.

Tables are kept, one row per line with cells joined by " | " (see ``_table_rows``).
"""

from __future__ import annotations

import re
from typing import Any

from zhibiao.errors import IngestError
from zhibiao.ingest import Source
from zhibiao.ingest import decode as _decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Scripts and styles never hold article text, and a page can carry megabytes of them:
# drop them before the parser sees them, except small JSON-LD blocks that carry dates.
_SCRIPT = re.compile(r"<(script|style|noscript|template)\b([^>]*)>.*?</\1\s*>", re.I | re.S)
_UNCLOSED_SCRIPT = re.compile(r"<(script|style)\b[^>]*>(?![\s\S]*</\1)", re.I)
_LD_JSON_MAX = 20_000
# GB2312 and GBK pages routinely use characters outside their declared set.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "cp950",
             "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}
_DATE_OPTS = {"extensive_search": False, "original_date": True}


def _decode_html(data: bytes) -> tuple[str, str, list[str]]:
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        enc = _SUPERSET.get(declared, declared)
        try:
            return data.decode(enc), declared, []
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall through to detection
    decoded = _decode.decode(data)
    return decoded.text, decoded.encoding, decoded.warnings


def _strip_scripts(html: str) -> str:
    def keep(m: re.Match[str]) -> str:
        if "ld+json" in m.group(2).lower() and len(m.group(0)) < _LD_JSON_MAX:
            return m.group(0)
        return ""

    html = _SCRIPT.sub(keep, html)
    # An unterminated <script> would swallow the rest of the page in the parser.
    m = _UNCLOSED_SCRIPT.search(html)
    return html[: m.start()] if m else html


def _field(doc: Any, name: str) -> Any:
    if doc is None:
        return None
    if isinstance(doc, dict):
        return doc.get(name)
    return getattr(doc, name, None)


def read_html(data: bytes, label: str) -> Source:
    import trafilatura

    html, encoding, warnings = _decode_html(data)
    html = _strip_scripts(html)
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, fast=True,
            date_extraction_params=_DATE_OPTS)
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        warnings.append(f"main-text extraction failed ({type(exc).__name__}); used all page text")
        doc = None
    text = (_field(doc, "text") or "").strip()
    if not text:
        text = _fallback_text(html, label)
        if doc is not None:
            warnings.append("no main text found; used all page text")
    text = _table_rows(_drop_info_lines(text))
    title = (_field(doc, "title") or "").strip() or None
    date = _field(doc, "date")
    url = _field(doc, "url")
    # The headline is part of the article: keep it as the first line when the main-text
    # extractor left it out, so layout and extraction see it.
    if title and title not in text[: len(title) + 200]:
        text = f"{title}\n\n{text}"
    published = date if isinstance(date, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", date) else None
    return Source(text=text, name=label, format="html", encoding=encoding, title=title,
                  published=published, url=url or None, warnings=warnings)


def _drop_info_lines(text: str) -> str:
    """Drop the "2024-02-05 09:30 来源：…" line under a web headline: it is page metadata
    (kept in Source.published), and its digits are no figure of the article."""
    from zhibiao.ingest.layout import is_info_line

    lines = text.split("\n")
    kept = [ln for i, ln in enumerate(lines) if not (i < 8 and is_info_line(ln))]
    return "\n".join(kept)


_MD_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$")
_MD_RULE = re.compile(r"^:?-{3,}:?$")


def _table_rows(text: str) -> str:
    """Tables as every reader hands them over: one row per line, cells joined by " | ".

    trafilatura writes a table as markdown ("| 地区 | 增速 | " with a "|---|" rule under
    a header): the outer bars and the rule go; a leading row with a single filled cell
    (a caption spanning the table) becomes a plain title line above it.
    """
    if "|" not in text:
        return text
    out: list[str] = []
    in_table = False
    for ln in text.split("\n"):
        m = _MD_ROW.match(ln)
        if m is None:
            out.append(ln)
            in_table = False
            continue
        cells = [c.strip() for c in m.group(1).split("|")]
        if all(_MD_RULE.match(c) for c in cells):
            continue
        filled = [c for c in cells if c]
        if not in_table and len(filled) <= 1 and len(cells) > 1:
            out.append(filled[0] if filled else "")
            continue
        in_table = True
        out.append(" | ".join(cells))
    return "\n".join(out)


def _fallback_text(html: str, label: str) -> str:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception as exc:  # lxml raises ParserError/ValueError on empty or odd input
        raise IngestError(label, f"unreadable HTML ({type(exc).__name__})") from None
    for bad in tree.xpath("//nav|//header|//footer|//aside|//form"):
        bad.drop_tree()
    lines = [ln.strip() for ln in tree.text_content().splitlines()]
    return "\n".join(ln for ln in lines if ln)
