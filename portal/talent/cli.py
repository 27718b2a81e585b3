"""`flask users grant-employer` and `flask talent reindex`: the employer role and the resume
search index from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.accounts import services as accounts
from portal.accounts.services import AccountError
from portal.extensions import db
from portal.talent import employers, index

talent_cli = AppGroup("talent", help="Employers and the resume search.")


@click.command("grant-employer")
@click.argument("email")
@click.option("--company", required=True, help="The company's name (made if it is new).")
def grant_employer(email: str, company: str) -> None:
    """Make an account an approved employer of COMPANY, as an admin's approval would."""
    try:
        user = accounts.find_user_by_email(accounts.normalize_email(email))
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    if user is None:
        raise click.ClickException(f"no account has the address {email}")
    if not company.strip():
        raise click.ClickException("give the company's name with --company")
    membership = employers.grant(user, company.strip())
    db.session.commit()
    click.echo(f"{user.email} is now an employer at {membership.company.name}.")


@talent_cli.command("reindex")
def reindex() -> None:
    """Write the resume search index again from every public resume."""
    count = index.rebuild()
    db.session.commit()
    click.echo(f"Indexed {count} public resumes.")
