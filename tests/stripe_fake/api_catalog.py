"""Customers, products and prices: https://docs.stripe.com/api/customers,
https://docs.stripe.com/api/products, https://docs.stripe.com/api/prices."""

from __future__ import annotations

import re
from typing import Any

from tests.stripe_fake import billing
from tests.stripe_fake import objects as build
from tests.stripe_fake.forms import (
    boolean,
    check_known,
    integer,
    invalid,
    metadata,
    require,
    string_list,
)
from tests.stripe_fake.pagination import paginate
from tests.stripe_fake.store import FakeStripeError, Store

CUSTOMER_FIELDS = ("email", "name", "description", "phone", "preferred_locales")


# Customers.


def create_customer(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, (*CUSTOMER_FIELDS, "metadata", "address"))
    cus = billing.new_customer(store, params)
    if "metadata" in params:
        cus["metadata"] = metadata({}, params["metadata"])
    return cus


def retrieve_customer(store: Store, params: dict[str, Any], customer: str) -> dict[str, Any]:
    obj = store.get("customers", customer)
    if obj is None:
        raise FakeStripeError(
            404, f"No such customer: '{customer}'", code="resource_missing", param="id"
        )
    return obj  # a deleted customer is still retrievable, as {"id", "object", "deleted": true}


def update_customer(store: Store, params: dict[str, Any], customer: str) -> dict[str, Any]:
    check_known(params, (*CUSTOMER_FIELDS, "metadata", "address"))
    cus = store.require("customers", customer, "customer")
    before = store.snapshot(cus)
    for field in CUSTOMER_FIELDS:
        if field in params:
            cus[field] = params[field] or None
    if "metadata" in params:
        cus["metadata"] = metadata(cus["metadata"], params["metadata"])
    store.emit_changes("customer.updated", before, cus)
    return cus


def delete_customer(store: Store, params: dict[str, Any], customer: str) -> dict[str, Any]:
    cus = store.require("customers", customer, "customer")
    # Deleting a customer cancels their subscriptions at once.
    for sub in store.newest_first("subscriptions"):
        if sub["customer"] == customer and sub["status"] not in ("canceled", "incomplete_expired"):
            billing.end(store, sub, reason="cancellation_requested")
    store.emit("customer.deleted", cus)
    stub = build.deleted(customer, "customer")
    store.objects["customers"][customer] = stub
    return stub


def list_customers(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, ("email", "limit", "starting_after", "ending_before", "created"))
    items = [c for c in store.newest_first("customers") if not c.get("deleted")]
    if "email" in params:
        items = [c for c in items if c["email"] == params["email"]]
    return paginate(items, params, "/v1/customers")


_CLAUSE = re.compile(
    r"""\s*(metadata\[['"]([^'"]+)['"]\]|email|name|phone)\s*:\s*['"]([^'"]*)['"]\s*"""
)


def search_customers(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    """Search with the query language's exact-match clauses joined by AND or OR, e.g.
    `email:'a@example.com'` or `metadata['user_id']:'42'` (https://docs.stripe.com/search)."""
    check_known(params, ("query", "limit", "page"))
    query = require(params, "query")
    parts = re.split(r"\s+(AND|OR)\s+", query)
    clauses, joiners = parts[::2], set(parts[1::2])
    if len(joiners) > 1:
        raise invalid("query", "Search queries cannot mix AND and OR.")
    matchers = []
    for clause in clauses:
        match = _CLAUSE.fullmatch(clause)
        if not match:
            raise invalid("query", f"The fake Stripe cannot parse this search clause: {clause!r}")
        field, meta_key, value = match.groups()
        matchers.append((meta_key, "metadata" if meta_key else field, value))

    def matches(cus: dict[str, Any], meta_key: str | None, field: str, value: str) -> bool:
        actual = cus["metadata"].get(meta_key) if meta_key else cus[field]
        return actual == value

    combine = any if joiners == {"OR"} else all
    found = [
        cus
        for cus in store.newest_first("customers")
        if not cus.get("deleted") and combine(matches(cus, *m) for m in matchers)
    ]
    limit = integer(params.get("limit", 10), "limit")
    return {
        "object": "search_result",
        "data": found[:limit],
        "has_more": len(found) > limit,
        "next_page": None,
        "url": "/v1/customers/search",
    }


# Products.

PRODUCT_FIELDS = ("name", "description", "url", "unit_label", "statement_descriptor")


def create_product(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(
        params, (*PRODUCT_FIELDS, "id", "active", "metadata", "marketing_features", "tax_code")
    )
    require(params, "name")
    product_id = params.get("id") or store.new_id("prod")
    if store.get("products", product_id):
        raise invalid("id", "Product already exists.", code="resource_already_exists")
    prod = build.product(product_id, store.now(), params)
    _apply_product(prod, params)
    store.add("products", prod)
    store.emit("product.created", prod)
    return prod


def _apply_product(prod: dict[str, Any], params: dict[str, Any]) -> None:
    for field in PRODUCT_FIELDS:
        if field in params:
            prod[field] = params[field] or None
    if "active" in params:
        prod["active"] = boolean(params["active"], "active")
    if "metadata" in params:
        prod["metadata"] = metadata(prod["metadata"], params["metadata"])
    if "marketing_features" in params:
        features = params["marketing_features"] or []
        prod["marketing_features"] = [{"name": f.get("name")} for f in features]


def retrieve_product(store: Store, params: dict[str, Any], product: str) -> dict[str, Any]:
    return store.require("products", product, "product")


def update_product(store: Store, params: dict[str, Any], product: str) -> dict[str, Any]:
    check_known(
        params,
        (*PRODUCT_FIELDS, "active", "metadata", "marketing_features", "default_price", "tax_code"),
    )
    prod = store.require("products", product, "product")
    before = store.snapshot(prod)
    _apply_product(prod, params)
    if "default_price" in params:
        store.require("prices", params["default_price"], "price", "default_price")
        prod["default_price"] = params["default_price"]
    prod["updated"] = store.now()
    store.emit_changes("product.updated", before, prod)
    return prod


def list_products(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, ("active", "ids", "limit", "starting_after", "ending_before", "created"))
    items = store.newest_first("products")
    if "active" in params:
        active = boolean(params["active"], "active")
        items = [p for p in items if p["active"] == active]
    if "ids" in params:
        ids = string_list(params["ids"], "ids")
        items = [p for p in items if p["id"] in ids]
    return paginate(items, params, "/v1/products")


# Prices.

PRICE_CREATE = (
    "currency",
    "unit_amount",
    "product",
    "product_data",
    "recurring",
    "lookup_key",
    "transfer_lookup_key",
    "nickname",
    "metadata",
    "active",
    "tax_behavior",
)


def create_price(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(params, PRICE_CREATE)
    currency = require(params, "currency").lower()
    unit_amount = integer(require(params, "unit_amount"), "unit_amount")
    if "product" in params:
        product_id = store.require("products", params["product"], "product", "product")["id"]
    elif isinstance(params.get("product_data"), dict):
        product_id = create_product(store, {"name": require(params["product_data"], "name")})["id"]
    else:
        raise invalid("product", "Missing required param: product.", code="parameter_missing")
    recurring = None
    if isinstance(params.get("recurring"), dict):
        interval = require(params["recurring"], "interval")
        if interval not in ("day", "week", "month", "year"):
            raise invalid("recurring[interval]", f"Invalid recurring[interval]: {interval}")
        count = integer(params["recurring"].get("interval_count", 1), "recurring[interval_count]")
        recurring = {"interval": interval, "interval_count": count}
    price_id = store.new_id("price")
    price = build.price(
        price_id,
        store.now(),
        product_id=product_id,
        currency=currency,
        unit_amount=unit_amount,
        recurring=recurring,
        lookup_key=None,
        nickname=params.get("nickname"),
    )
    _apply_price(store, price, params)
    store.add("prices", price)
    store.emit("price.created", price)
    return price


def _apply_price(store: Store, price: dict[str, Any], params: dict[str, Any]) -> None:
    if "active" in params:
        price["active"] = boolean(params["active"], "active")
    if "nickname" in params:
        price["nickname"] = params["nickname"] or None
    if "tax_behavior" in params:
        price["tax_behavior"] = params["tax_behavior"]
    if "metadata" in params:
        price["metadata"] = metadata(price["metadata"], params["metadata"])
    if "lookup_key" in params:
        key = params["lookup_key"] or None
        transfer = boolean(params.get("transfer_lookup_key", "false"), "transfer_lookup_key")
        # Lookup keys are unique across all prices, archived ones too; transfer_lookup_key moves
        # the key from the price that holds it (https://docs.stripe.com/api/prices/create).
        holder = next(
            (
                p
                for p in store.objects["prices"].values()
                if key and p["lookup_key"] == key and p["id"] != price["id"]
            ),
            None,
        )
        if holder and not transfer:
            raise invalid("lookup_key", f"A price (`{holder['id']}`) already uses that lookup key.")
        if holder:
            before = store.snapshot(holder)
            holder["lookup_key"] = None
            store.emit_changes("price.updated", before, holder)
        price["lookup_key"] = key


def retrieve_price(store: Store, params: dict[str, Any], price: str) -> dict[str, Any]:
    return store.require("prices", price, "price")


def update_price(store: Store, params: dict[str, Any], price: str) -> dict[str, Any]:
    check_known(
        params,
        ("active", "lookup_key", "transfer_lookup_key", "metadata", "nickname", "tax_behavior"),
    )
    obj = store.require("prices", price, "price")
    before = store.snapshot(obj)
    _apply_price(store, obj, params)
    store.emit_changes("price.updated", before, obj)
    return obj


def list_prices(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_known(
        params,
        (
            "active",
            "product",
            "lookup_keys",
            "type",
            "currency",
            "recurring",
            "limit",
            "starting_after",
            "ending_before",
            "created",
        ),
    )
    items = store.newest_first("prices")
    if "active" in params:
        active = boolean(params["active"], "active")
        items = [p for p in items if p["active"] == active]
    if "product" in params:
        items = [p for p in items if p["product"] == params["product"]]
    if "lookup_keys" in params:
        keys = string_list(params["lookup_keys"], "lookup_keys")
        if len(keys) > 10:
            raise invalid("lookup_keys", "You can pass at most 10 lookup keys.")
        items = [p for p in items if p["lookup_key"] in keys]
    if "type" in params:
        items = [p for p in items if p["type"] == params["type"]]
    if "currency" in params:
        items = [p for p in items if p["currency"] == params["currency"].lower()]
    if isinstance(params.get("recurring"), dict) and "interval" in params["recurring"]:
        interval = params["recurring"]["interval"]
        items = [p for p in items if (p["recurring"] or {}).get("interval") == interval]
    return paginate(items, params, "/v1/prices")


ROUTES = [
    ("POST", "/v1/customers", create_customer),
    ("GET", "/v1/customers", list_customers),
    ("GET", "/v1/customers/search", search_customers),
    ("GET", "/v1/customers/<customer>", retrieve_customer),
    ("POST", "/v1/customers/<customer>", update_customer),
    ("DELETE", "/v1/customers/<customer>", delete_customer),
    ("POST", "/v1/products", create_product),
    ("GET", "/v1/products", list_products),
    ("GET", "/v1/products/<product>", retrieve_product),
    ("POST", "/v1/products/<product>", update_product),
    ("POST", "/v1/prices", create_price),
    ("GET", "/v1/prices", list_prices),
    ("GET", "/v1/prices/<price>", retrieve_price),
    ("POST", "/v1/prices/<price>", update_price),
]
