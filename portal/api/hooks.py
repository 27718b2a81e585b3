"""What every API response shares: problem+json errors, rate limits and their headers, ETags
and CORS for public reads, and no caching of personal ones.

These are hooks on the API's own blueprints, never on the app, so the rest of the site keeps its
error pages and headers. The one app-level piece: a request under /api/ that matches no route
(a 404 or 405 raised before any blueprint is chosen) is answered as a problem too; other paths go
on to the site's error page.
"""

from __future__ import annotations

import time

from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import HTTPException, default_exceptions

from portal.api import auth
from portal.api.blueprints import ALL as API_BLUEPRINTS
from portal.api.blueprints import PUBLIC_ENDPOINTS
from portal.api.problems import from_http_exception
from portal.extensions import csrf, limiter

__all__ = ["API_BLUEPRINTS"]

PUBLIC_CACHE_CONTROL = "public, no-cache"  # keep it, but ask (with the ETag) before using it


def prepare_blueprint(blueprint: Blueprint) -> None:
    # Bearer tokens, never cookies (portal.api.auth): a forged cross-site request carries none.
    csrf.exempt(blueprint)
    # One budget across the whole API, not one per blueprint.
    limiter.shared_limit(auth.rate_limit_value, scope="api", key_func=auth.rate_limit_key)(
        blueprint
    )
    blueprint.register_error_handler(HTTPException, from_http_exception)
    # The site registers handlers for some codes (429, 500); Flask looks handlers up by code
    # first, so the blueprint's own must be registered by code too to come before the app's.
    for code in default_exceptions:
        blueprint.register_error_handler(code, from_http_exception)
    blueprint.after_request(finish_response)


def prepare_blueprints() -> None:
    """Once per process (blueprints are set up before any app registers them)."""
    for blueprint in API_BLUEPRINTS:
        prepare_blueprint(blueprint)


def finish_response(response: Response) -> Response:
    _rate_limit_headers(response)
    if request.endpoint in PUBLIC_ENDPOINTS:
        _public(response)
    elif "Cache-Control" not in response.headers:
        response.cache_control.private = True
        response.cache_control.no_store = True
    return response


def _rate_limit_headers(response: Response) -> None:
    """The IETF draft's RateLimit-* fields (draft-ietf-httpapi-ratelimit-headers), from the
    limit this request counted against."""
    current = limiter.current_limit
    if current is None:
        return
    reset = max(0, int(current.reset_at - time.time()))
    response.headers["RateLimit-Limit"] = str(current.limit.amount)
    response.headers["RateLimit-Remaining"] = str(max(0, current.remaining))
    response.headers["RateLimit-Reset"] = str(reset)
    if response.status_code == 429:
        response.headers["Retry-After"] = str(reset)


def _public(response: Response) -> None:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = (
        "ETag, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"
    )
    if request.method == "OPTIONS":
        # A preflight (an If-None-Match header is not CORS-safelisted): reads only.
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
        return
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        if "ETag" not in response.headers:
            response.add_etag()
        response.headers.setdefault("Cache-Control", PUBLIC_CACHE_CONTROL)
        response.make_conditional(request)


def prepare_spec_blueprint(app: Flask) -> None:
    """The description itself is a public read too."""
    spec_blueprint = app.blueprints["api-docs"]
    # Registered already: add the hook to the app's table for that blueprint.
    app.after_request_funcs.setdefault(spec_blueprint.name, []).append(finish_response)


def answer_api_paths_with_problems(app: Flask) -> None:
    site_handler = app.error_handler_spec[None][None].get(HTTPException)

    def routing_error(error: HTTPException):
        if request.path.startswith("/api/v1/") or request.path == "/api/v1":
            return from_http_exception(error)
        if site_handler is None:
            return error
        return site_handler(error)

    for code in (404, 405):
        app.register_error_handler(code, routing_error)


prepare_blueprints()
