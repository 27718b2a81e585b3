"""Upgrading through Checkout, coming back to the success page, managing the plan, and deleting
an account that pays: what the member sees, and what Stripe and our database hold."""

from __future__ import annotations

import json

import stripe
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.billing.models import BillingCustomer, Subscription
from portal.billing.providers import EXTENSION_KEY
from portal.billing.providers.stripe_provider import StripeBillingProvider
from portal.extensions import db
from tests.accounts.helpers import path_of, submit, text
from tests.billing.helpers import (
    ad_slot_shown,
    assert_one_row_per_event,
    checkout_session_id,
    customers_of,
    plan_line,
    start_checkout,
    subscription_row,
    success_path,
    upgrade,
)
from tests.conftest import csrf_token


def unreachable_stripe() -> StripeBillingProvider:
    client = stripe.StripeClient(
        "sk_test_unreachable", base_addresses={"api": "http://127.0.0.1:9"}, max_network_retries=0
    )
    return StripeBillingProvider(client)


def test_the_success_page_grants_plus_before_any_webhook(client, member, simulator, stripe_fake):
    session_id = checkout_session_id(start_checkout(client))
    with simulator.hold():
        done = simulator.complete_checkout(session_id)

    page = client.get(success_path(done.success_url))

    assert page.status_code == 200
    assert "Welcome to Plus" in text(page)
    assert not simulator.deliveries  # nothing delivered yet
    assert not ad_slot_shown(client)
    assert plan_line(client).startswith("Plus")

    deliveries = simulator.flush()  # the webhook confirms the same state

    assert all(d.ok for d in deliveries)
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 1
    assert subscription_row(done.subscription_id).status == "active"
    assert not ad_slot_shown(client)
    assert_one_row_per_event(simulator)


def test_a_checkout_still_waiting_for_its_payment_says_so(client, member, simulator):
    session_id = checkout_session_id(start_checkout(client))
    done = simulator.complete_checkout(session_id, paid=False)

    page = text(client.get(success_path(done.success_url)))

    assert "Your payment is being confirmed" in page
    assert "you do not need to pay again" in page
    assert ad_slot_shown(client)
    assert plan_line(client).startswith("Free")

    simulator.recover(done.subscription_id)  # the bank confirms

    assert not ad_slot_shown(client)


def test_the_success_page_only_shows_your_own_checkout(app, client, member, simulator, make_user):
    from tests.conftest import login

    session_id = checkout_session_id(start_checkout(client))
    done = simulator.complete_checkout(session_id)
    other = app.test_client()
    login(other, make_user("eve@example.com"))

    assert other.get(success_path(done.success_url)).status_code == 404
    assert other.get("/billing/success?session_id=cs_test_nothing").status_code == 404
    assert other.get("/billing/success?session_id=../../etc").status_code == 404
    assert other.get("/billing/success").headers["Location"] == "/pricing"
    assert ad_slot_shown(other)


def test_two_checkouts_at_once_make_one_customer_and_one_subscription(
    client, member, simulator, stripe_fake
):
    first = start_checkout(client)
    second = start_checkout(client)  # a double click, or a second tab

    assert first.headers["Location"] == second.headers["Location"]
    assert len(stripe_fake.objects("customers")) == 1
    assert len(stripe_fake.objects("checkout_sessions")) == 1

    simulator.complete_checkout(checkout_session_id(first))

    assert len(stripe_fake.objects("subscriptions")) == 1
    assert len(customers_of(member)) == 1
    assert not ad_slot_shown(client)


def test_paying_in_one_tab_then_clicking_upgrade_in_another_goes_to_manage(
    client, member, simulator, stripe_fake
):
    session_id = checkout_session_id(start_checkout(client))
    with simulator.hold():
        simulator.complete_checkout(session_id)  # paid; no webhook, no success page yet

    again = start_checkout(client)

    assert again.headers["Location"] == "/account"
    assert "You already have a subscription" in text(client.get("/account"))
    assert len(stripe_fake.objects("checkout_sessions")) == 1
    assert not ad_slot_shown(client)


def test_a_plus_member_is_sent_to_manage_instead_of_paying_twice(
    client, member, simulator, stripe_fake
):
    upgrade(client, simulator)
    again = start_checkout(client)
    assert again.headers["Location"] == "/account"
    assert len(stripe_fake.objects("checkout_sessions")) == 1


def test_an_expired_checkout_is_not_reused(client, member, stripe_billing, stripe_fake):
    first = checkout_session_id(start_checkout(client))
    stripe_billing.client.v1.checkout.sessions.expire(first)
    second = checkout_session_id(start_checkout(client))
    assert second != first
    assert len(stripe_fake.objects("customers")) == 1


def test_only_paid_plans_can_be_bought(client, member, stripe_fake, stripe_billing):
    for plan in ("free", "platinum", ""):
        response = start_checkout(client, plan=plan)
        assert response.headers["Location"] == "/pricing"
    assert stripe_fake.objects("checkout_sessions") == []


def test_a_price_missing_at_stripe_is_a_clear_message(client, member, stripe_billing, plus_plan):
    price = stripe_billing.price_for(plus_plan.lookup_key)
    stripe_billing.client.v1.prices.update(price.id, params={"active": False})

    response = start_checkout(client)

    assert response.headers["Location"] == "/pricing"
    assert "We could not reach our payment provider" in text(client.get("/pricing"))


def test_stripe_down_at_checkout_changes_nothing(app, client, member, monkeypatch, stripe_billing):
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, unreachable_stripe())
    response = start_checkout(client)
    assert response.status_code == 303 and response.headers["Location"] == "/pricing"
    assert "nothing has changed" in text(client.get("/pricing"))
    assert customers_of(member) == []


def test_manage_billing_opens_the_customer_portal(client, member, simulator, stripe_fake):
    done = upgrade(client, simulator)
    token = csrf_token(client, "/account")

    response = client.post("/billing/portal", data={"csrf_token": token})

    assert response.status_code == 303
    assert response.headers["Location"].startswith("https://billing.stripe.com/")
    (portal,) = stripe_fake.objects("portal_sessions")
    assert portal["customer"] == done.customer_id
    assert portal["return_url"] == "http://localhost/account"


def test_manage_billing_without_a_plan_leads_to_pricing(client, member, stripe_billing):
    response = client.post("/billing/portal", data={"csrf_token": csrf_token(client, "/account")})
    assert response.headers["Location"] == "/pricing"
    assert "You have no paid plan to manage yet" in text(client.get("/pricing"))


def test_deleting_an_account_cancels_its_subscription_at_stripe_first(
    client, member, simulator, stripe_fake
):
    done = upgrade(client, simulator)
    user_id = member.id

    response = submit(client, "/account/delete", {"password": member.test_password})

    assert response.status_code == 303
    assert stripe_fake.get(done.subscription_id)["status"] == "canceled"
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 0
    assert db.session.scalar(select(func.count()).select_from(BillingCustomer)) == 0
    # Stripe then reports the cancellation: acknowledged, about a customer we no longer know.
    (deleted,) = [d for d in simulator.flush() if d.event_type.endswith(".deleted")]
    assert deleted.status == 200
    assert json.loads(deleted.response)["outcome"] == "not ours"


def test_deleting_an_account_closes_its_open_checkout(client, member, stripe_fake, stripe_billing):
    session_id = checkout_session_id(start_checkout(client))
    submit(client, "/account/delete", {"password": member.test_password})
    assert stripe_fake.get(session_id)["status"] == "expired"


def test_when_stripe_cannot_cancel_the_account_is_not_deleted(
    app, client, member, simulator, stripe_fake, monkeypatch
):
    done = upgrade(client, simulator)
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, unreachable_stripe())

    response = submit(client, "/account/delete", {"password": member.test_password})

    assert response.status_code == 200
    assert "We could not delete your account just now" in text(response)
    assert stripe_fake.get(done.subscription_id)["status"] == "active"
    db.session.expire_all()
    assert db.session.get(User, member.id) is not None
    assert not ad_slot_shown(client)


def change_email(client, user, mailbox, new_email: str):
    """Ask for a new address and follow the link mailed to it, as the person would."""
    response = submit(
        client, "/account/email", {"email": new_email, "password": user.test_password}
    )
    assert response.status_code == 303
    mail = mailbox.wait_for(1)[0]
    return client.get(path_of(mail.link("/account/email/confirm/")))


def test_a_members_new_email_address_reaches_their_stripe_customer(
    client, member, simulator, stripe_fake, mailbox
):
    done = upgrade(client, simulator)
    assert stripe_fake.get(done.customer_id)["email"] == "ada@example.com"

    assert change_email(client, member, mailbox, "ada@analytical.example").status_code == 303

    # Stripe mails receipts and invoices to the customer's address.
    assert stripe_fake.get(done.customer_id)["email"] == "ada@analytical.example"


def test_when_stripe_cannot_be_told_the_new_email_address_still_counts(
    app, client, member, simulator, stripe_fake, mailbox, monkeypatch, caplog
):
    done = upgrade(client, simulator)
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, unreachable_stripe())

    assert change_email(client, member, mailbox, "ada@analytical.example").status_code == 303

    assert "Your email address is now ada@analytical.example" in text(client.get("/account"))
    assert stripe_fake.get(done.customer_id)["email"] == "ada@example.com"
    assert f"Could not give Stripe customer {done.customer_id} the new address" in caplog.text


def test_the_data_download_includes_the_billing_records(client, member, simulator):
    done = upgrade(client, simulator)
    exported = json.loads(client.get("/account/export").data)["billing"]
    assert exported["stripe_customer_id"] == done.customer_id
    (subscription,) = exported["subscriptions"]
    assert (subscription["plan"], subscription["status"], subscription["price"]) == (
        "plus",
        "active",
        "8.00 USD/month",
    )


def test_stripe_down_on_the_success_page_or_manage_billing_is_a_message_not_an_error(
    app, client, member, simulator, monkeypatch
):
    session_id = checkout_session_id(start_checkout(client))
    with simulator.hold():
        done = simulator.complete_checkout(session_id)
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, unreachable_stripe())

    page = client.get(success_path(done.success_url))
    assert page.status_code == 302 and page.headers["Location"] == "/account"
    assert "We could not reach our payment provider" in text(client.get("/account"))

    manage = client.post("/billing/portal", data={"csrf_token": csrf_token(client, "/account")})
    assert manage.headers["Location"] == "/account"
    assert "nothing has changed" in text(client.get("/account"))
