"""Jobs: postings imported from feeds, one full-text search over them, and their pages.

Applications and bookmarks (built after accounts) refer to `JobPosting.id`; job alerts call
`portal.jobs.search.search_jobs`.
"""

from __future__ import annotations

from flask import Flask

from portal.jobs.blueprint import bp
from portal.urls import absolute_url


def init_app(app: Flask) -> None:
    from portal.jobs import cli, models, presenters, seeds, views  # noqa: F401 - routes
    from portal.seeding import register_seeder
    from portal.site.registry import register_nav_item, register_sitemap_source

    app.register_blueprint(bp)
    app.cli.add_command(cli.jobs_cli)
    register_seeder(app, "jobs", seeds.seed_jobs)
    register_nav_item(app, "Jobs", "jobs.search", order=20)
    register_sitemap_source(app, _sitemap_entries)
    app.add_template_filter(presenters.salary_label, "salary_label")
    app.add_template_filter(presenters.rfc822, "rfc822")
    app.add_template_global(presenters.posting_slug, "posting_slug")


def _sitemap_entries():
    from portal.jobs import presenters, services

    yield absolute_url("jobs.search"), None
    for posting_id, title, city, updated_at in services.sitemap_postings():
        slug = presenters.slug_for(title, city)
        yield absolute_url("jobs.posting", posting_id=posting_id, slug=slug), updated_at
