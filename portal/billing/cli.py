"""`flask billing ...`: Stripe products and prices, complimentary plans, a user's billing state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal import clock
from portal.billing import services
from portal.billing.catalog import PlanInfo, catalog
from portal.billing.entitlements import membership
from portal.billing.plans import PLANS_FILE, read_plans_file
from portal.billing.presenters import local_date
from portal.billing.providers import ProviderError, current_provider
from portal.billing.state import db, models, state

billing_cli = AppGroup("billing", help="Plans and Stripe billing.")


@billing_cli.command("sync")
@click.option(
    "--file",
    "plans_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Sync the plans in this file instead of the database's.",
)
def sync(plans_file: Path | None) -> None:
    """Create or update the Stripe product and price of each paid plan.

    The plans are the database's (loaded by `flask seed`, edited in /admin/plans), so this
    command and the admin screen agree; before the first seed, or with --file, a plans file.
    Prices are found by their lookup key, so running it again changes nothing. A changed amount
    or interval makes a new price that takes the lookup key over; the old one is archived.
    """
    plans = [] if plans_file else _database_plans()
    if not plans:
        path = plans_file or Path(current_app.config["SEEDS_DIR"]) / PLANS_FILE
        if not path.is_file():
            raise click.ClickException(f"{path}: no such plans file")
        plans = [
            PlanInfo.from_document(document.model_dump(mode="json"))
            for document in read_plans_file(path)
        ]
    provider = current_provider()
    if provider.notice:
        click.echo(f"{provider.notice} Nothing is sent to Stripe.")
    site = current_app.config["SITE_NAME"]
    for plan in plans:
        if not plan.lookup_key:
            continue
        try:
            outcome = provider.sync_plan(plan, product_name=f"{site} {plan.name}")
        except ProviderError as error:
            raise click.ClickException(f"{plan.key}: {error}") from error
        click.echo(f"{plan.key} ({plan.lookup_key}, {plan.price_label}): {outcome}")


def _database_plans() -> list[PlanInfo]:
    m = models()
    rows = db.session.scalars(select(m.Plan.document).order_by(m.Plan.position, m.Plan.id))
    return [PlanInfo.from_document(document) for document in rows]


def _user(email: str):
    try:
        user = state().user_by_email(email)
    except ValueError as error:  # the host's look-up refused the address
        raise click.ClickException(str(error)) from error
    if user is None:
        raise click.ClickException(f"no account has the address {email}")
    return state().billing_user(user)


@billing_cli.command("grant-plus")
@click.argument("email")
@click.option(
    "--until",
    "until",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The last day of complimentary access (YYYY-MM-DD, inclusive).",
)
@click.option("--plan", "plan_key", default=None, help="Plan key (default: the top paid plan).")
def grant_plus(email: str, until: dt.datetime, plan_key: str | None) -> None:
    """Give an account complimentary Plus (or another paid plan) until a date."""
    user = _user(email)
    paid = catalog().paid_plans
    plan = catalog().plan(plan_key) if plan_key else (paid[-1] if paid else None)
    if plan is None or plan.is_free:
        known = ", ".join(p.key for p in paid) or "none; run `flask seed`"
        raise click.ClickException(f"no paid plan {plan_key or ''!r} (paid plans: {known})")
    last_day = until.date()
    if last_day < clock.now_utc().date():
        raise click.ClickException(f"{last_day.isoformat()} has passed; give a date from today on")
    services.grant_complimentary(user.id, plan.key, last_day)
    db.session.commit()
    click.echo(f"{user.email} has complimentary {plan.name} until {local_date(last_day)}.")


@billing_cli.command("revoke-plus")
@click.argument("email")
def revoke_plus(email: str) -> None:
    """End an account's complimentary plan now (a paid subscription is not touched)."""
    user = _user(email)
    if services.revoke_complimentary(user.id):
        db.session.commit()
        click.echo(f"{user.email} no longer has a complimentary plan.")
    else:
        click.echo(f"{user.email} had no complimentary plan.")


@billing_cli.command("status")
@click.argument("email")
def status(email: str) -> None:
    """Show an account's plan and subscriptions as the portal sees them."""
    user = _user(email)
    member = membership(user)
    line = f"{user.email}: {member.plan.name} ({member.source})"
    if member.access_ends:
        line += f", until {local_date(member.access_ends)}"
    if member.grace_ends:
        line += f", payment failed: grace period ends {local_date(member.grace_ends)}"
    click.echo(line)
    for sub in services.live_subscriptions(user.id):
        click.echo(
            f"  {sub.stripe_subscription_id}: {sub.status}, {sub.plan_key}, period ends "
            f"{local_date(sub.current_period_end)}"
            + (", cancels at period end" if sub.cancel_at_period_end else "")
        )


@billing_cli.command("seed")
@click.option(
    "--dir",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding plans.yaml and house_ads.yaml (default: BILLING_SEEDS_DIR, SEEDS_DIR).",
)
def seed(seeds_dir: Path | None) -> None:
    """Load only billing's seed files (plans and house ads); safe to run any number of times."""
    from portal.billing.extension import Billing

    try:
        reports = Billing.run_seeds(seeds_dir)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    for name, report in reports.items():
        click.echo(f"{name}: {report.summary()}")
