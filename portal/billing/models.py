"""Billing as stored: plans and house ads (data an admin edits), each user's Stripe customer and
subscriptions (mirrors of Stripe's state, kept in sync from its webhooks), and the webhook
events already handled.

Times are naive UTC, as everywhere in the portal. Stripe ids are strings Stripe generates; we
never make them up (the demo provider makes its own, prefixed `demo_`).

The columns are declared once, on mixins; `models_for(db, user_key)` maps them on a given
Flask-SQLAlchemy instance, with the user foreign keys pointing at that app's own user table (a
host's `members.member_id` as well as the portal's `users.id`). The classes below are the
portal's."""

from __future__ import annotations

import datetime as dt
import weakref
from enum import StrEnum
from typing import Any, NamedTuple

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from portal import clock
from portal.db_types import JsonDocument
from portal.extensions import db

StripeId = String(255)


class SubscriptionStatus(StrEnum):
    """Stripe's subscription statuses (https://docs.stripe.com/billing/subscriptions/overview)."""

    INCOMPLETE = "incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired"
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    CANCELED = "canceled"
    UNPAID = "unpaid"
    PAUSED = "paused"


ENDED_STATUSES = frozenset({SubscriptionStatus.CANCELED, SubscriptionStatus.INCOMPLETE_EXPIRED})


def _string_enum(enum: type[StrEnum], name: str) -> Enum:
    # A plain string column (no database enum type): a status Stripe adds later needs no
    # migration of the type, only of the code.
    return Enum(
        enum,
        name=name,
        native_enum=False,
        length=24,
        values_callable=lambda members: [member.value for member in members],
    )


class PlanColumns:
    """A plan as seeded from seeds/plans.yaml. `document` is the validated seed entry (marketing
    lines, entitlements); the columns are what lists and look-ups need."""

    __tablename__ = "billing_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    price_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    interval: Mapped[str] = mapped_column(String(10))
    # The Stripe price's lookup key; None for the free plan.
    lookup_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    # Digest of the seed entry last applied (None for plans made in the admin): see seeds.save.
    seed_digest: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class HouseAdColumns:
    """One of the portal's own promotions, shown in the ad slot to people on the Free plan."""

    __tablename__ = "billing_house_ads"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    # Digest of the seed entry last applied (None for ads made in the admin): see seeds.save.
    seed_digest: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class BillingCustomerColumns:
    """A user's billing record: their one Stripe customer, the checkout they last opened, and
    complimentary Plus granted by an admin. At most one row per user (unique user_id) and one
    user per Stripe customer (unique stripe_customer_id)."""

    __tablename__ = "billing_customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    stripe_customer_id: Mapped[str | None] = mapped_column(StripeId, unique=True)
    # Reused while it is open, so a second click on "Upgrade" does not start a second checkout.
    checkout_session_id: Mapped[str | None] = mapped_column(StripeId)
    complimentary_plan: Mapped[str | None] = mapped_column(String(40))
    # The last day (inclusive, UTC) of complimentary access.
    complimentary_until: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    @declared_attr
    def user_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey(cls.user_key, ondelete="CASCADE"), unique=True)


class SubscriptionColumns:
    """Our copy of one Stripe subscription, overwritten from Stripe's current state on every
    event (never from the event's own, possibly stale, payload)."""

    __tablename__ = "billing_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    stripe_subscription_id: Mapped[str] = mapped_column(StripeId, unique=True)
    stripe_customer_id: Mapped[str] = mapped_column(StripeId, index=True)
    stripe_price_id: Mapped[str] = mapped_column(StripeId)
    price_lookup_key: Mapped[str | None] = mapped_column(String(200))
    # The plan the price belongs to; None when the price matches no plan (then it grants nothing).
    plan_key: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[SubscriptionStatus] = mapped_column(
        _string_enum(SubscriptionStatus, "subscription_status")
    )
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    interval: Mapped[str] = mapped_column(String(10))
    current_period_start: Mapped[dt.datetime]
    current_period_end: Mapped[dt.datetime]
    cancel_at_period_end: Mapped[bool] = mapped_column(default=False)
    cancel_at: Mapped[dt.datetime | None]
    canceled_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    # When the renewal charge first failed; the grace period counts from here.
    past_due_since: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    @declared_attr
    def user_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey(cls.user_key, ondelete="CASCADE"), index=True)

    @property
    def ended(self) -> bool:
        return self.status in ENDED_STATUSES

    def __repr__(self) -> str:
        return f"<Subscription {self.stripe_subscription_id} {self.status}>"


class WebhookEventColumns:
    """A Stripe event we have handled. Written in the same transaction as the event's effects,
    so the unique key makes a repeated or concurrent delivery change nothing."""

    __tablename__ = "billing_webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    stripe_event_id: Mapped[str] = mapped_column(StripeId, unique=True)
    type: Mapped[str] = mapped_column(String(100))
    # "processed", or "not ours" for objects of another application on the same Stripe account.
    outcome: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class WebhookFailureColumns:
    """A signed Stripe event we could not handle (Stripe down, a bug). Nothing of it was
    applied; Stripe sends it again for days, and an admin can reprocess it now from the stored
    payload. `resolved_at` is set once it went through, by either way."""

    __tablename__ = "billing_webhook_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    stripe_event_id: Mapped[str] = mapped_column(StripeId, index=True)
    type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    resolved_at: Mapped[dt.datetime | None]


class BillingModels(NamedTuple):
    Plan: Any
    HouseAd: Any
    BillingCustomer: Any
    Subscription: Any
    WebhookEvent: Any
    WebhookFailure: Any


_built: weakref.WeakKeyDictionary[SQLAlchemy, BillingModels] = weakref.WeakKeyDictionary()


def models_for(db: SQLAlchemy, user_key: str) -> BillingModels:
    """The billing models mapped on `db`, their user foreign keys on `user_key` ("table.column",
    the user table's primary key); made once per instance."""
    if db not in _built:
        columns = (
            PlanColumns,
            HouseAdColumns,
            BillingCustomerColumns,
            SubscriptionColumns,
            WebhookEventColumns,
            WebhookFailureColumns,
        )
        _built[db] = BillingModels(*(_mapped(c, db, user_key) for c in columns))
    built = _built[db]
    if built.BillingCustomer.user_key != user_key:
        raise ValueError(
            f"billing is already mapped on this db with users in {built.BillingCustomer.user_key}"
        )
    return built


def _mapped(columns: type, db: SQLAlchemy, user_key: str) -> Any:
    name = columns.__name__.removesuffix("Columns")
    namespace = {"__module__": __name__, "__qualname__": name, "user_key": user_key}
    return type(name, (columns, db.Model), namespace)


def user_key_of(user_model: Any) -> str:
    """ "table.column" of a mapped user class's one primary key column."""
    (key,) = user_model.__table__.primary_key.columns
    return f"{key.table.name}.{key.name}"


# The portal's own (its admin and metrics read them).
Plan, HouseAd, BillingCustomer, Subscription, WebhookEvent, WebhookFailure = models_for(
    db, "users.id"
)
