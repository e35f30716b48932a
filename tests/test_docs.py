"""The README is runnable: its set-up commands, its Python example and every CLI command."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from zhibiao.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


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


@pytest.mark.parametrize("command", sorted(c.name or c.callback.__name__ for c in app.registered_commands))
def test_every_command_is_documented(command: str) -> None:
    assert re.search(rf"zhibiao {command}\b", README), f"README does not show `zhibiao {command}`"
