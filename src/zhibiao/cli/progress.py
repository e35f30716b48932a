"""Progress bars on stderr: files ingested, and windows read of a large document.

Shown only when stderr is a terminal: in a log or a pipe a bar is noise, and stdout carries
the data. Imported by the commands that draw bars (rich.progress costs start-up time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from zhibiao.cli import common


def progress_bar() -> Progress:
    """A transient display of tasks (description, bar, done of total, time left)."""
    return Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=common.err, transient=True, disable=not common.err.is_terminal)


def document_tasks(bar: Progress) -> Callable[[str, int, int], None]:
    """Told (document, windows read, windows in all), as store.load.DocumentProgress: a task
    of ``bar`` per large document while it is read, gone when it is."""
    tasks: dict[str, TaskID] = {}

    def update(name: str, done: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = bar.add_task(_label(name), total=total)
        bar.update(tasks[name], completed=done)
        if done >= total:
            bar.remove_task(tasks.pop(name))

    return update


@contextmanager
def reading(name: str, text: str) -> Iterator[Callable[[int, int], None] | None]:
    """extract.pipeline.Progress for one document: a bar while a text too long to read at
    once is read; None (no bar) for any other."""
    from zhibiao.extract.pipeline import windows

    if len(windows(text)) <= 1:
        yield None
        return
    with progress_bar() as bar:
        yield partial(document_tasks(bar), name)


def _label(name: str) -> str:
    """The file's name, at most 30 characters: the bar keeps its width."""
    label = Path(name).name or name
    return label if len(label) <= 30 else label[:29] + "…"
