"""Job alerts: a saved search mailed as a digest of new jobs, weekly on Free and daily on Plus,
at 08:00 in the user's time zone. `flask alerts send` (cron, or Celery through portal.tasks)
delivers what is due, once per alert and window.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_login import current_user
from markupsafe import Markup

from portal.alerts.blueprint import bp


def init_app(app: Flask) -> None:
    from portal.accounts.signals import account_deleting, register_data_exporter
    from portal.alerts import cli, models, push, push_models, push_views, services, views  # noqa: F401
    from portal.billing.signals import membership_changed, register_upgrade_note
    from portal.site.registry import register_nav_item

    app.register_blueprint(bp)
    app.cli.add_command(cli.alerts_cli)
    register_nav_item(app, "Alerts", "alerts.index", order=30)
    register_data_exporter(app, "job_alerts", services.export_data)
    account_deleting.connect(services.delete_user_alerts, sender=app, weak=False)
    membership_changed.connect(services.upgrade_alerts, sender=app, weak=False)
    register_upgrade_note(app, services.upgrade_note)
    app.add_template_global(alert_button, "alert_button")
    app.add_template_global(guide_alert_button, "guide_alert_button")
    push.init_app(app)
    app.add_template_global(push_views.push_panel, "push_panel")


def alert_button(args: dict) -> Markup:
    """The search page's "Create alert" form (or a sign-in link that comes back here)."""
    from portal.alerts.forms import CreateAlertForm

    # Only a signed-in person gets the form: building one puts a CSRF token in the session,
    # which would give every visitor of the search page a session cookie.
    form = (
        CreateAlertForm(formdata=None, data={**args, "name": _suggested_name(args)})
        if current_user.is_authenticated
        else None
    )
    html = render_template("alerts/_create_alert.html", form=form, next_path=request.full_path)
    return Markup(html)  # noqa: S704 - an autoescaped template's output


def guide_alert_button(slug: str, title: str) -> Markup:
    """The guide page's one-click alert, or a link to the alert the person has already. It is
    rendered outside the cached body; for a visitor (the page stored for everyone) it asks
    nothing of the database, for a signed-in person one query."""
    from portal.alerts.forms import ActionForm
    from portal.alerts.services import guide_alert

    signed_in = current_user.is_authenticated
    html = render_template(
        "alerts/_guide_alert.html",
        slug=slug,
        title=title,
        form=ActionForm() if signed_in else None,
        existing=guide_alert(current_user.id, slug) if signed_in else None,
        next_path=request.path,
    )
    return Markup(html)  # noqa: S704 - an autoescaped template's output


def _suggested_name(args: dict) -> str:
    words = [str(args[key]) for key in ("q", "location") if args.get(key)]
    return " in ".join(words)[:100] if words else "New jobs"
