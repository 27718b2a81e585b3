"""A member's plan through a subscription's life, driven by the fake Stripe's simulator and its
webhooks: what the member sees (the ad slot, the plan on /account, the banner) and what the
database holds after each step."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portal.billing.models import BillingCustomer, Subscription, SubscriptionStatus
from portal.extensions import db
from tests.billing.helpers import (
    ad_slot_shown,
    assert_one_row_per_event,
    banner,
    customers_of,
    day,
    period_end,
    plan_line,
    start_checkout,
    subscription_row,
    upgrade,
)


def test_a_free_member_sees_ads_and_the_free_plan(client, member):
    assert ad_slot_shown(client)
    assert plan_line(client).startswith("Free")
    assert not member.can("ad_free")
    assert member.can("job_alerts_weekly")


def test_subscribing_gives_plus_at_once(client, member, simulator, stripe_fake):
    done = upgrade(client, simulator)

    assert not ad_slot_shown(client)
    renews = day(period_end(stripe_fake, done.subscription_id))
    assert plan_line(client).startswith(f"Plus · USD $8/month, renews on {renews}")
    assert member.can("ad_free") and member.can("job_alerts_daily")
    row = subscription_row(done.subscription_id)
    assert (row.status, row.plan_key, row.amount_cents, row.currency) == (
        SubscriptionStatus.ACTIVE,
        "plus",
        800,
        "USD",
    )
    assert row.stripe_customer_id == done.customer_id
    assert [c.stripe_customer_id for c in customers_of(member)] == [done.customer_id]
    assert len(stripe_fake.objects("customers")) == 1
    assert_one_row_per_event(simulator)


def test_the_checkout_is_ours_from_end_to_end(client, member, stripe_fake, simulator):
    response = start_checkout(client)
    assert response.headers["Location"].startswith("https://checkout.stripe.com/")
    (session,) = stripe_fake.objects("checkout_sessions")
    assert session["mode"] == "subscription"
    assert session["client_reference_id"] == str(member.id)
    assert session["metadata"] == {"user_id": str(member.id), "plan": "plus"}
    (customer,) = stripe_fake.objects("customers")
    assert session["customer"] == customer["id"]
    assert (customer["email"], customer["metadata"]) == (
        "ada@example.com",
        {"user_id": str(member.id)},
    )
    assert session["success_url"].endswith("/billing/success?session_id={CHECKOUT_SESSION_ID}")


def test_renewal_moves_the_period_on(client, member, simulator, stripe_fake):
    done = upgrade(client, simulator)
    first_end = period_end(stripe_fake, done.subscription_id)

    simulator.renew(done.subscription_id)

    second_end = period_end(stripe_fake, done.subscription_id)
    assert second_end > first_end
    assert "invoice.paid" in [d.event_type for d in simulator.deliveries]
    assert f"renews on {day(second_end)}" in plan_line(client)
    assert not ad_slot_shown(client)
    row = subscription_row(done.subscription_id)
    assert row.current_period_end == dt.datetime.fromtimestamp(second_end, dt.UTC).replace(
        tzinfo=None
    )
    assert_one_row_per_event(simulator)


@pytest.mark.parametrize("stripe_fake", [32], indirect=True)
def test_a_failed_payment_keeps_plus_for_the_grace_period_until_it_is_paid(
    client, member, simulator, stripe_fake
):
    # The fake's clock started 32 days ago: the renewal failed about two days ago.
    done = upgrade(client, simulator)
    simulator.fail_payment(done.subscription_id)

    row = subscription_row(done.subscription_id)
    assert row.status == SubscriptionStatus.PAST_DUE
    assert not ad_slot_shown(client)
    line = plan_line(client)
    assert line.startswith("Plus payment failed")
    assert "Update your card by" in line
    shown = banner(client)
    assert "Your last payment for Plus did not go through" in shown
    assert "Update payment method" in shown

    simulator.recover(done.subscription_id)

    assert subscription_row(done.subscription_id).status == SubscriptionStatus.ACTIVE
    assert banner(client) == ""
    assert "renews on" in plan_line(client)
    assert not ad_slot_shown(client)
    assert_one_row_per_event(simulator)


@pytest.mark.parametrize("stripe_fake", [40], indirect=True)
def test_when_the_grace_period_ends_the_member_is_back_on_free(
    client, member, simulator, stripe_fake
):
    # The renewal failed about ten days ago; the grace period (seven days) is over.
    done = upgrade(client, simulator)
    simulator.fail_payment(done.subscription_id)

    assert subscription_row(done.subscription_id).status == SubscriptionStatus.PAST_DUE
    assert ad_slot_shown(client)
    line = plan_line(client)
    assert line.startswith("Free payment overdue")
    assert "Update your card under Manage billing to get Plus back" in line
    assert banner(client) == ""
    assert not member.can("ad_free")
    # Upgrading again would make a second subscription: the way back is to pay the first.
    assert start_checkout(client).headers["Location"] == "/account"
    assert len(stripe_fake.objects("checkout_sessions")) == 1

    simulator.exhaust_retries(done.subscription_id, outcome="canceled")

    assert subscription_row(done.subscription_id).status == SubscriptionStatus.CANCELED
    assert plan_line(client).startswith("Free")


@pytest.mark.parametrize("stripe_fake", [32], indirect=True)
def test_the_grace_period_is_a_setting(app, client, member, simulator, monkeypatch):
    done = upgrade(client, simulator)
    simulator.fail_payment(done.subscription_id)  # about two days ago
    assert not ad_slot_shown(client)
    monkeypatch.setitem(app.config, "BILLING_GRACE_DAYS", 1)
    assert ad_slot_shown(client)


def test_cancelling_at_the_period_end_keeps_plus_until_then(client, member, simulator, stripe_fake):
    done = upgrade(client, simulator)
    end = day(period_end(stripe_fake, done.subscription_id))

    simulator.cancel_at_period_end(done.subscription_id)

    line = plan_line(client)
    assert line.startswith(f"Plus until {end}")
    assert f"Your plan will not renew. On {end} you move to Free:" in line
    assert "ads come back on guide and job pages" in line
    assert "daily job alerts become weekly" in line
    assert not ad_slot_shown(client)

    simulator.renew(done.subscription_id)  # the period ends: Stripe ends the subscription

    assert subscription_row(done.subscription_id).status == SubscriptionStatus.CANCELED
    assert ad_slot_shown(client)
    assert plan_line(client).startswith("Free")
    assert_one_row_per_event(simulator)


def test_before_cancelling_the_account_page_says_what_changes_and_when(
    client, member, simulator, stripe_fake
):
    done = upgrade(client, simulator)
    end = day(period_end(stripe_fake, done.subscription_id))
    line = plan_line(client)
    assert f"If you cancel, you keep Plus until {end}, the end of the period you have paid" in line
    for change in (
        "ads come back on guide and job pages",
        "daily job alerts become weekly",
        "your personal career consultant is no longer available",
        "AI-powered job advice stops",
        "your resume is no longer featured and pinned",
        "your custom resume URL stops working",
    ):
        assert change in line


def test_cancelling_now_ends_plus_at_once(client, member, simulator):
    done = upgrade(client, simulator)

    simulator.cancel_now(done.subscription_id)

    assert ad_slot_shown(client)
    assert plan_line(client).startswith("Free")
    assert subscription_row(done.subscription_id).status == SubscriptionStatus.CANCELED
    assert_one_row_per_event(simulator)


def test_resubscribing_after_cancelling_reuses_the_customer(client, member, simulator, stripe_fake):
    first = upgrade(client, simulator)
    simulator.cancel_now(first.subscription_id)
    assert ad_slot_shown(client)

    second = upgrade(client, simulator)

    assert second.subscription_id != first.subscription_id
    assert second.customer_id == first.customer_id
    assert not ad_slot_shown(client)
    assert "renews on" in plan_line(client)
    assert len(stripe_fake.objects("customers")) == 1
    assert len(customers_of(member)) == 1
    statuses = db.session.scalars(
        select(Subscription.status).where(Subscription.user_id == member.id)
    ).all()
    assert sorted(statuses) == sorted([SubscriptionStatus.CANCELED, SubscriptionStatus.ACTIVE])
    assert_one_row_per_event(simulator)


def test_two_members_two_customers(app, client, member, simulator, make_user, stripe_fake):
    from tests.conftest import login

    upgrade(client, simulator)
    other = make_user("grace@example.com", name="Grace Hopper")
    other_client = app.test_client()
    login(other_client, other)
    assert ad_slot_shown(other_client)
    upgrade(other_client, simulator)
    assert not ad_slot_shown(other_client)
    assert db.session.scalar(select(func.count()).select_from(BillingCustomer)) == 2
    assert len(stripe_fake.objects("customers")) == 2
