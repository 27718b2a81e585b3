"""Stripe, through the official SDK's `StripeClient`, at the API version the SDK pins.

References: Checkout in subscription mode https://docs.stripe.com/billing/subscriptions/build-subscriptions,
the Customer Portal https://docs.stripe.com/customer-management, idempotent requests
https://docs.stripe.com/api/idempotent_requests, prices by lookup key
https://docs.stripe.com/products-prices/manage-prices#lookup-keys. Since API version
2025-03-31.basil the billing period lives on the subscription's items.

stripe-python 15 and later return objects that are not dicts: fields are read as attributes or
with `obj["field"]` (`sub["items"]`, because `items` would be the mapping method).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import stripe

from portal.billing.catalog import PlanInfo
from portal.billing.providers import (
    CheckoutSession,
    NotFound,
    PriceNotFound,
    ProviderError,
    RemoteSubscription,
)

ENDED = ("canceled", "incomplete_expired")


def client_from_config(config: dict[str, Any]) -> stripe.StripeClient:
    """The app's StripeClient: its secret key, the SDK's pinned API version, and STRIPE_API_BASE
    when a local Stripe API test server stands in for Stripe."""
    options: dict[str, Any] = {}
    if config.get("STRIPE_API_BASE"):
        options["base_addresses"] = {"api": config["STRIPE_API_BASE"]}
    return stripe.StripeClient(
        config["STRIPE_SECRET_KEY"],
        stripe_version=stripe.api_version,
        # Retried POSTs carry an idempotency key the SDK adds, so a retry never doubles a charge.
        max_network_retries=2,
        # A worker should not hang on Stripe for the SDK's default 80 seconds.
        http_client=stripe.RequestsClient(timeout=20),
        **options,
    )


@contextmanager
def stripe_errors() -> Iterator[None]:
    try:
        yield
    except stripe.InvalidRequestError as error:
        if error.code == "resource_missing":
            raise NotFound(str(error)) from error
        raise ProviderError(str(error)) from error
    except stripe.StripeError as error:
        raise ProviderError(str(error)) from error


def timestamp(value: int | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromtimestamp(value, dt.UTC).replace(tzinfo=None)


def object_id(value: Any) -> str | None:
    """An id, whether the field holds the id or the expanded object."""
    if value is None or isinstance(value, str):
        return value
    return value.id


def remote_subscription(sub: stripe.Subscription) -> RemoteSubscription:
    item = sub["items"].data[0]
    price = item.price
    return RemoteSubscription(
        id=sub.id,
        customer_id=object_id(sub.customer) or "",
        status=sub.status,
        price_id=price.id,
        price_lookup_key=price.lookup_key,
        amount_cents=price.unit_amount or 0,
        currency=price.currency.upper(),
        interval=price.recurring.interval if price.recurring else "month",
        current_period_start=timestamp(item.current_period_start),  # type: ignore[arg-type]
        current_period_end=timestamp(item.current_period_end),  # type: ignore[arg-type]
        cancel_at_period_end=bool(sub.cancel_at_period_end),
        cancel_at=timestamp(sub.cancel_at),
        canceled_at=timestamp(sub.canceled_at),
        ended_at=timestamp(sub.ended_at),
        metadata=sub.metadata.to_dict() if sub.metadata else {},
    )


def _metadata(obj: Any, key: str) -> str | None:
    metadata = obj.metadata.to_dict() if obj.metadata else {}
    return metadata.get(key)


def checkout_session(session: stripe.checkout.Session) -> CheckoutSession:
    return CheckoutSession(
        id=session.id,
        url=session.url,
        status=session.status or "open",
        payment_status=session.payment_status,
        customer_id=object_id(session.customer),
        subscription_id=object_id(session.subscription),
        client_reference_id=session.client_reference_id,
        plan_key=_metadata(session, "plan"),
    )


class StripeBillingProvider:
    notice: str | None = None

    def __init__(self, client: stripe.StripeClient) -> None:
        self.client = client

    def create_customer(self, *, user_id: int, email: str, name: str, idempotency_key: str) -> str:
        with stripe_errors():
            customer = self.client.v1.customers.create(
                params={"email": email, "name": name, "metadata": {"user_id": str(user_id)}},
                options={"idempotency_key": idempotency_key},
            )
        return customer.id

    def price_for(self, lookup_key: str) -> stripe.Price:
        with stripe_errors():
            prices = self.client.v1.prices.list(
                params={"lookup_keys": [lookup_key], "active": True, "limit": 1}
            )
        if not prices.data:
            raise PriceNotFound(
                f"no active Stripe price has the lookup key {lookup_key!r}; "
                "run `flask billing sync`"
            )
        return prices.data[0]

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
        price = self.price_for(plan.lookup_key or "")
        ours = {"user_id": str(user_id), "plan": plan.key}
        with stripe_errors():
            session = self.client.v1.checkout.sessions.create(
                params={
                    "mode": "subscription",
                    "customer": customer_id,
                    "client_reference_id": str(user_id),
                    "metadata": ours,
                    "subscription_data": {"metadata": ours},
                    "line_items": [{"price": price.id, "quantity": 1}],
                    "success_url": success_url,
                    "cancel_url": cancel_url,
                },
                options={"idempotency_key": idempotency_key},
            )
        return checkout_session(session)

    def retrieve_checkout_session(self, session_id: str) -> CheckoutSession:
        with stripe_errors():
            return checkout_session(self.client.v1.checkout.sessions.retrieve(session_id))

    def expire_checkout_session(self, session_id: str) -> None:
        with stripe_errors():
            session = self.client.v1.checkout.sessions.retrieve(session_id)
            if session.status == "open":
                self.client.v1.checkout.sessions.expire(session_id)

    def update_customer_email(self, customer_id: str, email: str) -> None:
        with stripe_errors():
            self.client.v1.customers.update(customer_id, params={"email": email})

    def create_portal_session(self, *, customer_id: str, return_url: str) -> str:
        with stripe_errors():
            session = self.client.v1.billing_portal.sessions.create(
                params={"customer": customer_id, "return_url": return_url}
            )
        return session.url

    def retrieve_subscription(self, subscription_id: str) -> RemoteSubscription:
        with stripe_errors():
            return remote_subscription(self.client.v1.subscriptions.retrieve(subscription_id))

    def list_live_subscriptions(self, customer_id: str) -> list[RemoteSubscription]:
        with stripe_errors():
            listed = self.client.v1.subscriptions.list(
                params={"customer": customer_id, "status": "all", "limit": 100}
            )
            subscriptions = [remote_subscription(sub) for sub in listed.auto_paging_iter()]
        return [sub for sub in subscriptions if sub.status not in ENDED]

    def cancel_subscription(self, subscription_id: str) -> RemoteSubscription:
        with stripe_errors():
            return remote_subscription(self.client.v1.subscriptions.cancel(subscription_id))

    def sync_plan(self, plan: PlanInfo, *, product_name: str) -> str:
        if not plan.lookup_key:
            raise ProviderError(f"plan {plan.key!r} has no lookup key")
        with stripe_errors():
            return PlanSync(self.client, plan, product_name).run()


class PlanSync:
    """Make Stripe's product and price for a paid plan match plans.yaml. The price is found by
    its lookup key; a changed amount or interval means a new price (Stripe prices cannot
    change), which takes the lookup key over, and the old one is archived."""

    def __init__(self, client: stripe.StripeClient, plan: PlanInfo, product_name: str) -> None:
        self.client = client
        self.plan = plan
        self.lookup_key = plan.lookup_key or ""
        self.product_fields = {
            "name": product_name,
            "description": "; ".join(plan.features),
            "marketing_features": [{"name": feature} for feature in plan.features],
            "metadata": {"plan": plan.key},
        }

    def run(self) -> str:
        prices = self.client.v1.prices.list(
            params={"lookup_keys": [self.lookup_key], "expand": ["data.product"], "limit": 1}
        )
        if not prices.data:
            self.create_price(self.product().id, replacing=None)
            return "created"
        price = prices.data[0]
        changed = self.update_product(price.product)
        if not self.price_matches(price):
            self.create_price(price.product.id, replacing=price.id)
            self.client.v1.prices.update(price.id, params={"active": False})
            changed = True
        return "updated" if changed else "unchanged"

    def product(self) -> stripe.Product:
        # A product id of our own makes a second run find the product the first one created.
        product_id = f"portal_{self.plan.key}"
        try:
            product = self.client.v1.products.retrieve(product_id)
        except stripe.InvalidRequestError as error:
            if error.code != "resource_missing":
                raise
            return self.client.v1.products.create(params={"id": product_id, **self.product_fields})
        self.update_product(product)
        return product

    def update_product(self, product: stripe.Product) -> bool:
        features = [feature.name for feature in product.marketing_features or []]
        current = {
            "name": product.name,
            "description": product.description,
            "features": features,
            "active": product.active,
        }
        wanted = {
            "name": self.product_fields["name"],
            "description": self.product_fields["description"],
            "features": list(self.plan.features),
            "active": True,
        }
        if current == wanted:
            return False
        self.client.v1.products.update(product.id, params={**self.product_fields, "active": True})
        return True

    def price_matches(self, price: stripe.Price) -> bool:
        return (
            price.active
            and price.unit_amount == self.plan.price_cents
            and price.currency == self.plan.currency.lower()
            and price.recurring is not None
            and price.recurring.interval == self.plan.interval
            and price.recurring.interval_count == 1
        )

    def create_price(self, product_id: str, replacing: str | None) -> stripe.Price:
        plan = self.plan
        # Two syncs at once make one price; naming the price it replaces keeps the key fresh
        # when a plan's price changes and later changes back.
        key = (
            f"portal-price-{self.lookup_key}-{plan.price_cents}-{plan.currency}-{plan.interval}"
            f"-replacing-{replacing or 'none'}"
        )
        return self.client.v1.prices.create(
            params={
                "product": product_id,
                "currency": plan.currency.lower(),
                "unit_amount": plan.price_cents,
                "recurring": {"interval": plan.interval},
                "lookup_key": self.lookup_key,
                "transfer_lookup_key": True,
                "metadata": {"plan": plan.key},
            },
            options={"idempotency_key": key},
        )
