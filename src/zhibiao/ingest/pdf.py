"""PDF to text with pdfplumber: CJK lines in reading order, two-column pages column by column.

Lines are rebuilt from characters (pdfplumber's own text flow reads straight across a
two-column page). A page is split at a vertical gutter that few rows cross; rows that do
cross it (a headline over both columns) cut the page into bands read top to bottom, each
band left column first. Wrapped lines are joined into paragraphs; paragraphs and columns
are separated by a blank line, so a sentence cut by a column break looks exactly like
one on a newspaper page, and ``layout.column_breaks`` repairs both. A ruled table that
pdfplumber finds cleanly (across the page, or on a one-column page) is handed over as one
row per line with cells joined by " | ", like every reader's tables.
"""

from __future__ import annotations

import io
import statistics
from dataclasses import dataclass
from typing import Any

from zhibiao.errors import IngestError
from zhibiao.ingest import Source

_MAX_PAGES = 2000
_SENTENCE_END = "。！？!?；;：:”’」』）)…"


@dataclass(slots=True)
class _Line:
    top: float
    x0: float
    x1: float
    size: float
    text: str


def _rows(chars: list[dict[str, Any]], tol: float) -> list[list[dict[str, Any]]]:
    """Chars grouped by baseline (top within tol), top to bottom."""
    rows: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(rows[-1][0]["top"] - ch["top"]) <= tol:
            rows[-1].append(ch)
        else:
            rows.append([ch])
    return rows


def _gutter(rows: list[list[dict[str, Any]]], left: float, right: float) -> float | None:
    """x of a column gutter in the middle of the page, or None for a one-column page."""
    if len(rows) < 4 or right - left < 100:
        return None
    width = int(right - left) + 1
    cover = [0] * width
    both = 0
    for row in rows:
        marked = bytearray(width)
        for ch in row:
            a, b = max(0, int(ch["x0"] - left)), min(width, int(ch["x1"] - left) + 1)
            marked[a:b] = b"\x01" * (b - a)
        for x in range(width):
            cover[x] += marked[x]
    lo, hi = int(width * 0.25), int(width * 0.75)
    best = min(range(lo, hi), key=lambda x: (cover[x], abs(x - width // 2)))
    if cover[best] > 0.25 * len(rows):
        return None
    gx = left + best
    for row in rows:
        if any(c["x1"] <= gx for c in row) and any(c["x0"] >= gx for c in row):
            both += 1
    # A gutter separates text on both sides in most rows, not a ragged right margin.
    return gx if both >= 0.3 * len(rows) else None


def _line(row: list[dict[str, Any]]) -> _Line:
    row = sorted(row, key=lambda c: c["x0"])
    parts: list[str] = []
    prev: dict[str, Any] | None = None
    for ch in row:
        if prev is not None and ch["x0"] - prev["x1"] > 0.2 * max(prev.get("size") or 10, 1):
            parts.append(" ")
        parts.append(ch["text"])
        prev = ch
    size = statistics.median(c.get("size") or 10 for c in row)
    return _Line(row[0]["top"], row[0]["x0"], row[-1]["x1"], size, "".join(parts).strip())


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Group wrapped lines into paragraphs (top to bottom within one column)."""
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    paras: list[list[_Line]] = []
    prev: _Line | None = None
    for ln in lines:
        if not ln.text:
            continue
        if prev is None or _starts_paragraph(prev, ln, left, right):
            paras.append([ln])
        else:
            paras[-1].append(ln)
        prev = ln
    return paras


def _starts_paragraph(prev: _Line, ln: _Line, left: float, right: float) -> bool:
    full = prev.x1 >= right - 1.5 * prev.size
    ended = prev.text[-1] in _SENTENCE_END
    indented = ln.x0 > left + 1.2 * ln.size
    gap = ln.top - prev.top > 2.2 * max(prev.size, ln.size)
    resized = abs(ln.size - prev.size) > 0.5
    # A short line that ends a sentence ends its paragraph; one cut mid-sentence
    # (ragged right margins, half-width digits) still runs on.
    return indented or gap or resized or (not full and ended)


def _join(lines: list[_Line]) -> str:
    out = ""
    for ln in lines:
        # Latin words wrapped across lines need their space back; hanzi do not.
        if out[-1:].isascii() and out[-1:].isalnum() and ln.text[:1].isascii() and ln.text[:1].isalnum():
            out += " "
        out += ln.text
    return out


def _columns(left: list[_Line], right: list[_Line]) -> list[str]:
    """Paragraphs of a two-column band: left column, then right; a paragraph that runs
    from the foot of the left column to the head of the right is one paragraph."""
    lp, rp = _paragraphs(left), _paragraphs(right)
    if lp and rp:
        last, first = lp[-1][-1], rp[0][0]
        r_left = min(ln.x0 for ln in right)
        runs_on = (last.text[-1] not in _SENTENCE_END and first.x0 <= r_left + 1.2 * first.size
                   and abs(last.size - first.size) <= 0.5)
        if runs_on:
            lp[-1] = lp[-1] + rp.pop(0)
    return [_join(p) for p in lp + rp]


@dataclass(slots=True)
class _Table:
    top: float
    bottom: float
    x0: float
    x1: float
    text: str  # one row per line, cells joined by " | ", header row first


def _tables(page: Any) -> list[_Table]:
    """Ruled tables that pdfplumber finds cleanly: at least two rows and two columns, most
    cells filled. A page without ruling lines has none (and is not searched)."""
    if not (page.lines or page.rects):
        return []
    out: list[_Table] = []
    for t in page.find_tables():
        rows = [[_cell_text(c) for c in row] for row in t.extract()]
        rows = [r for r in rows if any(r)]
        cells = [c for r in rows for c in r]
        if len(rows) < 2 or min(len(r) for r in rows) < 2 or sum(bool(c) for c in cells) * 3 < len(cells) * 2:
            continue
        x0, top, x1, bottom = t.bbox
        out.append(_Table(top, bottom, x0, x1, "\n".join(" | ".join(r) for r in rows)))
    return out


def _cell_text(cell: str | None) -> str:
    """A cell's lines joined: hanzi wrap without a space, Latin words keep one."""
    if not cell:
        return ""
    out = ""
    for part in (p.strip() for p in cell.split("\n")):
        if out and out[-1].isascii() and out[-1].isalnum() and part[:1].isascii() and part[:1].isalnum():
            out += " "
        out += part
    return out.replace("|", "/")


def _inside(ch: dict[str, Any], t: _Table) -> bool:
    return t.x0 - 1 <= ch["x0"] and ch["x1"] <= t.x1 + 1 and t.top - 1 <= ch["top"] and ch["bottom"] <= t.bottom + 1


def _page_text(page: Any) -> str:
    chars = [c for c in page.chars if c.get("text", "").strip()]
    if not chars:
        return ""
    tol = 0.5 * statistics.median(c.get("size") or 10 for c in chars)
    left = min(c["x0"] for c in chars)
    right = max(c["x1"] for c in chars)
    tables = _tables(page)
    gx: float | None = None
    if tables:
        rest = [c for c in chars if not any(_inside(c, t) for t in tables)]
        gx = _gutter(_rows(rest, tol), left, right) if rest else None
        # A table inside one column of a two-column page stays as text: cutting the page
        # at it would break the column order.
        tables = [t for t in tables if gx is None or t.x0 < gx < t.x1]
    if not tables:
        rows = _rows(chars, tol)
        return _flow(rows, _gutter(rows, left, right))
    blocks: list[str] = []
    rest = [c for c in chars if not any(_inside(c, t) for t in tables)]
    for t in sorted(tables, key=lambda t: t.top):
        above = [c for c in rest if c["top"] < t.top]
        rest = [c for c in rest if c["top"] >= t.top]
        blocks.extend(b for b in [_flow(_rows(above, tol), gx), t.text] if b)
    blocks.append(_flow(_rows(rest, tol), gx))
    return "\n\n".join(b for b in blocks if b)


def _flow(rows: list[list[dict[str, Any]]], gx: float | None) -> str:
    """Text of rows in reading order: one column, or two columns (split at gx) cut into bands."""
    if not rows:
        return ""
    if gx is None:
        return "\n\n".join(_join(p) for p in _paragraphs([_line(r) for r in rows]))
    blocks: list[str] = []
    band_l: list[_Line] = []
    band_r: list[_Line] = []

    def flush() -> None:
        blocks.extend(_columns(band_l, band_r))
        band_l.clear()
        band_r.clear()

    for row in rows:
        lpart = [c for c in row if c["x1"] <= gx + 1]
        rpart = [c for c in row if c["x0"] >= gx - 1 and c["x1"] > gx + 1]
        if len(lpart) + len(rpart) < len(row):  # a row across the gutter: a spanning headline
            flush()
            blocks.append(_line(row).text)
            continue
        if lpart:
            band_l.append(_line(lpart))
        if rpart:
            band_r.append(_line(rpart))
    flush()
    return "\n\n".join(b for b in blocks if b)


def read_pdf(data: bytes, label: str) -> Source:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    warnings: list[str] = []
    pages: list[str] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises PSEOF, PDFSyntaxError, ValueError, ...
        # pdfplumber wraps pdfminer's errors: look inside for the password case.
        inner = [exc, *exc.args, exc.__cause__]
        if any(isinstance(e, PDFPasswordIncorrect) for e in inner):
            raise IngestError(label, "encrypted PDF: a password is needed to read it") from None
        raise IngestError(label, f"damaged PDF, cannot open it ({type(exc).__name__})") from None
    with pdf:
        meta = pdf.metadata or {}
        try:
            all_pages = pdf.pages
        except Exception as exc:
            raise IngestError(label, f"damaged PDF, no readable pages ({type(exc).__name__})") from None
        for i, page in enumerate(all_pages):
            if i >= _MAX_PAGES:
                warnings.append(f"only the first {_MAX_PAGES} pages were read")
                break
            try:
                pages.append(_page_text(page))
            except Exception as exc:
                warnings.append(f"page {i + 1} unreadable ({type(exc).__name__}), skipped")
            finally:
                page.close()
    if not any(p.strip() for p in pages):
        if warnings:
            raise IngestError(label, "damaged PDF: " + "; ".join(warnings))
        raise IngestError(label, "PDF has no text layer (scanned image? OCR it first)")
    title = meta.get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-16" if title.startswith(b"\xfe\xff") else "latin-1", "replace")
    title = title.strip() if isinstance(title, str) and title.strip() else None
    if title and title.lower() in ("untitled", "无标题", "microsoft word"):
        title = None
    return Source(text="\n\n".join(p for p in pages if p.strip()) + "\n", name=label, format="pdf",
                  encoding=None, title=title, warnings=warnings)
