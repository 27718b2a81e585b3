"""Accounts: registration, confirmation, sign-in and out, password reset, the account pages,
data export and deletion; plus the security baseline every domain relies on (sessions that can be
revoked, rate limits, roles).

Other domains use `portal.accounts.models.User`, `portal.accounts.access` (`login_required`,
`admin_required`) and the hooks in `portal.accounts.signals`. Nothing here knows about plans:
the account page asks `plan_label(user)`, which billing replaces through
`app.extensions["portal.plan_label"]`.
"""

from __future__ import annotations

from flask import Flask, current_app

from portal.accounts.blueprint import bp


def default_plan_label(_user) -> str:
    return "Free"


def plan_label(user) -> str:
    return current_app.extensions.get("portal.plan_label", default_plan_label)(user)


def init_app(app: Flask) -> None:
    from portal.accounts import account_views, cli, sessions, throttle, views  # noqa: F401

    app.register_blueprint(bp)
    app.cli.add_command(cli.users_cli)
    sessions.init_app(app)
    throttle.init_app(app)
    app.extensions.setdefault("portal.plan_label", default_plan_label)
    app.jinja_env.globals.update(plan_label=plan_label)
