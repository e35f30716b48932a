"""DOCX to text with python-docx: paragraphs and tables in document order.

A DOCX is a zip; before python-docx inflates it, the declared sizes are checked so a
zip bomb is refused instead of filling memory (zipfile never inflates past the declared
size of an entry, so the declared sizes are an upper bound).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from zhibiao.errors import IngestError
from zhibiao.ingest import Source

_MAX_INFLATED = 256 * 1024 * 1024
_MAX_RATIO = 200  # inflated/compressed; ordinary DOCX parts compress 5-20x
_MAX_ENTRIES = 10_000


def _check_zip(data: bytes, label: str) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise IngestError(label, "damaged zip archive (truncated DOCX?)") from None
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise IngestError(label, "zip archive is not a DOCX (no word/document.xml)")
        if len(infos) > _MAX_ENTRIES:
            raise IngestError(label, f"DOCX has {len(infos)} parts; refusing (zip bomb?)")
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if total > _MAX_INFLATED or (total > 10 * 1024 * 1024 and total / packed > _MAX_RATIO):
            raise IngestError(label, f"DOCX inflates to {total} bytes from {len(data)}; refusing (zip bomb?)")


def _block_items(doc: Any) -> list[str]:
    """Body paragraphs and tables in the order they appear in the XML."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, doc).text.strip())
        elif tag == "tbl":
            out.append(_table_text(Table(child, doc)))
    return out


def _table_text(table: Any) -> str:
    """One line per row, cells separated by " | " (the shape the table component reads in
    every format); a merged cell is written once."""
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        last: Any = None
        for cell in row.cells:
            if last is not None and cell._tc is last:
                continue
            last = cell._tc
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def read_docx(data: bytes, label: str) -> Source:
    _check_zip(data, label)
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx/lxml raise KeyError, XMLSyntaxError, ...
        raise IngestError(label, f"damaged DOCX ({type(exc).__name__})") from None
    warnings: list[str] = []
    try:
        blocks = _block_items(doc)
    except Exception as exc:
        raise IngestError(label, f"damaged DOCX body ({type(exc).__name__})") from None
    text = "\n\n".join(b for b in blocks if b)
    title: str | None = None
    try:
        title = (doc.core_properties.title or "").strip() or None
    except Exception:  # core properties are optional and often malformed
        warnings.append("document properties unreadable")
    return Source(text=text + "\n" if text else text, name=label, format="docx", encoding=None,
                  title=title, warnings=warnings)
