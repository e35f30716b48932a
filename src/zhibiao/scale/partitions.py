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

import zhibiao
from zhibiao.errors import BatchError, IngestError, ZhibiaoError
from zhibiao.ingest import Source, read_bytes
from zhibiao.scale import tables
from zhibiao.scale.texts import RowSlice, is_table, read_rows, slices
from zhibiao.store.files import select_files
from zhibiao.store.load import prepare
from zhibiao.store.write import content_hash

MANIFEST = "_zhibiao.json"
MARKERS = "_partitions"
FORMAT = "zhibiao-batch/1"


@dataclass(frozen=True, slots=True)
class Partition:
    """A task of the run: files as (position, path, document id, problem or None), or
    a slice of a table of texts."""

    number: int
    files: tuple[tuple[int, str, str, str | None], ...] = ()
    rows: RowSlice | None = None


def expand(inputs: list[str]) -> list[str]:
    """Globs (a pattern with * ? or [) replaced by what they match, sorted; a pattern that
    matches nothing stays, to be reported as missing."""
    out: list[str] = []
    for raw in inputs:
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else []
        out += matches or [raw]
    return out


def plan(inputs: list[str], size: int) -> list[Partition]:
    """The run's partitions, `size` documents each: first the files ingest would take, in
    its order, then the rows of each table of texts (.parquet, .jsonl) in the order given."""
    if size < 1:
        raise BatchError(f"--partition-size {size}: give 1 or more documents per partition")
    paths = expand(inputs)
    files = select_files([p for p in paths if not is_table(p)]).files
    numbered = [(i, path, doc_id, problem) for i, (path, doc_id, problem) in enumerate(files)]
    parts = [Partition(n, tuple(numbered[lo:lo + size])) for n, lo in enumerate(range(0, len(numbered), size))]
    first = len(numbered)
    for path in filter(is_table, paths):
        try:
            cut = slices(path, first, size)
        except (OSError, ValueError) as exc:  # pyarrow's errors are ValueErrors too
            parts.append(Partition(len(parts), ((first, path, Path(path).stem, f"not a table of texts: {exc}"),)))
            first += 1
            continue
        parts += [Partition(len(parts) + k, rows=s) for k, s in enumerate(cut)]
        first += sum(s.count for s in cut)
    return parts


def check_manifest(out: Path, partitions: list[Partition], size: int, max_bytes: int) -> None:
    """Write the dataset's manifest, or check that an existing dataset came from the same
    inputs and partition size: only then are its written partitions this run's."""
    listing = hashlib.sha256("\n".join(
        [f"{p}\t{d}" for part in partitions for _, p, d, _ in part.files]
        + [f"{r.path}\t{r.start}\t{r.count}" for part in partitions if (r := part.rows)]).encode("utf-8")).hexdigest()
    manifest = {"format": FORMAT, "partition_size": size, "max_bytes": max_bytes, "partitions": len(partitions),
                "inputs": listing}
    path = out / MANIFEST
    if path.exists():
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BatchError(f"{path}: not a zhibiao batch manifest ({exc})") from None
        if found != manifest:
            raise BatchError(f"{out} holds a dataset of other inputs, --partition-size or --max-bytes; "
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


def write_partition(part: Partition, out: str, max_bytes: int) -> dict[str, int]:
    """On a worker: read and extract the partition's documents, write its table files,
    then its marker. Returns its row counts. A bad document is a row of ``errors``."""
    root = Path(out)
    done = marker(root, part.number)
    if done.exists():  # another attempt of this task finished it
        counts: dict[str, int] = json.loads(done.read_text(encoding="utf-8"))
        return counts
    rows = tables.empty_rows()
    if part.rows is not None:
        _extract_rows(part.rows, rows)
    for index, path, doc_id, problem in part.files:
        if problem:
            tables.add_error(rows, index, doc_id, path, problem)
            continue
        try:
            digest = content_hash(read_bytes(path, max_bytes))
        except IngestError as exc:
            tables.add_error(rows, index, doc_id, path, exc.problem)
            continue
        prepared = prepare(path, doc_id, None, max_bytes)
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


def _extract_rows(part: RowSlice, rows: tables.Rows) -> None:
    """A slice of a table of texts: the texts are extracted as they are (no decoding)."""
    fmt = Path(part.path).suffix.lower().lstrip(".")
    for row in read_rows(part):
        where = f"{part.path}#{row.id}"
        if row.problem:
            tables.add_error(rows, row.index, row.id, where, row.problem)
            continue
        try:
            doc = zhibiao.extract(row.text, published=row.published, doc_id=row.id, source=where)
        except ZhibiaoError as exc:
            tables.add_error(rows, row.index, row.id, where, str(exc))
            continue
        except Exception as exc:  # an extractor bug costs one document, not the run
            tables.add_error(rows, row.index, row.id, where, f"extraction failed: {type(exc).__name__}: {exc}")
            continue
        source = Source(text=row.text, name=where, format=fmt, encoding=None, published=row.published)
        tables.add_document(rows, row.index, doc, source, None, content_hash(row.text.encode("utf-8")))


def _replace(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)
