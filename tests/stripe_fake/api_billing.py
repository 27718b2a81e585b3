"""Checkout and portal sessions, subscriptions, invoices and events:
https://docs.stripe.com/api/checkout/sessions, https://docs.stripe.com/api/customer_portal,
https://docs.stripe.com/api/subscriptions, https://docs.stripe.com/api/invoices,
https://docs.stripe.com/api/events."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from typing import Any

from tests.stripe_fake import billing
from tests.stripe_fake import objects as build
from tests.stripe_fake.forms import boolean, check_known, integer, invalid, metadata, require
from tests.stripe_fake.pagination import paginate
from tests.stripe_fake.store import Store

LIST_PARAMS = ("limit", "starting_after", "ending_before", "created")

# Accepted so an app may send them, with no effect on what the fake does.
CHECKOUT_IGNORED = (
    "allow_promotion_codes",
    "automatic_tax",
    "billing_address_collection",
    "consent_collection",
    "customer_update",
    "expires_at",
    "locale",
    "payment_method_collection",
    "payment_method_types",
    "tax_id_collection",
)


# Checkout sessions.


def create_checkout_session(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(
        params,
        (
            *CHECKOUT_IGNORED,
            "mode",
            "line_items",
            "customer",
            "customer_email",
            "client_reference_id",
            "metadata",
            "subscription_data",
            "success_url",
            "cancel_url",
            "ui_mode",
        ),
    )
    if require(params, "mode") != "subscription":
        raise invalid("mode", "The fake Stripe supports Checkout only in subscription mode.")
    if params.get("ui_mode", "hosted_page") != "hosted_page":
        raise invalid("ui_mode", "The fake Stripe supports only ui_mode=hosted_page.")
    if params.get("customer") and params.get("customer_email"):
        raise invalid(
            "customer_email",
            "You may only specify one of these parameters: customer, customer_email.",
        )
    if params.get("customer"):
        store.require("customers", params["customer"], "customer", "customer")
    if len(params.get("client_reference_id") or "") > 200:
        raise invalid("client_reference_id", "client_reference_id must be at most 200 characters.")
    lines = _checkout_lines(store, params)
    data = params.get("subscription_data") or {}
    check_known(data, ("metadata", "trial_period_days", "description"))
    sub_data: dict[str, Any] = {
        "metadata": metadata({}, data.get("metadata", {}), "subscription_data[metadata]"),
        "description": data.get("description"),
    }
    if "trial_period_days" in data:
        days = integer(data["trial_period_days"], "subscription_data[trial_period_days]")
        sub_data["trial_period_days"] = days
    amount = sum(line["price"]["unit_amount"] * line["quantity"] for line in lines)
    session = build.checkout_session(
        store.new_id("cs_test"), store.now(), params, amount, lines[0]["price"]["currency"]
    )
    session["metadata"] = metadata({}, params.get("metadata", {}))
    session["_line_items"] = lines
    session["_subscription_data"] = sub_data
    return store.add("checkout_sessions", session)


def _checkout_lines(store: Store, params: dict[str, Any]) -> list[dict[str, Any]]:
    line_items = require(params, "line_items")
    if not isinstance(line_items, list):
        raise invalid("line_items", "Invalid array")
    lines = []
    for index, line in enumerate(line_items):
        param = f"line_items[{index}]"
        if not isinstance(line, dict):
            raise invalid(param, "Invalid object")
        check_known(line, ("price", "quantity", "adjustable_quantity"))
        price = store.require("prices", require(line, "price"), "price", f"{param}[price]")
        if not price["active"]:
            raise invalid(
                f"{param}[price]",
                "The price specified is inactive. This field only accepts active prices.",
            )
        if price["type"] != "recurring":
            raise invalid(
                f"{param}[price]",
                "You must provide at least one recurring price in `subscription` mode when "
                "using prices.",
            )
        if "quantity" not in line:
            raise invalid(
                f"{param}[quantity]",
                f"Missing required param: {param}[quantity].",
                code="parameter_missing",
            )
        quantity = integer(line["quantity"], f"{param}[quantity]")
        if lines and price["currency"] != lines[0]["price"]["currency"]:
            raise invalid(f"{param}[price]", "All prices must use the same currency.")
        lines.append(
            {"id": store.new_id("li"), "price": store.snapshot(price), "quantity": quantity}
        )
    return lines


def checkout_line_items(store: Store, session: dict[str, Any]) -> dict[str, Any]:
    stored = store.require("checkout_sessions", session["id"], "checkout.session")
    items = [
        build.checkout_line_item(line["id"], line["price"], line["quantity"])
        for line in stored["_line_items"]
    ]
    return build.list_object(items, f"/v1/checkout/sessions/{session['id']}/line_items")


def retrieve_checkout_session(store: Store, params: dict[str, Any], session: str) -> dict:
    return store.require("checkout_sessions", session, "checkout.session")


def list_checkout_line_items(store: Store, params: dict[str, Any], session: str) -> dict:
    items = checkout_line_items(store, {"id": session})
    return paginate(items["data"], params, items["url"])


def list_checkout_sessions(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, (*LIST_PARAMS, "customer", "subscription", "status"))
    items = store.newest_first("checkout_sessions")
    for field in ("customer", "subscription", "status"):
        if field in params:
            items = [s for s in items if s[field] == params[field]]
    return paginate(items, params, "/v1/checkout/sessions")


def expire_checkout_session(store: Store, params: dict[str, Any], session: str) -> dict:
    obj = store.require("checkout_sessions", session, "checkout.session")
    if obj["status"] != "open":
        raise invalid("session", "Only Checkout Sessions with a status of open can be expired.")
    obj.update(status="expired", url=None)
    store.emit("checkout.session.expired", obj)
    return obj


# Customer portal sessions.


def create_portal_session(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, ("customer", "return_url", "configuration", "locale", "flow_data"))
    store.require("customers", require(params, "customer"), "customer", "customer")
    session = build.portal_session(store.new_id("bps"), store.now(), params)
    return store.add("portal_sessions", session)


# Subscriptions.

SUBSCRIPTION_UPDATE = (
    "cancel_at_period_end",
    "cancel_at",
    "cancellation_details",
    "items",
    "metadata",
    "description",
    "default_payment_method",
    "proration_behavior",
    "payment_behavior",
    "billing_cycle_anchor",
)


def retrieve_subscription(store: Store, params: dict[str, Any], subscription: str) -> dict:
    return store.require("subscriptions", subscription, "subscription")


def list_subscriptions(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, (*LIST_PARAMS, "customer", "price", "status"))
    items = store.newest_first("subscriptions")
    status = params.get("status")
    # Without a status filter Stripe leaves out canceled subscriptions.
    if status is None:
        items = [s for s in items if s["status"] != "canceled"]
    elif status == "ended":
        items = [s for s in items if s["status"] in ("canceled", "incomplete_expired")]
    elif status != "all":
        items = [s for s in items if s["status"] == status]
    if "customer" in params:
        items = [s for s in items if s["customer"] == params["customer"]]
    if "price" in params:
        items = [
            s for s in items if any(i["price"]["id"] == params["price"] for i in s["items"]["data"])
        ]
    return paginate(items, params, "/v1/subscriptions")


def update_subscription(store: Store, params: dict[str, Any], subscription: str) -> dict:
    check_known(params, SUBSCRIPTION_UPDATE)
    sub = store.require("subscriptions", subscription, "subscription")
    if sub["status"] in ("canceled", "incomplete_expired") and set(params) - {
        "metadata",
        "cancellation_details",
        "expand",
    }:
        raise invalid(
            "subscription",
            "A canceled subscription can only update its cancellation_details and metadata.",
        )
    if params.get("billing_cycle_anchor", "unchanged") != "unchanged":
        raise invalid("billing_cycle_anchor", "The fake Stripe keeps billing_cycle_anchor.")
    with billing.updating(store, sub):
        if "metadata" in params:
            sub["metadata"] = metadata(sub["metadata"], params["metadata"])
        for field in ("description", "default_payment_method"):
            if field in params:
                sub[field] = params[field] or None
        if "cancel_at_period_end" in params:
            cancel = boolean(params["cancel_at_period_end"], "cancel_at_period_end")
            billing.set_cancel_at_period_end(store, sub, cancel)
        if "cancel_at" in params:
            _set_cancel_at(store, sub, params["cancel_at"])
        details = params.get("cancellation_details")
        if isinstance(details, dict):
            check_known(details, ("comment", "feedback"))
            for field in ("comment", "feedback"):
                if field in details:
                    sub["cancellation_details"][field] = details[field] or None
        if "items" in params:
            _update_items(store, sub, params["items"])
    return sub


def _set_cancel_at(store: Store, sub: dict[str, Any], value: Any) -> None:
    if value == "":
        billing.set_cancel_at_period_end(store, sub, False)
        return
    period_end = billing.current_period(sub)[1]
    at = (
        period_end if value in ("min_period_end", "max_period_end") else integer(value, "cancel_at")
    )
    if at <= store.now():
        raise invalid("cancel_at", "cancel_at must be in the future.")
    sub.update(cancel_at=at, cancel_at_period_end=at == period_end, canceled_at=store.now())
    sub["cancellation_details"]["reason"] = "cancellation_requested"


def _update_items(store: Store, sub: dict[str, Any], updates: Any) -> None:
    """Change, add or delete items. Prices change at once, without prorations or a new
    invoice; the item keeps its current period."""
    if not isinstance(updates, list):
        raise invalid("items", "Invalid array")
    items = sub["items"]["data"]
    period = billing.current_period(sub)
    for index, update in enumerate(updates):
        param = f"items[{index}]"
        check_known(update, ("id", "price", "quantity", "deleted", "metadata"))
        price = None
        if "price" in update:
            price = store.require("prices", update["price"], "price", f"{param}[price]")
            if not price["active"] or price["type"] != "recurring":
                raise invalid(f"{param}[price]", "The price must be an active recurring price.")
            if price["currency"] != sub["currency"]:
                raise invalid(
                    f"{param}[price]", "The price's currency must match the subscription's."
                )
        if "id" in update:
            item = next((i for i in items if i["id"] == update["id"]), None)
            if item is None:
                raise invalid(f"{param}[id]", f"No such subscription item: '{update['id']}'")
            if boolean(update.get("deleted", "false"), f"{param}[deleted]"):
                items.remove(item)
                continue
        elif price is None:
            raise invalid(f"{param}[price]", f"Missing required param: {param}[price].")
        else:
            item = billing.new_item(store, sub["id"], price, 1, period)
            items.append(item)
        if price is not None:
            item["price"] = store.snapshot(price)
            item["plan"] = build.plan(item["price"])
        if "quantity" in update:
            item["quantity"] = integer(update["quantity"], f"{param}[quantity]")
        if "metadata" in update:
            item["metadata"] = metadata(item["metadata"], update["metadata"])
    if not items:
        raise invalid("items", "A subscription must have at least one item.")


def cancel_subscription(store: Store, params: dict[str, Any], subscription: str) -> dict:
    check_known(params, ("invoice_now", "prorate", "cancellation_details"))
    sub = store.require("subscriptions", subscription, "subscription")
    if sub["status"] in ("canceled", "incomplete_expired"):
        raise invalid("subscription", "This subscription has already been canceled.")
    details = params.get("cancellation_details")
    if isinstance(details, dict):
        for field in ("comment", "feedback"):
            if field in details:
                sub["cancellation_details"][field] = details[field] or None
    sub["canceled_at"] = store.now()
    billing.end(store, sub, reason="cancellation_requested")
    return sub


# Invoices.


def retrieve_invoice(store: Store, params: dict[str, Any], invoice: str) -> dict[str, Any]:
    return store.require("invoices", invoice, "invoice")


def list_invoices(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, (*LIST_PARAMS, "customer", "subscription", "status"))
    items = store.newest_first("invoices")
    if "customer" in params:
        items = [i for i in items if i["customer"] == params["customer"]]
    if "subscription" in params:
        wanted = params["subscription"]
        items = [i for i in items if i["parent"]["subscription_details"]["subscription"] == wanted]
    if "status" in params:
        items = [i for i in items if i["status"] == params["status"]]
    return paginate(items, params, "/v1/invoices")


def list_invoice_lines(store: Store, params: dict[str, Any], invoice: str) -> dict:
    inv = store.require("invoices", invoice, "invoice")
    return paginate(inv["lines"]["data"], params, inv["lines"]["url"])


# Events.


def retrieve_event(store: Store, params: dict[str, Any], event: str) -> dict[str, Any]:
    return store.require("events", event, "event")


def list_events(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, (*LIST_PARAMS, "type", "types", "delivery_success"))
    items = store.newest_first("events")
    patterns = params.get("types") or ([params["type"]] if "type" in params else None)
    if patterns:
        items = [e for e in items if any(fnmatch.fnmatchcase(e["type"], p) for p in patterns)]
    return paginate(items, params, "/v1/events")


# Properties left out unless asked for with expand[] (https://docs.stripe.com/expand#includable).
INCLUDABLE: dict[tuple[str, str], Callable[[Store, dict[str, Any]], dict[str, Any]]] = {
    ("checkout.session", "line_items"): checkout_line_items,
}

ROUTES = [
    ("POST", "/v1/checkout/sessions", create_checkout_session),
    ("GET", "/v1/checkout/sessions", list_checkout_sessions),
    ("GET", "/v1/checkout/sessions/<session>", retrieve_checkout_session),
    ("GET", "/v1/checkout/sessions/<session>/line_items", list_checkout_line_items),
    ("POST", "/v1/checkout/sessions/<session>/expire", expire_checkout_session),
    ("POST", "/v1/billing_portal/sessions", create_portal_session),
    ("GET", "/v1/subscriptions", list_subscriptions),
    ("GET", "/v1/subscriptions/<subscription>", retrieve_subscription),
    ("POST", "/v1/subscriptions/<subscription>", update_subscription),
    ("DELETE", "/v1/subscriptions/<subscription>", cancel_subscription),
    ("GET", "/v1/invoices", list_invoices),
    ("GET", "/v1/invoices/<invoice>", retrieve_invoice),
    ("GET", "/v1/invoices/<invoice>/lines", list_invoice_lines),
    ("GET", "/v1/events", list_events),
    ("GET", "/v1/events/<event>", retrieve_event),
]
