"""The FastAPI application: ``create_app(db_url)``.

Reads are public and go through one read-only Store; adding documents (web.upload) goes
through a second, writing one and needs the server's token. Pages are rendered on the server
(Jinja2, autoescaped) and need no JavaScript; each has a JSON twin under /api.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhibiao import __version__
from zhibiao.errors import StoreError
from zhibiao.store import Store
from zhibiao.track.words import amount
from zhibiao.web import routes, upload
from zhibiao.web.views import KIND_LABELS, MEASURE_LABELS, STATUS_LABELS

HERE = Path(__file__).parent

# No inline script or style anywhere: charts are server-side SVG, styles one file.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """The headers on every response (plain ASGI: BaseHTTPMiddleware costs a task per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path.endswith((".csv", ".atom", ".json"))


def create_app(db_url: str | None = None, *, token: str | None = None, max_upload: int | None = None) -> FastAPI:
    """The dashboard and API over the database at ``db_url`` (default $ZHIBIAO_DB).

    Adding documents needs ``token`` (default $ZHIBIAO_TOKEN; none: writes are off); an
    upload may be ``max_upload`` bytes (default $ZHIBIAO_UPLOAD_MAX_BYTES, else 20 MB).
    """
    store = Store(db_url, read_only=True)
    writer = upload.Writer(store.url, token if token is not None else os.environ.get(upload.TOKEN_ENV),
                           max_upload or upload.max_bytes_default())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        writer.close()
        store.close()

    app = FastAPI(title="zhibiao", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Figures and targets from Chinese regional-development reporting, with their "
                              "sources: documents, plans and their progress, conflicts, alerts.")
    app.state.store, app.state.writer = store, writer
    app.add_middleware(upload.BodyLimit, limit=writer.max_bytes)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so on every answer (413s too)
    templates = Jinja2Templates(directory=HERE / "templates")  # autoescapes .html
    templates.env.globals.update(status_labels=STATUS_LABELS, measure_labels=MEASURE_LABELS, kind_labels=KIND_LABELS,
                                 amount=amount)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def error(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status, headers=headers)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        # The store's messages name the bad parameter; "no document …" is an unknown id.
        text = str(exc).removeprefix("--")  # CLI wording: the option is a query parameter here
        return error(request, 404 if text.startswith("no document") else 422, text)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
                             for e in exc.errors())
        return error(request, 422, problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail), exc.headers)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> Response:
        """The API described from its OpenAPI schema, rendered here (no CDN, no script)."""
        return templates.TemplateResponse(request, "docs.html", {"api": _endpoints(app.openapi())})

    upload.register(app, writer, routes.register(app, store, templates))
    return app


def _endpoints(schema: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            out.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                        "description": p.get("description", "")}
                                       for p in op.get("parameters", [])]})
    return out
