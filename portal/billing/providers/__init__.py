"""The billing provider: the narrow interface billing uses to talk to Stripe, and the value types
it answers with. `StripeBillingProvider` talks to Stripe through a configured
`stripe.StripeClient`; `DemoBillingProvider` keeps everything in the process (or a file) for a
developer's machine without keys. Views never ask which one they have."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from flask import current_app

from portal.billing.catalog import PlanInfo


class ProviderError(Exception):
    """The provider could not do what was asked (network, refusal, misconfiguration)."""


class NotFound(ProviderError):
    """The provider has no such object."""


class PriceNotFound(ProviderError):
    """No active price has the plan's lookup key: `flask billing sync` has not been run."""


@dataclass(frozen=True)
class RemoteSubscription:
    """A subscription as the provider holds it now."""

    id: str
    customer_id: str
    status: str
    price_id: str
    price_lookup_key: str | None
    amount_cents: int
    currency: str  # upper case, as our plans write it
    interval: str
    current_period_start: dt.datetime
    current_period_end: dt.datetime
    cancel_at_period_end: bool = False
    cancel_at: dt.datetime | None = None
    canceled_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def ended(self) -> bool:
        return self.status in ("canceled", "incomplete_expired")


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str | None
    status: str  # open, complete or expired
    payment_status: str  # paid, unpaid or no_payment_required
    customer_id: str | None
    subscription_id: str | None
    client_reference_id: str | None
    plan_key: str | None = None  # from the session's metadata

    @property
    def is_open(self) -> bool:
        return self.status == "open" and bool(self.url)

    @property
    def is_paid(self) -> bool:
        return self.status == "complete" and self.payment_status in ("paid", "no_payment_required")


class BillingProvider(Protocol):
    """Only the calls billing makes. Every method raises ProviderError (or a subclass) when the
    provider cannot do it."""

    # Shown on billing pages when it is not None ("Demo billing: no real payments").
    notice: str | None

    def create_customer(self, *, user_id: int, email: str, name: str, idempotency_key: str) -> str:
        """Create the customer for a user (the same key gives the same customer); its id."""
        ...

    def update_customer_email(self, customer_id: str, email: str) -> None:
        """Receipts and invoices go to `email` from now on."""
        ...

    def create_checkout_session(
        self,
        *,
        customer_id: str,
        plan: PlanInfo,
        user_id: int,
        success_url: str,
        cancel_url: str,
        idempotency_key: str,
    ) -> CheckoutSession:
        """A subscription-mode checkout for `plan`. `success_url` may contain
        {CHECKOUT_SESSION_ID}, which the provider fills in."""
        ...

    def retrieve_checkout_session(self, session_id: str) -> CheckoutSession: ...

    def expire_checkout_session(self, session_id: str) -> None:
        """Close an open checkout so it can no longer be paid (no error if it is not open)."""
        ...

    def create_portal_session(self, *, customer_id: str, return_url: str) -> str:
        """The URL of a page where the customer manages payment method, invoices and plan."""
        ...

    def retrieve_subscription(self, subscription_id: str) -> RemoteSubscription: ...

    def list_live_subscriptions(self, customer_id: str) -> list[RemoteSubscription]:
        """The customer's subscriptions that have not ended."""
        ...

    def cancel_subscription(self, subscription_id: str) -> RemoteSubscription:
        """End the subscription now."""
        ...

    def sync_plan(self, plan: PlanInfo, *, product_name: str) -> str:
        """Create or update the product and price for a paid plan, found by the price's lookup
        key; returns "created", "updated" or "unchanged"."""
        ...


EXTENSION_KEY = "portal.billing.provider"


def current_provider() -> BillingProvider:
    return current_app.extensions[EXTENSION_KEY]


def install_provider(app, provider: BillingProvider) -> None:
    app.extensions[EXTENSION_KEY] = provider
