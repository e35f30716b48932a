"""``zhibiao serve``: the dashboard and HTTP API (see zhibiao.web)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from zhibiao.cli import app
from zhibiao.cli.common import DbOption, fail


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (each answers requests on its own CPU).")] = 1,
) -> None:
    """Serve the dashboard and the HTTP API over a database.

    Pages: overview, documents (search, each text with its figures highlighted), plans
    and their progress, indicator series, conflicts, alerts (also an Atom feed,
    /alerts.atom). Every page has a JSON twin under /api; the API is described at /docs.
    Reads are public. Adding documents (/upload, POST /api/documents) needs the token in
    $ZHIBIAO_TOKEN; without it writes are off. Uploads may be $ZHIBIAO_UPLOAD_MAX_BYTES (20 MB).

    Example: zhibiao serve --db demo.db --port 8000
    """
    if not 1 <= port <= 65535:
        raise fail(f"--port {port}: expected 1 to 65535")
    if not 1 <= workers <= 64:
        raise fail(f"--workers {workers}: expected 1 to 64")
    import uvicorn

    from zhibiao.web import create_app

    web = create_app(db)  # opens the database first: a missing one is the usual one-line error
    writes = "uploads need $ZHIBIAO_TOKEN" if web.state.writer.enabled else "read-only: no $ZHIBIAO_TOKEN"
    typer.echo(f"zhibiao: serving {web.state.store.url} at http://{host}:{port}/ ({writes}; Ctrl-C stops)", err=True)
    if workers == 1:
        uvicorn.run(web, host=host, port=port, log_level="warning")
        return
    # Each process makes its own app: by name, over the database checked above ($ZHIBIAO_DB).
    os.environ["ZHIBIAO_DB"] = web.state.store.url
    web.state.store.close()
    uvicorn.run("zhibiao.web:create_app", factory=True, workers=workers, host=host, port=port, log_level="warning")
