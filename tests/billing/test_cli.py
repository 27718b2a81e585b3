"""`flask billing ...`: syncing Stripe products and prices, complimentary Plus, a user's state."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from portal import clock
from tests.billing.helpers import ad_slot_shown, plan_line, upgrade
from tests.conftest import login

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def unsynced(app, stripe_fake, monkeypatch):
    """The app on an empty fake Stripe account (nothing synced yet)."""
    from portal.billing.providers import EXTENSION_KEY
    from portal.billing.providers.stripe_provider import StripeBillingProvider
    from tests.stripe_fake import in_process_client

    provider = StripeBillingProvider(in_process_client(stripe_fake, max_network_retries=0))
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, provider)
    return stripe_fake


def test_sync_creates_the_product_and_price_once(runner, unsynced):
    first = runner.invoke(args=["billing", "sync"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "plus (plus_monthly, USD $8/month): created"
    (product,) = unsynced.objects("products")
    (price,) = unsynced.objects("prices")
    assert product["name"] == "Career Portal Plus"
    features = [feature["name"] for feature in product["marketing_features"]]
    assert features == ["Ad-free experience", *features[1:]] and len(features) == 6
    assert (price["lookup_key"], price["unit_amount"], price["currency"]) == (
        "plus_monthly",
        800,
        "usd",
    )
    assert price["recurring"]["interval"] == "month" and price["product"] == product["id"]

    second = runner.invoke(args=["billing", "sync"])

    assert second.output.strip() == "plus (plus_monthly, USD $8/month): unchanged"
    assert len(unsynced.objects("products")) == 1 and len(unsynced.objects("prices")) == 1


def test_a_new_price_in_the_file_takes_the_lookup_key_over(runner, unsynced, tmp_path):
    runner.invoke(args=["billing", "sync"])
    plans = tmp_path / "plans.yaml"
    shutil.copy(SEEDS / "plans.yaml", plans)
    plans.write_text(plans.read_text().replace("price_cents: 800", "price_cents: 1000"))

    result = runner.invoke(args=["billing", "sync", "--file", str(plans)])

    assert result.output.strip() == "plus (plus_monthly, USD $10/month): updated"
    prices = {p["unit_amount"]: p for p in unsynced.objects("prices")}
    assert prices[1000]["lookup_key"] == "plus_monthly" and prices[1000]["active"]
    assert prices[800]["lookup_key"] is None and not prices[800]["active"]
    assert len(unsynced.objects("products")) == 1


def test_a_changed_feature_list_updates_the_product(runner, unsynced, tmp_path):
    runner.invoke(args=["billing", "sync"])
    plans = tmp_path / "plans.yaml"
    shutil.copy(SEEDS / "plans.yaml", plans)
    plans.write_text(plans.read_text().replace("Custom Resume URL", "Your own resume address"))
    result = runner.invoke(args=["billing", "sync", "--file", str(plans)])
    assert result.output.strip().endswith(": updated")
    (product,) = unsynced.objects("products")
    assert product["marketing_features"][-1]["name"] == "Your own resume address"
    assert len(unsynced.objects("prices")) == 1


def test_sync_with_the_demo_provider_says_nothing_goes_to_stripe(runner):
    result = runner.invoke(args=["billing", "sync"])
    assert result.exit_code == 0
    assert "Nothing is sent to Stripe" in result.output


def test_sync_reports_a_missing_or_broken_file(runner, unsynced, tmp_path):
    missing = runner.invoke(args=["billing", "sync", "--file", str(tmp_path / "nope.yaml")])
    assert missing.exit_code != 0 and "no such plans file" in missing.output
    broken = tmp_path / "plans.yaml"
    broken.write_text("plans: []\n")
    result = runner.invoke(args=["billing", "sync", "--file", str(broken)])
    assert result.exit_code != 0 and "plans.yaml" in result.output
    assert unsynced.objects("prices") == []


def test_grant_plus_gives_complimentary_plus_until_a_date(runner, client, make_user):
    user = make_user("grace@example.com")
    login(client, user)
    until = clock.today() + dt.timedelta(days=30)

    result = runner.invoke(
        args=["billing", "grant-plus", "Grace@Example.com", "--until", str(until)]
    )

    assert result.exit_code == 0, result.output
    shown = f"{until.day} {until:%B %Y}"
    assert result.output.strip() == f"grace@example.com has complimentary Plus until {shown}."
    assert not ad_slot_shown(client)
    assert plan_line(client) == f"Plus until {shown} complimentary"
    assert user.can("ad_free")

    status = runner.invoke(args=["billing", "status", "grace@example.com"])
    assert "grace@example.com: Plus (complimentary)" in status.output

    revoked = runner.invoke(args=["billing", "revoke-plus", "grace@example.com"])
    assert "no longer has a complimentary plan" in revoked.output
    assert ad_slot_shown(client)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.com", "--until", "2099-01-01"], "no account has the address"),
        (["not an address", "--until", "2099-01-01"], "Enter a valid email address"),
        (["grace@example.com", "--until", "2000-01-01"], "has passed"),
        (["grace@example.com", "--until", "next week"], "Invalid value for '--until'"),
        (["grace@example.com", "--until", "2099-01-01", "--plan", "free"], "no paid plan"),
    ],
)
def test_grant_plus_explains_what_is_wrong(runner, make_user, args, message):
    make_user("grace@example.com")
    result = runner.invoke(args=["billing", "grant-plus", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_status_shows_subscriptions(runner, client, member, simulator):
    done = upgrade(client, simulator)
    result = runner.invoke(args=["billing", "status", member.email])
    assert result.output.startswith("ada@example.com: Plus (subscription)")
    assert f"{done.subscription_id}: active, plus, period ends" in result.output
