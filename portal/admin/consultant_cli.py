"""`flask users grant-consultant EMAIL`: the consultant role from the command line, written to
the audit log like the Users screen's button (here, as the admin sits on top of both domains)."""

from __future__ import annotations

import click

from portal.accounts import services as accounts
from portal.accounts.cli import users_cli
from portal.accounts.services import AccountError
from portal.admin import audit
from portal.consultant import roster
from portal.extensions import db

CLI_ACTOR = "command line (flask users)"


def _account(email: str):
    try:
        user = accounts.find_user_by_email(accounts.normalize_email(email))
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    if user is None:
        raise click.ClickException(f"no account has the address {email}")
    return user


@users_cli.command("grant-consultant")
@click.argument("email")
@click.option("--capacity", type=click.IntRange(1, 1000), default=None, help="Members at most.")
def grant_consultant(email: str, capacity: int | None) -> None:
    """Make an account a consultant (members are assigned to it from now on)."""
    user = _account(email)
    if roster.grant(user, capacity):
        audit.record(
            "user.consultant",
            f"user {user.email}",
            {"consultant": False},
            {"consultant": True, **({"capacity": capacity} if capacity else {})},
            actor=CLI_ACTOR,
        )
        db.session.commit()
        click.echo(f"Made {user.email} a consultant.")
    else:
        click.echo(f"{user.email} is a consultant already.")


@users_cli.command("revoke-consultant")
@click.argument("email")
def revoke_consultant(email: str) -> None:
    """Take the consultant role away (their members keep them until reassigned)."""
    user = _account(email)
    if roster.revoke(user):
        audit.record(
            "user.consultant",
            f"user {user.email}",
            {"consultant": True},
            {"consultant": False},
            actor=CLI_ACTOR,
        )
        db.session.commit()
        click.echo(f"{user.email} is no longer a consultant.")
    else:
        click.echo(f"{user.email} is not a consultant.")
