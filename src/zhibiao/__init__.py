"""zhibiao: figures and targets from Chinese regional-development reporting, with sources.

    >>> import zhibiao
    >>> doc = zhibiao.extract("2023年，江西省规模以上工业增加值增长5.4%。", published="2024-01-30")
    >>> [(f.indicator, f.measure, f.value, f.unit, f.period) for f in doc.facts]
    [('规模以上工业增加值', 'growth', 5.4, '%', '2023')]
"""

from collections.abc import Iterable
from pathlib import Path

from zhibiao.extract.pipeline import extract
from zhibiao.model import Article, Document, Entity, Fact, Span, Target

__all__ = ["Article", "Document", "Entity", "Fact", "Span", "Target", "batch", "extract"]
__version__ = "0.1.0"


def batch(inputs: Iterable[str | Path], out: str | Path, *, workers: int | None = None,
          scheduler: str | None = None, db: str | None = None, partition_size: int = 200) -> Path:
    """A corpus through extract on Dask into the Parquet dataset `out`; returns its path.
    See zhibiao.scale.batch (imported here on first use: Dask is slow to import)."""
    from zhibiao.scale import batch as run_batch

    return run_batch(inputs, out, workers=workers, scheduler=scheduler, db=db, partition_size=partition_size)
