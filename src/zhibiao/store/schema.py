"""The database schema (SQLAlchemy Core), shared by SQLite and PostgreSQL.

The Alembic migrations under ``migrations/versions`` create exactly these tables; this
module is what the code reads and writes through. Offsets ``start``/``end`` are code-point
offsets into ``documents.text`` (the zhibiao/1 contract), and ``evidence`` is that slice,
copied so that views and exports can show it without slicing in SQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

# Stable constraint names so migrations can address them on both dialects.
metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", String(200), nullable=False, comment="document.id of the zhibiao/1 output (file stem)"),
    Column("content_hash", String(64), nullable=False, unique=True,
           comment="sha256 of the file's bytes: the same content is ingested once"),
    Column("path", Text, unique=True, comment="file path as given at ingest; a new version replaces the old"),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10), comment="publication date, YYYY[-MM[-DD]]"),
    Column("format", String(20)),
    Column("encoding", String(40)),
    Column("chars", Integer, nullable=False, comment="length of text in code points"),
    Column("text", Text, nullable=False, comment="the decoded original text all offsets point into"),
    Column("extractor_version", String(40)),
    Column("ingested_at", String(32), nullable=False, comment="UTC time of ingest, ISO 8601"),
    Column("kind", String(20), comment="communique, report, plan, notice, news, page or other"),
)
Index("ix_documents_published", documents.c.published)
Index("ix_documents_kind", documents.c.kind)
Index("ix_documents_ingested_at", documents.c.ingested_at)
Index("ix_documents_doc_id", documents.c.doc_id)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("title", Text),
    Column("bylines", Text, comment="JSON list of bylines"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)
Index("ix_articles_document_id", articles.c.document_id)

regions = Table(
    "regions", metadata,
    Column("code", String(12), primary_key=True, comment="GB/T 2260 administrative division code"),
    Column("name", String(100), nullable=False),
    Column("level", String(20), comment="country, province, prefecture or county"),
    Column("parent_code", String(12), ForeignKey("regions.code", ondelete="SET NULL")),
)
Index("ix_regions_name", regions.c.name)
Index("ix_regions_parent_code", regions.c.parent_code)

indicators = Table(
    "indicators", metadata,
    Column("key", String(200), primary_key=True, comment="canonical indicator key (indicator_key())"),
    Column("label", Text, nullable=False, comment="the indicator as first seen in a text"),
)

plans = Table(
    "plans", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, comment="plan or programme name (十四五规划, 政府工作报告 2024)"),
    Column("subject", Text, comment="region or body the plan belongs to"),
    Column("subject_code", String(12)),
    Column("declared", Boolean, nullable=False, default=False,
           comment="true: declared by a plan file (zhibiao.track); false: only named by extracted targets"),
    Column("baseline", Text, comment="baseline period or value the plan's targets start from"),
    Column("key", Text, nullable=False, unique=True, comment="name|subject_code, one row per plan"),
)
Index("ix_plans_subject_code", plans.c.subject_code)

facts = Table(
    "facts", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("subject", Text),
    Column("subject_code", String(12), comment="GB/T 2260 code of the subject region"),
    Column("indicator", Text),
    Column("indicator_key", String(200), ForeignKey("indicators.key"), comment="canonical indicator key"),
    Column("measure", String(12), nullable=False, comment="level, growth, change or rank"),
    Column("value", Float, comment="in base units (scale words multiplied out); unit in column unit"),
    Column("value_max", Float, comment="upper end of a range, same unit as value"),
    Column("unit", String(40), comment="canonical unit: 元, %, 百分点, 位, 家 …"),
    Column("period", String(32), comment="ISO-style period: 2023, 2023-11, 2023-Q3, 2023-01/2023-11"),
    Column("period_year", Integer, comment="last year the period covers (query helper)"),
    Column("basis", String(40)),
    Column("qualifier", String(12)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("evidence", Text, nullable=False, comment="documents.text[start:end]"),
)
Index("ix_facts_document_id", facts.c.document_id)
Index("ix_facts_indicator_key_subject_code", facts.c.indicator_key, facts.c.subject_code, facts.c.period_year)
Index("ix_facts_subject_code_period_year", facts.c.subject_code, facts.c.period_year)
Index("ix_facts_period_year", facts.c.period_year)

targets = Table(
    "targets", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="SET NULL")),
    Column("plan", Text, comment="plan name as written"),
    Column("subject", Text),
    Column("subject_code", String(12)),
    Column("indicator", Text),
    Column("indicator_key", String(200), ForeignKey("indicators.key")),
    Column("measure", String(12), nullable=False, comment="level, growth, change, rank or milestone"),
    Column("value", Float),
    Column("value_max", Float),
    Column("unit", String(40)),
    Column("qualifier", String(12)),
    Column("per_year", Boolean, nullable=False, default=False, comment="a yearly rate (年均增长)"),
    Column("deadline", String(32), comment="ISO-style deadline: 2025, 2027-12-31"),
    Column("deadline_year", Integer),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("evidence", Text, nullable=False),
)
Index("ix_targets_document_id", targets.c.document_id)
Index("ix_targets_indicator_key_subject_code", targets.c.indicator_key, targets.c.subject_code)
Index("ix_targets_subject_code_deadline_year", targets.c.subject_code, targets.c.deadline_year)
Index("ix_targets_plan_id", targets.c.plan_id)

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(12), nullable=False, comment="region, org, person or plan"),
    Column("name", Text, nullable=False),
    Column("code", String(12), comment="GB/T 2260 code for regions"),
    Column("key", Text, nullable=False, unique=True, comment="type|name|code"),
)
Index("ix_entities_code", entities.c.code)
Index("ix_entities_name", entities.c.name)

entity_mentions = Table(
    "entity_mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)
Index("ix_entity_mentions_entity_id", entity_mentions.c.entity_id)
Index("ix_entity_mentions_document_id", entity_mentions.c.document_id)

target_statuses = Table(
    "target_statuses", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True, comment="what the target commits to: region|indicator|measure|year|per_year"),
    Column("status", String(12), nullable=False, comment="met, on_track, behind, missed or no_data"),
    Column("updated_at", String(32), nullable=False, comment="UTC time the status was last judged, ISO 8601"),
)

alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", String(32), nullable=False, comment="UTC time the change was seen, ISO 8601"),
    Column("target_key", Text, nullable=False, comment="target_statuses.key"),
    Column("plan", Text),
    Column("target", Text, nullable=False, comment="the target in words"),
    Column("subject", Text),
    Column("subject_code", String(12)),
    Column("indicator_key", String(200)),
    Column("old_status", String(12), nullable=False),
    Column("new_status", String(12), nullable=False),
    Column("reasoning", Text),
    Column("doc_id", String(200), comment="document of the figure that caused the change"),
    Column("published", String(10)),
    Column("value", Float),
    Column("unit", String(40)),
    Column("period", String(32)),
    Column("start", Integer),
    Column("end", Integer),
    Column("evidence", Text, comment="the figure's sentence span, documents.text[start:end]"),
)
Index("ix_alerts_created_at", alerts.c.created_at)

# The readable views (SQL in migrations/views_0001.py, created by the migrations).
VIEW_NAMES = ("facts_view", "targets_view", "entities_view")



def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """For Alembic comparisons: FTS5 shadow tables and views are made by hand in migrations."""
    if name is None:
        return True
    if type_ == "table":
        return not (name.startswith("documents_fts") or name.endswith("_view"))
    return not (type_ == "index" and name.endswith("_trgm"))


