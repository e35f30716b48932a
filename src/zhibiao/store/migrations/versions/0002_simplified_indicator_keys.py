"""Indicator keys in simplified script: rows read from traditional-script texts get the key
their simplified twin has (規上工業增加值 -> 规模以上工业增加值), so they join.

Only rows whose indicator as written is not in simplified script change; the key comes
from ``indicator_key`` of this version, as ingest computes it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 20:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from zhibiao.extract.indicators import indicator_key
from zhibiao.extract.text import to_simplified

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As of this revision: only the columns this migration touches.
_INDICATORS = sa.table("indicators", sa.column("key"), sa.column("label"))
_ROWS = [sa.table(name, sa.column("indicator"), sa.column("indicator_key")) for name in ("facts", "targets")]


def upgrade() -> None:
    conn = op.get_bind()
    written: set[str] = set()
    for rows in _ROWS:
        written.update(r[0] for r in conn.execute(sa.select(rows.c.indicator).where(
            rows.c.indicator.is_not(None)).distinct()))
    new_keys = {ind: key for ind in sorted(written)
                if to_simplified(ind) != ind and (key := indicator_key(ind)) is not None}
    if not new_keys:
        return
    known = {r[0] for r in conn.execute(sa.select(_INDICATORS.c.key).where(
        _INDICATORS.c.key.in_(sorted(set(new_keys.values())))))}
    labels: dict[str, str] = {}
    for ind, key in new_keys.items():
        if key not in known:
            labels.setdefault(key, ind)
    if labels:  # the new keys first: facts and targets reference them
        conn.execute(sa.insert(_INDICATORS), [{"key": k, "label": v} for k, v in labels.items()])
    old_keys: set[str] = set()
    for rows in _ROWS:
        for ind, key in new_keys.items():
            old_keys.update(r[0] for r in conn.execute(sa.select(rows.c.indicator_key).where(
                rows.c.indicator == ind, rows.c.indicator_key != key).distinct()) if r[0] is not None)
            conn.execute(sa.update(rows).where(rows.c.indicator == ind).values(indicator_key=key))
    # Old keys no row refers to any more (a key both scripts shared stays).
    for key in old_keys:
        if not any(conn.execute(sa.select(rows.c.indicator_key).where(rows.c.indicator_key == key).limit(1)).first()
                   for rows in _ROWS):
            conn.execute(sa.delete(_INDICATORS).where(_INDICATORS.c.key == key))


def downgrade() -> None:
    pass  # simplified keys are valid keys for the older code too: nothing to undo
