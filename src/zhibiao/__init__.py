"""zhibiao: figures and targets from Chinese regional-development reporting, with sources.

    >>> import zhibiao
    >>> doc = zhibiao.extract("2023年，江西省规模以上工业增加值增长5.4%。", published="2024-01-30")
    >>> [(f.indicator, f.measure, f.value, f.unit, f.period) for f in doc.facts]
    [('规模以上工业增加值', 'growth', 5.4, '%', '2023')]
"""

from zhibiao.extract.pipeline import extract
from zhibiao.model import Article, Document, Entity, Fact, Span, Target

__all__ = ["Article", "Document", "Entity", "Fact", "Span", "Target", "extract"]
__version__ = "0.1.0"
