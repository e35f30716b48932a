"""The kind of each document (communique, report, plan, notice, news, page, other), as the
extractor's document frame reads it: what the dashboard filters documents by; an index on
the ingest time (Store.version).

Documents stored before are given the kind their opening lines name (the frame's rule
without the layout's newspaper-page cue: ingest --force reads that too).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 22:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500


def upgrade() -> None:
    from zhibiao.extract.frame import opening_kind

    # Plain ALTER TABLE, not a batch: copying the table would break the views over it (SQLite).
    op.add_column('documents', sa.Column('kind', sa.String(length=20), nullable=True,
                                         comment='communique, report, plan, notice, news, page or other'))
    op.create_index('ix_documents_kind', 'documents', ['kind'], unique=False)
    # Store.version() reads the latest ingest time: an index, not a scan of every text.
    op.create_index('ix_documents_ingested_at', 'documents', ['ingested_at'], unique=False)
    conn = op.get_bind()
    docs = sa.table('documents', sa.column('id', sa.Integer), sa.column('text', sa.Text),
                    sa.column('kind', sa.String))
    last = 0
    while True:  # in batches of opening lines: never every text in memory at once
        rows = conn.execute(sa.select(docs.c.id, sa.func.substr(docs.c.text, 1, 1200)).where(docs.c.id > last)
                            .order_by(docs.c.id).limit(_BATCH)).all()
        if not rows:
            break
        conn.execute(docs.update().where(docs.c.id == sa.bindparam('pk')).values(kind=sa.bindparam('k')),
                     [{"pk": pk, "k": opening_kind(head or "")} for pk, head in rows])
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index('ix_documents_ingested_at', table_name='documents')
    op.drop_index('ix_documents_kind', table_name='documents')
    op.drop_column('documents', 'kind')  # SQLite 3.35 and later drop a column in place
