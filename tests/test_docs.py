"""The README is runnable: its set-up commands, its Python example and every CLI command;
every command and sub-command has help and an example."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from zhibiao.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _walk(group: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every command and group under `group`, by its path (plans, plans add), from the
    click tree: a command registered later is covered as soon as it exists."""
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        yield path, command
        if hasattr(command, "commands"):
            yield from _walk(command, path + " ")


COMMANDS = dict(_walk(get_command(app)))


def test_readme_starts_with_the_two_setup_commands() -> None:
    first_block = README.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make demo", "make test"]


def test_readme_python_example_prints_what_it_says() -> None:
    block = next(b for b in README.split("```python")[1:] if "zhibiao.extract(" in b).split("```")[0]
    expected = [line.lstrip("# ").rstrip() for line in block.splitlines() if line.startswith("# ")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    assert out.getvalue().splitlines() == expected


def test_the_walk_reaches_sub_commands() -> None:
    assert {"extract", "query", "plans", "plans add", "plans list", "plans remove"} <= COMMANDS.keys()


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_help_and_an_example(path: str) -> None:
    text = COMMANDS[path].help or ""
    assert text.strip(), f"`zhibiao {path}` has no help"
    assert re.search(rf"^Example: zhibiao {path}\b", text, re.M), f"`zhibiao {path}` --help has no Example: line"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_is_documented(path: str) -> None:
    assert re.search(rf"zhibiao {path}\b", README), f"README does not show `zhibiao {path}`"
