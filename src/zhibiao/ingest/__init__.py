"""Bytes to text: decode any Chinese encoding, read HTML, PDF and DOCX, keep metadata.

``read(path_or_bytes) -> Source``. The decoded ``Source.text`` is the ORIGINAL text that
every extracted offset points into. The format is sniffed from the content (magic bytes,
markup), never from the file name alone. Every failure is an ``IngestError`` naming the
input; recoverable damage gives text plus a line in ``Source.warnings``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from zhibiao.errors import IngestError
from zhibiao.ingest import decode as _decode

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_CHUNK = 1 << 20
MAX_BYTES_ENV = "ZHIBIAO_MAX_BYTES"
# The file names of the formats read() reads; what a folder walk takes by default.
DOCUMENT_SUFFIXES = (".txt", ".text", ".htm", ".html", ".pdf", ".docx")

# Magic numbers of binary formats that are not documents: a named refusal beats a page
# of mojibake.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip data"), (b"BZh", "bzip2 data"), (b"\xfd7zXZ", "xz data"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"), (b"\xd0\xcf\x11\xe0", "a legacy Office (.doc/.xls) file"),
    (b"SQLite format 3", "an SQLite database"), (b"PAR1", "a Parquet file"),
)
_HTML_HEAD = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?"
    rb"(?:<!doctype\s+html|<html|<head|<body|<meta|<title)", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:p|div|br|span|table|a|h[1-6])[\s>/]", re.I)


@dataclass(slots=True)
class Source:
    """A document read from bytes: its plain text and what is known about it."""

    text: str
    name: str
    format: str = "text"
    encoding: str | None = "utf-8"
    title: str | None = None
    published: str | None = None
    url: str | None = None
    warnings: list[str] = field(default_factory=list)


def max_bytes_default() -> int:
    """The size limit: ZHIBIAO_MAX_BYTES when set to a positive integer, else 50 MB."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return DEFAULT_MAX_BYTES


def size_limit(max_bytes: int | None = None) -> int:
    """The limit in force: `max_bytes` when positive, else the default."""
    return max_bytes if max_bytes is not None and max_bytes > 0 else max_bytes_default()


def read_bounded(stream: BinaryIO, limit: int) -> bytes:
    """At most limit + 1 bytes of `stream` (one past is enough to refuse), in chunks: a
    single read would allocate the whole limit first, whatever the input's size."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_bytes(path: str | Path, max_bytes: int | None = None) -> bytes:
    """A file's bytes, refused as read() refuses them (missing, a folder, over the limit)
    before more than the limit is read."""
    return _load(path, str(path), size_limit(max_bytes))


def _load(source: str | Path | bytes, label: str, limit: int) -> bytes:
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            if not path.exists():
                raise IngestError(label, "no such file")
            if path.is_dir():
                raise IngestError(label, "is a directory, not a file")
            size = path.stat().st_size
            if size > limit:
                raise IngestError(label, f"file is {size} bytes, over the {limit}-byte limit (--max-bytes)")
            with path.open("rb") as fh:
                # Read up to one byte past the limit: special files may report size 0.
                data = read_bounded(fh, limit)
        except OSError as exc:
            raise IngestError(label, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise IngestError(label, f"input is over the {limit}-byte limit (--max-bytes)")
    return data


def sniff(data: bytes) -> str:
    """``pdf``, ``docx`` (any zip: checked later), ``html``, ``binary:<what>`` or ``text``."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx"
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return "binary:" + what
    if _HTML_HEAD.match(data[:4096]) or len(_HTML_TAGS.findall(data[:4096])) >= 3:
        return "html"
    return "text"


def read(source: str | Path | bytes, name: str | None = None, max_bytes: int | None = None) -> Source:
    """Read a file (or raw bytes) into a Source; raise IngestError naming the problem."""
    label = name or ("<bytes>" if isinstance(source, bytes | bytearray) else str(source))
    limit = size_limit(max_bytes)
    data = _load(source, label, limit)
    if not data.strip():
        raise IngestError(label, "empty file" if not data else "file holds only whitespace")
    kind = sniff(data)
    if kind.startswith("binary:"):
        raise IngestError(label, f"binary file ({kind[7:]}), not a document")
    if kind == "pdf":
        from zhibiao.ingest.pdf import read_pdf

        src = read_pdf(data, label)
    elif kind == "docx":
        from zhibiao.ingest.office import read_docx

        src = read_docx(data, label)
    elif kind == "html":
        from zhibiao.ingest.html import read_html

        src = read_html(data, label)
    else:
        src = _read_text(data, label)
    if not src.text.strip():
        raise IngestError(label, f"no text found in this {src.format} document")
    if src.published is None:
        from zhibiao.ingest.layout import published_date

        src.published = published_date(src.text)
    return src


def _read_text(data: bytes, label: str) -> Source:
    # NUL bytes outside UTF-16/32 mean a binary file, whatever its name says.
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        decoded = _decode.decode(data)
        if not decoded.encoding.startswith("utf-16"):
            raise IngestError(label, "binary file (NUL bytes), not a text document")
    else:
        decoded = _decode.decode(data)
    sample = decoded.text[:20_000]
    if _decode.control_share(sample) > 0.05 or sample.count("\ufffd") > 0.1 * len(sample):
        raise IngestError(label, "binary or undecodable content, not a text document")
    warnings = list(decoded.warnings)
    if _decode.plausibility(sample) < 0.3:
        warnings.append(f"decoded as {decoded.encoding}, but the text does not look like Chinese")
    return Source(text=decoded.text, name=label, format="text", encoding=decoded.encoding,
                  warnings=warnings)


__all__ = ["DEFAULT_MAX_BYTES", "DOCUMENT_SUFFIXES", "IngestError", "Source", "read", "read_bounded", "read_bytes", "size_limit", "sniff"]
