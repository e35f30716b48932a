"""HTML, DOCX and PDF reading, and damaged or hostile files of each kind."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from fixtures import HEADLINE, PAGE, PARAGRAPHS, PASSAGE, as_docx, as_html, as_pdf, cjk_font

from zhibiao.errors import IngestError
from zhibiao.ingest import read
from zhibiao.ingest.layout import segment

needs_font = pytest.mark.skipif(cjk_font() is None, reason="no CJK TrueType font (apt-get install fonts-wqy-microhei)")


def test_html_main_text_without_boilerplate() -> None:
    src = read(as_html(), name="page.html")
    assert src.format == "html"
    assert src.title == HEADLINE
    assert src.published == "2024-02-05"
    assert src.url == "https://news.example.cn/2024/0205/a1.html"
    for p in PARAGRAPHS:
        assert p in src.text
    for junk in ("频道3", "大礼包", "网友评论", "沙发", "京ICP备", "window.ads"):
        assert junk not in src.text


def test_html_gbk_declared_charset() -> None:
    data = as_html().replace(b'charset="utf-8"', b'charset="gb2312"').decode().encode("gbk")
    data = data.replace(b'<meta charset=gb2312>', b'<meta charset="gb2312">')
    src = read(data, name="gbk.html")
    assert PARAGRAPHS[0] in src.text


def test_html_with_megabytes_of_script_is_fast() -> None:
    data = as_html(script_bytes=10 * 1024 * 1024)
    t0 = time.perf_counter()
    src = read(data, name="script.html")
    assert time.perf_counter() - t0 < 10
    assert PARAGRAPHS[1] in src.text and "xxxx" not in src.text


def test_docx_paragraphs_and_table_in_order() -> None:
    table = [["指标", "2023年", "增速"], ["规模以上工业增加值", "—", "6.2%"], ["外贸进出口总额", "812.5亿元", "12.4%"]]
    src = read(as_docx(table=table), name="r.docx")
    assert src.format == "docx" and src.title == HEADLINE
    t = src.text
    assert t.index(HEADLINE) < t.index("指标 | 2023年 | 增速") < t.index("外贸进出口总额 | 812.5亿元 | 12.4%") < t.index(PARAGRAPHS[0])


def test_docx_zip_bomb_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024 * 1024))
    with pytest.raises(IngestError, match="zip bomb"):
        read(buf.getvalue(), name="bomb.docx")


def test_zip_that_is_not_docx_and_truncated_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data.csv", "a,b\n")
    with pytest.raises(IngestError, match="not a DOCX"):
        read(buf.getvalue(), name="x.docx")
    with pytest.raises(IngestError, match=r"bad\.docx"):
        read(as_docx()[:2000], name="bad.docx")


@needs_font
def test_pdf_two_columns_read_column_by_column() -> None:
    data = as_pdf()
    assert data is not None
    src = read(data, name="p.pdf")
    assert src.format == "pdf"
    assert src.text.startswith(HEADLINE)
    for p in PARAGRAPHS:  # whole sentences: wrapped lines and the column break rejoined
        assert p in src.text


@needs_font
def test_pdf_page_segments_like_the_text_page() -> None:
    data = as_pdf(PAGE.strip())
    assert data is not None
    src = read(data, name="page.pdf")
    kinds = [a.kind for a in segment(src.text)]
    assert kinds == ["news", "caption", "commentary", "caption", "news"]


@needs_font
def test_damaged_and_encrypted_pdfs() -> None:
    data = as_pdf()
    assert data is not None
    for cut in (len(data) // 2, 40):
        try:
            src = read(data[:cut], name="cut.pdf")
        except IngestError as exc:
            assert "cut.pdf" in str(exc)
        else:
            assert src.text.strip()
    locked = as_pdf(password="secret")
    assert locked is not None
    with pytest.raises(IngestError, match="encrypted"):
        read(locked, name="locked.pdf")


def test_passage_text_is_unchanged() -> None:
    assert read(PASSAGE.encode(), name="p.txt").text == PASSAGE
