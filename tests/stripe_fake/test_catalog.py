"""Products and prices through the SDK: lookup keys, transfers, archiving, list filters."""

from __future__ import annotations

import pytest
import stripe


def create_price(client, product_id, lookup_key=None, **extra):
    params = {
        "product": product_id,
        "currency": "usd",
        "unit_amount": 800,
        "recurring": {"interval": "month"},
        **extra,
    }
    if lookup_key:
        params["lookup_key"] = lookup_key
    return client.v1.prices.create(params=params)


def test_price_shape_and_retrieve_by_lookup_key(stripe_client, plus_price):
    found = stripe_client.v1.prices.list(params={"lookup_keys": ["plus_monthly"]}).data
    assert [p.id for p in found] == [plus_price.id]
    price = found[0]
    assert (price.object, price.type, price.unit_amount, price.currency) == (
        "price",
        "recurring",
        800,
        "usd",
    )
    assert (price.recurring.interval, price.recurring.interval_count) == ("month", 1)
    assert str(price.unit_amount_decimal) == "800"
    assert price.product.startswith("prod_")
    product = stripe_client.v1.prices.retrieve(price.id, params={"expand": ["product"]}).product
    assert product.name == "Plus"


def test_lookup_keys_are_unique_unless_transferred(stripe_client, plus_price):
    with pytest.raises(stripe.InvalidRequestError, match="already uses that lookup key") as raised:
        create_price(stripe_client, plus_price.product, "plus_monthly", unit_amount=900)
    assert raised.value.param == "lookup_key"
    newer = create_price(
        stripe_client,
        plus_price.product,
        "plus_monthly",
        unit_amount=900,
        transfer_lookup_key=True,
    )
    assert stripe_client.v1.prices.retrieve(plus_price.id).lookup_key is None
    found = stripe_client.v1.prices.list(params={"lookup_keys": ["plus_monthly"]}).data
    assert [p.id for p in found] == [newer.id]


def test_archived_prices_filtered_by_active(stripe_client, plus_price):
    newer = create_price(stripe_client, plus_price.product, unit_amount=900)
    archived = stripe_client.v1.prices.update(plus_price.id, params={"active": False})
    assert archived.active is False
    active = stripe_client.v1.prices.list(params={"active": True, "product": plus_price.product})
    assert [p.id for p in active.data] == [newer.id]
    everything = stripe_client.v1.prices.list(params={"product": plus_price.product})
    assert {p.id for p in everything.data} == {newer.id, plus_price.id}


def test_price_with_product_data_creates_the_product(stripe_client):
    price = stripe_client.v1.prices.create(
        params={"currency": "usd", "unit_amount": 800, "product_data": {"name": "Plus"}}
    )
    assert price.type == "one_time"
    assert stripe_client.v1.products.retrieve(price.product).name == "Plus"


def test_products_create_with_id_update_and_list(stripe_client, stripe_fake):
    product = stripe_client.v1.products.create(
        params={"id": "prod_plus", "name": "Plus", "metadata": {"plan": "plus"}}
    )
    assert product.id == "prod_plus"
    with pytest.raises(stripe.InvalidRequestError, match="already exists"):
        stripe_client.v1.products.create(params={"id": "prod_plus", "name": "Plus"})
    stripe_client.v1.products.update("prod_plus", params={"description": "Ad-free"})
    assert stripe_client.v1.products.retrieve("prod_plus").description == "Ad-free"
    listed = stripe_client.v1.products.list(params={"active": True})
    assert [p.id for p in listed.data] == ["prod_plus"]
    assert [e["type"] for e in stripe_fake.events()] == ["product.created", "product.updated"]


def test_a_product_with_an_id_of_our_own_expands_from_its_price(stripe_client):
    stripe_client.v1.products.create(params={"id": "portal_plus", "name": "Plus"})
    stripe_client.v1.prices.create(
        params={
            "product": "portal_plus",
            "currency": "usd",
            "unit_amount": 800,
            "recurring": {"interval": "month"},
            "lookup_key": "plus_monthly",
        }
    )
    (price,) = stripe_client.v1.prices.list(
        params={"lookup_keys": ["plus_monthly"], "expand": ["data.product"]}
    ).data
    assert (price.product.id, price.product.name) == ("portal_plus", "Plus")
