"""Upgrading, coming back from checkout, managing and cancelling: the steps that talk to the
billing provider around our own rows.

Two clicks racing on "Upgrade" (two tabs, a double click) must not make two customers or two
subscriptions. So each step runs with the user's billing row locked (`claim_customer`); the
Stripe customer is created once, with an idempotency key derived from the user, and stored under
a unique constraint; an open checkout is reused; and a subscription already running (in our
rows or at Stripe) sends the person to manage it instead.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from portal.billing import services
from portal.billing.catalog import catalog
from portal.billing.providers import CheckoutSession, NotFound, ProviderError, current_provider
from portal.billing.state import billing_user, db

log = logging.getLogger(__name__)


class BillingError(Exception):
    """Something went wrong that the person should hear about; `str(error)` says what."""


class BillingUnavailable(BillingError):
    def __init__(self) -> None:
        super().__init__(
            "We could not reach our payment provider just now, so nothing has changed. "
            "Please try again in a few minutes."
        )


class UnknownCheckout(BillingError):
    def __init__(self) -> None:
        super().__init__("We could not find that checkout.")


@dataclass(frozen=True)
class CheckoutStart:
    """Where to send the person: the checkout page, or (already subscribed) nowhere."""

    url: str | None
    already_subscribed: bool = False


def customer_idempotency_key(user) -> str:
    # The account's creation time keeps a new account that reuses a deleted account's id (SQLite
    # can reuse ids) from getting the old customer back within Stripe's 24-hour key window.
    return f"portal-customer-{user.id}-{user.created_at:%Y%m%d%H%M%S%f}"


def start_checkout(user, plan_key: str, success_url: str, cancel_url: str) -> CheckoutStart:
    """Open (or reopen) a checkout for a paid plan; raises BillingError."""
    user = billing_user(user)
    plan = catalog().plan(plan_key)
    if plan is None or plan.is_free:
        raise BillingError("That plan cannot be bought.")
    user_id, email, name = user.id, user.email, user.name
    key = customer_idempotency_key(user)
    provider = current_provider()
    row = services.claim_customer(user_id)
    try:
        if services.live_subscriptions(user_id):
            db.session.commit()
            return CheckoutStart(None, already_subscribed=True)
        if row.stripe_customer_id is None:
            row.stripe_customer_id = provider.create_customer(
                user_id=user_id, email=email, name=name, idempotency_key=key
            )
        else:
            # Paid a moment ago, before any webhook or the success page: sync it now.
            running = provider.list_live_subscriptions(row.stripe_customer_id)
            if any(services.sync_subscription(remote) for remote in running):
                row.checkout_session_id = None
                db.session.commit()
                return CheckoutStart(None, already_subscribed=True)
        reusable = open_checkout(row.checkout_session_id, plan.key)
        if reusable is None:
            reusable = provider.create_checkout_session(
                customer_id=row.stripe_customer_id,
                plan=plan,
                user_id=user_id,
                success_url=success_url,
                cancel_url=cancel_url,
                idempotency_key=f"portal-checkout-{user_id}-{uuid.uuid4().hex}",
            )
            row.checkout_session_id = reusable.id
        db.session.commit()
    except ProviderError as error:
        db.session.rollback()
        log.exception("Could not start a checkout for user %s", user_id)
        raise BillingUnavailable() from error
    return CheckoutStart(reusable.url)


def open_checkout(session_id: str | None, plan_key: str) -> CheckoutSession | None:
    """The user's last checkout, if it is still open for the same plan."""
    if not session_id:
        return None
    try:
        session = current_provider().retrieve_checkout_session(session_id)
    except NotFound:
        return None
    if session.is_open and session.plan_key in (None, plan_key):
        return session
    return None


def finish_checkout(user, session_id: str) -> bool:
    """The success page: sync the checkout's subscription at once, so the person never waits
    for the webhook. True when the checkout is paid. Raises UnknownCheckout for a checkout
    that is not this user's, BillingError when the provider cannot be reached."""
    user = billing_user(user)
    provider = current_provider()
    row = services.customer_for_user(user.id)
    try:
        session = provider.retrieve_checkout_session(session_id)
        if row is None or session.customer_id != row.stripe_customer_id or not session.customer_id:
            raise UnknownCheckout()
        remote = None
        if session.subscription_id:
            remote = provider.retrieve_subscription(session.subscription_id)
    except NotFound as error:
        raise UnknownCheckout() from error
    except ProviderError as error:
        log.exception("Could not finish checkout %s", session_id)
        raise BillingUnavailable() from error
    for attempt in range(2):
        try:
            if remote is not None:
                services.sync_subscription(remote)
            if row.checkout_session_id == session.id and not session.is_open:
                row.checkout_session_id = None
            db.session.commit()
            break
        except IntegrityError:
            # The webhook stored the same subscription a moment earlier: update that row.
            db.session.rollback()
            if attempt:
                raise
            row = services.customer_for_user(user.id)
    return session.is_paid


def portal_url(user, return_url: str) -> str | None:
    """The provider's page for managing the plan, or None for someone with nothing to manage."""
    user = billing_user(user)
    row = services.customer_for_user(user.id)
    if row is None or not row.stripe_customer_id:
        return None
    try:
        return current_provider().create_portal_session(
            customer_id=row.stripe_customer_id, return_url=return_url
        )
    except ProviderError as error:
        log.exception("Could not open the billing portal for user %s", user.id)
        raise BillingUnavailable() from error


def update_customer_email(_sender, user, **_kwargs) -> None:
    """`email_changed` receiver: Stripe mails receipts and invoices to the customer's address,
    so it follows the account's. The change has happened whatever Stripe answers; a failure is
    logged, and the customer keeps the old address until an admin or the next change fixes it."""
    user = billing_user(user)
    row = services.customer_for_user(user.id)
    if row is None or not row.stripe_customer_id:
        return
    try:
        current_provider().update_customer_email(row.stripe_customer_id, user.email)
    except ProviderError:
        log.exception("Could not give Stripe customer %s the new address", row.stripe_customer_id)


def cancel_before_account_deletion(_sender, user, **_kwargs) -> None:
    """`account_deleting` receiver: end the user's subscriptions at Stripe first. If Stripe
    cannot be reached this raises, and the account is not deleted."""
    user = billing_user(user)
    row = services.customer_for_user(user.id)
    if row is None or not row.stripe_customer_id:
        return
    provider = current_provider()
    if row.checkout_session_id:
        provider.expire_checkout_session(row.checkout_session_id)
    for remote in provider.list_live_subscriptions(row.stripe_customer_id):
        provider.cancel_subscription(remote.id)
        log.info("Cancelled subscription %s of deleted user %s", remote.id, user.id)
