"""Billing fixtures: the app's provider switched to Stripe (the fake Stripe, in-process), a
simulator that delivers Stripe's events to the app's webhook, and signed-in members."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portal import clock
from portal.billing.catalog import PlanInfo, catalog, invalidate_catalog
from portal.billing.providers import EXTENSION_KEY
from portal.billing.providers.demo import DemoBillingProvider
from portal.billing.providers.stripe_provider import StripeBillingProvider
from tests.billing.helpers import client_transport
from tests.conftest import login
from tests.stripe_fake import FakeStripe, Simulator, in_process_client
from tests.stripe_fake.fixtures import *  # noqa: F403
from tests.stripe_fake.fixtures import TEST_API_KEY, WEBHOOK_SECRET
from tests.stripe_fake.store import DAY


@pytest.fixture(autouse=True)
def _fresh_catalog(request) -> Iterator[None]:
    """Plans and ads are cached per process; a test that changed them (then rolled back) must
    not leave its copy behind."""
    yield
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        with app.app_context():
            invalidate_catalog()


@pytest.fixture(autouse=True)
def _fresh_demo_provider(request, monkeypatch) -> None:
    """The session's app bills through the demo provider, which keeps its state in memory:
    each test starts with an empty one (user ids repeat from one rolled-back test to the next)."""
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        monkeypatch.setitem(app.extensions, EXTENSION_KEY, DemoBillingProvider())


@pytest.fixture
def stripe_fake(request) -> FakeStripe:
    """A fresh fake Stripe. `@pytest.mark.parametrize("stripe_fake", [40], indirect=True)`
    starts its clock 40 days ago (for grace periods that have run out by now)."""
    days_ago = getattr(request, "param", 0)
    return FakeStripe(now=clock.timestamp() - days_ago * DAY)


@pytest.fixture
def stripe_billing(app, stripe_fake, monkeypatch) -> StripeBillingProvider:
    """The app billing through the fake Stripe, with its plans synced there."""
    client = in_process_client(stripe_fake, api_key=TEST_API_KEY, max_network_retries=0)
    provider = StripeBillingProvider(client)
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, provider)
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    for plan in catalog().paid_plans:
        provider.sync_plan(plan, product_name=f"Career Portal {plan.name}")
    return provider


@pytest.fixture
def simulator(app, stripe_fake, stripe_billing) -> Simulator:
    transport = client_transport(app.test_client())
    return Simulator(stripe_fake, transport=transport, secret=WEBHOOK_SECRET)


@pytest.fixture
def member(client, make_user):
    """A signed-in member on the free plan."""
    user = make_user("ada@example.com", name="Ada Lovelace")
    login(client, user)
    return user


@pytest.fixture
def plus_plan() -> PlanInfo:
    plan = catalog().plan("plus")
    assert plan is not None
    return plan
