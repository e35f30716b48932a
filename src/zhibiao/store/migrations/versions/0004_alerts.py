"""Supervision alerts: the last judged status of every target, and each change of it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('target_statuses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False,
              comment='what the target commits to: region|indicator|measure|year|per_year'),
    sa.Column('status', sa.String(length=12), nullable=False, comment='met, on_track, behind, missed or no_data'),
    sa.Column('updated_at', sa.String(length=32), nullable=False,
              comment='UTC time the status was last judged, ISO 8601'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_statuses')),
    sa.UniqueConstraint('key', name=op.f('uq_target_statuses_key'))
    )
    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False, comment='UTC time the change was seen, ISO 8601'),
    sa.Column('target_key', sa.Text(), nullable=False, comment='target_statuses.key'),
    sa.Column('plan', sa.Text(), nullable=True),
    sa.Column('target', sa.Text(), nullable=False, comment='the target in words'),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('subject_code', sa.String(length=12), nullable=True),
    sa.Column('indicator_key', sa.String(length=200), nullable=True),
    sa.Column('old_status', sa.String(length=12), nullable=False),
    sa.Column('new_status', sa.String(length=12), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=True),
    sa.Column('doc_id', sa.String(length=200), nullable=True, comment='document of the figure that caused the change'),
    sa.Column('published', sa.String(length=10), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('period', sa.String(length=32), nullable=True),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True,
              comment="the figure's sentence span, documents.text[start:end]"),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts'))
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index('ix_alerts_created_at', ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_alerts_created_at')
    op.drop_table('alerts')
    op.drop_table('target_statuses')
