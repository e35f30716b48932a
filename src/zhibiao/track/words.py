"""Numbers in words for the tracker's reasoning: base units back to 万/亿/万亿."""

from __future__ import annotations

_SCALES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))


def number(value: float) -> str:
    text = f"{value:.4g}" if abs(value) < 1e6 else f"{value:.0f}"
    return text


def amount(value: float | None, unit: str | None) -> str:
    """8.5e11 元 -> 8500亿元; 9 % -> 9%; 1.2 百分点 -> 1.2个百分点; 255 家 -> 255家."""
    if value is None:
        return "no value"
    unit = unit or ""
    if unit == "%":
        return f"{number(value)}%"
    if unit == "百分点":
        return f"{number(value)}个百分点"
    if unit == "位":
        return f"第{number(value)}位"
    for factor, word in _SCALES:
        # Keep 8500亿 rather than 0.85万亿: the press writes the larger scale only from 1.
        if abs(value) >= factor and unit not in ("%",):
            return f"{value / factor:.4g}{word}{unit}"
    return f"{number(value)}{unit}"
