"""``zhibiao extract``: documents in, zhibiao/1 JSON out."""

from __future__ import annotations

import json
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from zhibiao.cli import app
from zhibiao.cli.common import MaxBytesOption, fail, warn
from zhibiao.errors import ZhibiaoError
from zhibiao.ingest import Source, read, read_bounded, size_limit
from zhibiao.model import Article, Document, checked_date, write_contract

if TYPE_CHECKING:
    from rich.table import Table


def read_input(path: str, max_bytes: int | None = None) -> Source:
    if path == "-":
        limit = size_limit(max_bytes)
        # Never slurp an endless pipe.
        return read(read_bounded(sys.stdin.buffer, limit), name="<stdin>", max_bytes=limit)
    return read(path, max_bytes=max_bytes)


def document_for(path: str, source: Source, published: str | None, doc_id: str | None) -> Document:
    from zhibiao import extract as run_extract
    from zhibiao.cli.progress import reading

    head = document_head(path, source, published, doc_id)
    with reading(source.name, source.text) as progress:
        return run_extract(source.text, published=head.published, doc_id=head.id, source=head.source,
                           title=head.title, progress=progress)


def document_head(path: str, source: Source, published: str | None, doc_id: str | None) -> Document:
    """The document a file makes, before anything is read from it."""
    from zhibiao.extract.pipeline import resolved_date

    return Document(id=doc_id or ("stdin" if path == "-" else Path(path).stem), text=source.text,
                    published=resolved_date(source.text, published or source.published),
                    source=None if path == "-" else path, title=source.title)


def _long(text: str) -> bool:
    from zhibiao.extract.pipeline import windows

    return len(windows(text)) > 1


def _write_long(out: IO[str], head: Document, indent: int | None, name: str) -> None:
    """A text read in several windows, written as one document: each window's items are
    spooled to disk as they come, so memory holds one window's items, not the document's.
    A bar on stderr (a terminal) shows the windows read; it is gone before anything is written."""
    from zhibiao.cli.progress import reading
    from zhibiao.extract.pipeline import parts

    names = ("articles", "facts", "targets", "entities")
    with ExitStack() as stack:
        spools = {n: stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8")) for n in names}
        with reading(name, head.text) as progress:
            for part in parts(head.text, head.published, progress):
                piece = replace(head, facts=part.facts, targets=part.targets, entities=part.entities,
                                articles=part.articles)
                for kind, items in piece.item_dicts():
                    for item in items:
                        spools[kind].write(json.dumps(item, ensure_ascii=False) + "\n")
        if spools["articles"].tell() == 0 and head.text:  # as extract() does: the text is one article
            spools["articles"].write(json.dumps(Article(kind="other", start=0, end=len(head.text)).to_dict()) + "\n")
        for spool in spools.values():
            spool.seek(0)
        write_contract(out, head.to_dict_head(), [(n, (json.loads(line) for line in spools[n])) for n in names],
                       indent)


_TABLE_COLUMNS = ("kind", "subject", "indicator", "measure", "value", "period", "evidence")


def _table(doc: Document) -> Table:
    from zhibiao.cli.tables import people_table

    out = doc.to_dict()
    rows = [{**f, "kind": "fact"} for f in out["facts"]]
    rows += [{**t, "kind": "target", "period": f"by {t['deadline']}" if t["deadline"] else None}
             for t in out["targets"]]
    return people_table(rows, _TABLE_COLUMNS, title=f"{doc.id}: {len(doc.facts)} facts, {len(doc.targets)} targets")


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files to read; - reads standard input.")],
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    doc_id: Annotated[str | None, typer.Option("--id", help="document.id (default: file stem).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json, jsonl or table.")] = "json",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    max_bytes: MaxBytesOption = None,
    emit_text: Annotated[
        Path | None, typer.Option("--emit-text", help="Also write each document's plain text into DIR.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print where each fact's subject and period came from, not JSON.")
    ] = False,
) -> None:
    """Extract facts, targets, entities and articles from documents.

    Example: zhibiao extract page.txt --published 2024-01-30 --format table

    Example: zhibiao extract report.txt --explain
    """
    if fmt not in ("json", "jsonl", "table"):
        raise fail(f"--format {fmt!r}: expected json, jsonl or table")
    checked_date(published, "--published")
    if doc_id is not None and len(paths) > 1:
        raise fail(f"--id names one document, and {len(paths)} paths are given; leave --id out "
                   "(each document is named by its file) or give one path")
    failed = 0
    console = Console(file=sys.stdout if output is None else output.open("w", encoding="utf-8"))
    out = sys.stdout if output is None else console.file
    # One json document pretty-printed; otherwise one per line. Each is written as soon as it
    # is read, item by item: memory holds one document, never all of them or their text twice.
    indent = 1 if fmt == "json" and len(paths) == 1 else None
    for path in paths:
        try:
            source = read_input(path, max_bytes)
            for warning in source.warnings:
                warn(f"warning: {source.name}: {warning}")
            if fmt != "table" and not explain and emit_text is None and _long(source.text):
                _write_long(out, document_head(path, source, published, doc_id), indent, source.name)
                out.write("\n")
                continue
            doc = document_for(path, source, published, doc_id)
        except ZhibiaoError as exc:
            fail(str(exc))
            failed += 1
            continue
        if emit_text is not None:
            emit_text.mkdir(parents=True, exist_ok=True)
            (emit_text / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
        if explain:
            from zhibiao.extract.explain import explain as explain_document

            console.file.write(explain_document(doc))
        elif fmt == "table":
            console.print(_table(doc))
        else:
            doc.write_json(out, indent)
            out.write("\n")
        del doc
    out.flush()
    if output is not None:
        console.file.close()
    if failed:
        raise typer.Exit(2)
