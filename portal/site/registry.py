"""What domains contribute to the site's chrome: navigation links and sitemap entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask, current_app, request, url_for

SitemapSource = Callable[[], Iterable[tuple[str, dt.datetime | None]]]


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    order: int


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def register_nav_item(app: Flask, label: str, endpoint: str, order: int = 50) -> None:
    items = app.extensions.setdefault("portal.nav", [])
    items.append(NavItem(label, endpoint, order))
    items.sort(key=lambda item: item.order)


def register_sitemap_source(app: Flask, source: SitemapSource) -> None:
    app.extensions.setdefault("portal.sitemap", []).append(source)


def navigation_items() -> list[NavLink]:
    current_blueprint = request.blueprint if request else None
    return [
        NavLink(
            item.label,
            url_for(item.endpoint),
            current=current_blueprint == item.endpoint.partition(".")[0],
        )
        for item in current_app.extensions.get("portal.nav", [])
    ]


def sitemap_entries() -> list[tuple[str, dt.datetime | None]]:
    entries = []
    for source in current_app.extensions.get("portal.sitemap", []):
        entries.extend(source())
    return entries
