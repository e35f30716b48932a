"""Plain-text decoding and the refusals: every bad input is text+warning or IngestError."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from fixtures import PASSAGE

from zhibiao.errors import IngestError
from zhibiao.ingest import decode as decode_module
from zhibiao.ingest import read


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gbk", "gb18030"])
def test_encodings_decode_to_the_same_text(encoding: str) -> None:
    src = read(PASSAGE.encode(encoding), name="p.txt")
    assert src.text == PASSAGE
    assert src.format == "text"
    assert not src.warnings


def test_big5_traditional_text() -> None:
    trad = opencc.OpenCC("s2t").convert(PASSAGE)
    src = read(trad.encode("big5"), name="p.txt")
    assert src.text == trad
    assert src.encoding in ("big5", "cp950")


@pytest.mark.parametrize("text", ["中国经济", "增长5.4%", "江西", "台灣經濟", "統計局"])
def test_short_texts_are_not_misdetected(text: str) -> None:
    enc = "big5" if any(ch in text for ch in "灣經濟統計") else "gbk"
    assert read(text.encode(enc)).text == text


def test_mixed_encodings_decode_line_by_line_with_warning() -> None:
    data = "第一行是UTF-8文字。\n".encode() + "第二行是GBK编码的文字。\n".encode("gbk")
    src = read(data, name="mixed.txt")
    assert "第一行是UTF-8文字。" in src.text and "第二行是GBK编码的文字。" in src.text
    assert src.warnings and "line by line" in src.warnings[0]


def test_files_and_refusals(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_bytes(PASSAGE.encode("gbk"))
    assert read(good).name == str(good)
    cases: dict[str, Path] = {}
    (cases.setdefault("empty", tmp_path / "empty.txt")).write_bytes(b"")
    (cases.setdefault("binary", tmp_path / "x.txt")).write_bytes(bytes(range(256)) * 40)
    (cases.setdefault("png", tmp_path / "img.txt")).write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    cases["dir"] = tmp_path
    cases["missing"] = tmp_path / "nope.txt"
    for what, path in cases.items():
        with pytest.raises(IngestError) as info:
            read(path)
        assert str(path) in str(info.value), what


def test_size_limit_argument_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(PASSAGE.encode() * 10)
    with pytest.raises(IngestError, match="limit"):
        read(big, max_bytes=100)
    with pytest.raises(IngestError, match="limit"):
        read(PASSAGE.encode() * 10, max_bytes=100)
    monkeypatch.setenv("ZHIBIAO_MAX_BYTES", "100")
    with pytest.raises(IngestError, match="limit"):
        read(big)
    assert read(big, max_bytes=10_000).text.startswith(PASSAGE)


def test_common_hanzi_set_is_the_two_frequency_ranges() -> None:
    """The precomputed set holds exactly the characters that encode into level-1 GB2312
    or Big5 常用字, whichever table they come from."""
    def by_encoding(ch: str) -> bool:
        for codec, lo, hi in (("gb2312", 0xB0A1, 0xD7FE), ("big5", 0xA440, 0xC67E)):
            try:
                b = ch.encode(codec)
            except UnicodeEncodeError:
                continue
            if len(b) == 2 and lo <= int.from_bytes(b) <= hi:
                return True
        return False

    common = decode_module.common_hanzi()
    cjk = [chr(c) for c in range(0x3000, 0xA000)] + list("兀嗀")
    assert [c for c in cjk if (c in common) != by_encoding(c)] == []
    assert "的" in common and "發" in common and "龘" not in common
