"""Alembic migrations for the zhibiao store (shipped with the package)."""

# The newest revision under versions/ (tests/store/test_store_schema.py checks it is Alembic's
# head): a store is opened without importing Alembic when its schema is at this revision.
HEAD = "0005"
