"""`flask alerts send`: deliver the digests that are due (cron every 15 minutes, or Celery)."""

from __future__ import annotations

import datetime as dt
import sys

import click
from flask.cli import AppGroup

from portal import clock
from portal.alerts import sending

alerts_cli = AppGroup("alerts", help="Job alert digests.")


def parse_moment(value: str) -> dt.datetime:
    """An ISO 8601 moment as naive UTC; without an offset it is read as UTC."""
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time such as 2026-12-01T08:00:00Z"
        ) from error
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


@alerts_cli.command("send")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send and record nothing.")
@click.option("--now", "now_text", metavar="ISO", help="Run as of this moment (UTC if no offset).")
def send_command(dry_run: bool, now_text: str | None) -> None:
    """Send the job alert digests that are due now. Safe to run any time, any number of times."""
    now = parse_moment(now_text) if now_text else clock.now()
    total = sending.count_candidates(now)
    # The bar goes to stderr (click draws it only on a terminal); the summary to stdout.
    with click.progressbar(length=total, label="Alerts", file=sys.stderr) as bar:
        summary = sending.send_due(now, dry_run=dry_run, progress=bar.update)
    for line in summary.lines:
        click.echo(line)
    prefix = "Dry run (nothing sent): " if dry_run else ""
    click.echo(prefix + summary.line(dry_run=dry_run))
