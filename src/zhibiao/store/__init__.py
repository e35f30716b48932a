"""The zhibiao database: SQLite by default, PostgreSQL too; idempotent ingest, query, export.

Public API (everything else in this package is internal)::

    from zhibiao.store import Store

    store = Store("sqlite:///zhibiao.db")     # or postgresql+psycopg://…; None: $ZHIBIAO_DB
    report = store.ingest_paths(["corpus/"])  # IngestReport: new, unchanged, replaced, failed
    store.ingest_document(doc, source)        # an already extracted zhibiao.Document
    store.query("facts", region="江西省", indicator="工业增加值", period="2023",
                measure="growth", search="出口", limit=100)   # -> list[dict]
    store.export("out.xlsx", "xlsx"); store.write_datasette_metadata("metadata.json")

Opening a Store migrates the schema (Alembic, migrations/ ships with the package).
Errors are ``zhibiao.errors.StoreError``; bad input files never raise, they are counted
in ``IngestReport.failed`` with a reason.

For the tracker (zhibiao.track):

* ``store.query("facts" | "targets", …)`` rows carry ``id``, ``document`` (document.id),
  ``document_id`` (row id), ``published``, ``source`` (URL or path), ``title``, ``subject``,
  ``subject_code``, ``region``, ``indicator``, ``indicator_key``, ``measure``, ``value``,
  ``value_max``, ``unit``, ``qualifier``, ``evidence``, ``start``/``end``; facts add
  ``period`` and ``basis``; targets add ``plan``, ``plan_id``, ``per_year``, ``deadline``.
  The same columns are in the SQL views ``facts_view`` and ``targets_view``.
* ``store.upsert_plan(name, subject=…, subject_code=…, declared=True, baseline=…) -> id``
  creates or updates the plan keyed by (name, subject_code); ``store.plans()`` lists
  them; ``store.link_targets(plan_id, target_ids)`` attaches targets to a plan. Plans
  named only by extracted targets are created with ``declared=False`` and removed when
  their last target goes; declared plans are never removed by ingest.
* ``store.connect()`` / ``store.transaction()`` give a SQLAlchemy connection for anything
  else; the tables are in ``zhibiao.store.schema``.
"""

from zhibiao.store.core import Store
from zhibiao.store.engine import DEFAULT_URL, resolve_url
from zhibiao.store.load import IngestReport

__all__ = ["DEFAULT_URL", "IngestReport", "Store", "resolve_url"]
