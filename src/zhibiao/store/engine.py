"""Database URLs, engines and migrations.

Opening for writing creates and migrates the database; opening for reading refuses one
that does not exist and writes nothing, so a mistyped ``--db`` is an error, not an
empty result, and a database in a read-only place can still be queried.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from zhibiao.errors import StoreError
from zhibiao.store.migrations import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///zhibiao.db"
MIGRATIONS = Path(__file__).with_name("migrations")
# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises migrations.
_MIGRATION_LOCK = 0x7A68696269616F
_WRITE_LOCK = _MIGRATION_LOCK + 1


def resolve_url(url: str | None = None) -> str:
    """--db, else $ZHIBIAO_DB, else sqlite:///zhibiao.db; a bare file path means SQLite."""
    url = url or os.environ.get("ZHIBIAO_DB") or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        # psycopg 3 is the driver we ship; SQLAlchemy would otherwise look for psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def sqlite_path(url: str) -> str | None:
    """The file of an SQLite URL; None for other databases, in-memory and URI forms."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return path


def _sqlite_pragmas(writing: bool) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        # First, so that the statements below wait for a busy database too. A writer waits
        # longer: another process may be migrating a new database or writing a batch.
        cur.execute(f"PRAGMA busy_timeout = {60_000 if writing else 10_000}")
        # Foreign keys are off by default in SQLite; WAL + NORMAL makes each per-document
        # commit cheap while staying safe against a killed process.
        cur.execute("PRAGMA foreign_keys = ON")
        if writing:
            _journal_wal(cur)
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()
    return on_connect


def _journal_wal(cur: Any) -> None:
    """PRAGMA journal_mode = WAL, waiting while another process holds the database: switching
    the journal of a new database takes its lock and may answer "locked" at once rather than
    wait (two ingests starting together)."""
    for attempt in range(600):  # up to a minute, like a writer's busy_timeout
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 599:
                raise
            time.sleep(0.1)


def missing_database(name: str) -> StoreError:
    return StoreError(f"no zhibiao database at {name}; create one with zhibiao ingest")


def _can_write(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _read_only_sqlite(url: str, path: str) -> Engine:
    file = Path(path).expanduser()
    if not file.is_file():
        raise missing_database(path)
    # SQLite needs to create the -shm file next to a WAL database even to read it; where
    # it cannot (a read-only folder) nobody can be writing the file, so it is immutable.
    mode = "?mode=ro" if _can_write(file.resolve().parent) else "?immutable=1"
    uri = file.resolve().as_uri().replace("file://", "file:", 1) + mode
    # A queue pool, not the SingletonThreadPool that "sqlite://" would get: that one closes
    # other threads' connections past 5 threads, in use (a web server's threads segfaulted).
    # Sized for the web server's 40 worker threads.
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                         poolclass=QueuePool, pool_size=8, max_overflow=40)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for `url`; read_only: the database must exist and is never written."""
    try:
        if url.startswith("sqlite"):
            path = sqlite_path(url)
            if read_only and path is not None:
                engine = _read_only_sqlite(url, path)
            else:
                if path is not None:
                    parent = Path(path).expanduser().resolve().parent
                    if not parent.is_dir():
                        raise StoreError(f"{url}: directory {parent} does not exist")
                engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_pragmas(writing=not read_only))
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError, OSError) as exc:
        raise StoreError(f"{url}: not a usable database URL ({exc})") from None
    if engine.dialect.name == "postgresql":
        # A batch another process raced (a unique key) is written again document by document;
        # psycopg's "error ignored terminating <Pipeline>" warning about the aborted batch is
        # noise on a user's terminal.
        logging.getLogger("psycopg").setLevel(logging.ERROR)
    if engine.dialect.name not in ("sqlite", "postgresql"):
        raise StoreError(f"{url}: only SQLite and PostgreSQL are supported")
    return engine


_MIGRATION_WAIT_MS = 300_000


@contextmanager
def write_transaction(engine: Engine, *, exclusive: bool = False) -> Iterator[Connection]:
    """One transaction that holds the write lock from its start.

    SQLite: a deferred transaction that reads first fails at once (SQLITE_BUSY) when
    another process commits meanwhile; BEGIN IMMEDIATE waits its turn instead.
    exclusive: also serialise against other migrations (PostgreSQL: advisory lock).
    """
    with engine.begin() as conn:
        _lock(conn, exclusive)
        yield conn


# The page cache of a bulk load's connection, in KiB (SQLite's default is 2 000): a load
# writes far more pages than that, and those spilled from a full cache go to the WAL twice.
_BULK_CACHE_KIB = 131_072


@contextmanager
def bulk_transaction(engine: Engine) -> Iterator[Connection]:
    """write_transaction for a bulk load. SQLite: foreign keys unchecked (the load's rows
    refer only to keys it made or read in this same transaction, and each check is an
    index lookup a row) and a larger page cache; both as before once it ends, so the
    connection goes back to the pool as it came."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            cache = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            # Outside any transaction: SQLite ignores a change of foreign_keys inside one.
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.exec_driver_sql(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
            conn.commit()
        try:
            with conn.begin():
                _lock(conn, exclusive=False)
                if not sqlite:
                    _fast_toast(conn)
                yield conn
        finally:
            if sqlite and not conn.invalidated:
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.exec_driver_sql(f"PRAGMA cache_size = {cache}")
                conn.commit()


def _fast_toast(conn: Connection) -> None:
    """PostgreSQL: the load's texts compressed with lz4 instead of pglz, for this transaction.

    Every text of a few kB is compressed as it is stored, and lz4 compresses several times
    faster than pglz: 0.1-0.3 s of the server's 4.4 s on 20 MB of text. Values read back
    are the same; a server built without lz4 (or older than 14) keeps its default.
    """
    setting = text("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
    choices = conn.execute(setting).scalar()
    if choices and "lz4" in choices:
        conn.execute(text("SET LOCAL default_toast_compression = 'lz4'"))


def _lock(conn: Connection, exclusive: bool) -> None:
    if conn.dialect.name == "sqlite":
        if exclusive:
            # Another process's migration (tables, search index, the gazetteer's regions)
            # can take longer than a write on a loaded machine: wait for it, don't fail.
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {_MIGRATION_WAIT_MS}")
        conn.exec_driver_sql("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE")
    else:
        # PostgreSQL: writers take turns as on SQLite, so a write that checked what is stored
        # is not overtaken by another storing the same documents meanwhile.
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK if exclusive else _WRITE_LOCK})


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _revision(conn: Connection) -> str | None:
    """The schema's revision as Alembic recorded it; None: no zhibiao schema yet."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it already is).

    The version check and the upgrade run under one lock, so two processes opening a
    new database at once migrate it once. Alembic is imported only to migrate an existing
    database: importing it costs more than the rest of opening a store that is up to date,
    and a new one is made at the newest revision directly (migrations.head).
    """
    try:
        with engine.connect() as conn:
            if _revision(conn) == HEAD:
                return
        with write_transaction(engine, exclusive=True) as conn:
            revision = _revision(conn)
            if revision == HEAD:  # another process migrated while we waited
                return
            from zhibiao.store.migrations.head import create_at_head, is_new

            if revision is None and is_new(conn):
                create_at_head(conn)
                return
            from alembic import command

            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"{_safe(engine)}: cannot open or migrate the database: {_first_line(exc)}") from None


def open_for_reading(url: str) -> Engine:
    """An engine over an existing zhibiao database, written only when its schema is older
    than this zhibiao (then migrated once, through a writing engine)."""
    engine = make_engine(url, read_only=True)
    name = sqlite_path(url) or _safe(engine)
    try:
        with engine.connect() as conn:
            current = _revision(conn)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"{name}: cannot read the database: {_first_line(exc)}") from None
    if current is None:
        engine.dispose()
        raise missing_database(name)
    if current != HEAD:
        writer = make_engine(url)
        try:
            upgrade(writer)
        finally:
            writer.dispose()
    return engine


def _safe(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
