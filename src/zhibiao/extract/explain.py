"""Why a figure landed where it did: the document frame, then each fact and target with
where its subject and period came from (``zhibiao extract FILE --explain``)."""

from __future__ import annotations

from zhibiao.model import Document, Fact, Target


def explain(doc: Document) -> str:
    """A plain-text account of a document's frame and of every fact's and target's reading."""
    fr = doc.frame
    lines = [f"{doc.id}: a {fr.get('kind') or 'document'}",
             f"  subject: {fr.get('subject') or '-'}" + (f"  (from {fr['subject_from']})" if fr.get("subject_from") else ""),
             f"  period: {fr.get('period') or '-'}" + (f"  (from {fr['period_from']})" if fr.get("period_from") else "")]
    items: list[Fact | Target] = [*doc.facts, *doc.targets]
    for n, item in enumerate(items, 1):
        lines.append("")
        lines.append(f"{n}. {_summary(item)}")
        lines.append(f"   evidence [{item.start}:{item.end}]: {doc.evidence(item)}")
        for field, source in item.why.items():
            lines.append(f"   {field}: {source or 'nothing in scope'}")
    return "\n".join(lines) + "\n"


def _summary(item: Fact | Target) -> str:
    value = number_text(item.value)
    if item.value_max is not None:
        value += f"–{number_text(item.value_max)}"
    when = item.period if isinstance(item, Fact) else f"by {item.deadline or '?'}"
    kind = "fact" if isinstance(item, Fact) else "target"
    return (f"{kind}: {item.subject or '-'} · {item.indicator or '-'} · {item.measure} {value} "
            f"{item.unit or ''} · {when or '-'}").replace("  ", " ")


def number_text(value: float | None) -> str:
    """18620000000 -> 18,620,000,000; 5.4 -> 5.4 (no exponents: people read these)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")
