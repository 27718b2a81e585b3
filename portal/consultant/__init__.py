"""Personal career consultant: Plus members write to a consultant on the portal's team and get
an answer within a promised number of business hours, and book calls; consultants work from an
inbox ordered by what is due; the business sees whether the promise is kept.

Built on accounts (who; the consultant role is this domain's `consultants` table), billing
(`user.can("career_consultant")`, and `membership_changed` to cancel calls when Plus ends),
resumes and tracker (only what a member chose to share, through their public functions) and
mail. Admin screens for the role and for reassigning members live in portal/admin.
"""

from __future__ import annotations

import os

from flask import Blueprint, Flask

from portal.config import env_int

# The stylesheet is a file: the site's Content-Security-Policy allows no inline styles.
bp = Blueprint("consultant", __name__, url_prefix="/consultant", static_folder="static")

ENTITLEMENT = "career_consultant"


def settings(environ=os.environ) -> dict:
    """Working hours, the promise and the call rules, from the environment (README)."""
    return {
        "CONSULTANT_TIME_ZONE": environ.get("CONSULTANT_TIME_ZONE") or "America/New_York",
        "CONSULTANT_WORKING_HOURS": environ.get("CONSULTANT_WORKING_HOURS") or "09:00-17:00",
        "CONSULTANT_WORKING_DAYS": environ.get("CONSULTANT_WORKING_DAYS") or "mon-fri",
        "CONSULTANT_HOLIDAYS": environ.get("CONSULTANT_HOLIDAYS") or "",
        "CONSULTANT_ANSWER_HOURS": env_int(environ, "CONSULTANT_ANSWER_HOURS", 8),
        "CONSULTANT_CALLS_PER_MONTH": env_int(environ, "CONSULTANT_CALLS_PER_MONTH", 1),
        "CONSULTANT_CALL_NOTICE_HOURS": env_int(environ, "CONSULTANT_CALL_NOTICE_HOURS", 12),
        "CONSULTANT_CALL_BUFFER_MINUTES": env_int(environ, "CONSULTANT_CALL_BUFFER_MINUTES", 15),
    }


def init_app(app: Flask) -> None:
    from portal.billing.signals import membership_changed
    from portal.consultant import cli, hooks, inbox_views, member_views, models, presenters  # noqa: F401
    from portal.consultant.business_hours import BusinessHours
    from portal.site.registry import register_nav_item

    for key, value in settings().items():
        app.config.setdefault(key, value)
    BusinessHours.from_config(app.config)  # a mistake in the settings stops the start here
    app.register_blueprint(bp)
    app.cli.add_command(cli.consultant_cli)
    register_nav_item(app, "Consultant", "consultant.home", order=63, signed_in=True)
    membership_changed.connect(hooks.plan_changed, sender=app, weak=False)
    hooks.register(app)
    presenters.register(app)
