"""Without Stripe keys: the demo provider's checkout and portal pages, which go through the
webhook's own handler, and its refusal to start in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from portal import create_app
from portal.billing.models import WebhookEvent
from portal.billing.providers import EXTENSION_KEY
from portal.billing.providers.demo import DemoBillingProvider, DemoStore, add_interval
from portal.billing.providers.stripe_provider import StripeBillingProvider
from portal.config import ConfigurationError
from portal.extensions import db
from tests.accounts.helpers import text
from tests.billing.helpers import ad_slot_shown, banner, plan_line, start_checkout
from tests.conftest import csrf_token, login


def demo_upgrade(client) -> str:
    """Upgrade through the demo checkout; returns the success page's text."""
    checkout = start_checkout(client)
    assert checkout.status_code == 303
    page = client.get(checkout.headers["Location"])
    assert page.status_code == 200
    paid = client.post(
        checkout.headers["Location"], data={"csrf_token": csrf_token(client, "/pricing")}
    )
    assert paid.status_code == 303
    return text(client.get(paid.headers["Location"]))


def test_the_demo_checkout_says_it_is_a_demo(client, member):
    location = start_checkout(client).headers["Location"]
    assert location.startswith("/billing/demo/checkout/cs_demo_")
    page = text(client.get(location))
    assert "Demo checkout · no real payment" in page
    assert "Demo billing: this portal runs without Stripe keys" in page
    assert "Upgrade to Plus" in page and "Pay USD $8/month (demo)" in page


def test_paying_in_the_demo_checkout_gives_plus_through_the_webhook_handler(client, member):
    assert ad_slot_shown(client)

    success = demo_upgrade(client)

    assert "Welcome to Plus" in success
    assert not ad_slot_shown(client)
    assert plan_line(client).startswith("Plus · USD $8/month, renews on")
    handled = db.session.execute(select(WebhookEvent.type, WebhookEvent.outcome)).all()
    assert sorted(handled) == [
        ("checkout.session.completed", "processed"),
        ("customer.subscription.created", "processed"),
        ("invoice.paid", "processed"),
    ]


def test_a_demo_checkout_is_only_for_the_member_who_started_it(app, client, member, make_user):
    location = start_checkout(client).headers["Location"]
    other = app.test_client()
    login(other, make_user("eve@example.com"))
    assert other.get(location).status_code == 404
    assert other.post(location, data={"csrf_token": csrf_token(other, "/")}).status_code == 404
    assert ad_slot_shown(client)


def portal_action(client, portal: str, action: str) -> None:
    html = client.get(portal).get_data(as_text=True)
    subscription = html.split('name="subscription" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        portal,
        data={
            "csrf_token": csrf_token(client, portal),
            "subscription": subscription,
            "action": action,
        },
    )
    assert response.status_code == 303, response.status_code


def test_the_demo_portal_cancels_renews_and_simulates_a_failed_payment(client, member):
    demo_upgrade(client)
    portal = client.post(
        "/billing/portal", data={"csrf_token": csrf_token(client, "/account")}
    ).headers["Location"]
    assert portal.startswith("/billing/demo/portal/bps_demo_")
    assert "Demo billing portal · no real payment" in text(client.get(portal))

    portal_action(client, portal, "cancel")
    assert plan_line(client).startswith("Plus until")
    portal_action(client, portal, "resume")
    assert "renews on" in plan_line(client)
    portal_action(client, portal, "fail")
    assert "did not go through" in banner(client)
    assert not ad_slot_shown(client)
    portal_action(client, portal, "recover")
    assert banner(client) == ""
    portal_action(client, portal, "cancel_now")
    assert plan_line(client).startswith("Free")
    assert ad_slot_shown(client)


def test_the_demo_portal_is_only_for_its_customer(app, client, member, make_user):
    demo_upgrade(client)
    portal = client.post(
        "/billing/portal", data={"csrf_token": csrf_token(client, "/account")}
    ).headers["Location"]
    other = app.test_client()
    login(other, make_user("eve@example.com"))
    assert other.get(portal).status_code == 404


def test_the_demo_refuses_to_start_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "0")
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite3",
        "SECRET_KEY": "x",
        "SITE_URL": "https://jobs.example.org",
    }
    with pytest.raises(ConfigurationError, match="STRIPE_SECRET_KEY is not set"):
        create_app(settings)
    production = create_app({**settings, "STRIPE_SECRET_KEY": "sk_test_production"})
    assert isinstance(production.extensions[EXTENSION_KEY], StripeBillingProvider)
    assert "billing_demo" not in production.blueprints


def test_in_debug_mode_the_demo_keeps_its_state_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/d.sqlite3"})
    provider = app.extensions[EXTENSION_KEY]
    assert isinstance(provider, DemoBillingProvider)
    assert provider.store.path == Path(app.instance_path) / "demo-billing.json"


def test_the_demo_state_file_survives_a_restart(app, tmp_path):
    path = tmp_path / "demo.json"
    first = DemoBillingProvider(DemoStore(path))
    customer = first.create_customer(
        user_id=1, email="a@example.com", name="A", idempotency_key="k"
    )
    again = DemoBillingProvider(DemoStore(path))
    assert (
        again.create_customer(user_id=1, email="a@example.com", name="A", idempotency_key="k")
        == customer
    )
    assert again.list_live_subscriptions(customer) == []


def test_a_month_later_keeps_the_day_or_takes_the_months_last():
    import datetime as dt

    assert add_interval(dt.datetime(2027, 1, 31, 9), "month") == dt.datetime(2027, 2, 28, 9)
    assert add_interval(dt.datetime(2027, 12, 5), "month") == dt.datetime(2028, 1, 5)
    assert add_interval(dt.datetime(2028, 2, 29), "year") == dt.datetime(2029, 2, 28)


def test_without_a_webhook_secret_the_webhook_refuses_everything(client):
    response = client.post("/billing/webhook", data=b"{}", headers={"Stripe-Signature": "t=1"})
    assert response.status_code == 400
