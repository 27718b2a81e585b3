"""Fixtures for the fake's own tests: the shared ones, a Plus price and a simulator."""

from __future__ import annotations

import pytest
import stripe

from tests.stripe_fake.fixtures import *  # noqa: F403
from tests.stripe_fake.fixtures import WEBHOOK_SECRET, WebhookInbox
from tests.stripe_fake.server import FakeStripe
from tests.stripe_fake.simulator import Simulator


@pytest.fixture
def plus_price(stripe_client: stripe.StripeClient) -> stripe.Price:
    product = stripe_client.v1.products.create(params={"name": "Plus"})
    return stripe_client.v1.prices.create(
        params={
            "product": product.id,
            "currency": "usd",
            "unit_amount": 800,
            "recurring": {"interval": "month"},
            "lookup_key": "plus_monthly",
        }
    )


@pytest.fixture
def simulator(stripe_fake: FakeStripe, webhook_inbox: WebhookInbox) -> Simulator:
    return Simulator(stripe_fake, webhook_inbox.url, secret=WEBHOOK_SECRET)
