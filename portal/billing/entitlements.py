"""What a person may use: the one place that turns subscriptions and complimentary grants into
a plan and its entitlements.

`entitlements(user)` is what views and templates ask (also as `user.can("ad_free")`). The rules:
- `active` and `trialing` subscriptions give their plan; one set to cancel at the period end
  gives it until that end;
- `past_due` keeps the plan for BILLING_GRACE_DAYS after the renewal charge first failed;
- `canceled`, `unpaid`, `incomplete`, `incomplete_expired` (and anything else) give nothing;
- complimentary access from an admin gives its plan through its last day;
- everyone else, visitors included, gets the free plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import sqlalchemy as sa
from flask import current_app, g

from portal import clock
from portal.billing import services
from portal.billing.catalog import Catalog, PlanInfo, catalog
from portal.billing.models import SubscriptionStatus
from portal.billing.state import models, state

if TYPE_CHECKING:
    from portal.billing.models import BillingCustomer, Subscription
from portal.billing.plans import Entitlement

PAID_STATUSES = frozenset({SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING})
OVERDUE_STATUSES = frozenset({SubscriptionStatus.PAST_DUE, SubscriptionStatus.UNPAID})

# What stops when a plan with the entitlement ends, for the notice shown before cancelling.
WHAT_STOPS = {
    Entitlement.AD_FREE: "ads come back on guide and job pages",
    Entitlement.JOB_ALERTS_DAILY: "daily job alerts become weekly",
    Entitlement.CAREER_CONSULTANT: "your personal career consultant is no longer available",
    Entitlement.AI_JOB_ADVICE: "AI-powered job advice stops",
    Entitlement.FEATURED_RESUME: "your resume is no longer featured and pinned",
    Entitlement.CUSTOM_RESUME_URL: "your custom resume URL stops working",
    Entitlement.JOB_ALERTS_WEEKLY: "weekly job alerts stop",
    Entitlement.BOOKMARKS: "bookmarks are no longer available",
    Entitlement.APPLICATIONS: "tracking applications is no longer available",
}


@dataclass(frozen=True)
class Membership:
    """A person's plan right now, and why."""

    plan: PlanInfo
    source: Literal["free", "subscription", "complimentary"] = "free"
    subscription: Subscription | None = None
    # Set when access ends on its own: cancelled at the period end, or complimentary.
    access_ends: dt.datetime | None = None
    renews_on: dt.datetime | None = None
    # Set while a failed renewal is in its grace period: the plan stops then unless paid.
    grace_ends: dt.datetime | None = None
    complimentary_until: dt.date | None = None
    # A subscription that is still running at Stripe but grants nothing now because its payment
    # is overdue (past due beyond the grace period, or unpaid): the way back is to pay it.
    overdue_plan: PlanInfo | None = None

    @property
    def entitlements(self) -> frozenset[str]:
        return self.plan.entitlements

    @property
    def is_paid(self) -> bool:
        return not self.plan.is_free

    @property
    def payment_failed(self) -> bool:
        return self.grace_ends is not None


def grace_period() -> dt.timedelta:
    return dt.timedelta(days=current_app.config["BILLING_GRACE_DAYS"])


def subscription_grant(
    subscription: Subscription, plans: Catalog, now: dt.datetime, grace: dt.timedelta
) -> Membership | None:
    """What one subscription gives right now, if anything."""
    plan = plans.plan(subscription.plan_key)
    if plan is None:
        return None
    period_end = subscription.current_period_end
    if subscription.status in PAID_STATUSES:
        ends = subscription.cancel_at if subscription.cancel_at else None
        if subscription.cancel_at_period_end:
            ends = period_end
        if ends is not None and ends <= now:
            # Stripe ends it at that moment; we may not have heard yet.
            return None
        renews = None if ends is not None else period_end
        return Membership(plan, "subscription", subscription, access_ends=ends, renews_on=renews)
    if subscription.status == SubscriptionStatus.PAST_DUE:
        since = subscription.past_due_since or subscription.current_period_start
        if now < since + grace:
            return Membership(plan, "subscription", subscription, grace_ends=since + grace)
    return None


def membership_from(
    plans: Catalog,
    subscriptions: Sequence[Subscription],
    customer: BillingCustomer | None,
    now: dt.datetime,
    grace: dt.timedelta,
) -> Membership:
    """The best plan that the subscriptions and any complimentary grant give at `now`."""
    candidates = [
        grant for sub in subscriptions if (grant := subscription_grant(sub, plans, now, grace))
    ]
    if customer is not None and customer.complimentary_until is not None:
        plan = plans.plan(customer.complimentary_plan) or (plans.paid_plans or (None,))[-1]
        if plan is not None and now.date() <= customer.complimentary_until:
            until = customer.complimentary_until
            candidates.append(
                Membership(
                    plan,
                    "complimentary",
                    access_ends=dt.datetime.combine(until + dt.timedelta(days=1), dt.time()),
                    complimentary_until=until,
                )
            )
    if not candidates:
        overdue = [plans.plan(s.plan_key) for s in subscriptions if s.status in OVERDUE_STATUSES]
        return Membership(plans.free_plan, overdue_plan=next(filter(None, overdue), None))
    # The highest plan wins; for the same plan a subscription (which can be managed) comes first,
    # then the one that lasts longest.
    return max(
        candidates,
        key=lambda m: (
            plans.rank(m.plan),
            m.source == "subscription" and not m.payment_failed,
            m.access_ends is None,
            m.access_ends or now,
        ),
    )


def membership(user) -> Membership:
    """The person's membership, worked out once per request."""
    plans = catalog()
    if user is None or not getattr(user, "is_authenticated", False):
        return Membership(plans.free_plan)
    user_id = state().user_id(user)
    known: dict[int, Membership] = g.setdefault("billing_memberships", {})
    if user_id not in known:
        subscriptions, customer = services.billing_records(user_id)
        known[user_id] = membership_from(
            plans, subscriptions, customer, clock.now(), grace_period()
        )
    return known[user_id]


def entitlements(user) -> frozenset[str]:
    """Everything `user` (a User, an anonymous visitor or None) may use right now."""
    return membership(user).entitlements


def can(user, name: str) -> bool:
    """May `user` (a host's user, a visitor or None) use `name` (an Entitlement) right now?"""
    return name in entitlements(user)


def entitlements_by_user_id(user_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """`entitlements` of many people at once (a batch of alert digests): two queries for all of
    them, and nothing kept in `g`, so a long batch job neither grows nor reads stale answers."""
    ids = sorted(set(user_ids))
    plans, now, grace = catalog(), clock.now(), grace_period()
    subscriptions, customers = services.billing_records_of(ids)
    return {
        user_id: membership_from(
            plans, subscriptions.get(user_id, []), customers.get(user_id), now, grace
        ).entitlements
        for user_id in ids
    }


def holders(entitlement: str) -> sa.Select:
    """A SELECT of the ids of everyone who may use `entitlement` now through a paid plan or a
    complimentary grant, for a search to use inside its own statement (featured resumes): the
    rules of `subscription_grant` and `membership_from` said in SQL, held to agree with
    `entitlements_by_user_id` by tests/billing/test_holders.py. Nothing is kept between calls,
    so an ending plan is seen by the next statement. It counts any grant that includes the
    entitlement, where `membership_from` takes the highest plan: the same while each plan
    includes the ones below it. Entitlements of the free plan belong to everyone and cannot be
    listed this way."""
    plans, now, grace = catalog(), clock.now(), grace_period()
    if entitlement in plans.free_plan.entitlements:
        raise ValueError(f"everyone has {entitlement!r}: the free plan gives it")
    keys = [plan.key for plan in plans.paid_plans if entitlement in plan.entitlements]
    m = models()
    subscription, customer = m.Subscription, m.BillingCustomer
    ends_later = sa.or_(
        sa.and_(subscription.cancel_at_period_end.is_(True), subscription.current_period_end > now),
        sa.and_(
            subscription.cancel_at_period_end.is_not(True),
            sa.or_(subscription.cancel_at.is_(None), subscription.cancel_at > now),
        ),
    )
    in_grace = sa.and_(
        subscription.status == SubscriptionStatus.PAST_DUE,
        sa.func.coalesce(subscription.past_due_since, subscription.current_period_start)
        > now - grace,
    )
    by_subscription = sa.select(subscription.user_id).where(
        subscription.plan_key.in_(keys),
        sa.or_(sa.and_(subscription.status.in_(PAID_STATUSES), ends_later), in_grace),
    )
    # A grant names its plan; one naming no plan we know gives the highest paid plan.
    known = [plan.key for plan in plans.plans]
    highest = (plans.paid_plans or (None,))[-1]
    granted_plan = customer.complimentary_plan.in_(keys)
    if highest is not None and highest.key in keys:
        granted_plan = sa.or_(
            granted_plan,
            customer.complimentary_plan.is_(None),
            customer.complimentary_plan.not_in(known),
        )
    by_grant = sa.select(customer.user_id).where(
        customer.complimentary_until >= now.date(), granted_plan
    )
    return sa.union(by_subscription, by_grant)


def what_stops(from_plan: PlanInfo, to_plan: PlanInfo) -> list[str]:
    """In plain words, what someone loses moving from one plan to the other."""
    lost = from_plan.entitlements - to_plan.entitlements
    changes = []
    for entitlement, sentence in WHAT_STOPS.items():
        if entitlement not in lost:
            continue
        if entitlement == Entitlement.JOB_ALERTS_DAILY and (
            Entitlement.JOB_ALERTS_WEEKLY not in to_plan.entitlements
        ):
            sentence = "daily job alerts stop"
        changes.append(sentence)
    return changes
