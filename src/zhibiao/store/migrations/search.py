"""Full-text search DDL, per dialect: SQLite FTS5 (trigram) or PostgreSQL pg_trgm.

Chinese has no spaces, so word tokenizers are useless; trigram indexes find any
substring of three or more characters (shorter searches scan). Both are optional at runtime: when the SQLite
build lacks the trigram tokenizer or pg_trgm cannot be installed, search falls back
to a (slower) scan and nothing else changes.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

FTS_INSERT_TRIGGER = """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
         INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END"""
# (name, DDL) of PostgreSQL's trigram indexes.
PG_SEARCH_INDEXES = [
    ("ix_documents_text_trgm", "CREATE INDEX ix_documents_text_trgm ON documents USING gin (text gin_trgm_ops)"),
    ("ix_documents_title_trgm", "CREATE INDEX ix_documents_title_trgm ON documents USING gin (title gin_trgm_ops)"),
]
# content=[documents], bracket-quoted as sqlite-utils' enable_fts writes it, is how Datasette
# finds the index of a table (detect_fts): ?_search= on documents then uses it.
_SQLITE = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
         title, text, content=[documents], content_rowid='id', tokenize='trigram')""",
    FTS_INSERT_TRIGGER,
    """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
         INSERT INTO documents_fts(documents_fts, rowid, title, text)
         VALUES ('delete', old.id, old.title, old.text);
       END""",
    """CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
         INSERT INTO documents_fts(documents_fts, rowid, title, text)
         VALUES ('delete', old.id, old.title, old.text);
         INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END""",
]


def create_search(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        try:
            with conn.begin_nested():
                for sql in _SQLITE:
                    conn.execute(text(sql))
        except DBAPIError as exc:  # SQLite built without FTS5 or the trigram tokenizer
            log.warning("full-text index unavailable, search will scan: %s", exc)
    elif conn.dialect.name == "postgresql":
        try:
            # A savepoint: a failed CREATE EXTENSION must not abort the migration.
            with conn.begin_nested():
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                for _name, sql in PG_SEARCH_INDEXES:
                    conn.execute(text(sql))
        except DBAPIError as exc:
            log.warning("pg_trgm unavailable, search will scan: %s", exc)


def rebuild_search(conn: Connection) -> None:
    """Index every stored document again (after the index was made anew over existing rows)."""
    if conn.dialect.name == "sqlite" and has_fts(conn):
        conn.execute(text("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')"))


def drop_search(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in ("documents_fts_insert", "documents_fts_delete", "documents_fts_update"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text("DROP TABLE IF EXISTS documents_fts"))
    elif conn.dialect.name == "postgresql":
        for name, _sql in PG_SEARCH_INDEXES:
            conn.execute(text(f"DROP INDEX IF EXISTS {name}"))


def has_fts(conn: Connection) -> bool:
    """Whether the trigram index exists (decides how --search runs)."""
    if conn.dialect.name == "sqlite":
        row = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents_fts'")).first()
        return row is not None
    if conn.dialect.name == "postgresql":
        row = conn.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_documents_text_trgm'")).first()
        return row is not None
    return False
