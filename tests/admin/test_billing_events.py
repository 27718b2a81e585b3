"""Billing events: the handled ones, and a failed one reprocessed from the admin screen."""

from __future__ import annotations

import sqlalchemy as sa
import stripe

from portal.billing.models import Subscription, WebhookFailure
from portal.billing.providers import EXTENSION_KEY
from portal.billing.providers.stripe_provider import StripeBillingProvider
from portal.extensions import db
from tests.admin.helpers import audit_entries
from tests.billing.helpers import checkout_session_id, plan_line, start_checkout, upgrade
from tests.conftest import login


def test_handled_events_are_listed(admin, simulator, make_user, app):
    member_client = app.test_client()
    login(member_client, make_user("ada@example.com"))
    upgrade(member_client, simulator)
    page = admin.get("/admin/billing/events").get_data(as_text=True)
    assert "checkout.session.completed" in page and "processed" in page


def test_a_failed_event_is_kept_and_reprocessed_by_an_admin(
    admin, app, make_user, simulator, stripe_billing, monkeypatch
):
    member_client = app.test_client()
    login(member_client, make_user("ada@example.com"))
    session_id = checkout_session_id(start_checkout(member_client))
    unreachable = stripe.StripeClient(
        "sk_test_unreachable", base_addresses={"api": "http://127.0.0.1:9"}, max_network_retries=0
    )
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, StripeBillingProvider(unreachable))

    simulator.complete_checkout(session_id)

    failures = db.session.scalars(sa.select(WebhookFailure).order_by(WebhookFailure.id)).all()
    assert failures and all(f.resolved_at is None for f in failures)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Subscription)) == 0
    page = admin.get("/admin/billing/events").get_data(as_text=True)
    assert "customer.subscription.created" in page and "Reprocess" in page

    # Still down: reprocessing fails again, says so, and applies nothing.
    response = admin.post(f"/admin/billing/failures/{failures[0].id}/reprocess")
    assert response.status_code == 303
    assert audit_entries("billing.reprocess")[0].after["result"] == "failed"

    monkeypatch.setitem(app.extensions, EXTENSION_KEY, stripe_billing)
    for failure in failures:
        admin.post(f"/admin/billing/failures/{failure.id}/reprocess")

    db.session.expire_all()
    assert all(f.resolved_at is not None for f in db.session.scalars(sa.select(WebhookFailure)))
    assert plan_line(member_client).startswith("Plus")
    assert "None." in admin.get("/admin/billing/events").get_data(as_text=True)
    results = [e.after["result"] for e in audit_entries("billing.reprocess")]
    assert results[0] == "failed" and "processed" in results[1:]
