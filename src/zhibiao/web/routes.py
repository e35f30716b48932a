"""The routes: each page registered twice, as HTML and as its JSON twin under /api."""

import inspect
import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from feedgen.feed import FeedGenerator

from zhibiao.model import DOCUMENT_KINDS
from zhibiao.store import Store
from zhibiao.web import render, views

Page = Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=200, description="Rows per page, 1 to 200.")]
Region = Annotated[str | None, Query(max_length=200, description="Region name or 6-digit code; includes what "
                                     "lies under it.")]
_LIST = re.compile(r"[,，、;；\s]+")


def _blank(value: str | None) -> str | None:
    """Forms send empty fields as ''; that means 'not given'."""
    return value.strip() or None if value is not None else None


Twin = Callable[..., Callable[[Callable[..., Any]], Any]]


def register(app: FastAPI, store: Store, templates: Jinja2Templates) -> Twin:
    """Register the pages and their twins; returns ``twin`` for more (web.upload)."""
    def page_url(request: Request, number: int) -> str:
        query = {**request.query_params, "page": str(number)}
        return f"{request.url.path}?{urlencode(query)}"

    # Presentation only (not in the JSON twins): the cut text of a document, chart coordinates.
    templates.env.globals.update(page_url=page_url, segments=render.segments, chart=render.chart)

    def twin(path: str, template: str, *, api: str | None = None) -> Callable[[Callable[..., Any]], Any]:
        """Register ``fn`` as GET /api{api or path} (JSON) and GET {path} (the page rendering it)."""
        def decorate(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
            app.get("/api" + (api or path), name=f"api_{fn.__name__}")(fn)
            sig = inspect.signature(fn, eval_str=True)

            def html(request: Request, **kwargs: Any) -> Response:
                return templates.TemplateResponse(request, template, {"data": fn(**kwargs)})

            request_param = inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)
            html.__signature__ = sig.replace(  # type: ignore[attr-defined]
                parameters=[request_param, *sig.parameters.values()], return_annotation=Response)
            app.get(path, response_class=HTMLResponse, include_in_schema=False, name=fn.__name__)(html)
            return fn
        return decorate

    @twin("/", "overview.html", api="/overview")
    def overview() -> dict[str, Any]:
        """Counts, the latest documents and alerts, targets by status, plans."""
        return views.overview(store)

    @twin("/documents", "documents.html")
    def documents(*, q: Annotated[str | None, Query(max_length=200, description="Text in the document "
                                                   "(full-text index).")] = None,
                  region: Region = None,
                  year: Annotated[str | None, Query(pattern=r"^(\d{4})?$", description="Year published.")] = None,
                  kind: Annotated[str | None, Query(max_length=20, description="Kind of document: "
                                                    + ", ".join(DOCUMENT_KINDS) + ".")] = None,
                  page: Page = 1, per_page: PerPage = 20) -> dict[str, Any]:
        """Documents, searched and filtered, a page at a time."""
        return views.documents(store, q=_blank(q), region=_blank(region), year=_blank(year), kind=_blank(kind),
                               page=page, per_page=per_page)

    @twin("/documents/{pk}", "document.html")
    def document(*, pk: Annotated[int, Path(ge=1, description="The document's row id.")]) -> dict[str, Any]:
        """One document: its text and every fact, target and entity with its span."""
        return views.document(store, pk)

    @twin("/plans", "plans.html")
    def plans(*, region: Region = None) -> dict[str, Any]:
        """Every plan with its targets judged: status, reasoning, progress, evidence."""
        return views.plans(store, region=_blank(region))

    @twin("/conflicts", "conflicts.html")
    def conflicts(*, region: Region = None, page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
        """Figures two documents report differently, with both sources and spans, a page at a time."""
        return views.conflicts(store, region=_blank(region), page=page, per_page=per_page)

    @twin("/alerts", "alerts.html")
    def alerts(*, since: Annotated[str | None, Query(max_length=10, description="Date, YYYY-MM-DD (UTC).")] = None,
               page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
        """Targets whose status changed after an ingest, newest first."""
        return views.alert_list(store, since=_blank(since), page=page, per_page=per_page)

    Regions = Annotated[list[str] | None, Query(max_length=200, description="Regions (repeat, or separate by "
                                                "commas) to compare.")]
    Indicator = Annotated[str | None, Query(max_length=200, description="Indicator key, e.g. 地区生产总值.")]
    Measure = Annotated[str | None, Query(pattern=r"^(level|growth|change|rank)?$",
                                          description="level, growth, change or rank.")]

    def _regions(region: list[str] | None) -> list[str]:
        return [r for value in region or [] for r in _LIST.split(value) if r][:8]

    @twin("/indicators", "indicators.html")
    def indicators(*, region: Regions = None, indicator: Indicator = None, measure: Measure = None) -> dict[str, Any]:
        """An indicator's series for one or more regions, each point with its evidence."""
        return views.series(store, regions=_regions(region), indicator=_blank(indicator), measure=_blank(measure))

    @app.get("/indicators.csv", response_class=Response, summary="The indicator series shown, as CSV")
    def indicators_csv(region: Regions = None, indicator: Indicator = None, measure: Measure = None) -> Response:
        body = views.series_csv(store, regions=_regions(region), indicator=_blank(indicator), measure=_blank(measure))
        return Response(body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="series.csv"'})

    @app.get("/alerts.atom", response_class=Response, summary="Alerts as an Atom feed")
    def alerts_feed(request: Request) -> Response:
        base = str(request.base_url)
        feed = FeedGenerator()
        feed.id(base + "alerts")
        feed.title("zhibiao 督导提醒")
        feed.link(href=base + "alerts.atom", rel="self")
        feed.link(href=base + "alerts", rel="alternate")
        feed.language("zh-CN")
        found = views.alert_list(store, since=None, page=1, per_page=50)["alerts"]
        feed.updated(datetime.fromisoformat(found[0]["created_at"]) if found else datetime.fromisoformat(
            "2000-01-01T00:00:00+00:00"))
        for a in reversed(found):  # feedgen puts the last added first
            entry = feed.add_entry()
            entry.id(f"{base}alerts#alert-{a['id']}")
            labels = views.STATUS_LABELS
            entry.title(f"{a['target']}：{labels.get(a['old_status'], a['old_status'])} → "
                        f"{labels.get(a['new_status'], a['new_status'])}")
            entry.updated(datetime.fromisoformat(a["created_at"]))
            entry.link(href=base.rstrip("/") + (a["link"] or "/alerts"))
            entry.content(f"{a['plan'] or ''}\n{a['reasoning'] or ''}\n{a['evidence'] or ''}", type="text")
        return Response(feed.atom_str(pretty=True), media_type="application/atom+xml")

    return twin
