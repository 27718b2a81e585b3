"""Plans and ads: edits, a price change at (fake) Stripe, retiring, and validation."""

from __future__ import annotations

import sqlalchemy as sa

from portal import clock
from portal.billing.catalog import catalog
from portal.billing.models import HouseAd, Plan, Subscription
from portal.extensions import db
from tests.admin.helpers import audit_entries
from tests.billing.helpers import upgrade
from tests.conftest import login


def plan(key: str) -> Plan:
    return db.session.scalar(sa.select(Plan).where(Plan.key == key))


def plan_form(row: Plan, **changes) -> dict:
    data = {
        "name": row.name,
        "price": f"{row.price_cents / 100:.2f}",
        "tagline": row.document["tagline"],
        "features": "\n".join(row.document["features"]),
        "entitlements": row.document["entitlements"],
    }
    data.update(changes)
    return data


def test_a_price_change_makes_a_new_stripe_price_and_subscribers_keep_theirs(
    admin, app, make_user, simulator, stripe_fake
):
    member = make_user("ada@example.com")
    member_client = app.test_client()
    login(member_client, member)
    done = upgrade(member_client, simulator)
    old_price = db.session.scalar(
        sa.select(Subscription.stripe_price_id).where(
            Subscription.stripe_subscription_id == done.subscription_id
        )
    )

    plus = plan("plus")
    response = admin.post(f"/admin/plans/{plus.id}", data=plan_form(plus, price="10.00"))

    assert response.status_code == 303
    prices = {p["unit_amount"]: p for p in stripe_fake.objects("prices")}
    assert prices[1000]["lookup_key"] == "plus_monthly" and prices[1000]["active"]
    assert prices[800]["id"] == old_price and not prices[800]["active"]
    remote = stripe_fake.objects("subscriptions")[0]
    assert remote["items"]["data"][0]["price"]["id"] == old_price  # the subscriber keeps theirs
    assert catalog().plan("plus").price_cents == 1000  # new subscribers pay the new price
    (entry,) = audit_entries("plan.edit")
    assert (entry.before["price_cents"], entry.after["price_cents"]) == (800, 1000)


def test_the_screen_and_billing_sync_agree(admin, runner, stripe_billing, stripe_fake):
    plus = plan("plus")
    admin.post(f"/admin/plans/{plus.id}", data=plan_form(plus, price="12.00"))

    result = runner.invoke(args=["billing", "sync"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "plus (plus_monthly, USD $12/month): unchanged"
    (active,) = [p for p in stripe_fake.objects("prices") if p["active"]]
    assert active["unit_amount"] == 1200


def test_an_invalid_plan_edit_changes_nothing(admin, stripe_billing, stripe_fake):
    plus = plan("plus")
    before = dict(plus.document)
    prices_before = len(stripe_fake.objects("prices"))

    response = admin.post(f"/admin/plans/{plus.id}", data=plan_form(plus, price="0", name=""))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "A plan needs a name." in page
    response = admin.post(f"/admin/plans/{plus.id}", data=plan_form(plus, price="0"))
    assert response.status_code == 422
    assert "a paid plan needs" in response.get_data(as_text=True).lower() or "lookup_key" in (
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert plan("plus").document == before
    assert len(stripe_fake.objects("prices")) == prices_before
    assert audit_entries() == []


def test_retire_and_offer_again(admin, client):
    plus = plan("plus")
    assert admin.post(f"/admin/plans/{plus.id}/retire").status_code == 303
    assert "Plus" not in [p.name for p in catalog().plans]
    free = plan("free")
    response = admin.post(f"/admin/plans/{free.id}/retire", follow_redirects=True)
    assert "The free plan cannot be retired" in response.get_data(as_text=True)
    assert admin.post(f"/admin/plans/{plus.id}/activate").status_code == 303
    assert "plus" in [p.key for p in catalog().plans]
    assert [e.action for e in audit_entries()] == ["plan.retire", "plan.activate"]


def test_editing_an_ad(admin):
    ad = db.session.scalars(sa.select(HouseAd).order_by(HouseAd.id)).first()
    data = {**ad.document, "headline": "Go ad-free with Plus", "active": "y"}
    response = admin.post(f"/admin/ads/{ad.id}", data=data)
    assert response.status_code == 303
    db.session.refresh(ad)
    assert ad.document["headline"] == "Go ad-free with Plus"
    assert audit_entries("ad.edit")[0].after["headline"] == "Go ad-free with Plus"

    response = admin.post(f"/admin/ads/{ad.id}", data={**data, "link_url": "javascript:x"})
    assert response.status_code == 422
    db.session.refresh(ad)
    assert ad.document["link_url"] != "javascript:x"


def test_an_ad_runs_only_on_the_days_an_admin_sets(admin, app):
    import datetime as dt

    from portal.billing.catalog import invalidate_catalog

    guide = "/careers/mental-health-technician"
    ads = db.session.scalars(sa.select(HouseAd).order_by(HouseAd.id)).all()
    today = clock.today()
    for ad in ads:  # every ad's run ended yesterday: no ad fits, so no slot at all
        data = {
            **ad.document,
            "active": "y",
            "starts_on": "",
            "ends_on": str(today - dt.timedelta(1)),
        }
        assert admin.post(f"/admin/ads/{ad.id}", data=data).status_code == 303
    invalidate_catalog()
    assert "data-ad-slot" not in app.test_client().get(guide).get_data(as_text=True)

    first = next(ad for ad in ads if ad.document.get("audience", "everyone") != "members")
    data = {**first.document, "active": "y", "starts_on": str(today), "ends_on": str(today)}
    assert admin.post(f"/admin/ads/{first.id}", data=data).status_code == 303
    invalidate_catalog()
    visitor_page = app.test_client().get(guide).get_data(as_text=True)
    assert "data-ad-slot" in visitor_page
    assert first.document["headline"] in visitor_page
    assert "Runs" in admin.get("/admin/ads").get_data(as_text=True)

    backwards = {**data, "starts_on": str(today), "ends_on": str(today - dt.timedelta(3))}
    response = admin.post(f"/admin/ads/{first.id}", data=backwards)
    assert response.status_code == 422
    assert "the last day comes before the first day" in response.get_data(as_text=True)
