"""Jobs: postings imported from feeds, one full-text search over them, and their pages."""

from __future__ import annotations

from flask import Flask

from portal.jobs.blueprint import bp


def init_app(app: Flask) -> None:
    from portal.jobs import models  # noqa: F401 - tables

    app.register_blueprint(bp)
