"""Adding a document: the token, writes off without one, size and type limits, file names
that are only labels, and the document (and its alerts) there afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import copy_db
from zhibiao.web import create_app

TOKEN = "tok-3f9a-71c2"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# Invented: a later year's figure that puts the plan's software target back on track.
REPORT = "湖北软件产业快报\n发布日期：2025-01-20\n2024年，湖北省软件业务收入增长32.0%。\n".encode()
SHORT = "鄂东简讯\n2024年，湖北省城镇新增就业增长3.2%。\n".encode()


@pytest.fixture
def db(web_db: str, tmp_path: Path) -> str:
    return copy_db(web_db, tmp_path)


@pytest.fixture
def client(db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("ZHIBIAO_TOKEN", TOKEN)
    monkeypatch.setenv("ZHIBIAO_UPLOAD_MAX_BYTES", "4096")
    with TestClient(create_app(db)) as c:
        yield c


def total(client: TestClient) -> int:
    return int(client.get("/api/documents").json()["total"])


def post(client: TestClient, name: str, content: bytes, **kwargs: Any) -> httpx.Response:
    return client.post("/api/documents", files={"file": (name, content)}, **kwargs)


def test_upload_with_the_token_ingests_and_checks_alerts(client: TestClient) -> None:
    def software_status() -> str:
        return next(t["status"] for p in client.get("/api/plans").json()["plans"] for t in p["targets"]
                    if t["indicator_key"] == "软件业务收入")

    before = total(client)
    assert software_status() == "behind"  # judged (and kept) before the upload ...
    r = client.post("/api/documents", files={"file": ("report.txt", REPORT)}, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["outcome"] == "new" and body["link"] == f"/documents/{body['id']}"
    [alert] = body["alerts"]  # checked after the ingest, as the CLI does
    assert (alert["old_status"], alert["new_status"], alert["doc_id"]) == ("behind", "on_track", "report")
    assert total(client) == before + 1
    [doc] = client.get("/api/documents", params={"q": "软件产业快报"}).json()["documents"]
    assert doc["doc_id"] == "report" and doc["facts"] == 1
    stored = client.get(body["api"]).json()
    assert [f["evidence"] for f in stored["facts"]] == ["软件业务收入增长32.0%"]
    assert client.get("/api/alerts").json()["alerts"][0]["new_status"] == "on_track"
    assert software_status() == "on_track"  # ... and judged again after it
    # The same content again is stored already: 200, nothing new.
    again = client.post("/api/documents", files={"file": ("copy.txt", REPORT)}, data={"token": TOKEN})
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged" and again.json()["id"] == body["id"]
    assert total(client) == before + 1


def test_the_form_posts_and_lands_on_the_document(client: TestClient) -> None:
    page = client.get("/upload").text
    assert 'enctype="multipart/form-data"' in page and 'name="token"' in page and "writes-off" not in page
    r = client.post("/upload", files={"file": ("brief.txt", SHORT)}, data={"token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/documents/")
    assert "城镇新增就业增长3.2%" in client.get(r.headers["location"]).text


@pytest.mark.parametrize(("kwargs", "says"), [
    ({}, "a token is needed"),
    ({"data": {"token": ""}}, "a token is needed"),
    ({"data": {"token": "guess"}}, "wrong token"),
    ({"headers": {"Authorization": "Bearer guess"}}, "wrong token"),
    ({"headers": {"Authorization": f"Basic {TOKEN}"}}, "a token is needed"),
])
def test_no_or_a_wrong_token_is_401_and_writes_nothing(client: TestClient, kwargs: dict[str, Any],
                                                      says: str) -> None:
    before = total(client)
    r = post(client, "report.txt", REPORT, **kwargs)
    assert r.status_code == 401 and says in r.json()["detail"]
    assert r.headers["www-authenticate"] == "Bearer"
    if "headers" not in kwargs:  # the form sends its token as a field only
        form = client.post("/upload", files={"file": ("report.txt", REPORT)}, **kwargs)
        assert form.status_code == 401 and "text/html" in form.headers["content-type"] and says in form.text
    assert total(client) == before and client.get("/api/alerts").json()["total"] == 1


def test_writes_are_off_without_a_server_token(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZHIBIAO_TOKEN", raising=False)
    with TestClient(create_app(db)) as c:
        before = total(c)
        assert c.get("/api/upload").json()["writes"] is False
        page = c.get("/upload").text
        assert 'id="writes-off"' in page and "ZHIBIAO_TOKEN" in page and "<fieldset disabled>" in page
        for kwargs in ({}, {"data": {"token": "anything"}}, {"headers": {"Authorization": "Bearer anything"}}):
            r = post(c, "report.txt", REPORT, **kwargs)
            assert r.status_code == 403 and "writes are off" in r.json()["detail"]
        assert total(c) == before
        assert c.get("/api/documents").status_code == 200  # reads stay public


def test_oversize_is_413(client: TestClient) -> None:
    before = total(client)
    big = ("2024年，湖北省地区生产总值增长5.5%。\n" * 400).encode()  # over the 4096 bytes set
    r = post(client, "big.txt", big, headers=AUTH)
    assert r.status_code == 413 and "at most 4096 bytes" in r.json()["detail"]
    assert "ZHIBIAO_UPLOAD_MAX_BYTES" in r.json()["detail"]
    # A body sent without a length (chunked) is cut off as it arrives too.
    chunks = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.txt\"\r\n\r\n",
              *(b"x" * 8192 for _ in range(40)), b"\r\n--b--\r\n")
    streamed = client.post("/api/documents", content=iter(chunks), headers={
        **AUTH, "Content-Type": "multipart/form-data; boundary=b"})
    assert streamed.status_code == 413
    assert total(client) == before


@pytest.mark.parametrize(("name", "data", "says"), [
    ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "a Windows executable, not a document"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "a PNG image"),
    ("notes.pdf", REPORT, "named .pdf but the content is not pdf"),
    ("tool.exe", REPORT, ".exe files are not read"),
])
def test_what_is_no_document_is_415(client: TestClient, name: str, data: bytes, says: str) -> None:
    before = total(client)
    r = post(client, name, data, headers=AUTH)
    assert r.status_code == 415 and says in r.json()["detail"]
    assert total(client) == before


def test_a_file_that_cannot_be_read_is_422(client: TestClient) -> None:
    r = post(client, "blank.txt", b"   \n  ", headers=AUTH)
    assert r.status_code == 422 and "cannot ingest blank.txt" in r.json()["detail"]


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "..\\..\\windows\\win.ini.txt", "/abs/evil<b>.txt"])
def test_file_names_are_only_labels(client: TestClient, name: str, tmp_path: Path) -> None:
    r = post(client, name, SHORT + name.encode(), headers=AUTH)
    assert r.status_code == 201, r.text
    doc = client.get(r.json()["api"]).json()
    assert "/" not in doc["doc_id"] and "\\" not in doc["doc_id"] and ".." not in doc["doc_id"]
    assert "<" not in doc["doc_id"] and doc["path"] is None  # never a path on this machine
    assert doc["doc_id"] in {d["doc_id"] for d in client.get("/api/documents", params={"per_page": 200})
                             .json()["documents"]}
    assert {p.name for p in tmp_path.iterdir()} <= {"upload.db", "upload.db-shm", "upload.db-wal"}


def test_the_upload_endpoint_is_documented(client: TestClient) -> None:
    op = client.get("/openapi.json").json()["paths"]["/api/documents"]["post"]
    assert {"201", "401", "403", "413", "415"} <= set(op["responses"])
    assert "/api/documents" in client.get("/docs").text


def test_conflicts_follow_an_upload(client: TestClient) -> None:
    assert client.get("/api/conflicts").json()["total"] == 1  # computed and kept ...
    text = "鄂中观察\n发布日期：2024-04-02\n2023年，湖北省地区生产总值增长7.9%。\n".encode()
    assert post(client, "view.txt", text, headers=AUTH).status_code == 201
    found = client.get("/api/conflicts").json()  # ... until the database changes
    assert found["total"] == 3 and {7.9} <= {s["value"] for c in found["conflicts"] for s in c["sources"]}


def test_the_series_csv_follows_an_upload(client: TestClient) -> None:
    params = {"indicator": "地区生产总值"}
    before = client.get("/indicators.csv", params=params).text  # made once and kept ...
    assert client.get("/indicators.csv", params=params).text == before
    text = "鄂西简讯\n发布日期：2024-04-03\n2023年，湖北省地区生产总值增长8.1%。\n".encode()
    assert post(client, "west.txt", text, headers=AUTH).status_code == 201
    after = client.get("/indicators.csv", params=params).text  # ... until the database changes
    assert len(after.splitlines()) == len(before.splitlines()) + 1 and ",8.1," in after
