"""Corpus scale: documents through extract on Dask workers, into a Parquet dataset and the store.

    from zhibiao.scale import batch, run
    path = batch(["corpus/"], "dataset/", workers=2)        # LocalCluster of 2 processes
    path = batch(["corpus/"], "dataset/", scheduler="tcp://scheduler:8786", db="postgresql://…")
    report = run(["corpus/"], "dataset/")                   # BatchReport: partitions, rows, load

The dataset holds one folder per table (documents, facts, targets, entities, articles,
errors), one Parquet file per partition; ``dask.dataframe.read_parquet(path / "facts")``
or ``pyarrow.parquet.read_table(path / "facts")`` reads a table. Documents are read by
the readers ingest uses and extracted by ``zhibiao.extract``; a document that cannot be
read is a row of ``errors`` (id, path, error), never a failed run. A rerun skips
partitions already written, so a killed run resumes where it stopped, with the same
result. With a store URL, the dataset is loaded with ingest's idempotence (content
hash) and the tracker runs once over the result.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

DEFAULT_PARTITION_SIZE = 200

if TYPE_CHECKING:
    from zhibiao.scale.runner import BatchReport, batch, run
    from zhibiao.scale.tables import TABLES

__all__ = ["DEFAULT_PARTITION_SIZE", "TABLES", "BatchReport", "batch", "run"]


def __getattr__(name: str) -> Any:
    # Imported on first use: pyarrow and the store cost every zhibiao command time to import.
    modules = {"BatchReport": "runner", "batch": "runner", "run": "runner", "TABLES": "tables"}
    if name not in modules:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"zhibiao.scale.{modules[name]}"), name)
