"""Server-side rendering helpers: the highlighted text of a document and SVG charts.

Both produce plain data for the templates (which escape everything), never markup, so
nothing from a document can reach the page unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any


@dataclass(slots=True)
class Segment:
    text: str
    items: list[str] = field(default_factory=list)  # ids of the items covering it: fact-3, entity-9
    kinds: list[str] = field(default_factory=list)  # their types, for the colour
    anchors: list[str] = field(default_factory=list)  # ids that start here (items, then spans)


def segments(doc: dict[str, Any]) -> list[Segment]:
    """Cut the text at every item boundary; each piece knows the items over it.

    Spans overlap (an entity inside a fact), so pieces are flat rather than nested; an
    item's first piece carries its anchor (#fact-3) and one for its span (#span-10-24).
    """
    text: str = doc["text"]
    spans: list[tuple[int, int, str, str]] = []
    for kind, rows in (("fact", doc["facts"]), ("target", doc["targets"]), ("entity", doc["entities"])):
        for r in rows:
            start, end = max(0, int(r["start"])), min(len(text), int(r["end"]))
            if start < end:
                spans.append((start, end, kind, f"{kind}-{r['id']}"))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    spans.sort()
    out: list[Segment] = []
    seen_spans: set[str] = set()
    active: list[tuple[int, int, str, str]] = []
    i = 0
    for a, b in pairwise(cuts):  # a sweep: the spans over [a, b) are those begun and not ended
        while i < len(spans) and spans[i][0] <= a:
            active.append(spans[i])
            i += 1
        active = [s for s in active if s[1] > a]
        seg = Segment(text[a:b])
        for start, end, kind, ident in active:
            seg.items.append(ident)
            if kind not in seg.kinds:
                seg.kinds.append(kind)
            if start == a:
                seg.anchors.append(ident)
                span = f"span-{start}-{end}"
                if span not in seen_spans:
                    seen_spans.add(span)
                    seg.anchors.append(span)
        out.append(seg)
    return out


WIDTH, HEIGHT, PAD = 720, 320, 48
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def chart(series: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Coordinates of a line chart (one line per series, x = period end in years) for an SVG."""
    points = [p for s in series for p in s["points"]]
    if not points:
        return None
    xs, ys = [p["x"] for p in points], [p["value"] for p in points]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(0.0, min(ys)), max(ys)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    if y1 == y0:
        y1 = y0 + 1

    def sx(x: float) -> float:
        return round(PAD + (x - x0) / (x1 - x0) * (WIDTH - 2 * PAD), 1)

    def sy(y: float) -> float:
        return round(HEIGHT - PAD - (y - y0) / (y1 - y0) * (HEIGHT - 2 * PAD), 1)

    lines = []
    for i, s in enumerate(series):
        pts = [{**p, "cx": sx(p["x"]), "cy": sy(p["value"])} for p in s["points"]]
        lines.append({"label": f"{s['region']} · {s['indicator_key']} · {s['measure']} ({s['unit']})", "colour": COLOURS[i % len(COLOURS)],
                      "path": " ".join(f"{p['cx']},{p['cy']}" for p in pts), "points": pts})
    ends = range(int(x0), int(x1) + 1)  # x is where a period ends: 2024.0 is the end of 2023
    return {"width": WIDTH, "height": HEIGHT, "lines": lines,
            "x_ticks": [{"x": sx(t), "label": str(t - 1)} for t in ends if x0 <= t <= x1][:20],
            "y_ticks": [{"y": sy(v), "label": f"{v:.4g}"} for v in (y0, (y0 + y1) / 2, y1)],
            "left": PAD, "right": WIDTH - PAD, "top": PAD, "bottom": HEIGHT - PAD}
