"""Our own billing rows: customers, subscriptions, handled events, complimentary grants.

Plain functions over the session; none of them calls Stripe (that is `portal.billing.checkout`
and the webhook handler, through the provider). The caller commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import g, has_app_context
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from portal import clock
from portal.billing.catalog import catalog
from portal.billing.models import ENDED_STATUSES, SubscriptionStatus
from portal.billing.providers import RemoteSubscription
from portal.billing.signals import announce_membership_change
from portal.billing.state import db, models, state

if TYPE_CHECKING:
    from portal.billing.models import BillingCustomer, Subscription, WebhookEvent

log = logging.getLogger(__name__)

LIVE_STATUSES = (
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.PAST_DUE,
)


def forget_memberships() -> None:
    """Memberships are worked out once per request; a change of rows makes them stale."""
    if has_app_context():
        g.pop("billing_memberships", None)


def billing_records(user_id: int) -> tuple[list[Subscription], BillingCustomer | None]:
    """The user's subscriptions that have not ended, and their billing row."""
    subscriptions, customers = billing_records_of([user_id])
    return subscriptions.get(user_id, []), customers.get(user_id)


def billing_records_of(
    user_ids: list[int],
) -> tuple[dict[int, list[Subscription]], dict[int, BillingCustomer]]:
    """`billing_records` for many people in two queries: subscriptions and billing rows by user."""
    m = models()
    subscriptions: dict[int, list[Subscription]] = {}
    for subscription in db.session.scalars(
        select(m.Subscription).where(
            m.Subscription.user_id.in_(user_ids), m.Subscription.status.not_in(ENDED_STATUSES)
        )
    ):
        subscriptions.setdefault(subscription.user_id, []).append(subscription)
    customers = db.session.scalars(
        select(m.BillingCustomer).where(m.BillingCustomer.user_id.in_(user_ids))
    )
    return subscriptions, {customer.user_id: customer for customer in customers}


def customer_for_user(user_id: int) -> BillingCustomer | None:
    m = models()
    return db.session.scalar(select(m.BillingCustomer).where(m.BillingCustomer.user_id == user_id))


def user_id_for_customer(stripe_customer_id: str | None) -> int | None:
    m = models()
    if not stripe_customer_id:
        return None
    return db.session.scalar(
        select(m.BillingCustomer.user_id).where(
            m.BillingCustomer.stripe_customer_id == stripe_customer_id
        )
    )


def live_subscriptions(user_id: int) -> list[Subscription]:
    """Subscriptions that are running (active, trialing or past due), newest first."""
    m = models()
    return list(
        db.session.scalars(
            select(m.Subscription)
            .where(m.Subscription.user_id == user_id, m.Subscription.status.in_(LIVE_STATUSES))
            .order_by(m.Subscription.created_at.desc(), m.Subscription.id.desc())
        )
    )


def claim_customer(user_id: int) -> BillingCustomer:
    """The user's billing row, created if missing and locked until the transaction ends, so two
    requests of one user (two clicks on "Upgrade") take turns instead of racing.

    Ends the caller's transaction first: SQLite can only wait for the write lock when the
    transaction starts with a write (after a read, it fails at once)."""
    m = models()
    db.session.commit()
    now = clock.now()
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(m.BillingCustomer)
        .values(user_id=user_id, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    # The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until commit.
    db.session.execute(
        update(m.BillingCustomer).where(m.BillingCustomer.user_id == user_id).values(updated_at=now)
    )
    return db.session.scalars(
        select(m.BillingCustomer)
        .where(m.BillingCustomer.user_id == user_id)
        .execution_options(populate_existing=True)
    ).one()


def subscription_status(value: str) -> SubscriptionStatus:
    try:
        return SubscriptionStatus(value)
    except ValueError:
        # A status Stripe adds later grants nothing until the code knows what it means.
        log.warning("Unknown Stripe subscription status %r, treated as incomplete", value)
        return SubscriptionStatus.INCOMPLETE


def sync_subscription(remote: RemoteSubscription) -> Subscription | None:
    """Make our row match the subscription as the provider holds it now. Returns None when the
    customer is not one of ours (nothing is written)."""
    m = models()
    user_id = user_id_for_customer(remote.customer_id)
    if user_id is None:
        return None
    row = db.session.scalar(
        select(m.Subscription).where(m.Subscription.stripe_subscription_id == remote.id)
    )
    if row is None:
        row = m.Subscription(user_id=user_id, stripe_subscription_id=remote.id)
        db.session.add(row)
    status = subscription_status(remote.status)
    if status == SubscriptionStatus.PAST_DUE:
        # The grace period counts from the failed renewal, not from when we heard of it.
        if row.status != SubscriptionStatus.PAST_DUE or row.past_due_since is None:
            row.past_due_since = remote.current_period_start
    else:
        row.past_due_since = None
    plan = catalog().plan_for_lookup_key(remote.price_lookup_key)
    row.plan_key = plan.key if plan else (row.plan_key or remote.metadata.get("plan"))
    row.status = status
    row.user_id = user_id
    row.stripe_customer_id = remote.customer_id
    row.stripe_price_id = remote.price_id
    row.price_lookup_key = remote.price_lookup_key
    row.amount_cents = remote.amount_cents
    row.currency = remote.currency
    row.interval = remote.interval
    row.current_period_start = remote.current_period_start
    row.current_period_end = remote.current_period_end
    row.cancel_at_period_end = remote.cancel_at_period_end
    row.cancel_at = remote.cancel_at
    row.canceled_at = remote.canceled_at
    row.ended_at = remote.ended_at
    db.session.flush()
    forget_memberships()
    announce_membership_change(user_id)
    return row


def start_event(event_id: str, event_type: str) -> WebhookEvent | None:
    """Record an event id before handling it; None when it was handled already. On PostgreSQL a
    concurrent delivery of the same event waits here until the first one commits or rolls back."""
    m = models()
    event = m.WebhookEvent(stripe_event_id=event_id, type=event_type[:100], outcome="processing")
    try:
        with db.session.begin_nested():
            db.session.add(event)
    except IntegrityError:
        return None
    return event


def record_failure(event: Mapping[str, Any], error: Exception) -> None:
    """Keep an event we could not handle, in a transaction of its own (the event's own was
    rolled back). Never raises: the webhook answers 500 either way, and Stripe retries."""
    m = models()
    try:
        db.session.add(
            m.WebhookFailure(
                stripe_event_id=str(event["id"]),
                type=str(event["type"])[:100],
                payload=dict(event),
                error=f"{type(error).__name__}: {error}"[:2000],
            )
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("Could not record the failure of Stripe event %s", event.get("id"))


def resolve_failures(event_id: str) -> None:
    """Mark an event's earlier failures resolved once it has gone through."""
    m = models()
    db.session.execute(
        update(m.WebhookFailure)
        .where(m.WebhookFailure.stripe_event_id == event_id, m.WebhookFailure.resolved_at.is_(None))
        .values(resolved_at=clock.now())
    )
    db.session.commit()


def grant_complimentary(user_id: int, plan_key: str, until: dt.date) -> BillingCustomer:
    """Give `plan_key` to the user through `until` (inclusive), whatever they pay for."""
    m = models()
    customer = customer_for_user(user_id)
    if customer is None:
        customer = m.BillingCustomer(user_id=user_id)
        db.session.add(customer)
    customer.complimentary_plan = plan_key
    customer.complimentary_until = until
    db.session.flush()
    forget_memberships()
    announce_membership_change(user_id)
    return customer


def revoke_complimentary(user_id: int) -> bool:
    customer = customer_for_user(user_id)
    if customer is None or customer.complimentary_until is None:
        return False
    customer.complimentary_plan = None
    customer.complimentary_until = None
    db.session.flush()
    forget_memberships()
    announce_membership_change(user_id)
    return True


def export_data(user) -> dict[str, Any]:
    """The user's billing records, for their data download."""
    m = models()
    user_id = state().user_id(user)
    customer = customer_for_user(user_id)
    subscriptions = db.session.scalars(
        select(m.Subscription).where(m.Subscription.user_id == user_id).order_by(m.Subscription.id)
    )
    return {
        "stripe_customer_id": customer.stripe_customer_id if customer else None,
        "complimentary_plan": customer.complimentary_plan if customer else None,
        "complimentary_until": customer.complimentary_until if customer else None,
        "subscriptions": [
            {
                "plan": sub.plan_key,
                "status": str(sub.status),
                "price": f"{sub.amount_cents / 100:.2f} {sub.currency}/{sub.interval}",
                "current_period_end": sub.current_period_end,
                "cancel_at_period_end": sub.cancel_at_period_end,
                "started_at": sub.created_at,
                "ended_at": sub.ended_at,
            }
            for sub in subscriptions
        ],
    }
