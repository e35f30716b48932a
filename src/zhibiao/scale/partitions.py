"""Partitions of a batch run: which documents each holds, and writing one on a worker.

A partition is done when its marker ``_partitions/part-NNNNN.json`` exists; the marker is
written last, after every table file of the partition has been renamed into place, so a
killed run leaves partitions that are complete or written again, and a rerun produces
the same files.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from zhibiao.errors import BatchError
from zhibiao.scale import tables
from zhibiao.store.files import select_files
from zhibiao.store.load import prepare
from zhibiao.store.write import content_hash

MANIFEST = "_zhibiao.json"
MARKERS = "_partitions"
FORMAT = "zhibiao-batch/1"


@dataclass(frozen=True, slots=True)
class Partition:
    """Documents number, number+1 … of the run: (position, path, document id, problem or None)."""

    number: int
    files: tuple[tuple[int, str, str, str | None], ...]


def expand(inputs: list[str]) -> list[str]:
    """Globs (a pattern with * ? or [) replaced by what they match, sorted; a pattern that
    matches nothing stays, to be reported as missing."""
    out: list[str] = []
    for raw in inputs:
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else []
        out += matches or [raw]
    return out


def plan(inputs: list[str], size: int) -> list[Partition]:
    """The run's partitions: the files ingest would take, in its order, `size` per partition."""
    if size < 1:
        raise BatchError(f"--partition-size {size}: give 1 or more documents per partition")
    files = select_files(expand(inputs)).files
    numbered = [(i, path, doc_id, problem) for i, (path, doc_id, problem) in enumerate(files)]
    return [Partition(n, tuple(numbered[lo:lo + size])) for n, lo in enumerate(range(0, len(numbered), size))]


def check_manifest(out: Path, partitions: list[Partition], size: int) -> None:
    """Write the dataset's manifest, or check that an existing dataset came from the same
    inputs and partition size: only then are its written partitions this run's."""
    listing = hashlib.sha256("\n".join(f"{p}\t{d}" for part in partitions for _, p, d, _ in part.files)
                             .encode("utf-8")).hexdigest()
    manifest = {"format": FORMAT, "partition_size": size, "partitions": len(partitions), "inputs": listing}
    path = out / MANIFEST
    if path.exists():
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BatchError(f"{path}: not a zhibiao batch manifest ({exc})") from None
        if found != manifest:
            raise BatchError(f"{out} holds a dataset of other inputs or another --partition-size; "
                             "give a new --out, or remove it to start again")
        return
    if out.exists() and not out.is_dir():
        raise BatchError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        raise BatchError(f"{out}: a folder that is not a zhibiao dataset and not empty; give a new --out")
    out.mkdir(parents=True, exist_ok=True)
    _replace(path, json.dumps(manifest, indent=1).encode("utf-8"))


def marker(out: Path, number: int) -> Path:
    return out / MARKERS / f"part-{number:05d}.json"


def is_done(out: Path, number: int) -> bool:
    return marker(out, number).exists()


def write_partition(part: Partition, out: str) -> dict[str, int]:
    """On a worker: read and extract the partition's documents, write its table files,
    then its marker. Returns its row counts. A bad document is a row of ``errors``."""
    root = Path(out)
    done = marker(root, part.number)
    if done.exists():  # another attempt of this task finished it
        counts: dict[str, int] = json.loads(done.read_text(encoding="utf-8"))
        return counts
    rows = tables.empty_rows()
    for index, path, doc_id, problem in part.files:
        if problem:
            tables.add_error(rows, index, doc_id, path, problem)
            continue
        try:
            digest = content_hash(Path(path).read_bytes())
        except OSError as exc:
            tables.add_error(rows, index, doc_id, path, exc.strerror or str(exc))
            continue
        prepared = prepare(path, doc_id)
        if isinstance(prepared, str):
            tables.add_error(rows, index, doc_id, path, prepared)
            continue
        source, doc = prepared
        tables.add_document(rows, index, doc, source, str(Path(path).resolve()), digest)
    name = f"part-{part.number:05d}.parquet"
    for table, table_rows in rows.items():
        folder = root / table
        folder.mkdir(parents=True, exist_ok=True)
        # A dot-name while it is written: dataset readers skip hidden files.
        partial = folder / f".{name}.{os.getpid()}"
        pq.write_table(tables.to_table(table, table_rows), partial)
        os.replace(partial, folder / name)
    counts = {table: len(table_rows) for table, table_rows in rows.items()}
    done.parent.mkdir(parents=True, exist_ok=True)
    _replace(done, json.dumps(counts).encode("utf-8"))
    return counts


def _replace(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)
