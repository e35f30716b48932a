"""Commands over the database: ingest, query, export (see zhibiao.store)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from zhibiao.cli import app
from zhibiao.cli.common import DbOption, MaxBytesOption, RegionOption, err, fail, report_alerts, warn
from zhibiao.cycles import loaded_state_frozen
from zhibiao.ingest import DOCUMENT_SUFFIXES, read_bounded, size_limit

# SQLAlchemy, Alembic and rich's tables are imported by the commands that use them:
# they would double the start-up time of every command (benchmarks/startup.py).


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files and directories (walked) to ingest; - reads "
                                               "standard input.")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option(help="Extract again even when the content is already stored.")] = False,
    jobs: Annotated[int | None, typer.Option(help="Extraction processes (default: one per CPU).")] = None,
    include: Annotated[list[str] | None, typer.Option(
        metavar="GLOB", help="Under directories, take only files matching this (repeatable; default: "
        + " ".join(DOCUMENT_SUFFIXES) + ").")] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        metavar="GLOB", help="Under directories, leave out files matching this (repeatable).")] = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Extract documents and store them; unchanged files are skipped, changed ones replaced.

    Files named on the command line are always read; under a directory only document
    types are (.txt .text .htm .html .pdf .docx), or what --include names.

    Example: zhibiao ingest corpus/ --db sqlite:///zhibiao.db --exclude 'drafts/*'
    """
    from zhibiao.cli.progress import document_tasks, progress_bar
    from zhibiao.store import Store
    from zhibiao.store.files import select_files
    from zhibiao.store.load import check_jobs
    from zhibiao.track import alerts

    check_jobs(jobs)
    selection = select_files([p for p in paths if p != "-"], include or (), exclude or ())
    done = 0

    def advance(_path: str, _outcome: str) -> None:
        nonlocal done
        done += 1
        bar.advance(task)

    # The files done, and under it the windows read of a large document while it is.
    # What the open store has loaded stays for the command: see loaded_state_frozen.
    with Store(db) as store, progress_bar() as bar, loaded_state_frozen():
        task, reading = bar.add_task("ingest", total=len(selection.files)), document_tasks(bar)
        try:
            report = store.ingest_paths(selection, force=force, jobs=jobs, progress=advance, max_bytes=max_bytes,
                                        document_progress=reading)
            if "-" in paths:
                outcome, reason = store.ingest_bytes(read_bounded(sys.stdin.buffer, size_limit(max_bytes)),
                                                     force=force, max_bytes=max_bytes, progress=reading)
                report.add(outcome, "<stdin>", reason)
        except KeyboardInterrupt:
            # Every batch is its own transaction: what is stored stays, the rest is
            # skipped as unchanged on the next run. 130 is the shell's code for SIGINT.
            raise fail(f"interrupted after {done} documents; run the same command again to resume", 130) from None
        report_alerts(alerts.check(store))
    for path, reason in report.failed:
        fail(f"{path}: {reason}")
    typer.echo(report.summary())
    if report.failed:
        raise typer.Exit(2)


# The table shows what a reader needs at 80 columns; json and csv carry every column.
_TABLE_COLUMNS = {
    "facts": ("subject", "indicator", "measure", "value", "period", "evidence", "document"),
    "targets": ("subject", "indicator", "measure", "value", "deadline", "plan", "evidence", "document"),
    "entities": ("type", "name", "code", "mentions", "documents"),
    "documents": ("doc_id", "published", "title", "facts", "targets"),
}


def _print(kind: str, rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "jsonl":
        sys.stdout.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([list(r.values()) for r in rows])
    else:
        from zhibiao.cli.tables import people_table

        Console(soft_wrap=False).print(people_table(rows, _TABLE_COLUMNS[kind], caption=f"{len(rows)} rows"))


@app.command()
def query(
    kind: Annotated[str, typer.Argument(help="facts, targets, entities or documents.")],
    region: RegionOption = None,
    indicator: Annotated[str | None, typer.Option(help="Indicator (matches keys containing it).")] = None,
    period: Annotated[str | None, typer.Option(help="2023, 2023-11, 2023-Q3 (deadline for targets).")] = None,
    measure: Annotated[str | None, typer.Option(help="level, growth, change, rank (milestone).")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the evidence, name or document.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json, jsonl or csv.")] = "table",
    limit: Annotated[int, typer.Option(help="At most this many rows; 0 for all.")] = 1000,
    db: DbOption = None,
) -> None:
    """Query facts, targets, entities or documents.

    Example: zhibiao query facts --region 江西省 --indicator 工业增加值 --period 2023 --format csv
    """
    if fmt not in ("table", "json", "jsonl", "csv"):
        raise fail(f"--format {fmt[:40]!r}: expected table, json, jsonl or csv")
    from zhibiao.store import Store

    filters = {"region": region, "indicator": indicator, "period": period, "measure": measure, "search": search}
    with Store(db, read_only=True) as store:
        rows = store.query(kind, region=region, indicator=indicator, period=period, measure=measure,
                           search=search, limit=limit or None)
        columns = store.columns(kind)
        # Said on stderr, so that stdout stays data (and CSV keeps its header).
        if not rows:
            given = [f"--{k} {v}" for k, v in filters.items() if v is not None]
            warn(f"no {kind} match {' '.join(given)}" if given else f"no {kind} in the database")
        elif limit and len(rows) == limit and (total := store.count(kind, **filters)) > limit:
            warn(f"showing the first {limit} of {total} {kind}; --limit 0 shows all")
    _print(kind, rows, columns, fmt)


@app.command()
def export(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (json, xlsx) or directory "
                                                "(csv, parquet) to write; - writes json to standard output.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv, json, parquet or xlsx.")] = "csv",
    excel: Annotated[bool, typer.Option("--excel", help="csv for Excel: UTF-8 with a byte-order mark.")] = False,
    datasette_metadata: Annotated[Path | None, typer.Option(
        "--datasette-metadata", help="Also write Datasette metadata (descriptions, units) here.")] = None,
    db: DbOption = None,
) -> None:
    """Export facts, targets, entities and documents.

    Example: zhibiao export --format xlsx -o zhibiao.xlsx --datasette-metadata metadata.json

    Example: zhibiao export --excel -o tables/
    """
    if output is None and datasette_metadata is None:
        raise fail("nothing to do: give -o PATH and/or --datasette-metadata PATH")
    from zhibiao.store import Store

    to_stdout = output == Path("-")
    if to_stdout and fmt != "json":
        raise fail(f"-o - writes json to standard output; {fmt} writes files (give -o PATH, or --format json)")
    with Store(db, read_only=True) as store:
        if to_stdout:
            store.export_json(sys.stdout)
        written = store.export(output, fmt, excel=excel) if output is not None and not to_stdout else []
        if datasette_metadata is not None:
            written.append(store.write_datasette_metadata(datasette_metadata))
    for path in written:
        err.print(f"wrote {path}", markup=False, highlight=False)
