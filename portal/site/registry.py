"""What domains contribute to the site's chrome: navigation links and sitemap entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_login import current_user

SitemapSource = Callable[[], Iterable[tuple[str, dt.datetime | None]]]


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    order: int
    # Shown only to signed-in people (their bookmarks, their applications).
    signed_in: bool = False
    # Asked on the server with the signed-in user: the Admin link is for admins only.
    shown_to: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def register_nav_item(
    app: Flask,
    label: str,
    endpoint: str,
    order: int = 50,
    signed_in: bool = False,
    shown_to: Callable[[Any], bool] | None = None,
) -> None:
    items = app.extensions.setdefault("portal.nav", [])
    items.append(NavItem(label, endpoint, order, signed_in or shown_to is not None, shown_to))
    items.sort(key=lambda item: item.order)


def register_sitemap_source(app: Flask, source: SitemapSource) -> None:
    app.extensions.setdefault("portal.sitemap", []).append(source)


def navigation_items() -> list[NavLink]:
    current_blueprint = request.blueprint if request else None
    signed_in = current_user.is_authenticated
    return [
        NavLink(
            item.label,
            url_for(item.endpoint),
            # A signed-in item shares its blueprint with others (bookmarks, applications), so
            # only its own page marks it current.
            current=request.endpoint == item.endpoint
            if item.signed_in
            else current_blueprint == item.endpoint.partition(".")[0],
        )
        for item in current_app.extensions.get("portal.nav", [])
        if (signed_in or not item.signed_in)
        and (item.shown_to is None or item.shown_to(current_user))
    ]


def sitemap_entries() -> list[tuple[str, dt.datetime | None]]:
    entries = []
    for source in current_app.extensions.get("portal.sitemap", []):
        entries.extend(source())
    return entries
