"""Indexes built once after a bulk load instead of row by row during it.

Inside the caller's transaction: the secondary indexes of the tables a load fills (and on
PostgreSQL their foreign keys) are dropped and made again at its end, and SQLite's full-text insert trigger gives way to one
INSERT … SELECT of the new documents. DDL is transactional on both databases, so a load
that fails rolls back to the database as it was, indexes and triggers included.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import ForeignKeyConstraint, Index, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.schema import AddConstraint, DropConstraint

from zhibiao.store.migrations.search import FTS_INSERT_TRIGGER, PG_SEARCH_INDEXES, has_fts
from zhibiao.store.schema import articles, documents, entity_mentions, facts, targets

# documents keeps its own indexes: a load looks documents up by doc_id as it goes.
_TABLES = (articles, facts, targets, entity_mentions)


@contextmanager
def deferred_indexes(conn: Connection, incoming: Mapping[str, int]) -> Iterator[None]:
    """Build the indexes of the tables in `incoming` (name -> rows the load adds) once, at
    the end. Rebuilding costs the whole table, so a table keeps its indexes when it already
    holds more rows than the load adds."""
    dropped: list[Index] = []
    checks: list[ForeignKeyConstraint] = []
    for table in _TABLES:
        if _worth(conn, table.name, incoming.get(table.name, 0)):
            for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
                index.drop(conn)
                dropped.append(index)
            if conn.dialect.name == "postgresql":
                # PostgreSQL checks a foreign key row by row (a trigger each); added again,
                # it checks the whole table in one join. SQLite's checks are index lookups.
                for fk in sorted(table.foreign_key_constraints, key=lambda c: str(c.name)):
                    _alter(conn, DropConstraint, fk)
                    checks.append(fk)
    sqlite_fts = conn.dialect.name == "sqlite" and has_fts(conn)
    pg_search = (conn.dialect.name == "postgresql" and has_fts(conn)
                 and _worth(conn, "documents", incoming.get("documents", 0)))
    before = conn.execute(select(func.max(documents.c.id))).scalar() or 0
    if sqlite_fts:
        conn.execute(text("DROP TRIGGER documents_fts_insert"))
        hash_size = _fts_hash_size(conn, _BULK_FTS_HASH_SIZE)
    if pg_search:
        for name, _sql in PG_SEARCH_INDEXES:
            conn.execute(text(f"DROP INDEX {name}"))
    if conn.dialect.name == "postgresql" and (dropped or pg_search):
        # Index builds sort in memory up to this (default 64 MB); for this transaction only.
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    yield
    for index in dropped:
        index.create(conn)
    for fk in checks:
        _alter(conn, AddConstraint, fk)
    if sqlite_fts:
        # The load only inserts, with ids past the largest before it: these are its documents.
        conn.execute(text("INSERT INTO documents_fts(rowid, title, text) "
                          "SELECT id, title, text FROM documents WHERE id > :before"), {"before": before})
        _fts_hash_size(conn, hash_size)
        conn.execute(text(FTS_INSERT_TRIGGER))
    if pg_search:
        for _name, sql in PG_SEARCH_INDEXES:
            conn.execute(text(sql))


def _alter(conn: Connection, ddl: type[AddConstraint | DropConstraint], fk: ForeignKeyConstraint) -> None:
    """ALTER TABLE … ADD or DROP the foreign key, the model left as it was: both statements
    mark the constraint as one its table is created without (SQLAlchemy 2.0; ADD in 2.1 too),
    and metadata.create_all would then make new databases without it (migrations.head)."""
    rule = fk._create_rule
    conn.execute(ddl(fk))
    fk._create_rule = rule


# FTS5 keeps new terms in memory up to this many bytes (its default: 1 MiB) before it writes
# them as a segment and merges segments; a load's documents in 16 MiB pieces merge far less.
_BULK_FTS_HASH_SIZE = 16 * 1024 * 1024
_FTS_DEFAULT_HASH_SIZE = 1024 * 1024


def _fts_hash_size(conn: Connection, size: int) -> int:
    """Set FTS5's in-memory term buffer of documents_fts (a setting stored with the index,
    so set back at the load's end); returns the size before."""
    before = conn.execute(text("SELECT v FROM documents_fts_config WHERE k = 'hashsize'")).scalar()
    conn.execute(text("INSERT INTO documents_fts(documents_fts, rank) VALUES ('hashsize', :size)"), {"size": size})
    return int(before or _FTS_DEFAULT_HASH_SIZE)


def _worth(conn: Connection, table: str, incoming: int) -> bool:
    # The largest id bounds the row count and is read from the primary key at once.
    held = conn.execute(text(f'SELECT max(id) FROM "{table}"')).scalar() or 0
    return incoming > 0 and held <= incoming
