"""Career guides: structured guides loaded from seed files and rendered as fast, indexable pages.

A host portal mounts this domain with `init_app(app)`. The host provides `base.html` (with the
blocks `title`, `description`, `head` and `main`) and the `navigation_items()` helper's registry.
"""

from __future__ import annotations

from flask import Flask

from portal.careers.blueprint import bp
from portal.urls import absolute_url


def init_app(app: Flask) -> None:
    from portal.careers import cli, presenters, seeds, services, views  # noqa: F401 - routes
    from portal.seeding import register_seeder
    from portal.site.registry import register_nav_item, register_sitemap_source

    app.register_blueprint(bp)
    app.cli.add_command(cli.careers_cli)
    register_seeder(app, "careers", seeds.seed_guides)
    register_nav_item(app, "Career guides", "careers.index", order=10)
    register_sitemap_source(app, _sitemap_entries)
    app.add_template_filter(presenters.money, "money")
    app.add_template_filter(presenters.percent, "percent")


def _sitemap_entries():
    from portal.careers import services

    yield absolute_url("careers.index"), None
    for guide in services.published_guides():
        yield absolute_url("careers.guide", slug=guide.slug), guide.updated_at
