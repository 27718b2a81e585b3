"""`flask users ...`: account commands for operators."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from portal.accounts import services
from portal.accounts.services import AccountError

users_cli = AppGroup("users", help="User accounts.")


def _read_password(from_stdin: bool, required: bool) -> str | None:
    if from_stdin:
        # The first line of standard input, without its line ending; nothing else is read.
        return sys.stdin.readline().rstrip("\r\n") or None
    if not required:
        return None
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default=None, help="Display name (default: the part before the @).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
def create_admin(email: str, name: str | None, password_stdin: bool) -> None:
    """Create an admin account, or make an existing account an admin.

    A new account needs a password (prompted for, or --password-stdin). An existing account keeps
    its password unless --password-stdin gives a new one.
    """
    try:
        address = services.normalize_email(email)
        exists = services.find_user_by_email(address) is not None
        password = _read_password(password_stdin, required=not exists)
        created = services.create_or_promote_admin(address, password, name)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    if created:
        click.echo(f"Created admin {address}.")
    else:
        changed = " and set a new password" if password else ""
        click.echo(f"Made {address} an admin{changed}.")


def _set_active(email: str, active: bool) -> str:
    try:
        user = services.find_user_by_email(services.normalize_email(email))
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    if user is None:
        raise click.ClickException(f"no account has the address {email}")
    services.set_active(user, active)
    return user.email


@users_cli.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Stop an account from signing in; its open sessions end at once."""
    click.echo(f"Deactivated {_set_active(email, False)}; its sessions have ended.")


@users_cli.command("activate")
@click.argument("email")
def activate(email: str) -> None:
    """Let a deactivated account sign in again."""
    click.echo(f"Activated {_set_active(email, True)}.")
