"""Views as created by revision 0001: frozen here so later schema changes do not rewrite history."""

from __future__ import annotations

# Readable views: one row per fact/target with its subject, indicator, period, value,
# unit, evidence and where it came from. Plain SQL valid on SQLite and PostgreSQL.
VIEWS = {
    "facts_view": """
CREATE VIEW facts_view AS
SELECT f.id AS id, d.doc_id AS document, d.published AS published,
       COALESCE(d.url, d.path) AS source, d.title AS title,
       f.subject AS subject, f.subject_code AS subject_code, r.name AS region,
       f.indicator AS indicator, f.indicator_key AS indicator_key, f.measure AS measure,
       f.value AS value, f.value_max AS value_max, f.unit AS unit, f.qualifier AS qualifier,
       f.period AS period, f.basis AS basis, f.evidence AS evidence,
       f.start AS start, f."end" AS "end", f.document_id AS document_id
FROM facts f JOIN documents d ON d.id = f.document_id
LEFT JOIN regions r ON r.code = f.subject_code""",
    "targets_view": """
CREATE VIEW targets_view AS
SELECT t.id AS id, d.doc_id AS document, d.published AS published,
       COALESCE(d.url, d.path) AS source, d.title AS title,
       COALESCE(p.name, t.plan) AS plan, t.plan_id AS plan_id,
       t.subject AS subject, t.subject_code AS subject_code, r.name AS region,
       t.indicator AS indicator, t.indicator_key AS indicator_key, t.measure AS measure,
       t.value AS value, t.value_max AS value_max, t.unit AS unit, t.qualifier AS qualifier,
       t.per_year AS per_year, t.deadline AS deadline, t.evidence AS evidence,
       t.start AS start, t."end" AS "end", t.document_id AS document_id
FROM targets t JOIN documents d ON d.id = t.document_id
LEFT JOIN plans p ON p.id = t.plan_id
LEFT JOIN regions r ON r.code = t.subject_code""",
    "entities_view": """
CREATE VIEW entities_view AS
SELECT e.id AS id, e.type AS type, e.name AS name, e.code AS code,
       COUNT(m.id) AS mentions, COUNT(DISTINCT m.document_id) AS documents
FROM entities e LEFT JOIN entity_mentions m ON m.entity_id = e.id
GROUP BY e.id, e.type, e.name, e.code""",
}
