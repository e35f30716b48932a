"""Which files an ingest takes: the document types zhibiao reads, found under folders.

A file named on the command line is always taken (its content is sniffed, whatever its
name); under a folder only document types are, or what ``include`` globs name, minus
what ``exclude`` globs name. Everything left out is counted with the reason, so a run
can say what it skipped.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy import select
from sqlalchemy.engine import Connection

from zhibiao.ingest import DOCUMENT_SUFFIXES
from zhibiao.store.schema import documents

NOT_A_DOCUMENT = "not a document type"


@dataclass(slots=True)
class FileSelection:
    """Files to ingest in a stable order, as (path, document id, problem or None), and
    how many files were left out, by reason."""

    files: list[tuple[str, str, str | None]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    other_suffixes: Counter[str] = field(default_factory=Counter)  # of files "not a document type"

    def skipped_summary(self) -> str:
        """``skipped 3 (2 not a document type: .json, .jsonl; 1 hidden file)``, or ""."""
        if not self.skipped:
            return ""
        reasons = []
        for why, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            if why == NOT_A_DOCUMENT:
                why += ": " + ", ".join(sorted(self.other_suffixes))
            reasons.append(f"{n} {why}")
        return f"skipped {sum(self.skipped.values())} ({'; '.join(reasons)})"


def _matches(rel: PurePosixPath, globs: Iterable[str]) -> bool:
    return any(rel.match(g) for g in globs)


def select_files(paths: Iterable[str | Path], include: Iterable[str] = (),
                 exclude: Iterable[str] = ()) -> FileSelection:
    """The files to ingest under `paths`; a file's document id is its path relative to
    the folder it was found under, without the suffix (d01, or 2023/d01 in a sub-folder)."""
    include, exclude = tuple(include), tuple(exclude)
    selection = FileSelection()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk_folder(path, include, exclude, selection)
        elif path.is_file():
            selection.files.append((str(path), path.stem, None))
        elif path.is_symlink() and _is_loop(path):
            selection.files.append((str(path), path.stem, "symlink loop"))
        elif path.exists():
            selection.files.append((str(path), path.stem, "not a regular file"))
        else:
            selection.files.append((str(path), path.stem, "no such file or directory"))
    return selection


def _is_loop(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:
        return exc.errno == 40  # ELOOP
    return False


def _walk_folder(root: Path, include: tuple[str, ...], exclude: tuple[str, ...],
                 selection: FileSelection) -> None:
    found: list[tuple[str, str, str | None]] = []

    def unreadable(_exc: OSError) -> None:
        selection.skipped["unreadable folder"] += 1

    # Symlinked folders are not followed (as before): a link back up would loop forever.
    for folder, dirnames, filenames in os.walk(root, onerror=unreadable):
        hidden = [d for d in dirnames if d.startswith(".")]
        selection.skipped["hidden folder"] += len(hidden)
        links = [d for d in dirnames if not d.startswith(".") and os.path.islink(os.path.join(folder, d))]
        selection.skipped["symlinked folder, not followed"] += len(links)
        dirnames[:] = sorted(d for d in dirnames if d not in hidden and d not in links)
        for name in filenames:
            file = Path(folder, name)
            rel = PurePosixPath(file.relative_to(root).as_posix())
            if name.startswith("."):  # .DS_Store, editor swap files: never documents
                selection.skipped["hidden file"] += 1
            elif include and not _matches(rel, include):
                selection.skipped["not matching --include"] += 1
            elif not include and file.suffix.lower() not in DOCUMENT_SUFFIXES:
                selection.skipped[NOT_A_DOCUMENT] += 1
                selection.other_suffixes[file.suffix.lower() or "no extension"] += 1
            elif _matches(rel, exclude):
                selection.skipped["matching --exclude"] += 1
            elif not file.is_file():
                selection.skipped["not a regular file"] += 1
            else:
                found.append((str(file), str(rel.with_suffix("")), None))
    selection.skipped = +selection.skipped  # drop zero counts
    selection.files.extend(sorted(found))


def free_document_ids(conn: Connection, wanted: list[tuple[str, str | None]]) -> list[str]:
    """For each (document id, path): the id when no stored document (nor an earlier one
    of the list) has it, else the first free one of its path's folders prefixed (a/d01,
    x/a/d01), then id~2, id~3 …: two folders each holding a d01.txt give two documents.
    Call inside the writing transaction. One query for the whole list, one more per id
    whose candidates are all taken."""
    candidates = [_candidates(doc_id, path) for doc_id, path in wanted]
    every = sorted({c for cs in candidates for c in cs})
    taken: set[str] = set()
    for lo in range(0, len(every), 500):  # bounded IN lists
        taken |= {r[0] for r in conn.execute(select(documents.c.doc_id).where(
            documents.c.doc_id.in_(every[lo:lo + 500])))}
    chosen = []
    for (doc_id, _path), cs in zip(wanted, candidates, strict=True):
        free = next((c for c in cs if c not in taken), None)
        if free is None:
            taken |= {r[0] for r in conn.execute(select(documents.c.doc_id).where(
                documents.c.doc_id.startswith(doc_id + "~", autoescape=True)))}
            n = 2
            while f"{doc_id}~{n}" in taken:
                n += 1
            free = f"{doc_id}~{n}"
        taken.add(free)
        chosen.append(free)
    return chosen


def _candidates(wanted: str, path: str | None) -> list[str]:
    candidates = [wanted]
    parts = PurePosixPath(Path(path).as_posix()).parts if path and "://" not in path else ()
    if parts and "." in parts[-1]:
        parts = (*parts[:-1], parts[-1].rsplit(".", 1)[0])
    depth = wanted.count("/") + 1
    if parts and "/".join(parts[-depth:]) == wanted:
        # Never up to the root itself ("/"), which would give "//x/d01".
        candidates += ["/".join(parts[-depth - k:]) for k in range(1, min(3, len(parts) - depth - 1) + 1)]
    return candidates
