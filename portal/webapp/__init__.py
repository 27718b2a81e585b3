"""The installable app: the web app manifest, the service worker at /sw.js that keeps pages for
reading offline, and the /offline page. Push notifications for job alerts live with the alerts
(portal/alerts/push.py); this domain only hands the worker what it needs to show them.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("webapp", __name__)


def init_app(app: Flask) -> None:
    from portal.webapp import cli, offline, shell, views  # noqa: F401 - routes

    app.register_blueprint(bp)
    app.cli.add_command(cli.webapp_cli)
    app.after_request(offline.mark_offline_copy)
    app.after_request(offline.clear_cache_on_sign_out)
    app.add_template_global(shell.theme_colour, "app_theme_colour")
