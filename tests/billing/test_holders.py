"""`holders(name)`, the SQL form of the plan rules that the resume search runs inside its own
statement, must say what `entitlements_by_user_id` says, person by person, in every state a
membership can be in."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from portal import clock
from portal.billing.entitlements import entitlements_by_user_id, holders
from portal.billing.models import BillingCustomer, Subscription, SubscriptionStatus
from portal.billing.plans import Entitlement
from portal.extensions import db

NOW = dt.datetime(2027, 3, 10, 12, 0)
_ids = itertools.count(1)

# (what the person has, a subscription's fields or None, a complimentary grant or None)
STATES = {
    "active": ({"status": "active"}, None),
    "trialing": ({"status": "trialing"}, None),
    "active on a price of no plan": ({"status": "active", "plan_key": None}, None),
    "active, cancels at the period end": ({"status": "active", "cancel_at_period_end": True}, None),
    "cancelled at a period end now past": (
        {
            "status": "active",
            "cancel_at_period_end": True,
            "current_period_end": NOW - dt.timedelta(minutes=1),
        },
        None,
    ),
    "cancels at a later time": (
        {"status": "active", "cancel_at": NOW + dt.timedelta(days=3)},
        None,
    ),
    "cancel time passed": ({"status": "active", "cancel_at": NOW - dt.timedelta(hours=1)}, None),
    "past due within the grace period": (
        {"status": "past_due", "past_due_since": NOW - dt.timedelta(days=2)},
        None,
    ),
    "past due beyond the grace period": (
        {"status": "past_due", "past_due_since": NOW - dt.timedelta(days=30)},
        None,
    ),
    "past due since the period began": (
        {"status": "past_due", "current_period_start": NOW - dt.timedelta(days=1)},
        None,
    ),
    "unpaid": ({"status": "unpaid"}, None),
    "canceled": ({"status": "canceled"}, None),
    "incomplete": ({"status": "incomplete"}, None),
    "complimentary through today": (None, ("plus", NOW.date())),
    "complimentary ended yesterday": (None, ("plus", NOW.date() - dt.timedelta(days=1))),
    "complimentary of an unknown plan": (None, ("retired-plan", NOW.date())),
    "complimentary of the free plan": (None, ("free", NOW.date())),
    "canceled, and complimentary": ({"status": "canceled"}, ("plus", NOW.date())),
    "nothing": (None, None),
}


def make_state(make_user, subscription: dict | None, grant: tuple | None) -> int:
    user = make_user()
    if subscription is not None:
        number = next(_ids)
        values = {
            "plan_key": "plus",
            "stripe_subscription_id": f"sub_holders{number}",
            "stripe_customer_id": f"cus_holders{number}",
            "stripe_price_id": "price_plus",
            "amount_cents": 800,
            "currency": "usd",
            "interval": "month",
            "current_period_start": NOW - dt.timedelta(days=10),
            "current_period_end": NOW + dt.timedelta(days=20),
            "cancel_at_period_end": False,
        } | subscription
        values["status"] = SubscriptionStatus(values["status"])
        db.session.add(Subscription(user_id=user.id, **values))
    if grant is not None:
        plan, until = grant
        db.session.add(
            BillingCustomer(user_id=user.id, complimentary_plan=plan, complimentary_until=until)
        )
    db.session.flush()
    return user.id


@pytest.mark.parametrize("entitlement", [Entitlement.FEATURED_RESUME, Entitlement.AD_FREE])
def test_holders_agree_with_entitlements_in_every_state(app, make_user, entitlement):
    with clock.frozen(NOW):
        people = {
            name: make_state(make_user, subscription, grant)
            for name, (subscription, grant) in STATES.items()
        }
        expected = {
            name
            for name, user_id in people.items()
            if entitlement in entitlements_by_user_id([user_id])[user_id]
        }
        found = set(db.session.scalars(holders(entitlement)))
    assert {name for name, user_id in people.items() if user_id in found} == expected
    # The rules are not vacuous: some states hold it and some do not.
    assert "active" in expected and "past due beyond the grace period" not in expected


def test_an_entitlement_of_the_free_plan_cannot_be_listed(app):
    with pytest.raises(ValueError, match="free plan"):
        holders(Entitlement.BOOKMARKS)
