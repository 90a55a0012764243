"""The reviewer dashboard (DESIGN §9): the built single-page app, served at `/` beside the API.

`make` builds `web/` into this package's `static/` folder (package data, found through
`importlib.resources`, never through the source tree). Every path that is not the API, the
metrics or a probe answers with a built asset if one has that name, else with `index.html`,
so deep links (/deployments/ID, /cases/ID, /impact?..., /audit, /graphiql) open the same view
after a reload. The page needs no key (it asks for one); its data comes from /graphql.

Every dashboard response carries a Content-Security-Policy with no inline script and
`connect-src 'self'`, and refuses to be framed.
"""

from __future__ import annotations

import mimetypes
from importlib import resources
from importlib.resources.abc import Traversable

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

#: Paths the dashboard never answers: the API, its metrics and the probes.
API_PATHS = ("/graphql", "/metrics", "/healthz", "/readyz")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Plot and GraphiQL set style attributes; styles cannot run code.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Safety Case Graph</title></head><body>
<h1>The dashboard is not built</h1>
<p>Run <code>make</code> (it runs <code>npm ci</code> and the build in <code>web/</code>);
the API is at <code>/graphql</code>.</p></body></html>"""


def is_dashboard_path(path: str) -> bool:
    """True for the paths the dashboard answers (everything but the API and the probes)."""
    return not any(path == api or path.startswith(api + "/") for api in API_PATHS)


def assets() -> Traversable:
    """The folder of the built dashboard inside the installed package."""
    return resources.files("service.api").joinpath("static")


def _asset(path: str) -> Traversable | None:
    parts = [part for part in path.split("/") if part]
    if not parts or any(part in {".", ".."} or part.startswith(".") for part in parts):
        return None
    node = assets()
    for part in parts:
        node = node.joinpath(part)
    return node if node.is_file() else None


async def serve_dashboard(request: Request) -> Response:
    """A built asset by its path; `index.html` for every other path (the app routes)."""
    path = request.url.path
    asset = _asset(path)
    if asset is not None and path != "/index.html":
        media_type = mimetypes.guess_type(asset.name)[0] or "application/octet-stream"
        # Vite names every asset under /assets/ by its content hash: cache them for good.
        cache = (
            "public, max-age=31536000, immutable" if path.startswith("/assets/") else ("no-cache")
        )
        return Response(
            asset.read_bytes(),
            media_type=media_type,
            headers={**SECURITY_HEADERS, "cache-control": cache},
        )
    if path.startswith("/assets/"):  # a missing asset is a 404, not the app
        return Response("not found", status_code=404, headers=SECURITY_HEADERS)
    index = assets().joinpath("index.html")
    body = index.read_text(encoding="utf-8") if index.is_file() else NOT_BUILT
    return HTMLResponse(body, headers={**SECURITY_HEADERS, "cache-control": "no-cache"})
