"""The fake's HTTP contract, through the official SDK: auth, versions, errors, idempotency and
customers."""

from __future__ import annotations

import base64
import json

import pytest
import stripe
from werkzeug.test import Client

from tests.stripe_fake import API_VERSION, FakeStripe, FakeStripeHTTPClient, in_process_client
from tests.stripe_fake.fixtures import TEST_API_KEY


def test_pins_the_version_the_sdk_pins(stripe_client, stripe_fake):
    assert stripe.api_version == API_VERSION
    customer = stripe_client.v1.customers.create(params={"email": "ada@example.com"})
    event = stripe_client.v1.events.list().data[0]
    assert event.api_version == API_VERSION
    assert event.data.object.id == customer.id
    raw = Client(stripe_fake).get("/v1/events", headers={"Authorization": f"Bearer {TEST_API_KEY}"})
    assert raw.headers["Stripe-Version"] == API_VERSION


def test_refuses_another_api_version(stripe_fake):
    client = in_process_client(stripe_fake, stripe_version="2024-06-20")
    with pytest.raises(stripe.InvalidRequestError, match="renders only API version"):
        client.v1.customers.list()


@pytest.mark.parametrize("key", ["sk_live_123456789012", "pk_test_123456789012", "nonsense"])
def test_rejects_keys_that_are_not_secret_test_keys(stripe_fake, key):
    client = in_process_client(stripe_fake, api_key=key)
    with pytest.raises(stripe.AuthenticationError, match="Invalid API Key provided"):
        client.v1.customers.list()


def test_accepts_only_its_own_key_when_given_one():
    fake = FakeStripe(api_key="sk_test_right")
    assert in_process_client(fake, api_key="sk_test_right").v1.customers.list().data == []
    with pytest.raises(stripe.AuthenticationError):
        in_process_client(fake, api_key="sk_test_wrong").v1.customers.list()


def test_basic_auth_and_missing_auth(stripe_fake):
    client = Client(stripe_fake)
    basic = base64.b64encode(f"{TEST_API_KEY}:".encode()).decode()
    assert (
        client.get("/v1/customers", headers={"Authorization": f"Basic {basic}"}).status_code == 200
    )
    response = client.get("/v1/customers")
    assert response.status_code == 401
    assert "did not provide an API key" in response.json["error"]["message"]


def test_unknown_routes_are_stripe_shaped_404s(stripe_fake):
    response = Client(stripe_fake).get(
        "/v1/plans_that_do_not_exist", headers={"Authorization": f"Bearer {TEST_API_KEY}"}
    )
    assert response.status_code == 404
    error = response.json["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"].startswith(
        "Unrecognized request URL (GET: /v1/plans_that_do_not_exist)"
    )


def test_missing_objects_are_resource_missing(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.customers.retrieve("cus_missing")
    error = raised.value
    assert error.http_status == 404
    assert error.code == "resource_missing"
    assert error.param == "id"
    assert str(error.user_message) == "No such customer: 'cus_missing'"


def test_unknown_and_missing_parameters_are_refused(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.customers.create(params={"emial": "typo@example.com"})
    assert (raised.value.code, raised.value.param) == ("parameter_unknown", "emial")
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.products.create(params={})
    assert (raised.value.code, raised.value.param) == ("parameter_missing", "name")


def test_same_idempotency_key_and_body_creates_one_customer(stripe_client, stripe_fake):
    params = {"email": "ada@example.com", "metadata": {"user_id": "7"}}
    options = {"idempotency_key": "customer-for-user-7"}
    first = stripe_client.v1.customers.create(params=params, options=options)
    second = stripe_client.v1.customers.create(params=params, options=options)
    assert first.id == second.id
    assert second.last_response.headers["Idempotent-Replayed"] == "true"
    assert [c["id"] for c in stripe_fake.objects("customers")] == [first.id]
    assert len(stripe_fake.events("customer.created")) == 1


def test_same_idempotency_key_with_another_body_is_an_idempotency_error(stripe_client):
    options = {"idempotency_key": "customer-for-user-7"}
    stripe_client.v1.customers.create(params={"email": "ada@example.com"}, options=options)
    with pytest.raises(stripe.IdempotencyError) as raised:
        stripe_client.v1.customers.create(params={"email": "bob@example.com"}, options=options)
    assert raised.value.http_status == 400
    assert raised.value.json_body["error"]["type"] == "idempotency_error"


def test_customer_update_metadata_rules_and_event(stripe_client, stripe_fake):
    customer = stripe_client.v1.customers.create(
        params={"email": "ada@example.com", "metadata": {"user_id": "7", "old": "x"}}
    )
    updated = stripe_client.v1.customers.update(
        customer.id, params={"name": "Ada", "metadata": {"old": "", "plan": "plus", "0": "zero"}}
    )
    assert updated.name == "Ada"
    assert updated.metadata.to_dict() == {"user_id": "7", "plan": "plus", "0": "zero"}
    (event,) = stripe_fake.events("customer.updated")
    assert event["data"]["previous_attributes"] == {
        "name": None,
        "metadata": {"user_id": "7", "old": "x"},
    }


def test_customers_list_by_email_and_search_by_email_or_metadata(stripe_client):
    ada = stripe_client.v1.customers.create(
        params={"email": "ada@example.com", "metadata": {"user_id": "7"}}
    )
    stripe_client.v1.customers.create(params={"email": "bob@example.com"})
    listed = stripe_client.v1.customers.list(params={"email": "ada@example.com"})
    assert [c.id for c in listed.data] == [ada.id]
    by_email = stripe_client.v1.customers.search(params={"query": "email:'ada@example.com'"})
    by_meta = stripe_client.v1.customers.search(params={"query": "metadata['user_id']:'7'"})
    assert [c.id for c in by_email.data] == [c.id for c in by_meta.data] == [ada.id]
    assert by_email.object == "search_result"


def test_deleted_customer_is_retrievable_as_deleted_and_gone_from_lists(stripe_client):
    customer = stripe_client.v1.customers.create(params={"email": "ada@example.com"})
    deleted = stripe_client.v1.customers.delete(customer.id)
    assert deleted.deleted is True
    assert stripe_client.v1.customers.retrieve(customer.id).deleted is True
    assert stripe_client.v1.customers.list(params={"email": "ada@example.com"}).data == []
    with pytest.raises(stripe.InvalidRequestError, match="No such customer"):
        stripe_client.v1.customers.update(customer.id, params={"name": "Ada"})


def test_lists_are_newest_first_and_paginate(stripe_client):
    created = [
        stripe_client.v1.customers.create(params={"email": f"u{i}@example.com"}).id
        for i in range(5)
    ]
    page = stripe_client.v1.customers.list(params={"limit": 2})
    assert [c.id for c in page.data] == created[::-1][:2]
    assert page.has_more is True
    every = [c.id for c in page.auto_paging_iter()]
    assert every == created[::-1]


def test_a_bug_in_the_fake_is_a_500_the_sdk_does_not_retry(stripe_fake, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(stripe_fake.store, "newest_first", broken)
    http_client = FakeStripeHTTPClient(stripe_fake)
    client = stripe.StripeClient(TEST_API_KEY, http_client=http_client, max_network_retries=3)
    with pytest.raises(stripe.APIError, match="fake Stripe failed: KeyError: 'boom'"):
        client.v1.customers.list()
    assert http_client.requests == [("GET", "/v1/customers")]


def test_raw_form_encoding_with_bracketed_arrays(stripe_client, stripe_fake):
    stripe_client.v1.products.create(params={"name": "Plus", "id": "prod_plus"})
    for key in ("plus_monthly", "plus_yearly"):
        stripe_client.v1.prices.create(
            params={
                "product": "prod_plus",
                "currency": "usd",
                "unit_amount": 800,
                "lookup_key": key,
            }
        )
    response = Client(stripe_fake).get(
        "/v1/prices?lookup_keys[]=plus_monthly&lookup_keys[]=plus_yearly",
        headers={"Authorization": f"Bearer {TEST_API_KEY}"},
    )
    keys = {price["lookup_key"] for price in json.loads(response.data)["data"]}
    assert keys == {"plus_monthly", "plus_yearly"}
