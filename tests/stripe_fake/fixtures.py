"""Pytest fixtures for the fake Stripe. Use them from a conftest.py with
`from tests.stripe_fake.fixtures import *  # noqa: F403` (or list the ones you need)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pytest
import stripe
from werkzeug.wrappers import Request, Response

from tests.stripe_fake.http_client import FakeStripeHTTPClient
from tests.stripe_fake.live import LiveServer
from tests.stripe_fake.server import FakeStripe

TEST_API_KEY = "sk_test_fake_portal"
WEBHOOK_SECRET = "whsec_test_fake_portal"

__all__ = [
    "TEST_API_KEY",
    "WEBHOOK_SECRET",
    "ReceivedWebhook",
    "WebhookInbox",
    "stripe_client",
    "stripe_fake",
    "stripe_live",
    "stripe_live_client",
    "webhook_inbox",
]


@dataclass(frozen=True)
class ReceivedWebhook:
    payload: bytes
    signature: str

    @property
    def event(self) -> dict:
        return json.loads(self.payload)


class WebhookInbox:
    """A webhook endpoint that records what it receives and answers `status` (200 by default)."""

    def __init__(self) -> None:
        self.received: list[ReceivedWebhook] = []
        self.status = 200
        self.url = ""  # set once it is served
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        with self._lock:
            self.received.append(
                ReceivedWebhook(request.get_data(), request.headers.get("Stripe-Signature", ""))
            )
            status = self.status
        return Response("{}", status=status, content_type="application/json")(
            environ, start_response
        )

    def types(self) -> list[str]:
        return [hook.event["type"] for hook in self.received]


@pytest.fixture
def stripe_fake() -> FakeStripe:
    """A fresh, empty fake Stripe account."""
    return FakeStripe()


@pytest.fixture
def stripe_client(stripe_fake: FakeStripe) -> stripe.StripeClient:
    """A StripeClient that talks to `stripe_fake` in-process (no socket)."""
    return stripe.StripeClient(
        TEST_API_KEY, http_client=FakeStripeHTTPClient(stripe_fake), max_network_retries=0
    )


@pytest.fixture
def stripe_live(stripe_fake: FakeStripe) -> Iterator[LiveServer]:
    """`stripe_fake` served over HTTP on 127.0.0.1; its base address is `stripe_live.url`."""
    with LiveServer(stripe_fake) as live:
        yield live


@pytest.fixture
def stripe_live_client(stripe_live: LiveServer) -> Iterator[stripe.StripeClient]:
    """A StripeClient that talks to the live fake over HTTP, with the SDK's own HTTP client."""
    http_client = stripe.RequestsClient()
    yield stripe.StripeClient(
        TEST_API_KEY,
        base_addresses={"api": stripe_live.url},
        http_client=http_client,
        max_network_retries=0,
    )
    http_client.close()


@pytest.fixture
def webhook_inbox() -> Iterator[WebhookInbox]:
    """A live webhook endpoint (`webhook_inbox.url`) recording every delivery."""
    inbox = WebhookInbox()
    with LiveServer(inbox) as live:
        inbox.url = live.url + "/webhook"
        yield inbox
