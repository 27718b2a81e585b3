"""The job seeker's own things: bookmarks of jobs and guides, and the applications tracker.

Built on accounts (who) and jobs (postings) and careers (guides); those domains do not import this
one. Pages of jobs and careers show the bookmark toggles and the apply button through template
globals registered here (`bookmarked_jobs`, `guide_page_bookmarks`, `application_for`) and
`tracker/_*.html` partials, the way billing puts its ad slot on the guide page.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("tracker", __name__)


def init_app(app: Flask) -> None:
    from portal.accounts.signals import register_data_exporter
    from portal.site.registry import register_nav_item
    from portal.tracker import applications, bookmark_views, bookmarks, models, presenters, views  # noqa: F401

    app.register_blueprint(bp)
    register_nav_item(app, "Bookmarks", "tracker.bookmarks", order=60, signed_in=True)
    register_nav_item(app, "Applications", "tracker.applications", order=61, signed_in=True)
    register_data_exporter(app, "bookmarks", bookmarks.export_bookmarks)
    register_data_exporter(app, "applications", applications.export_applications)
    presenters.register(app)
