"""Commands over the database: ingest, query, export (see zhibiao.store)."""
