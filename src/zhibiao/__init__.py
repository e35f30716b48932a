"""zhibiao: figures and targets from Chinese regional-development reporting, with sources.

    >>> import zhibiao
    >>> doc = zhibiao.extract("2023年，江西省规模以上工业增加值增长5.4%。", published="2024-01-30")
    >>> [(f.indicator, f.measure, f.value, f.unit, f.period) for f in doc.facts]
    [('规模以上工业增加值', 'growth', 5.4, '%', '2023')]
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhibiao.model import Article, Document, Entity, Fact, Span, Target
from zhibiao.scale import DEFAULT_PARTITION_SIZE

if TYPE_CHECKING:
    from zhibiao.extract.pipeline import extract

__all__ = ["Article", "Document", "Entity", "Fact", "Span", "Target", "batch", "extract"]
__version__ = "0.1.0"


def batch(inputs: Iterable[str | Path], out: str | Path, *, workers: int | None = None,
          scheduler: str | Any = None, db: str | None = None, partition_size: int = DEFAULT_PARTITION_SIZE,
          max_bytes: int | None = None) -> Path:
    """A corpus through extract on Dask into the Parquet dataset `out`; returns its path.
    See zhibiao.scale.batch (imported on first use: Dask and pyarrow are slow to import)."""
    from zhibiao.scale import batch as run_batch

    return run_batch(inputs, out, workers=workers, scheduler=scheduler, db=db, partition_size=partition_size,
                     max_bytes=max_bytes)


# The pipeline loads its lexicons on import; `zhibiao --help` and the database commands do
# without it, so zhibiao.extract is imported on first use.
def __getattr__(name: str) -> Any:
    if name == "extract":
        from zhibiao.extract.pipeline import extract

        globals()["extract"] = extract
        return extract
    raise AttributeError(f"module 'zhibiao' has no attribute {name!r}")


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        # Importing the zhibiao.extract sub-package binds it here; zhibiao.extract stays the function.
        if name == "extract" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
