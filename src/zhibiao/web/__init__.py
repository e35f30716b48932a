"""``zhibiao serve``: the dashboard and HTTP API over a zhibiao database.

    from zhibiao.web import create_app
    app = create_app("sqlite:///demo.db")   # a FastAPI app; uvicorn runs it

Every page has a JSON twin under /api; the API is described at /docs and /openapi.json.
"""

from zhibiao.web.app import create_app

__all__ = ["create_app"]
