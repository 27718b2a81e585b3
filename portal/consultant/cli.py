"""`flask consultant ...`: the jobs cron runs (granting the role is `flask users
grant-consultant`, in portal/admin, because it writes the audit log)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.consultant import calls, hooks

consultant_cli = AppGroup("consultant", help="The career consultant service.")


def remind_and_tidy() -> tuple[int, int]:
    """Cancel the calls of members whose plan ended, then remind of tomorrow's calls."""
    return hooks.cancel_calls_of_lapsed_members(), calls.send_reminders()


@consultant_cli.command("remind")
def remind() -> None:
    """Mail both sides of every call starting within 24 hours (once per call), and cancel the
    calls of members whose plan no longer includes them. Run it every 15 minutes from cron."""
    cancelled, reminded = remind_and_tidy()
    click.echo(f"reminded {reminded} calls, cancelled {cancelled} calls of lapsed members")
