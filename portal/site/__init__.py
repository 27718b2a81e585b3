"""The site's own pages and chrome: home, robots.txt, sitemap.xml, errors and response headers."""

from __future__ import annotations

from flask import Flask

from portal import clock
from portal.site.blueprint import bp


def init_app(app: Flask) -> None:
    from portal.site import errors, headers, health, registry, static_files, views  # noqa: F401

    app.register_blueprint(bp)
    errors.register(app)
    headers.register(app)
    static_files.init_app(app)
    registry.register_nav_item(app, "Home", "site.home", order=0)
    app.jinja_env.globals.update(
        navigation_items=registry.navigation_items,
        current_year=lambda: clock.today().year,
    )
