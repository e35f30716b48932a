"""Every command and option of the CLI, with values a user can type by mistake: huge and
negative numbers, empty strings, missing folders, paths nobody can write. Each must give
a result or an error message and exit code, never a traceback.

The commands and options are read from the Typer app, so a new one is covered as soon
as it exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from zhibiao import samples
from zhibiao.cli import app

runner = CliRunner()
NUMBERS = ["99999999999999999999", "-99999999999999999999", "-1", "0"]
# Relative paths land in each case's own folder: a command may create missing folders.
TEXTS = ["", "missing_dir/x/out.json", "/proc/nope/out", "/dev/null/out", "-"]
DOCUMENT = "2023年，西陵县粮食总产量增长2.5%，达到12万吨。\n"


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMANDS = list(_commands(get_command(app)))


def _valid_arguments(command: Any, files: dict[str, Path]) -> dict[str, str]:
    """A usable value for each positional argument (a new argument gets a document)."""
    known = {"kind": "facts", "files": str(files["plan"])}
    return {p.name: known.get(p.name, str(files["document"])) for p in command.params
            if p.param_type_name == "argument"}


def _cases() -> Iterator[Any]:
    for path, command in COMMANDS:
        for param in command.params:
            kind = param.type_descriptor.annotation
            if kind is bool:  # flags take no value
                continue
            values = NUMBERS if kind is int else TEXTS + NUMBERS[:1]
            for value in values:
                yield pytest.param(path, param.name, value, id=f"{' '.join(path)} {param.name}={value!r}")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    (root / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    plan = samples.demo_plans()[0]
    (root / "plan.yaml").write_text(samples.read_text(plan), encoding="utf-8")
    db = root / "filled.db"
    assert runner.invoke(app, ["ingest", str(root / "doc.txt"), "--jobs", "1", "--db", str(db)]).exit_code == 0
    return {"document": root / "doc.txt", "plan": root / "plan.yaml", "db": db}


@pytest.mark.parametrize(("path", "name", "value"), list(_cases()))
def test_no_traceback(path: tuple[str, ...], name: str, value: str, files: dict[str, Path],
                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # whatever a hostile value makes a command write lands here
    monkeypatch.setenv("ZHIBIAO_DB", str(files["db"]))
    # serve would serve until stopped: check its options, never start the server.
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: None)
    command = dict(COMMANDS)[path]
    arguments = _valid_arguments(command, files)
    options: list[str] = []
    param = next(p for p in command.params if p.name == name)
    if param.param_type_name == "argument":
        arguments[name] = value
    else:
        options = [param.opts[-1], value]
    if path == ("ingest",) and name != "jobs":
        options += ["--jobs", "1"]  # no process pool per case
    result = runner.invoke(app, [*path, *arguments.values(), *options], input="")
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), shown
    if result.exit_code == 2 and "Usage:" not in shown:  # usage errors are the parser's
        lines = result.stderr.splitlines()
        assert any(line.startswith("zhibiao: error: ") for line in lines), shown
        assert all(line.startswith("zhibiao: ") for line in lines), shown


@pytest.mark.parametrize(("args", "message"), [
    (["query", "facts", "--limit", "99999999999999999999", "--format", "jsonl"], None),
    (["extract", "{doc}", "-o", "missing_dir/x.json"], "zhibiao: error: missing_dir/x.json: No such file or directory"),
    (["extract", "{doc}", "--emit-text", "/proc/nope"], "zhibiao: error: /proc/nope: No such file or directory"),
])
def test_the_reported_crashes(args: list[str], message: str | None, files: dict[str, Path], tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZHIBIAO_DB", str(files["db"]))
    result = runner.invoke(app, [a.format(doc=files["document"]) for a in args])
    if message is None:
        assert result.exit_code == 0 and "西陵县" in result.stdout
    else:
        assert (result.exit_code, result.stderr) == (2, message + "\n")


def test_the_walk_covers_every_command() -> None:
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"extract", "ingest", "query", "export", "track", "conflicts", "demo", "plans add"} <= names
