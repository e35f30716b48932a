"""Bad inputs through the CLI: exit code 2, one line on stderr each, good files still done."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixtures import PASSAGE, as_docx, as_html, as_pdf
from typer.testing import CliRunner

from zhibiao.cli import app


def _run(args: list[str]) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, ["extract", *args])
    return res.exit_code, res.stdout, res.stderr


def test_bad_inputs_one_line_each_good_ones_still_extracted(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(PASSAGE.encode("gbk"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.dat"
    binary.write_bytes(bytes(range(256)) * 10)
    bomb = tmp_path / "cut.pdf"
    bomb.write_bytes(b"%PDF-1.4\n1 0 obj <<")
    paths = [str(good), str(empty), str(tmp_path), str(tmp_path / "missing.txt"), str(binary), str(bomb)]
    code, out, err = _run([*paths, "--format", "jsonl"])
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 5, err
    assert all(ln.startswith("zhibiao: error: ") for ln in lines)
    assert "Traceback" not in err
    docs = [json.loads(ln) for ln in out.splitlines() if ln.strip()]
    assert [d["document"]["id"] for d in docs] == ["good"]


def test_max_bytes_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "p.txt"
    f.write_text(PASSAGE * 5, encoding="utf-8")
    code, _, err = _run([str(f), "--max-bytes", "50"])
    assert code == 2 and err.count("\n") == 1 and "limit" in err and str(f) in err
    monkeypatch.setenv("ZHIBIAO_MAX_BYTES", "50")
    code, _, err = _run([str(f)])
    assert code == 2 and "limit" in err
    code, _, _ = _run([str(f), "--max-bytes", "100000"])
    assert code == 0


def test_warning_goes_to_stderr(tmp_path: Path) -> None:
    f = tmp_path / "mixed.txt"
    f.write_bytes("第一段文字。\n".encode() + "第二段文字。\n".encode("gbk"))
    code, out, err = _run([str(f)])
    assert code == 0 and json.loads(out)["document"]["id"] == "mixed"
    assert err.startswith("zhibiao: warning: ")


def test_emit_text_for_every_format(tmp_path: Path) -> None:
    files = {"t.txt": PASSAGE.encode("gbk"), "h.html": as_html(), "d.docx": as_docx()}
    pdf = as_pdf()
    if pdf is not None:
        files["p.pdf"] = pdf
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out_dir = tmp_path / "text"
    code, _, err = _run([*(str(tmp_path / n) for n in files), "--emit-text", str(out_dir), "--format", "jsonl"])
    assert code == 0, err
    for name in files:
        text = (out_dir / (Path(name).stem + ".txt")).read_text(encoding="utf-8")
        assert "812.5亿元" in text, name


@pytest.mark.parametrize("stdin", [False, True], ids=["file", "stdin"])
def test_ingest_max_bytes_option(stdin: bool, tmp_path: Path) -> None:
    f = tmp_path / "p.txt"
    f.write_text(PASSAGE * 5, encoding="utf-8")
    db = str(tmp_path / "z.db")

    def ingest(*options: str) -> Any:
        target = "-" if stdin else str(f)
        return CliRunner().invoke(app, ["ingest", target, "--jobs", "1", "--db", db, *options],
                                  input=f.read_bytes() if stdin else None)

    refused = ingest("--max-bytes", "50")
    assert refused.exit_code == 2 and "over the 50-byte limit" in refused.stderr
    assert refused.stderr.count("zhibiao: error: ") == 1
    taken = ingest("--max-bytes", "100000")
    assert taken.exit_code == 0 and "1 new" in taken.stdout, taken.output
