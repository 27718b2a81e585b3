"""A small stateful Stripe API for tests: see README.md in this folder."""

from tests.stripe_fake.billing import SimulationError
from tests.stripe_fake.http_client import FakeStripeHTTPClient, in_process_client
from tests.stripe_fake.live import LiveServer
from tests.stripe_fake.objects import API_VERSION
from tests.stripe_fake.server import FakeStripe
from tests.stripe_fake.simulator import (
    CheckoutCompletion,
    Delivery,
    Simulator,
    http_transport,
    sign,
    wsgi_transport,
)

__all__ = [
    "API_VERSION",
    "CheckoutCompletion",
    "Delivery",
    "FakeStripe",
    "FakeStripeHTTPClient",
    "LiveServer",
    "SimulationError",
    "Simulator",
    "http_transport",
    "in_process_client",
    "sign",
    "wsgi_transport",
]
