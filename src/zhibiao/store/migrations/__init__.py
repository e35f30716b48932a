"""Alembic migrations for the zhibiao store (shipped with the package)."""
