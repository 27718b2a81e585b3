"""Resumes: every job seeker keeps one, edits it section by section, imports one from a file,
and shares it as a page and a PDF at `/r/<slug>`; Plus members choose that address.

Built on accounts (who), careers (the skills a guide suggests) and billing's entitlements
(through `user.can`); those domains do not import this one. Stored as JSON Resume documents.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("resumes", __name__, static_folder="static", static_url_path="/resumes/static")


def init_app(app: Flask) -> None:
    from portal.accounts.signals import account_deleting, register_data_exporter
    from portal.resumes import hooks, models, presenters, public_views, services, views  # noqa: F401
    from portal.site.registry import register_nav_item

    # Seconds between writes of resume view counts (see stats.py); 0 writes at every visit.
    app.config.setdefault("RESUME_VIEWS_FLUSH_SECONDS", 10)
    app.register_blueprint(bp)
    register_nav_item(app, "Resume", "resumes.editor", order=62, signed_in=True)
    register_data_exporter(app, "resume", services.export_resume)
    account_deleting.connect(services.delete_user_resume, sender=app, weak=False)
    presenters.register(app)
    hooks.register(app)
