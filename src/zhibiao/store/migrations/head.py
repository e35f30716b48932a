"""A new database made at the newest revision in one step, without Alembic.

Importing Alembic and running every revision in turn cost about 0.1 s of CPU, a few per
cent of a first ``zhibiao ingest`` of hundreds of files; a database with none of zhibiao's
tables needs none of the revisions' data steps. What the revisions leave is the model's
tables (``schema.metadata``: tests/store/test_store_schema.py checks the migrations
against it), the views, the full-text index and Alembic's record of the revision, so
Alembic migrates the database from here on as if it had made it; that test also
compares a database made here with one Alembic made, table by table.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from zhibiao.store.migrations import HEAD
from zhibiao.store.migrations.search import create_search

# No revision after 0001 replaces a view: its copies are the views at the head.
from zhibiao.store.migrations.views_0001 import VIEWS
from zhibiao.store.schema import metadata

# Alembic's own table, as Alembic creates it.
_VERSION_TABLE = ("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                  "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")


def is_new(conn: Connection) -> bool:
    """No table of zhibiao's in the database (another application's tables may be)."""
    return not set(inspect(conn).get_table_names()) & {*metadata.tables, "alembic_version"}


def create_at_head(conn: Connection) -> None:
    """Create the schema of revision HEAD in a database where is_new holds, inside the
    caller's transaction."""
    metadata.create_all(conn)
    for sql in VIEWS.values():
        conn.execute(text(sql))
    create_search(conn)
    conn.execute(text(_VERSION_TABLE))
    conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:head)"), {"head": HEAD})
