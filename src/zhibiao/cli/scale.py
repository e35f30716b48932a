"""``zhibiao batch``: a corpus through extract on Dask, to Parquet and the store (zhibiao.scale)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from zhibiao.cli import app
from zhibiao.cli.common import MaxBytesOption, err, report_alerts
from zhibiao.scale import DEFAULT_PARTITION_SIZE


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories (walked as ingest does), globs, and "
                                                "tables of texts (.parquet, .jsonl: id, text, published).")],
    out: Annotated[str, typer.Option("--out", help="Dataset folder to write (one Parquet file per table "
                                                   "and partition); rerun, it resumes.")],
    workers: Annotated[int | None, typer.Option(help="Local worker processes (default: one per CPU).")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Address of a running Dask scheduler "
                                                       "(tcp://host:8786) instead of local workers.")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Also load the dataset into this database "
                                                        "(as --db elsewhere), then track plans.")] = None,
    partition_size: Annotated[int, typer.Option(help="Documents per partition.")] = DEFAULT_PARTITION_SIZE,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Extract a corpus on Dask workers into a Parquet dataset; documents that fail are rows of
    its errors table.

    Example: zhibiao batch corpus/ --out dataset/ --workers 4 --db sqlite:///zhibiao.db
    """
    from zhibiao.scale import run

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        report = run(inputs, out, workers=workers, scheduler=scheduler, db=db, partition_size=partition_size,
                     max_bytes=max_bytes, progress=advance)
    report_alerts(report.alerts)
    typer.echo(report.summary())
