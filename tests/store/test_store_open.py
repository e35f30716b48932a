"""Opening for reading vs writing: a mistyped database is an error, never a new empty one."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from store_helpers import JIANGXI, figure_document
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.errors import StoreError
from zhibiao.store import Store

runner = CliRunner()
READ_COMMANDS = [["query", "facts"], ["track"], ["conflicts"], ["export", "-o", "out.json", "--format", "json"]]


@pytest.mark.parametrize("db", ["typo.db", "::::", "sqlite:///typo.db"])
@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_refuse_a_missing_database(command: list[str], db: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "--db", db])
    assert result.exit_code == 2
    name = db.removeprefix("sqlite:///")
    assert result.stderr == f"zhibiao: error: no zhibiao database at {name}; create one with zhibiao ingest\n"
    assert list(tmp_path.iterdir()) == []  # nothing created, not even the export


def test_reading_refuses_a_database_without_the_schema(db_url: str) -> None:
    with pytest.raises(StoreError, match="no zhibiao database at"):
        Store(db_url, read_only=True)


def test_reading_refuses_an_sqlite_file_of_another_program(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(StoreError, match=f"no zhibiao database at {other}"):
        Store(str(other), read_only=True)


def test_a_store_opened_for_reading_does_not_write(tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    Store(str(db)).close()
    with Store(str(db), read_only=True) as store, pytest.raises(StoreError, match="opened for reading only"):
        store.ingest_document(figure_document("jx", JIANGXI))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes through any permission")
def test_a_database_in_a_read_only_folder_is_readable(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with Store(str(folder / "z.db")) as store:
        store.ingest_document(figure_document("jx", JIANGXI, source="mem://jx"))
    (folder / "z.db").chmod(0o444)
    folder.chmod(0o555)
    try:
        result = runner.invoke(app, ["query", "facts", "--format", "json", "--db", str(folder / "z.db")])
        assert result.exit_code == 0, result.stderr
        assert "赣州市" in result.stdout
    finally:
        folder.chmod(0o755)


def test_a_folder_nobody_may_write_is_read_without_creating_files(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # As root the permission test above cannot run; this one takes the same path by saying
    # the folder is not writable, and checks that SQLite then leaves no -wal/-shm files.
    from zhibiao.store import engine

    with Store(str(tmp_path / "z.db")) as store:
        store.ingest_document(figure_document("jx", JIANGXI, source="mem://jx"))
    monkeypatch.setattr(engine, "_can_write", lambda _folder: False)
    with Store(str(tmp_path / "z.db"), read_only=True) as store:
        assert len(store.facts()) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["z.db"]


def test_many_threads_read_one_read_only_store(tmp_path: Path) -> None:
    """A web server's worker threads share the reading Store: no connection is closed under
    another thread (SQLite's default pool for such an engine did, and the process crashed)."""
    from concurrent.futures import ThreadPoolExecutor

    url = f"sqlite:///{tmp_path / 'z.db'}"
    with Store(url) as store:
        store.ingest_document(figure_document("jx", JIANGXI))
    with Store(url, read_only=True) as reader, ThreadPoolExecutor(32) as pool:
        counts = list(pool.map(lambda _: reader.count("facts"), range(2000)))
    assert set(counts) == {5}
