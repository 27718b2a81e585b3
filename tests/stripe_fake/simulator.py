"""The Simulator plays Stripe's side: it completes checkouts, renews periods, fails and recovers
payments, cancels, and POSTs each resulting event to a webhook, signed as Stripe signs them:
`Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed by the secret>`
(https://docs.stripe.com/webhooks#verify-manually).

By default every step delivers its events (and any the API calls queued) at once, in the order
they happened. `hold()`, `pending()`, `flush(reverse=True)` and `deliver(…)` take over the
delivery to send events late, twice, out of order, badly signed or with a stale timestamp."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from werkzeug.test import Client

from tests.stripe_fake import billing
from tests.stripe_fake.billing import SimulationError
from tests.stripe_fake.server import FakeStripe

# A transport posts a signed payload and returns the HTTP status (None: nobody answered).
Transport = Callable[[bytes, dict[str, str]], tuple[int | None, str]]


def sign(payload: str, secret: str, timestamp: int) -> str:
    """The Stripe-Signature header for `payload`, with the SDK's scheme (v1, HMAC-SHA256)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def http_transport(url: str, timeout: float = 10) -> Transport:
    """POST to `url` over HTTP, as Stripe does."""

    def post(payload: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
        request = urllib.request.Request(url, data=payload, headers=headers, method="POST")  # noqa: S310 - a local test URL
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode(errors="replace")
        except OSError as error:
            return None, str(error)

    return post


def wsgi_transport(app: Callable, path: str = "/billing/webhook") -> Transport:
    """POST to a WSGI app in-process (for tests that drive the app without a live server)."""

    def post(payload: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
        response = Client(app).post(path, data=payload, headers=headers)
        try:
            return response.status_code, response.get_data(as_text=True)
        finally:
            response.close()

    return post


@dataclass(frozen=True)
class Delivery:
    event_id: str
    event_type: str
    status: int | None
    signature: str
    response: str

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class CheckoutCompletion:
    session_id: str
    customer_id: str
    subscription_id: str
    invoice_id: str
    # Where Stripe sends the browser: success_url with {CHECKOUT_SESSION_ID} filled in.
    success_url: str | None


class Simulator:
    """Drives `fake` like Stripe would and delivers its events to `webhook_url` (or through
    `transport`), signed with `secret`. `repeat=2` delivers every event twice."""

    def __init__(
        self,
        fake: FakeStripe,
        webhook_url: str | None = None,
        *,
        secret: str,
        transport: Transport | None = None,
        auto_deliver: bool = True,
        repeat: int = 1,
    ) -> None:
        if (webhook_url is None) == (transport is None):
            raise ValueError("give the Simulator either a webhook_url or a transport")
        self.fake = fake
        self.store = fake.store
        self.secret = secret
        self.transport = transport or http_transport(webhook_url or "")
        self.auto_deliver = auto_deliver
        self.repeat = repeat
        self.deliveries: list[Delivery] = []

    # What Stripe does.

    def complete_checkout(self, session_id: str, *, paid: bool = True) -> CheckoutCompletion:
        """The customer pays on the Checkout page: Stripe creates (or reuses) the customer, the
        subscription and its first invoice. `paid=False` is an asynchronous payment still
        pending: the session completes unpaid and the subscription stays `incomplete`."""
        with self.store.lock:
            session = self.store.require("checkout_sessions", session_id, "checkout.session")
            if session["status"] != "open":
                raise SimulationError(f"checkout session {session_id} is {session['status']}")
            sub, inv = billing.start_subscription(self.store, session, paid=paid)
            success_url = session["success_url"]
            if success_url:
                success_url = success_url.replace("{CHECKOUT_SESSION_ID}", session_id)
            completion = CheckoutCompletion(
                session_id, sub["customer"], sub["id"], inv["id"], success_url
            )
        self._delivered()
        return completion

    def renew(self, subscription_id: str) -> dict[str, Any]:
        """The period ends and the renewal invoice is paid: a new period, invoice.paid,
        customer.subscription.updated. The clock moves to the period end. A subscription set
        to cancel at period end ends instead (customer.subscription.deleted)."""
        return self._step(subscription_id, lambda sub: billing.cycle(self.store, sub, paid=True))

    def fail_payment(self, subscription_id: str) -> dict[str, Any]:
        """A charge fails. On an active subscription this is the renewal (new period, open
        invoice, invoice.payment_failed, status past_due); on a past_due one, a failed retry."""

        def step(sub: dict[str, Any]) -> None:
            if sub["status"] in ("active", "trialing"):
                billing.cycle(self.store, sub, paid=False)
            else:
                billing.fail(self.store, self._open_invoice(sub))

        return self._step(subscription_id, step)

    def recover(self, subscription_id: str) -> dict[str, Any]:
        """A retry (or a new card) pays the open invoice: invoice.paid, status active."""

        def step(sub: dict[str, Any]) -> None:
            inv = self._open_invoice(sub)
            with billing.updating(self.store, sub):
                billing.pay(self.store, inv)
                sub["status"] = "active"
            for session in self.store.objects["checkout_sessions"].values():
                if session["subscription"] == sub["id"] and session["payment_status"] == "unpaid":
                    session["payment_status"] = "paid"
                    self.store.emit("checkout.session.async_payment_succeeded", session)

        return self._step(subscription_id, step)

    def exhaust_retries(self, subscription_id: str, *, outcome: str = "canceled") -> dict:
        """The last retry fails. Stripe then cancels the subscription or marks it unpaid, as
        the account's settings say (`outcome`); an incomplete one becomes incomplete_expired."""
        if outcome not in ("canceled", "unpaid"):
            raise ValueError("outcome is 'canceled' or 'unpaid'")

        def step(sub: dict[str, Any]) -> None:
            inv = self._open_invoice(sub)
            billing.fail(self.store, inv, final=True)
            if sub["status"] == "incomplete":
                with billing.updating(self.store, sub):
                    sub["status"] = "incomplete_expired"
                inv["status"] = "void"
                inv["status_transitions"]["voided_at"] = self.store.now()
                self.store.emit("invoice.voided", inv)
            elif outcome == "canceled":
                billing.end(self.store, sub, reason="payment_failed")
            else:
                with billing.updating(self.store, sub):
                    sub["status"] = "unpaid"

        return self._step(subscription_id, step)

    def cancel_at_period_end(self, subscription_id: str, cancel: bool = True) -> dict:
        """The customer cancels in the portal (or takes it back with `cancel=False`)."""

        def step(sub: dict[str, Any]) -> None:
            self._require_live(sub)
            with billing.updating(self.store, sub):
                billing.set_cancel_at_period_end(self.store, sub, cancel)

        return self._step(subscription_id, step)

    def cancel_now(self, subscription_id: str) -> dict[str, Any]:
        """The subscription is canceled at once: customer.subscription.deleted."""

        def step(sub: dict[str, Any]) -> None:
            self._require_live(sub)
            sub["canceled_at"] = self.store.now()
            billing.end(self.store, sub, reason="cancellation_requested")

        return self._step(subscription_id, step)

    def advance_clock(self, days: float = 0, seconds: int = 0) -> int:
        """Move the fake's clock forward; returns the new time. Nothing renews by itself."""
        with self.store.lock:
            return self.store.clock.advance(days=days, seconds=seconds)

    # Delivery.

    def pending(self) -> list[dict[str, Any]]:
        """Events created but not delivered yet, oldest first."""
        with self.store.lock:
            return [self.store.snapshot(self.store.get("events", i)) for i in self.store.outbox]

    @contextmanager
    def hold(self) -> Iterator[Simulator]:
        """Inside the block events are queued, not delivered; `flush` or `deliver` them later."""
        previous, self.auto_deliver = self.auto_deliver, False
        try:
            yield self
        finally:
            self.auto_deliver = previous

    def flush(self, *, reverse: bool = False) -> list[Delivery]:
        """Deliver every queued event, in the order they happened or in reverse."""
        with self.store.lock:
            queued = list(self.store.outbox)
        deliveries = []
        for event_id in reversed(queued) if reverse else queued:
            deliveries += self.deliver(event_id, times=self.repeat)
        return deliveries

    def deliver(
        self,
        event_id: str,
        *,
        times: int = 1,
        secret: str | None = None,
        timestamp_offset: int = 0,
    ) -> list[Delivery]:
        """Deliver one event (queued or not) `times` times. `secret` signs with another secret;
        `timestamp_offset` moves the signature's timestamp from now (-600: ten minutes stale,
        +600: from the future). The signature uses the real time, not the fake clock, since the
        receiver checks it against its own clock."""
        with self.store.lock:
            evt = self.store.require("events", event_id, "event")
            if event_id in self.store.outbox:
                self.store.outbox.remove(event_id)
            payload = json.dumps(self.store.snapshot(evt), indent=2)
        deliveries = []
        for _ in range(times):
            timestamp = int(time.time()) + timestamp_offset
            signature = sign(payload, self.secret if secret is None else secret, timestamp)
            headers = {
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": signature,
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            }
            status, response = self.transport(payload.encode(), headers)
            delivery = Delivery(event_id, evt["type"], status, signature, response[:2000])
            self.deliveries.append(delivery)
            deliveries.append(delivery)
            if delivery.ok:
                with self.store.lock:
                    evt["pending_webhooks"] = 0
        return deliveries

    def redeliver_failed(self) -> list[Delivery]:
        """Stripe retries events whose last delivery was not answered with a 2xx."""
        latest = {d.event_id: d for d in self.deliveries}
        return [d for e, last in latest.items() if not last.ok for d in self.deliver(e)]

    # Internals.

    def _step(self, subscription_id: str, change: Callable[[dict[str, Any]], Any]) -> dict:
        with self.store.lock:
            sub = self.store.require("subscriptions", subscription_id, "subscription")
            change(sub)
            result = self.store.snapshot(sub)
        self._delivered()
        return result

    def _delivered(self) -> None:
        if self.auto_deliver:
            self.flush()

    def _open_invoice(self, sub: dict[str, Any]) -> dict[str, Any]:
        inv = billing.open_invoice(self.store, sub)
        if inv is None or sub["status"] not in ("past_due", "incomplete", "unpaid"):
            raise SimulationError(
                f"subscription {sub['id']} ({sub['status']}) has no unpaid invoice to charge"
            )
        return inv

    @staticmethod
    def _require_live(sub: dict[str, Any]) -> None:
        if sub["status"] in ("canceled", "incomplete_expired"):
            raise SimulationError(f"subscription {sub['id']} has already ended")
