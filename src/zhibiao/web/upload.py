"""Adding a document through the web: a form (/upload) and its API twin (POST /api/documents).

Writes are off unless the server is started with a token ($ZHIBIAO_TOKEN); a write then
needs it (a form field, or ``Authorization: Bearer …``). An upload is ingested as
``zhibiao ingest -`` ingests standard input (Store.ingest_bytes: the format sniffed from the
content), then alerts are checked, as the CLI does after every ingest. The file's name is
only a label and the document's id, never a path.
"""

from __future__ import annotations

import hmac
import os
import re
import threading
from collections.abc import MutableMapping
from pathlib import PurePosixPath
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Header, HTTPException, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from zhibiao.ingest import DOCUMENT_SUFFIXES, read_bounded, sniff
from zhibiao.store import Store
from zhibiao.track import alerts
from zhibiao.web.routes import Twin

TOKEN_ENV = "ZHIBIAO_TOKEN"
MAX_BYTES_ENV = "ZHIBIAO_UPLOAD_MAX_BYTES"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_PATHS = ("/upload", "/api/documents")
_FORM_OVERHEAD = 64 * 1024  # multipart boundaries, headers and the token field around the file
_UNSAFE = re.compile(r"[^\w.\-]+")
_NAMED = {".pdf": "pdf", ".docx": "docx"}  # suffixes that promise a binary format


def max_bytes_default() -> int:
    """$ZHIBIAO_UPLOAD_MAX_BYTES when a positive integer, else 20 MB."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_BYTES


def safe_name(filename: str | None) -> str:
    """The last part of a client's file name, reduced to letters, digits, '.', '-', '_'."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE.sub("_", base).strip("._ ")[:100] or "upload"


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"upload too large: at most {limit} bytes ({limit / 2**20:.0f} MB; "
                              f"the server sets it with {MAX_BYTES_ENV})")


class BodyLimit:
    """Refuse an upload's body past the limit as it arrives (413), declared or streamed:
    the form parser would otherwise spool any size to disk first."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in UPLOAD_PATHS:
            await self.app(scope, receive, send)
            return
        cap = self.limit + _FORM_OVERHEAD
        declared = dict(scope["headers"]).get(b"content-length", b"")
        received = 0

        async def limited() -> MutableMapping[str, Any]:
            nonlocal received
            if declared.isdigit() and int(declared) > cap:
                raise _too_large(self.limit)  # raised inside the app: its error handler answers
            message = await receive()
            received += len(message.get("body", b""))
            if received > cap:
                raise _too_large(self.limit)
            return message

        await self.app(scope, limited, send)


class Writer:
    """The write path: one read-write Store opened on first use, one ingest at a time."""

    def __init__(self, url: str, token: str | None, max_bytes: int) -> None:
        self.url, self.token, self.max_bytes = url, token or None, max_bytes
        self._store: Store | None = None
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def authorise(self, given: str | None) -> None:
        if self.token is None:
            raise HTTPException(403, f"writes are off: the server was started without {TOKEN_ENV}; "
                                     "set it to allow uploads")
        if not given:
            raise HTTPException(401, "a token is needed to add documents (the form's token field, or "
                                     "Authorization: Bearer …)", headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise HTTPException(401, "wrong token: nothing was written", headers={"WWW-Authenticate": "Bearer"})

    def ingest(self, data: bytes, filename: str | None) -> dict[str, Any]:
        """Check the upload's type, ingest it and check alerts; HTTPException for bad input."""
        name = safe_name(filename)
        if len(data) > self.max_bytes:
            raise _too_large(self.max_bytes)
        _check_type(name, data)
        with self._lock:
            if self._store is None:
                self._store = Store(self.url, migrate=False)  # the reader migrated it when it opened
            outcome, reason = self._store.ingest_bytes(data, name=name, doc_id=PurePosixPath(name).stem or "upload",
                                                       max_bytes=self.max_bytes)
            if outcome == "failed":
                raise HTTPException(422, f"cannot ingest {name}: {reason}")
            raised = alerts.check(self._store)
            pk = self._store.document_pk_of(data)
        return {"outcome": outcome, "name": name, "id": pk, "link": f"/documents/{pk}",
                "api": f"/api/documents/{pk}", "alerts": [a.to_dict() for a in raised]}

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _check_type(name: str, data: bytes) -> None:
    """415 for what is no document: a binary format by its content, a name promising another."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix and suffix not in DOCUMENT_SUFFIXES:
        raise HTTPException(415, f"{name}: {suffix} files are not read; upload .txt, .html, .pdf or .docx")
    found = sniff(data)
    if found.startswith("binary:"):
        raise HTTPException(415, f"{name}: the content is {found[7:]}, not a document; "
                                 "upload .txt, .html, .pdf or .docx")
    if suffix in _NAMED and found != _NAMED[suffix]:
        raise HTTPException(415, f"{name}: named {suffix} but the content is not {_NAMED[suffix]} (it reads as "
                                 f"{found})")


def _bearer(authorization: str | None) -> str | None:
    scheme, _, value = (authorization or "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


FileField = Annotated[UploadFile, File(description="The document: .txt, .html, .pdf or .docx.")]
TokenField = Annotated[str | None, Form(max_length=500, description=f"The server's {TOKEN_ENV} (or use the "
                                        "Authorization header).")]


def register(app: FastAPI, writer: Writer, twin: Twin) -> None:
    async def add(file: UploadFile, token: str | None) -> dict[str, Any]:
        writer.authorise(token)  # before the content is looked at
        # The file is spooled already (BodyLimit bounds it); read no more than the limit + 1.
        data = await run_in_threadpool(read_bounded, file.file, writer.max_bytes)
        return await run_in_threadpool(writer.ingest, data, file.filename)

    @twin("/upload", "upload.html")
    def upload() -> dict[str, Any]:
        """Whether documents can be added here, the size limit and the formats read."""
        return {"writes": writer.enabled, "max_bytes": writer.max_bytes, "formats": list(DOCUMENT_SUFFIXES)}

    @app.post("/api/documents", status_code=201, summary="Add a document",
              responses={200: {"description": "The same content is stored already"},
                         401: {"description": "No or a wrong token"}, 403: {"description": "Writes are off"},
                         413: {"description": "Over the size limit"}, 415: {"description": "Not a document"}})
    async def api_add(file: FileField, token: TokenField = None,
                      authorization: Annotated[str | None, Header(description="Bearer <token>")] = None) -> Response:
        """Ingest a document as `zhibiao ingest` does, then check alerts. Needs the token."""
        result = await add(file, _bearer(authorization) or token)
        return JSONResponse(result, status_code=201 if result["outcome"] in ("new", "replaced") else 200)

    @app.post("/upload", include_in_schema=False)
    async def form_add(file: FileField, token: TokenField = None) -> Response:
        result = await add(file, token)
        return RedirectResponse(result["link"], status_code=303)
