"""In a real browser (Debian's chromium, driven by Playwright): pages load without console
errors, no payload runs, search finds a document, highlighted spans are the items'
evidence, the chart has the API's points. Screenshots go to $ZHIBIAO_ARTIFACTS (default:
the test's temporary folder). Skipped when no chromium is installed."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_db

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = next((p for p in (os.environ.get("ZHIBIAO_CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), "/usr/bin/chromium") if p and Path(p).exists()), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")


@contextmanager
def serving(db: str, **options: Any) -> Iterator[str]:
    """The app over `db` served by uvicorn on a free loopback port, in a thread."""
    import uvicorn

    from zhibiao.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db, **options), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:  # no deadline: a failure to start ends the thread, and the join below
        if not thread.is_alive():
            pytest.fail("the server did not start")
        thread.join(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()


@pytest.fixture(scope="module")
def base_url(web_db: str) -> Iterator[str]:
    with serving(web_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []  # console errors, dialogs and page errors: none may happen
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))

    def dialog(d: Any) -> None:
        pg.problems.append(f"dialog: {d.message}")
        d.dismiss()

    pg.on("dialog", dialog)
    yield pg
    context.close()


def _artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ZHIBIAO_ARTIFACTS") or tmp_path) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _api(page: Any, base_url: str, path: str) -> Any:
    return page.request.get(base_url + path).json()


def test_every_page_loads_cleanly_and_no_payload_runs(page: Any, base_url: str, tmp_path: Path) -> None:
    docs = _api(page, base_url, "/api/documents?per_page=200")["documents"]
    paths = ["/", "/documents", "/plans", "/conflicts", "/alerts", "/indicators?indicator=地区生产总值&region=湖北省",
             "/docs", *(f"/documents/{d['id']}" for d in docs)]
    shots = _artifacts(tmp_path)
    for path in paths:
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        # Hovering and clicking the highlighted spans is where event-handler payloads would fire.
        for mark in page.locator("mark").all()[:40]:
            mark.hover()
        name = path.strip("/").replace("/", "-").split("?")[0] or "overview"
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert page.problems == []


def test_search_finds_a_document(page: Any, base_url: str) -> None:
    page.goto(base_url + "/documents")
    page.fill("input[name=q]", "运行简报")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("a.doc").all_inner_texts() == ["progress"]
    page.click("a.doc")
    assert "/documents/" in page.url and page.problems == []


def test_highlighted_spans_are_the_items_evidence(page: Any, base_url: str) -> None:
    [doc] = _api(page, base_url, "/api/documents?q=运行简报")["documents"]
    data = _api(page, base_url, f"/api/documents/{doc['id']}")
    page.goto(f"{base_url}/documents/{doc['id']}")
    for kind, items in (("fact", "facts"), ("target", "targets"), ("entity", "entities")):
        for item in data[items]:
            ident = f"{kind}-{item['id']}"
            shown = "".join(page.locator(f'mark[data-items~="{ident}"]').all_inner_texts())
            assert shown == data["text"][item["start"]:item["end"]], ident


def test_chart_has_the_points_the_api_returns(page: Any, base_url: str) -> None:
    query = "/indicators?indicator=地区生产总值&region=湖北省"
    points = [p for s in _api(page, base_url, "/api" + query)["series"] for p in s["points"]]
    page.goto(base_url + query)
    assert page.locator("svg#chart circle").count() == len(points) == 3
    page.locator("svg#chart a.point").first.click()
    page.wait_for_load_state("load")
    assert "/documents/" in page.url and "#fact-" in page.url
    assert page.problems == []


UPLOAD_TOKEN = "browser-7d1e"
# Invented: a short bulletin with one figure.
BULLETIN = "鄂西经济简报\n发布日期：2025-02-11\n2024年，湖北省社会消费品零售总额增长6.6%。\n"


def _fill_upload(page: Any, url: str, tmp_path: Path, token: str) -> int:
    """The upload form filled with the bulletin and `token`; the documents there before."""
    (tmp_path / "简报.txt").write_text(BULLETIN, encoding="utf-8")
    before = int(_api(page, url, "/api/documents")["total"])
    page.goto(url + "/upload")
    page.set_input_files("input[name=file]", str(tmp_path / "简报.txt"))
    page.fill("input[name=token]", token)
    return before


def test_upload_with_the_token_shows_the_document(page: Any, web_db: str, tmp_path: Path) -> None:
    with serving(copy_db(web_db, tmp_path), token=UPLOAD_TOKEN) as url:
        before = _fill_upload(page, url, tmp_path, UPLOAD_TOKEN)
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
        assert "/documents/" in page.url
        assert page.locator("h1").inner_text() == "简报"  # a text has no title: its id, the file name
        assert "社会消费品零售总额增长6.6%" in "".join(page.locator("mark").all_inner_texts())
        page.screenshot(path=str(_artifacts(tmp_path) / "upload-done.png"), full_page=True)
        assert _api(page, url, "/api/documents")["total"] == before + 1
    assert page.problems == []


def test_upload_without_the_token_is_refused_and_writes_nothing(page: Any, web_db: str, tmp_path: Path) -> None:
    with serving(copy_db(web_db, tmp_path), token=UPLOAD_TOKEN) as url:
        before = _fill_upload(page, url, tmp_path, "not-the-token")
        with page.expect_response(lambda r: r.url.endswith("/upload") and r.request.method == "POST") as answer:
            page.click("button[type=submit]")
        assert answer.value.status == 401
        assert "wrong token" in page.locator("p.error").inner_text()
        page.screenshot(path=str(_artifacts(tmp_path) / "upload-refused.png"), full_page=True)
        assert _api(page, url, "/api/documents")["total"] == before
