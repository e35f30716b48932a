"""What every command shares: the option bundles and the one error path."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from zhibiao.errors import ZhibiaoError

if TYPE_CHECKING:
    from zhibiao.track.alerts import Alert

err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database URL (sqlite:///zhibiao.db, postgresql+psycopg://…) or SQLite file; "
    "default $ZHIBIAO_DB, else sqlite:///zhibiao.db.")]
MaxBytesOption = Annotated[int | None, typer.Option(
    "--max-bytes", help="Refuse inputs larger than this (default 50 MB, env ZHIBIAO_MAX_BYTES).")]
RegionOption = Annotated[str | None, typer.Option(
    "--region", help="Region name or 6-digit code (a code chooses between regions of the same name); "
    "includes what lies under it.")]


def fail(message: str, exit_code: int = 2) -> typer.Exit:
    """Print one line on stderr; returns the Exit to raise."""
    err.print(f"zhibiao: error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(exit_code)


def warn(message: str) -> None:
    err.print(f"zhibiao: {message}", markup=False, highlight=False, soft_wrap=True)


def _usage(exc: UsageError) -> typer.Exit:
    """A command line that cannot be parsed: one line naming the help to read, exit 2."""
    message = " ".join(exc.format_message().splitlines()).rstrip(".")
    where = f" (see {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
    return fail(message + where, exc.exit_code)


def report_alerts(raised: Sequence[Alert]) -> None:
    """Say on stderr which targets changed status (stdout stays the command's own output)."""
    for alert in raised:
        warn(f"alert: {alert.describe()}")


class Shell(TyperGroup):
    """The root command: an error from the API, a path the system refuses or a command line
    that cannot be parsed is one line on stderr and the error's exit code, whichever
    command raised it."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        # The root's own options (zhibiao --bogus) are parsed here; the commands' in invoke.
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            raise _usage(exc) from None

    def invoke(self, ctx: Any) -> Any:  # typer's own vendored click.Context
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:  # `zhibiao plans` alone shows its help
            raise
        except UsageError as exc:
            raise _usage(exc) from None
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
