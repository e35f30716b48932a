"""Every endpoint through FastAPI's TestClient: status codes, paging, bad parameters, unknown ids."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient


def doc_pk(client: TestClient, text: str) -> int:
    [doc] = client.get("/api/documents", params={"q": text}).json()["documents"]
    return int(doc["id"])


PAGES = ["/", "/documents", "/plans", "/conflicts", "/alerts", "/indicators", "/indicators?indicator=地区生产总值"]
TWINS = {"/": "/api/overview", "/documents": "/api/documents", "/plans": "/api/plans", "/conflicts": "/api/conflicts",
         "/alerts": "/api/alerts", "/indicators": "/api/indicators"}


@pytest.mark.parametrize("path", [*PAGES, "/docs"])
def test_pages_render(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script" not in r.text.lower()  # no script of ours, and none from the documents


@pytest.mark.parametrize(("page", "api"), TWINS.items())
def test_every_page_has_a_json_twin(client: TestClient, page: str, api: str) -> None:
    r = client.get(api)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert f'href="{api}"' in client.get(page).text  # the page links its twin
    assert api in client.get("/openapi.json").json()["paths"]


def test_overview_counts_statuses_and_latest(client: TestClient) -> None:
    data = client.get("/api/overview").json()
    assert data["counts"]["documents"] == 5
    assert data["statuses"]["behind"] == 1 and set(data["statuses"]) == {"met", "on_track", "behind", "missed",
                                                                          "no_data"}
    assert [a["new_status"] for a in data["latest_alerts"]] == ["behind"]
    assert data["latest_documents"][0]["doc_id"] == "hostile-title"  # newest first
    html = client.get("/").text
    assert "滞后" in html and "算力产业提升行动方案" in html


def test_documents_search_filters_and_paging(client: TestClient) -> None:
    found = client.get("/api/documents", params={"q": "运行简报"}).json()
    assert [d["doc_id"] for d in found["documents"]] == ["progress"]
    assert "progress" in client.get("/documents", params={"q": "运行简报"}).text
    first = client.get("/api/documents", params={"per_page": 2}).json()
    second = client.get("/api/documents", params={"per_page": 2, "page": 2}).json()
    assert (first["total"], first["pages"], len(first["documents"])) == (5, 3, 2)
    assert {d["id"] for d in first["documents"]}.isdisjoint(d["id"] for d in second["documents"])
    assert client.get("/api/documents", params={"page": 9}).json()["documents"] == []
    assert client.get("/api/documents", params={"year": "2023"}).json()["total"] == 1
    assert client.get("/api/documents", params={"region": "湖北省"}).json()["total"] >= 3
    # Empty form fields mean "not given".
    assert client.get("/documents", params={"q": "", "region": "", "year": ""}).status_code == 200
    assert 'rel="next"' in client.get("/documents", params={"per_page": 2}).text


def test_documents_filtered_by_kind(client: TestClient) -> None:
    plans = client.get("/api/documents", params={"kind": "plan"}).json()
    assert [d["doc_id"] for d in plans["documents"]] == ["plan"] and plans["filters"]["kind"] == "plan"
    assert {d["kind"] for d in client.get("/api/documents", params={"kind": "notice"}).json()["documents"]} == {"notice"}
    html = client.get("/documents", params={"kind": "plan"}).text
    assert '<option value="plan" selected>' in html and "规划方案" in html and "运行简报" not in html
    assert client.get("/documents", params={"kind": ""}).status_code == 200  # the form's 全部


def test_conflicts_come_a_page_at_a_time(client: TestClient) -> None:
    data = client.get("/api/conflicts", params={"per_page": 1}).json()
    assert (data["total"], data["page"], data["per_page"], data["pages"]) == (1, 1, 1, 1)
    assert client.get("/api/conflicts", params={"page": 2}).json()["conflicts"] == []
    assert client.get("/api/conflicts", params={"region": "湖北省"}).json()["total"] == 1
    assert client.get("/api/conflicts", params={"region": "湖南省"}).json()["total"] == 0
    assert "共 1 条" in client.get("/conflicts").text


def test_document_items_point_into_its_text(client: TestClient) -> None:
    pk = doc_pk(client, "运行简报")
    doc = client.get(f"/api/documents/{pk}").json()
    assert len(doc["facts"]) == 2 and doc["entities"]
    for item in doc["facts"] + doc["targets"]:
        assert doc["text"][item["start"]:item["end"]] == item["evidence"]
    html = client.get(f"/documents/{pk}").text
    for f in doc["facts"]:
        assert f'id="fact-{f["id"]}"' in html and f'id="span-{f["start"]}-{f["end"]}"' in html
    assert "5.1%" in html and "软件业务收入" in html


def test_plans_show_status_reasoning_progress_and_evidence(client: TestClient) -> None:
    [plan] = [p for p in client.get("/api/plans").json()["plans"] if "算力" in p["plan"]]
    [target] = plan["targets"]
    assert target["status"] == "behind" and "behind" in target["reasoning"]
    assert 0 < target["progress"] < 1
    assert target["observed"]["link"].startswith("/documents/")
    html = client.get("/plans").text
    assert "滞后" in html and 'class="fill fill-behind"' in html and target["observed"]["link"] in html
    assert client.get("/api/plans", params={"region": "湖北省"}).json()["plans"]


def test_conflicts_show_both_values_and_sources(client: TestClient) -> None:
    [conflict] = client.get("/api/conflicts").json()["conflicts"]
    assert {s["doc_id"] for s in conflict["sources"]} == {"progress", "other"}
    assert {s["value"] for s in conflict["sources"]} == {6.4, 5.6}
    html = client.get("/conflicts").text
    assert "地区生产总值增长6.4%" in html and "地区生产总值增长5.6%" in html


def test_alerts_page_api_and_feed(client: TestClient) -> None:
    [alert] = client.get("/api/alerts").json()["alerts"]
    assert (alert["old_status"], alert["new_status"], alert["doc_id"]) == ("no_data", "behind", "progress")
    assert client.get("/api/alerts", params={"since": "2999-01-01"}).json()["alerts"] == []
    assert "无数据" in client.get("/alerts").text
    feed = client.get("/alerts.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(feed.content).findall("a:entry", ns)
    assert len(entries) == 1
    assert "滞后" in (entries[0].findtext("a:title", namespaces=ns) or "")
    assert (entries[0].find("a:link", ns).get("href") or "").endswith(alert["link"])  # type: ignore[union-attr]


def test_indicator_series_chart_and_csv(client: TestClient) -> None:
    params = {"indicator": "地区生产总值", "region": "湖北省"}
    data = client.get("/api/indicators", params=params).json()
    points = [p for s in data["series"] for p in s["points"]]
    assert sorted(p["value"] for p in points) == [4.3, 5.6, 6.4]
    html = client.get("/indicators", params=params).text
    assert html.count("<circle") == len(points)
    for p in points:
        assert p["link"] in html
    rows = list(csv.DictReader(io.StringIO(client.get("/indicators.csv", params=params).text)))
    assert sorted(float(r["value"]) for r in rows) == [4.3, 5.6, 6.4]
    # Several regions, comma-separated as the form sends them.
    two = client.get("/api/indicators", params={"indicator": "地区生产总值", "region": "湖北省,湖南省"}).json()
    assert two["filters"]["region"] == ["湖北省", "湖南省"]
    assert client.get("/api/indicators").json()["indicators"]  # offered when none is chosen


@pytest.mark.parametrize(("path", "params", "says"), [
    ("/api/documents", {"page": "0"}, "page"),
    ("/api/documents", {"per_page": "1000"}, "per_page"),
    ("/api/documents", {"page": "two"}, "page"),
    ("/api/documents", {"year": "20x4"}, "year"),
    ("/api/documents", {"region": "亚特兰蒂斯"}, "unknown region"),
    ("/api/documents", {"q": "x" * 500}, "q"),
    ("/api/documents", {"kind": "memo"}, "expected one of communique, report, plan, notice"),
    ("/api/documents", {"kind": "x" * 40}, "kind"),
    ("/api/conflicts", {"page": "0"}, "page"),
    ("/api/conflicts", {"per_page": "201"}, "per_page"),
    ("/api/conflicts", {"per_page": "many"}, "per_page"),
    ("/api/conflicts", {"region": "亚特兰蒂斯"}, "unknown region"),
    ("/api/alerts", {"since": "last week"}, "since"),
    ("/api/indicators", {"indicator": "地区生产总值", "measure": "volume"}, "measure"),
    ("/api/plans", {"region": "亚特兰蒂斯"}, "region"),
    ("/api/documents/abc", {}, "pk"),
    ("/api/documents/0", {}, "pk"),
])
def test_bad_parameters_are_422_with_a_clear_message(client: TestClient, path: str, params: dict[str, str],
                                                     says: str) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 422
    assert says in r.json()["detail"]
    page = client.get(path.removeprefix("/api"), params=params)
    if path != "/api/indicators":  # the page twin answers the same way, as HTML
        assert page.status_code == 422 and says in page.text


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert client.get("/api/documents/99999").status_code == 404
    assert client.get("/api/documents/99999").json()["detail"] == "no document with id 99999"
    r = client.get("/documents/99999")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert client.get("/api/nothing-here").status_code == 404


def test_docs_describe_the_api_without_a_cdn(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/api/documents" in html and "per_page" in html
    assert "https://" not in html and "<script" not in html
