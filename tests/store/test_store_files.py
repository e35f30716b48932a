"""Which files `ingest DIR` takes, what it says about the rest, and unique document ids."""

from __future__ import annotations

from pathlib import Path

from store_helpers import line_extractor, write_corpus
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.store import Store
from zhibiao.store.files import select_files

LINE = "江西省360000 规模以上工业增加值 5.4% 2023\n"


def _corpus_folder(root: Path) -> Path:
    """A corpus as people keep them: documents beside gold files, an index and litter."""
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "a.txt").write_text("通报甲\n" + LINE, encoding="utf-8")
    (root / "texts" / "b.HTML").write_text("<html><body><p>通报乙</p></body></html>", encoding="utf-8")
    (root / "texts" / "a.gold.json").write_text("{}", encoding="utf-8")
    (root / "index.jsonl").write_text("{}\n", encoding="utf-8")
    (root / "NOTES").write_text("通报丙\n", encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: main\n", encoding="utf-8")
    return root


def test_a_folder_gives_document_types_only_and_counts_the_rest(tmp_path: Path) -> None:
    selection = select_files([_corpus_folder(tmp_path / "c")])
    assert [(Path(p).name, doc_id) for p, doc_id, _ in selection.files] == [("a.txt", "texts/a"),
                                                                             ("b.HTML", "texts/b")]
    assert selection.skipped_summary() == ("skipped 5 (3 not a document type: .json, .jsonl, no extension; "
                                           "1 hidden file; 1 hidden folder)")


def test_a_file_named_explicitly_is_taken_whatever_its_name(tmp_path: Path) -> None:
    root = _corpus_folder(tmp_path / "c")
    selection = select_files([root / "NOTES", root / "index.jsonl"])
    assert [(Path(p).name, doc_id, problem) for p, doc_id, problem in selection.files] == [
        ("NOTES", "NOTES", None), ("index.jsonl", "index", None)]
    assert selection.skipped_summary() == ""


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    root = _corpus_folder(tmp_path / "c")
    only_json = select_files([root], include=["*.json"])
    assert [Path(p).name for p, _, _ in only_json.files] == ["a.gold.json"]
    assert "4 not matching --include" in only_json.skipped_summary()
    no_texts = select_files([root], exclude=["texts/*.txt"])
    assert [Path(p).name for p, _, _ in no_texts.files] == ["b.HTML"]
    assert "1 matching --exclude" in no_texts.skipped_summary()


def test_a_symlink_loop_given_directly_says_so(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert select_files([tmp_path / "loop"]).files[0][2] == "symlink loop"


def test_ingest_summary_says_what_was_skipped(tmp_path: Path) -> None:
    root = _corpus_folder(tmp_path / "c")
    result = CliRunner().invoke(app, ["ingest", str(root), "--exclude", "*.HTML", "--jobs", "1",
                                      "--db", str(tmp_path / "z.db")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("1 files: 1 new, 0 unchanged, 0 replaced, 0 failed; skipped 6 "
                             "(3 not a document type: .json, .jsonl, no extension; 1 hidden file; "
                             "1 hidden folder; 1 matching --exclude)\n")


def test_two_folders_with_the_same_file_names_give_distinct_document_ids(db_url: str, tmp_path: Path) -> None:
    write_corpus(tmp_path / "north", 2)
    write_corpus(tmp_path / "south", 2)
    (tmp_path / "south" / "doc0000.txt").write_text("另一份通报\n" + LINE, encoding="utf-8")
    (tmp_path / "south" / "doc0001.txt").write_text("再一份通报\n" + LINE, encoding="utf-8")
    with Store(db_url) as store:
        store.ingest_paths([tmp_path / "north"], extractor=line_extractor)
        # A later run, another folder: the ids already stored stay, the new ones step aside.
        report = store.ingest_paths([tmp_path / "south"], extractor=line_extractor)
        assert (report.new, report.failed) == (2, [])
        ids = sorted(r["doc_id"] for r in store.query("documents"))
    assert ids == ["doc0000", "doc0001", "south/doc0000", "south/doc0001"]
