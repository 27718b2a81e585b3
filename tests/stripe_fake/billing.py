"""What Stripe Billing does to subscriptions and invoices, each step emitting the events Stripe
emits. Shared by the API handlers (update, cancel) and the Simulator (checkout, renewals,
payment failures). Callers hold the store's lock.

Lifecycle reference: https://docs.stripe.com/billing/subscriptions/overview
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from tests.stripe_fake import billing_objects as build
from tests.stripe_fake.objects import customer as build_customer
from tests.stripe_fake.store import DAY, Store

# Smart Retries spread retries over weeks; one retry three days later is enough to show
# `next_payment_attempt` moving.
RETRY_DELAY = 3 * DAY


class SimulationError(RuntimeError):
    """The requested step is not something Stripe would do to the object in its current state."""


def next_period_end(start: int, recurring: dict[str, Any], anchor: int) -> int:
    """The end of a billing period starting at `start`, keeping the anchor's day of month."""
    interval, count = recurring["interval"], recurring["interval_count"]
    if interval == "day":
        return start + count * DAY
    if interval == "week":
        return start + count * 7 * DAY
    months = count * (12 if interval == "year" else 1)
    begin = datetime.fromtimestamp(start, UTC)
    anchor_day = datetime.fromtimestamp(anchor, UTC).day
    years, month_index = divmod(begin.month - 1 + months, 12)
    year, month = begin.year + years, month_index + 1
    day = min(anchor_day, calendar.monthrange(year, month)[1])
    return int(begin.replace(year=year, month=month, day=day).timestamp())


def current_period(sub: dict[str, Any]) -> tuple[int, int]:
    item = sub["items"]["data"][0]
    return item["current_period_start"], item["current_period_end"]


@contextmanager
def updating(store: Store, sub: dict[str, Any]) -> Iterator[None]:
    """Emit one customer.subscription.updated naming what changed, as Stripe does."""
    before = store.snapshot(sub)
    yield
    store.emit_changes("customer.subscription.updated", before, sub)


def new_customer(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    customer_id = store.new_id("cus")
    prefix = customer_id[-8:].upper()
    cus = store.add("customers", build_customer(customer_id, store.now(), params, prefix))
    store.emit("customer.created", cus)
    return cus


def new_item(
    store: Store, sub_id: str, price: dict[str, Any], quantity: int, period: tuple[int, int]
) -> dict[str, Any]:
    return build.subscription_item(
        store.new_id("si"),
        store.now(),
        subscription_id=sub_id,
        price_obj=store.snapshot(price),
        quantity=quantity,
        period=period,
    )


def start_subscription(
    store: Store, session: dict[str, Any], *, paid: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Checkout's side of a completed session: customer, subscription and its first invoice."""
    now = store.now()
    if session["customer"]:
        cus = store.require("customers", session["customer"], "customer")
    else:
        cus = new_customer(store, {"email": session["customer_email"]})
    sub_id = store.new_id("sub")
    data = session["_subscription_data"]
    trial_days = data.get("trial_period_days")
    items = []
    for line in session["_line_items"]:
        end = next_period_end(now, line["price"]["recurring"], now)
        if trial_days:
            end = now + trial_days * DAY
        items.append(new_item(store, sub_id, line["price"], line["quantity"], (now, end)))
    sub = build.subscription(
        sub_id, now, customer_id=cus["id"], currency=session["currency"], items=items
    )
    sub["metadata"] = dict(data.get("metadata") or {})
    sub["description"] = data.get("description")
    sub["default_payment_method"] = store.new_id("pm")
    if trial_days:
        trial_end = items[0]["current_period_end"]
        sub.update(
            status="trialing", trial_start=now, trial_end=trial_end, billing_cycle_anchor=trial_end
        )
    else:
        sub["status"] = "active" if paid else "incomplete"
    store.add("subscriptions", sub)
    cus["currency"] = sub["currency"]
    inv = new_invoice(store, sub, "subscription_create", (now, now), free=bool(trial_days))
    store.emit("customer.subscription.created", sub)
    store.emit("invoice.created", inv)
    finalize(store, inv)
    if paid or trial_days:
        pay(store, inv)
    else:
        # An asynchronous payment method: the first invoice waits, the subscription is incomplete.
        inv.update(attempted=True, attempt_count=1)
    session.update(
        status="complete",
        payment_status="paid" if paid else "unpaid",
        customer=cus["id"],
        customer_details={
            "address": None,
            "email": cus["email"],
            "name": cus["name"],
            "phone": None,
            "tax_exempt": "none",
            "tax_ids": [],
        },
        subscription=sub["id"],
        invoice=inv["id"],
        url=None,
    )
    store.emit("checkout.session.completed", session)
    return sub, inv


def new_invoice(
    store: Store,
    sub: dict[str, Any],
    reason: str,
    period: tuple[int, int],
    *,
    free: bool = False,
) -> dict[str, Any]:
    cus = store.require("customers", sub["customer"], "customer")
    invoice_id = store.new_id("in")
    lines = []
    for item in sub["items"]["data"]:
        price = item["price"]
        amount = 0 if free else price["unit_amount"] * item["quantity"]
        product = store.get("products", price["product"]) or {"name": price["product"]}
        money = f"{price['currency'].upper()} {price['unit_amount'] / 100:.2f}"
        description = (
            f"Trial period for {product['name']}"
            if free
            else f"{item['quantity']} \u00d7 {product['name']} (at {money} / "
            f"{price['recurring']['interval']})"
        )
        lines.append(
            build.invoice_line(
                store.new_id("il"),
                invoice_id=invoice_id,
                item=item,
                amount=amount,
                description=description,
            )
        )
    number = f"{cus['invoice_prefix']}-{cus['next_invoice_sequence']:04d}"
    cus["next_invoice_sequence"] += 1
    inv = build.invoice(
        invoice_id,
        store.now(),
        customer_obj=cus,
        sub=sub,
        number=number,
        billing_reason=reason,
        lines=lines,
        period=period,
    )
    store.add("invoices", inv)
    sub["latest_invoice"] = inv["id"]
    return inv


def finalize(store: Store, inv: dict[str, Any]) -> None:
    now = store.now()
    inv.update(
        status="open",
        effective_at=now,
        ending_balance=0,
        hosted_invoice_url=f"https://invoice.stripe.com/i/fake/{inv['id']}",
        invoice_pdf=f"https://pay.stripe.com/invoice/fake/{inv['id']}/pdf",
    )
    inv["status_transitions"]["finalized_at"] = now
    store.emit("invoice.finalized", inv)


def pay(store: Store, inv: dict[str, Any]) -> None:
    inv.update(
        status="paid",
        amount_paid=inv["amount_due"],
        amount_remaining=0,
        attempted=True,
        attempt_count=inv["attempt_count"] + 1,
        next_payment_attempt=None,
    )
    inv["status_transitions"]["paid_at"] = store.now()
    store.require("customers", inv["customer"], "customer")["delinquent"] = False
    store.emit("invoice.paid", inv)
    store.emit("invoice.payment_succeeded", inv)


def fail(store: Store, inv: dict[str, Any], *, final: bool = False) -> None:
    inv.update(
        attempted=True,
        attempt_count=inv["attempt_count"] + 1,
        next_payment_attempt=None if final else store.now() + RETRY_DELAY,
    )
    store.require("customers", inv["customer"], "customer")["delinquent"] = True
    store.emit("invoice.payment_failed", inv)


def open_invoice(store: Store, sub: dict[str, Any]) -> dict[str, Any] | None:
    inv = store.get("invoices", sub["latest_invoice"] or "")
    return inv if inv and inv["status"] == "open" else None


def end(store: Store, sub: dict[str, Any], *, reason: str, at: int | None = None) -> None:
    """Cancel for good: status canceled and customer.subscription.deleted."""
    if sub["status"] in ("canceled", "incomplete_expired"):
        raise SimulationError(f"subscription {sub['id']} has already ended")
    now = store.now() if at is None else at
    sub.update(status="canceled", ended_at=now, canceled_at=sub["canceled_at"] or now)
    sub["cancellation_details"]["reason"] = sub["cancellation_details"]["reason"] or reason
    store.emit("customer.subscription.deleted", sub)


def set_cancel_at_period_end(store: Store, sub: dict[str, Any], cancel: bool) -> None:
    """What the portal's "Cancel plan" does: the subscription runs to the end of its period."""
    if cancel:
        sub.update(
            cancel_at_period_end=True,
            cancel_at=current_period(sub)[1],
            canceled_at=store.now(),
        )
        sub["cancellation_details"]["reason"] = "cancellation_requested"
    else:
        sub.update(cancel_at_period_end=False, cancel_at=None, canceled_at=None)
        sub["cancellation_details"]["reason"] = None


def cycle(store: Store, sub: dict[str, Any], *, paid: bool) -> dict[str, Any] | None:
    """The period ends: renew into the next one (new invoice, charged), or end the subscription
    if it was set to cancel. Returns the new invoice, or None when the subscription ended."""
    if sub["status"] not in ("active", "trialing", "past_due"):
        raise SimulationError(f"a {sub['status']} subscription does not renew")
    start, period_end = current_period(sub)
    store.clock.move_to(period_end)
    if sub["cancel_at"] is not None and sub["cancel_at"] <= period_end:
        end(store, sub, reason="cancellation_requested", at=period_end)
        return None
    with updating(store, sub):
        for item in sub["items"]["data"]:
            anchor = sub["billing_cycle_anchor"]
            item["current_period_start"] = period_end
            item["current_period_end"] = next_period_end(
                period_end, item["price"]["recurring"], anchor
            )
        if sub["status"] == "trialing":
            sub["status"] = "active"
        inv = new_invoice(store, sub, "subscription_cycle", (start, period_end))
    store.emit("invoice.created", inv)
    finalize(store, inv)
    with updating(store, sub):
        if paid:
            pay(store, inv)
            sub["status"] = "active"
        else:
            fail(store, inv)
            sub["status"] = "past_due"
    return inv
