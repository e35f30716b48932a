"""zhibiao batch: a small LocalCluster writes the dataset zhibiao.extract gives, resumes
after a kill with the same rows, loads into the store as ingest does, and reports bad
input as rows of the errors table."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pyarrow.parquet as pq
import pytest

import zhibiao
from briefs import write_briefs
from zhibiao.errors import BatchError
from zhibiao.ingest import read
from zhibiao.scale import TABLES, run
from zhibiao.scale.bulk import load_dataset
from zhibiao.store import Store

SRC = str(Path(zhibiao.__file__).resolve().parents[1])


def write_texts(folder: Path, n: int, start: int = 0) -> list[Path]:
    """n short invented reports with figures and a target each, in two sub-folders."""
    return write_briefs(folder, n, start)


def table(dataset: Path, name: str) -> list[dict[str, Any]]:
    rows = pq.read_table(dataset / name).to_pylist()
    return sorted(rows, key=lambda r: (r["document"], r.get("start") or 0, str(r)))


def tables(dataset: Path) -> dict[str, list[dict[str, Any]]]:
    return {name: table(dataset, name) for name in TABLES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_texts(folder / "in", 30)
    (folder / "in" / "empty.txt").write_bytes(b"")
    (folder / "in" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return folder


@pytest.fixture(scope="module")
def dataset(corpus: Path) -> Path:
    """The reference run: two worker processes, partitions of 7 documents."""
    out = corpus / "dataset"
    report = run([corpus / "in", corpus / "missing-folder"], out, workers=2, partition_size=7)
    assert report.partitions == 5 and report.skipped == 0
    return out


def test_the_dataset_is_what_extract_gives(corpus: Path, dataset: Path) -> None:
    docs = table(dataset, "documents")
    files = sorted((corpus / "in").rglob("brief*.txt"))
    assert [d["path"] for d in docs] == [str(p.resolve()) for p in files]
    for name in ("facts", "targets", "entities", "articles"):
        rows = table(dataset, name)
        for d, path in zip(docs, files, strict=True):
            source = read(path)
            doc = zhibiao.extract(source.text, published=source.published, doc_id=d["id"], source=str(path),
                                  title=source.title)
            assert d["id"] == f"{path.parent.name}/{path.stem}" and d["text"] == doc.text
            got = [{k: v for k, v in r.items() if k not in ("document", "id")} for r in rows
                   if r["document"] == d["document"]]
            want = [item.to_dict() for item in getattr(doc, name)]
            for row in want:  # whole numbers print as integers in JSON, not in a float column
                for key in ("value", "value_max"):
                    if row.get(key) is not None:
                        row[key] = float(row[key])
            assert sorted(got, key=str) == sorted(want, key=str), (name, path)
    assert sum(1 for r in table(dataset, "facts")) >= 30 * 3
    assert len(table(dataset, "targets")) >= 30


def test_bad_inputs_are_rows_of_errors(corpus: Path, dataset: Path) -> None:
    errors = {Path(r["path"]).name: r["error"] for r in table(dataset, "errors")}
    assert set(errors) == {"empty.txt", "image.txt", "missing-folder"}
    assert "empty file" in errors["empty.txt"]
    assert "binary file" in errors["image.txt"]
    assert errors["missing-folder"] == "no such file or directory"


def test_a_rerun_skips_what_is_written_and_changes_nothing(corpus: Path, dataset: Path) -> None:
    before = tables(dataset)
    report = run([corpus / "in", corpus / "missing-folder"], dataset, workers=1, partition_size=7,
                 processes=False)
    assert (report.partitions, report.skipped) == (5, 5)
    assert report.rows["documents"] == 30 and report.rows["errors"] == 3
    assert tables(dataset) == before


def test_a_partition_left_half_written_is_written_again(corpus: Path, dataset: Path, tmp_path: Path) -> None:
    """What a kill leaves: table files without their partition's marker, a hidden part file."""
    out = tmp_path / "ds"
    run([corpus / "in", corpus / "missing-folder"], out, workers=2, partition_size=7, processes=False)
    (out / "_partitions" / "part-00002.json").unlink()
    (out / "facts" / "part-00002.parquet").write_bytes(b"torn")
    (out / "targets" / "part-00003.parquet").unlink()
    (out / "_partitions" / "part-00003.json").unlink()
    (out / "facts" / ".part-00004.parquet.999").write_bytes(b"partial")
    report = run([corpus / "in", corpus / "missing-folder"], out, workers=2, partition_size=7, processes=False)
    assert report.skipped == 3
    assert tables(out) == tables(dataset)


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def test_killed_half_way_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    write_texts(tmp_path / "in", 40)
    reference = run([tmp_path / "in"], tmp_path / "whole", workers=1, partition_size=2, processes=False)
    assert reference.partitions == 20
    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-m", "zhibiao", "batch", str(tmp_path / "in"), "--out", str(out),
               "--workers", "1", "--partition-size", "2"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    markers = out / "_partitions"
    workers: list[psutil.Process] = []
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid) or workers
            if markers.is_dir() and len(list(markers.glob("*.json"))) >= 2:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
    finally:
        proc.kill()
        proc.communicate()
        for worker in workers:  # the local cluster's processes: ours to end
            try:
                worker.kill()
            except psutil.Error:
                pass
    written = len(list(markers.glob("*.json")))
    if written >= 20:
        pytest.skip("the run finished before it could be killed")
    assert written >= 2
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"({written} already written)" in again.stdout or "already written" in again.stdout
    assert tables(out) == tables(tmp_path / "whole")
    counts = []
    for dataset in (out, tmp_path / "whole"):  # and the same database from either
        with Store(f"sqlite:///{dataset}.db") as store:
            load_dataset(dataset, store)
            counts.append(store.counts())
    assert counts[0] == counts[1] and counts[0]["facts"] > 0


def test_loading_into_the_store_matches_ingest(corpus: Path, dataset: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'batch.db'}"
    report = run([corpus / "in", corpus / "missing-folder"], dataset, workers=1, partition_size=7,
                 processes=False, db=url)
    assert report.loaded is not None
    assert (report.loaded.new, report.loaded.unchanged, len(report.loaded.failed)) == (30, 0, 3)
    assert sum(report.statuses.values()) > 0  # the tracker ran over the loaded targets
    with Store(f"sqlite:///{tmp_path / 'ingest.db'}") as ingested:
        ingested.ingest_paths([corpus / "in"], jobs=1)
        want = ingested.counts()
    with Store(url) as store:
        assert store.counts() == want
        # The same idempotence as ingest: stored content is unchanged, whichever wrote it.
        assert store.ingest_paths([corpus / "in"], jobs=1).unchanged == 30
    again = run([corpus / "in", corpus / "missing-folder"], dataset, workers=1, partition_size=7,
                processes=False, db=url)
    assert again.loaded is not None and (again.loaded.new, again.loaded.unchanged) == (0, 30)
    with Store(url) as store:
        assert store.counts() == want


def test_batch_api_returns_the_dataset_path(tmp_path: Path) -> None:
    write_texts(tmp_path / "in", 3)
    path = zhibiao.batch([str(tmp_path / "in" / "part*")], tmp_path / "out", workers=1)
    assert path == (tmp_path / "out").absolute()
    assert len(pq.read_table(path / "documents")) == 3


def test_a_dataset_of_other_inputs_is_refused(corpus: Path, dataset: Path) -> None:
    with pytest.raises(BatchError, match="other inputs, --partition-size or --max-bytes"):
        run([corpus / "in"], dataset, workers=1, partition_size=8, processes=False)
    with pytest.raises(BatchError, match="other inputs, --partition-size or --max-bytes"):
        run([corpus / "in", corpus / "missing-folder"], dataset, workers=1, partition_size=7, max_bytes=99,
            processes=False)


def test_a_file_over_the_size_limit_is_an_error_row(tmp_path: Path) -> None:
    small, large = write_texts(tmp_path / "in", 2)
    large.write_text(large.read_text(encoding="utf-8") * 20, encoding="utf-8")
    limit = small.stat().st_size + 10
    report = run([tmp_path / "in"], tmp_path / "out", workers=1, max_bytes=limit, processes=False)
    errors = table(tmp_path / "out", "errors")
    assert report.rows["documents"] == 1
    assert [e["path"] for e in errors] == [str(large)] and f"over the {limit}-byte limit" in errors[0]["error"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "zhibiao", "batch", *args], env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize(("args", "message"), [
    (["--workers", "0"], "--workers 0: give 1 to 1024 workers"),
    (["--partition-size", "0"], "--partition-size 0: give 1 or more documents per partition"),
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
    (["--db", "mysql://nobody@nowhere/x"], "not a usable database URL"),
])
def test_cli_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    write_texts(tmp_path / "in", 1)
    done = _cli(str(tmp_path / "in"), "--out", str(tmp_path / "out"), *args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("zhibiao: error: ") and message in done.stderr
    assert not (tmp_path / "out").exists()  # refused before any extraction


def test_cli_refuses_a_folder_that_is_not_a_dataset(tmp_path: Path) -> None:
    write_texts(tmp_path / "in", 1)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x", encoding="utf-8")
    done = _cli(str(tmp_path / "in"), "--out", str(tmp_path / "notes"))
    assert done.returncode == 2
    assert done.stderr == f"zhibiao: error: {tmp_path / 'notes'}: a folder that is not a zhibiao dataset and " \
                          "not empty; give a new --out\n"


def test_a_running_cluster_by_address_or_by_client(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    write_texts(tmp_path / "in", 4)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        by_address = run([tmp_path / "in"], tmp_path / "a", scheduler=cluster.scheduler_address, partition_size=3)
        by_client = run([tmp_path / "in"], tmp_path / "b", scheduler=client, partition_size=3)
        assert client.status == "running"  # the caller's client is the caller's to close
    assert by_address.rows["documents"] == by_client.rows["documents"] == 4
    assert tables(tmp_path / "a") == tables(tmp_path / "b")


def test_the_workers_a_run_starts_keep_no_profile() -> None:
    # Dask's profiler keeps every call path its workers ran: memory that grows with the corpus.
    import dask
    from distributed import Client

    from zhibiao.scale.runner import local_cluster

    def profiling(dask_worker: Any) -> tuple[bool, bool]:
        return dask.config.get("distributed.worker.profile.enabled"), "profile" in dask_worker.periodic_callbacks

    with local_cluster(1) as cluster, Client(cluster) as client:
        assert list(client.run(profiling).values()) == [(False, False)]
    assert dask.config.get("distributed.worker.profile.enabled")  # the caller's configuration as it was
