"""Admin: the screens an admin runs the portal from. It sits on top of every domain and uses their
services; no domain imports it. Other domains add dashboard figures through `register_metric`."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Flask

bp = Blueprint("admin", __name__, url_prefix="/admin")

METRICS_KEY = "portal.admin_metrics"
USER_FACTS_KEY = "portal.admin_user_facts"


def register_metric(app: Flask, label: str, compute: Callable[[], int | str]) -> None:
    """Let a domain show one figure on the dashboard (alerts: "Alerts sent, last 7 days")
    without the admin package importing it."""
    app.extensions.setdefault(METRICS_KEY, {})[label] = compute


def register_user_fact(app: Flask, label: str, compute: Callable[[int], int | str]) -> None:
    """Let a domain show one fact about an account on its admin page (bookmarks: "Bookmarks",
    alerts: "Alerts"), given the user's id."""
    app.extensions.setdefault(USER_FACTS_KEY, {})[label] = compute


def init_app(app: Flask) -> None:
    from portal.admin import (  # noqa: F401
        access,
        billing_views,
        consultant_cli,
        consultant_views,
        dashboard_views,
        guide_history_views,
        guide_views,
        job_views,
        models,
        talent_views,
        user_views,
    )
    from portal.site.registry import register_nav_item

    app.extensions.setdefault(METRICS_KEY, {})
    app.extensions.setdefault(USER_FACTS_KEY, {})
    app.register_blueprint(bp)
    register_domain_facts(app)
    register_nav_item(app, "Admin", "admin.dashboard", order=90, shown_to=_is_admin)


def _is_admin(user) -> bool:
    return user.is_authenticated and user.is_admin


def register_domain_facts(app: Flask) -> None:
    """The admin may use every domain's services: it asks them for their figures itself."""
    from portal.alerts.services import alert_count, digests_sent_last_7_days
    from portal.resumes.services import admin_summary
    from portal.tracker.applications import application_count
    from portal.tracker.bookmarks import bookmark_count

    register_user_fact(app, "Bookmarks", bookmark_count)
    register_user_fact(app, "Applications", application_count)
    register_user_fact(app, "Alerts", alert_count)
    register_user_fact(app, "Resume", admin_summary)
    register_metric(app, "Alerts sent, last 7 days", digests_sent_last_7_days)
    register_consultant_metrics(app)


def register_consultant_metrics(app: Flask) -> None:
    from portal.consultant import metrics

    for label, compute in metrics.FIGURES.items():
        register_metric(app, label, compute)
