"""Billing through Stripe (the local fake) in the host app: Stripe's signed webhook reaches
billing's endpoint through the host's own CSRFProtect, and the member gets Plus from it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal import clock
from portal.billing import can
from portal.billing.catalog import catalog
from portal.billing.providers import EXTENSION_KEY
from portal.billing.providers.stripe_provider import StripeBillingProvider
from tests.plugin.helpers import join, start_checkout
from tests.stripe_fake import FakeStripe, Simulator, in_process_client
from tests.stripe_fake.fixtures import TEST_API_KEY, WEBHOOK_SECRET

WEBHOOK = "/premium/billing/webhook"


@pytest.fixture
def stripe_host(seeded_host, monkeypatch):
    fake = FakeStripe(now=clock.timestamp())
    provider = StripeBillingProvider(
        in_process_client(fake, api_key=TEST_API_KEY, max_network_retries=0)
    )
    monkeypatch.setitem(seeded_host.extensions, EXTENSION_KEY, provider)
    monkeypatch.setitem(seeded_host.config, "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    with seeded_host.app_context():
        for plan in catalog().paid_plans:
            provider.sync_plan(plan, product_name=f"Acme {plan.name}")
    return fake


def deliver_through(client):
    def post(payload: bytes, headers: dict[str, str]):
        response = client.post(WEBHOOK, data=payload, headers=headers)
        return response.status_code, response.get_data(as_text=True)

    return post


def test_stripes_webhook_passes_the_hosts_csrf_and_grants_plus(seeded_host, stripe_host):
    from host_app import db
    from host_app.models import Member

    browser = seeded_host.test_client()
    join(browser)
    to_stripe = start_checkout(browser)
    session_id = urlsplit(to_stripe.headers["Location"]).path.rstrip("/").rsplit("/", 1)[-1]
    stripe = Simulator(
        stripe_host, transport=deliver_through(seeded_host.test_client()), secret=WEBHOOK_SECRET
    )

    done = stripe.complete_checkout(session_id)

    assert done.subscription_id
    assert stripe.deliveries and all(delivery.ok for delivery in stripe.deliveries)
    with seeded_host.test_request_context():
        grace = db.session.scalar(select(Member).where(Member.email_address.like("grace%")))
        assert can(grace, "ad_free")


def test_an_unsigned_post_to_the_webhook_is_refused_by_billing_not_by_csrf(
    stripe_host, host_client
):
    response = host_client.post(WEBHOOK, data=b"{}", headers={"Stripe-Signature": "t=1,v1=bad"})

    # Billing's own answer (a JSON reason), not the host CSRF's "400 Bad Request" page.
    assert response.status_code == 400
    assert response.is_json and "signature" in response.get_json()["error"].lower()
