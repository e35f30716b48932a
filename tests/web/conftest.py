"""A database for the web tests, made from invented documents: a plan, a later report that
puts its target behind (one alert), two reports that disagree (a conflict), and a page
full of XSS payloads in its title and text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from zhibiao.model import Document
from zhibiao.store import Store
from zhibiao.store.engine import sqlite_path
from zhibiao.track import alerts
from zhibiao.web import create_app

PLAN = """湖北省人民政府关于印发《湖北省算力产业提升行动方案（2023—2025年）》的通知
发布日期：2023-04-10
《湖北省算力产业提升行动方案（2023—2025年）》提出，到2025年，全省软件业务收入年均增长15%以上。
"""
PROGRESS = """湖北算力产业运行简报
发布日期：2024-02-20
2023年，湖北省软件业务收入增长5.1%，低于预期。2023年，湖北省地区生产总值增长6.4%。
"""
OTHER = """湖北经济年度回顾
发布日期：2024-03-05
2023年，湖北省地区生产总值增长5.6%。2022年，湖北省地区生产总值增长4.3%。
"""
PAYLOADS = (
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "<a href=\"javascript:alert('xss-href')\">点此</a>",
    "<svg onload=alert('xss-svg')><script>alert('xss-svg2')</script></svg>",
    "\"><script>alert('xss-attr')</script>",
    "</textarea><iframe src=javascript:alert('xss-iframe')></iframe>",
)
HOSTILE = ("<script>alert('xss-title')</script>湖北通报\n发布日期：2024-05-01\n"
           + "\n".join(f"2023年，湖北省{p}城镇新增就业增长{i + 1}.5%。" for i, p in enumerate(PAYLOADS)) + "\n")


TITLE = "<script>alert('xss-title')</script><img src=x onerror=alert('xss-title2')>"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'web.db'}"
    with Store(url) as store:
        for name, text in (("plan", PLAN), ("progress", PROGRESS), ("other", OTHER), ("hostile", HOSTILE)):
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        store.ingest_paths([folder / "plan.txt"], jobs=1)
        alerts.check(store)
        store.ingest_paths([folder / f"{n}.txt" for n in ("progress", "other", "hostile")], jobs=1)
        store.ingest_document(Document("hostile-title", "湖北通报正文。" * 3, "2024-05-02", title=TITLE),
                              path="hostile-title")
        assert len(alerts.check(store)) == 1
    return url


@pytest.fixture(scope="session")
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db)) as c:
        yield c



def copy_db(web_db: str, folder: Path) -> str:
    """A private copy of the shared test database: uploads must not change what other tests see."""
    target = folder / "upload.db"
    with sqlite3.connect(sqlite_path(web_db) or "") as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"
