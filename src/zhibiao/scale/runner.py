"""A batch run: partitions on Dask workers, a Parquet dataset, optionally into the store."""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhibiao.errors import BatchError, ZhibiaoError
from zhibiao.ingest import size_limit
from zhibiao.scale import DEFAULT_PARTITION_SIZE
from zhibiao.scale.partitions import MARKERS, Partition, check_manifest, is_done, plan, write_partition
from zhibiao.scale.tables import TABLES
from zhibiao.store import IngestReport, Store

if TYPE_CHECKING:
    from zhibiao.track.alerts import Alert

MAX_WORKERS = 1024


@dataclass(slots=True)
class BatchReport:
    """What a batch run did: partitions written now or before, rows per table, the load."""

    path: Path
    partitions: int = 0
    skipped: int = 0  # partitions an earlier run had written
    rows: dict[str, int] = field(default_factory=dict)
    loaded: IngestReport | None = None
    statuses: Counter[str] = field(default_factory=Counter)  # tracked targets by status
    alerts: list[Alert] = field(default_factory=list)  # status changes the load caused

    def summary(self) -> str:
        rows = self.rows
        text = (f"{rows.get('documents', 0)} documents, {rows.get('facts', 0)} facts, "
                f"{rows.get('targets', 0)} targets, {rows.get('errors', 0)} errors in {self.partitions} "
                f"partitions ({self.skipped} already written) at {self.path}")
        if self.loaded is not None:
            text += f"\nloaded: {self.loaded.summary()}"
            tracked = ", ".join(f"{n} {status}" for status, n in sorted(self.statuses.items()))
            text += f"\ntracked: {sum(self.statuses.values())} targets" + (f" ({tracked})" if tracked else "")
        return text


def run(inputs: Iterable[str | Path], out: str | Path, *, workers: int | None = None, scheduler: str | Any = None,
        db: str | None = None, partition_size: int = DEFAULT_PARTITION_SIZE, max_bytes: int | None = None,
        processes: bool = True, progress: Callable[[str, int, int], None] | None = None) -> BatchReport:
    """Extract every document under `inputs` into a Parquet dataset at `out`; see zhibiao.scale.

    scheduler: a Dask scheduler address, or a connected ``distributed.Client`` (of a
    dask-gateway or dask-kubernetes cluster); None starts a LocalCluster of `workers`.
    max_bytes: files over it are errors (default: zhibiao.ingest's, read here, not on the workers).

    progress(stage, done, total) is called as partitions finish ("extract") and load ("load").
    """
    if workers is not None and scheduler is not None:
        raise BatchError("give --workers (a local cluster) or --scheduler (a running one), not both")
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise BatchError(f"--workers {str(workers)[:24]}: give 1 to {MAX_WORKERS} workers")
    root = Path(out).absolute()
    # Opened first: a wrong URL is said before the corpus is extracted, not after.
    store = Store(db) if db is not None else None
    try:
        return _run(inputs, root, workers, scheduler, store, partition_size, size_limit(max_bytes), processes,
                    progress)
    finally:
        if store is not None:
            store.close()


def _run(inputs: Iterable[str | Path], root: Path, workers: int | None, scheduler: str | Any,
         store: Store | None, partition_size: int, max_bytes: int, processes: bool,
         progress: Callable[[str, int, int], None] | None) -> BatchReport:
    # Absolute paths: workers elsewhere (another process, another machine) read them.
    parts = plan([os.path.abspath(p) for p in inputs], partition_size)
    check_manifest(root, parts, partition_size, max_bytes)
    todo = [p for p in parts if not is_done(root, p.number)]
    report = BatchReport(root, len(parts), len(parts) - len(todo))
    if todo:
        _compute(todo, root, max_bytes, workers, scheduler, processes,
                 lambda done: progress("extract", report.skipped + done, len(parts)) if progress else None)
    report.rows = dict.fromkeys(TABLES, 0)
    for done in (root / MARKERS).glob("part-*.json"):
        for table, n in json.loads(done.read_text(encoding="utf-8")).items():
            report.rows[table] += n
    if store is not None:
        _load(report, store, progress)
    return report


def batch(inputs: Iterable[str | Path], out: str | Path, *, workers: int | None = None,
          scheduler: str | Any = None, db: str | None = None,
          partition_size: int = DEFAULT_PARTITION_SIZE, max_bytes: int | None = None) -> Path:
    """Extract every document under `inputs` into the Parquet dataset `out` on Dask (a
    LocalCluster of `workers` processes, or the cluster at `scheduler`: an address or a
    distributed.Client); with `db`, load it into that store and run the tracker once.
    Returns the dataset's path; rerun, it skips the partitions already written.
    ``dask.dataframe.read_parquet(path / "facts")`` is the facts as a dataframe."""
    return run(inputs, out, workers=workers, scheduler=scheduler, db=db, partition_size=partition_size,
               max_bytes=max_bytes).path


def _compute(todo: list[Partition], root: Path, max_bytes: int, workers: int | None, scheduler: str | Any,
             processes: bool, advance: Callable[[int], Any]) -> None:
    import dask.bag as dask_bag
    from distributed import as_completed

    bag = dask_bag.from_sequence(todo, npartitions=len(todo)).map(write_partition, str(root), max_bytes)
    with _client(workers, scheduler, processes) as client:
        futures = client.compute(bag.to_delayed())
        done = 0
        for future in as_completed(futures):
            try:
                future.result()
            except ZhibiaoError:
                raise
            except Exception as exc:  # a worker's own trouble (disk full): the run stops, rerun resumes
                raise BatchError(f"a partition failed: {type(exc).__name__}: {exc}; "
                                 "the partitions written so far stay, run again to resume") from None
            done += 1
            advance(done)


@contextmanager
def _client(workers: int | None, scheduler: str | Any, processes: bool) -> Iterator[Any]:
    from distributed import Client

    if isinstance(scheduler, Client):  # dask-gateway, dask-kubernetes: the caller's client
        yield scheduler
        return
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise BatchError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        with client:
            yield client
        return
    with local_cluster(workers or os.cpu_count() or 1, processes) as cluster, Client(cluster) as client:
        yield client


@contextmanager
def local_cluster(workers: int, processes: bool = True) -> Iterator[Any]:
    """The LocalCluster a run starts: `workers` workers of one thread each (extraction is
    pure Python and holds the GIL), no dashboard, and no profiler on the workers: it samples
    every task's stack for the dashboard and keeps every call path it saw, so a worker grew
    by about 15 MB per 100 partitions (at 1 GB of text) for a profile nobody could see."""
    import dask
    from distributed import LocalCluster

    # Read when the workers are made (a worker process takes its nanny's configuration).
    with dask.config.set({"distributed.worker.profile.enabled": False}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None,
                         silence_logs=logging.CRITICAL) as cluster:
        yield cluster


def _load(report: BatchReport, store: Store, progress: Callable[[str, int, int], None] | None) -> None:
    from zhibiao.scale.bulk import load_dataset
    from zhibiao.track import alerts, track_store

    loaded = 0

    def advance(_number: int) -> None:
        nonlocal loaded
        loaded += 1
        if progress is not None:
            progress("load", loaded, report.partitions)

    report.loaded = load_dataset(report.path, store, advance)
    # Once over the whole result, not per partition; a status the load changed is an alert.
    report.statuses = Counter(t.evaluation.status for plan in track_store(store) for t in plan.targets)
    report.alerts = alerts.check(store)
