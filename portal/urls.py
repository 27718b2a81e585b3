"""Absolute URLs (mail links, canonical links, og:url, JSON-LD, sitemap, feeds): one place that
builds them, from SITE_URL and never from what a visitor sent.

The Host header is the visitor's to choose. A link built from it and mailed (a reset link) or
stored and shown to others (the guide page kept for every visitor) hands that choice to an
attacker. Production refuses to start without SITE_URL (portal/config.py), so the request's host
is only used on a developer's machine or under tests, where SITE_URL may be left unset.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, url_for


def site_url_configured() -> bool:
    return bool(current_app.config.get("SITE_URL"))


def absolute_url(endpoint: str, **values: Any) -> str:
    """A full URL on SITE_URL when set, else on the current request's host (development and
    tests only). Works outside a request (a CLI batch) when SITE_URL is set."""
    site_url = current_app.config.get("SITE_URL")
    if not site_url:
        if not has_request_context():
            raise RuntimeError("set SITE_URL to build links in mail sent outside a request")
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(site_url)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def init_app(app: Flask) -> None:
    app.add_template_global(absolute_url, "absolute_url")
