"""Many rows into a table: COPY on PostgreSQL, executemany straight to the driver on SQLite.

Both skip SQLAlchemy's per-row parameter processing, which costs more than the database's
own work on a bulk load.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError


def insert_ignore(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT rows, skipping those whose unique key is stored (few rows: names, keys)."""
    if not rows:
        return
    # Imported here: the PostgreSQL dialect's modules cost an SQLite ingest 30 ms of start-up.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        conn.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
    else:
        from sqlalchemy.dialects import sqlite

        conn.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT rows that all have the same keys (see insert_rows)."""
    if rows:
        keys = list(rows[0])
        insert_rows(conn, table, keys, [tuple(row[k] for k in keys) for row in rows])


def insert_rows(conn: Connection, table: Table, keys: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT rows given as tuples in the order of `keys`, inside the caller's transaction."""
    if not rows:
        return
    columns = ", ".join(f'"{k}"' for k in keys)  # our own column names; "end" is a keyword
    if conn.dialect.name == "postgresql":
        # The cursor of the connection SQLAlchemy holds: the same transaction.
        cur: Any = conn.connection.cursor()
        statement = f'COPY "{table.name}" ({columns}) FROM STDIN'
        try:
            with cur.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        except Exception as exc:
            import psycopg

            if isinstance(exc, psycopg.Error):
                # COPY bypasses SQLAlchemy: raise its exception (IntegrityError for a duplicate
                # content hash) so that callers handle a raced batch as they do for INSERT.
                raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
            raise
        finally:
            cur.close()
        return
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" * len(keys))})'
    conn.exec_driver_sql(sql, rows)
