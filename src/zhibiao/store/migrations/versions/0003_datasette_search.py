"""The SQLite full-text index as Datasette detects it: documents_fts with content=[documents].

Revision 0001 wrote content='documents', which Datasette's detect_fts does not recognise,
so ?_search= on documents filtered nothing. The index is made anew and rebuilt from the
stored documents; PostgreSQL (pg_trgm) is unchanged.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 20:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from zhibiao.store.migrations.search import create_search, drop_search, rebuild_search

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        drop_search(conn)
        create_search(conn)
        rebuild_search(conn)


def downgrade() -> None:
    pass  # the index of revision 0003 serves the code of revision 0001 as well
