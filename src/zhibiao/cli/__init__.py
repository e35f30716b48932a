"""The ``zhibiao`` command: a thin shell over the Python API.

Each sub-module registers its commands on ``app``; errors from the API
(``ZhibiaoError``) become one line on stderr and exit code 2.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="zhibiao",
    help="Figures and targets from Chinese regional-development reporting, with their sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """Figures and targets from Chinese regional-development reporting, with their sources."""


# Registration order is the order in --help.
from zhibiao.cli import extract as _extract  # noqa: E402,F401
from zhibiao.cli import store as _store  # noqa: E402,F401
from zhibiao.cli import track as _track  # noqa: E402,F401


def main() -> None:
    app()
