"""Security: documents' text and titles render as text; every response carries the headers."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from conftest import PAYLOADS, TITLE


class Tags(HTMLParser):
    """The elements and attributes a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(tag)
        self.attrs += attrs


def _hostile_pages(client: TestClient) -> list[str]:
    docs = client.get("/api/documents", params={"per_page": 200}).json()["documents"]
    hostile = [d["id"] for d in docs if d["doc_id"].startswith("hostile")]
    assert len(hostile) == 2
    indicators = {i["key"] for i in client.get("/api/indicators").json()["indicators"]}
    pages = ["/", "/documents", "/documents?q=alert", *(f"/documents/{pk}" for pk in hostile)]
    pages += [f"/indicators?indicator={key}" for key in indicators if "<" in key or "alert" in key.lower()]
    return pages


def test_payloads_render_as_text(client: TestClient) -> None:
    pages = _hostile_pages(client)
    assert any("indicator=" in p for p in pages)  # payloads reached indicator keys too
    seen = ""
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200
        tags = Tags()
        tags.feed(r.text)
        assert not tags.found & {"script", "iframe", "img", "object", "embed"}, path
        assert not [a for a in tags.attrs if a[0].startswith("on")], path
        assert not [a for a in tags.attrs if (a[1] or "").strip().lower().startswith("javascript:")], path
        seen += "".join(tags.text)
    # ... and they are there as text, for the reader to see.
    for payload in (*PAYLOADS, TITLE):
        assert payload in seen


def test_csv_is_a_download_not_a_page(client: TestClient) -> None:
    r = client.get("/indicators.csv", params={"indicator": "城镇新增就业"})
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["content-type"].startswith("text/csv")
    assert "<script>alert('xss-script')</script>" in r.text  # data as stored; never rendered as HTML


@pytest.mark.parametrize("path", ["/", "/documents/1", "/api/overview", "/api/documents/99999", "/nowhere",
                                  "/static/style.css", "/alerts.atom", "/indicators.csv", "/docs",
                                  "/api/documents?page=0"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
