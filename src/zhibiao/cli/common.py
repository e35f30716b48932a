"""What every command shares: the option bundles and the one error path."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from zhibiao.errors import ZhibiaoError

if TYPE_CHECKING:
    from zhibiao.track.alerts import Alert

err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database URL (sqlite:///zhibiao.db, postgresql+psycopg://…) or SQLite file; "
    "default $ZHIBIAO_DB, else sqlite:///zhibiao.db.")]
RegionOption = Annotated[str | None, typer.Option(
    "--region", help="Region name or 6-digit code (a code chooses between regions of the same name); "
    "includes what lies under it.")]


def fail(message: str, exit_code: int = 2) -> typer.Exit:
    """Print one line on stderr; returns the Exit to raise."""
    err.print(f"zhibiao: error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(exit_code)


def warn(message: str) -> None:
    err.print(f"zhibiao: {message}", markup=False, highlight=False, soft_wrap=True)


def report_alerts(raised: Sequence[Alert]) -> None:
    """Say on stderr which targets changed status (stdout stays the command's own output)."""
    for alert in raised:
        warn(f"alert: {alert.describe()}")


class Shell(TyperGroup):
    """The root command: an error from the API, or a path the system refuses, is one line
    on stderr and the error's exit code, whichever command raised it."""

    def invoke(self, ctx: Any) -> Any:  # typer's own vendored click.Context
        try:
            return super().invoke(ctx)
        except ZhibiaoError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except BrokenPipeError:
            # The reader went away (| head): stop quietly, and keep Python's final flush
            # of stdout from complaining about the closed pipe.
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (AttributeError, OSError, ValueError):
                pass
            raise typer.Exit(0) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise fail(f"{where}{exc.strerror or exc}") from None
