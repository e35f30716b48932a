"""Alembic environment: run inside zhibiao.store.engine.upgrade() on an open connection.

Shipped inside the package (no alembic.ini needed): the Store passes its connection in
``config.attributes["connection"]``.  ``alembic -x url=…`` works too for manual runs.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from zhibiao.store.schema import include_object as _include
from zhibiao.store.schema import metadata

config = context.config
target_metadata = metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
        if not url:
            raise SystemExit("alembic: give the database with -x url=… (the Store migrates by itself)")
        engine = create_engine(url)
        with engine.begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, include_object=_include,
                              render_as_batch=conn.dialect.name == "sqlite")
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, include_object=_include,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
