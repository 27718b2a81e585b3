"""The two ways to plug the fake into the SDK: in-process through `http_client`, and over real
HTTP on 127.0.0.1 through `base_addresses`, from several threads at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import stripe

from tests.stripe_fake import FakeStripeHTTPClient, Simulator
from tests.stripe_fake.fixtures import TEST_API_KEY, WEBHOOK_SECRET


def test_in_process_client_hands_requests_to_the_app(stripe_fake):
    http_client = FakeStripeHTTPClient(stripe_fake)
    client = stripe.StripeClient(TEST_API_KEY, http_client=http_client)
    customer = client.v1.customers.create(params={"email": "ada@example.com"})
    client.v1.customers.retrieve(customer.id, params={"expand": ["test_clock"]})
    assert http_client.requests == [
        ("POST", "/v1/customers"),
        ("GET", f"/v1/customers/{customer.id}?expand[0]=test_clock"),
    ]
    assert stripe_fake.get(customer.id)["email"] == "ada@example.com"


def test_over_http_from_checkout_to_renewal(
    stripe_live_client, stripe_live, stripe_fake, webhook_inbox
):
    client = stripe_live_client
    assert stripe_live.url.startswith("http://127.0.0.1:")
    price = client.v1.prices.create(
        params={
            "currency": "usd",
            "unit_amount": 800,
            "recurring": {"interval": "month"},
            "product_data": {"name": "Plus"},
            "lookup_key": "plus_monthly",
        }
    )
    (found,) = client.v1.prices.list(params={"lookup_keys": ["plus_monthly"]}).data
    assert found.id == price.id
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer_email": "ada@example.com",
            "line_items": [{"price": price.id, "quantity": 1}],
            "success_url": "https://portal.test/success?session_id={CHECKOUT_SESSION_ID}",
        }
    )
    simulator = Simulator(stripe_fake, webhook_inbox.url, secret=WEBHOOK_SECRET)
    done = simulator.complete_checkout(session.id)
    simulator.renew(done.subscription_id)
    sub = client.v1.subscriptions.retrieve(done.subscription_id, params={"expand": ["customer"]})
    assert (sub.status, sub.customer.email) == ("active", "ada@example.com")
    assert len(client.v1.invoices.list(params={"subscription": sub.id}).data) == 2
    assert "invoice.paid" in webhook_inbox.types()


def test_concurrent_requests_with_one_idempotency_key_make_one_customer(
    stripe_live_client, stripe_fake
):
    def create(_):
        return stripe_live_client.v1.customers.create(
            params={"email": "ada@example.com", "metadata": {"user_id": "7"}},
            options={"idempotency_key": "customer-user-7"},
        ).id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(create, range(16)))
    assert len(ids) == 1
    assert len(stripe_fake.objects("customers")) == 1


def test_concurrent_requests_each_get_their_own_object(stripe_live_client, stripe_fake):
    def create(index):
        return stripe_live_client.v1.customers.create(params={"email": f"u{index}@example.com"}).id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(24)))
    assert len(set(ids)) == 24
    assert {c["id"] for c in stripe_fake.objects("customers")} == set(ids)
