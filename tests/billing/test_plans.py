"""Plans as data: seeds/plans.yaml against the source's pricing block, loading it, and the rules
that turn subscriptions into a plan and its entitlements."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.billing.catalog import catalog
from portal.billing.entitlements import membership_from
from portal.billing.models import BillingCustomer, Plan, Subscription, SubscriptionStatus
from portal.billing.plans import Entitlement, read_plans_file
from portal.extensions import db
from tests.careers.source_text import SOURCE, repair_mojibake

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NOW = dt.datetime(2027, 3, 10, 12, 0)
GRACE = dt.timedelta(days=7)


def pricing_block() -> dict[str, dict]:
    """The Free and Plus plans as the source text writes them, mis-decoding repaired."""
    lines = [line.strip() for line in repair_mojibake(SOURCE.read_text("utf-8")).splitlines()]
    block = lines[lines.index("Free") :]
    plans: dict[str, dict] = {}
    current = None
    for line in block:
        if line in ("Free", "Plus"):
            current = plans.setdefault(line, {"features": []})
        elif current is None or not line:
            continue
        elif line.startswith("•"):
            current["features"].append(line.lstrip("• ").strip())
        elif line.startswith("USD"):
            current["price"] = line
        elif "price" in current and "tagline" not in current:
            current["tagline"] = line
    return plans


def test_the_plans_file_is_the_sources_pricing_block():
    source = pricing_block()
    plans = {plan.name: plan for plan in read_plans_file(SEEDS / "plans.yaml")}
    assert set(plans) == set(source) == {"Free", "Plus"}
    for name, plan in plans.items():
        seeded = catalog_plan(plan)
        assert seeded.price_label == source[name]["price"]
        assert plan.tagline == source[name]["tagline"]
        assert plan.features == source[name]["features"]
    assert plans["Plus"].price_cents == 800 and plans["Free"].price_cents == 0
    assert plans["Plus"].features[4] == "Featured & Pinned Resume"


def catalog_plan(document):
    from portal.billing.catalog import PlanInfo

    return PlanInfo.from_document(document.model_dump(mode="json"))


def test_the_plans_file_has_no_mis_decoded_characters():
    text = (SEEDS / "plans.yaml").read_text("utf-8")
    assert not re.search(r"β€|πŸ|βœ|Ã|â€", text)
    assert "• •" not in text


def test_plus_includes_everything_in_free_and_the_whole_vocabulary():
    plans = {plan.key: plan for plan in read_plans_file(SEEDS / "plans.yaml")}
    free, plus = set(plans["free"].entitlements), set(plans["plus"].entitlements)
    assert free < plus
    assert plus == set(Entitlement)
    assert free == {"bookmarks", "applications", "job_alerts_weekly"}


def test_seeded_plans_are_in_the_database(app):
    rows = {plan.key: plan for plan in db.session.scalars(select(Plan))}
    assert rows["plus"].lookup_key == "plus_monthly"
    assert rows["free"].lookup_key is None
    assert [plan.key for plan in catalog().plans] == ["free", "plus"]


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def test_seeding_again_changes_nothing_and_an_edit_updates_the_pricing_page(
    runner, client, seeds_copy
):
    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])
    assert "plans: created 0, updated 0, unchanged 2" in result.output

    path = seeds_copy / "plans.yaml"
    path.write_text(path.read_text().replace("price_cents: 800", "price_cents: 900"))
    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])

    assert result.exit_code == 0, result.output
    assert "plans: created 0, updated 1, unchanged 1" in result.output
    assert "USD $9/month" in client.get("/pricing").text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    lookup_key: plus_monthly\n", "", "a paid plan needs a lookup_key"),
        (
            "    price_cents: 0\n",
            "    price_cents: 100\n    lookup_key: free_monthly\n",
            "exactly one plan must be free",
        ),
        ("      - ad_free\n", "      - ad_free\n      - free_lunch\n", "plans.1.entitlements.5"),
        ("key: plus", "key: free", "each plan needs its own key"),
    ],
)
def test_a_broken_plans_file_is_refused_and_nothing_is_written(
    runner, seeds_copy, old, new, message
):
    path = seeds_copy / "plans.yaml"
    path.write_text(path.read_text().replace(old, new, 1))
    before = db.session.execute(select(Plan.key, Plan.document)).all()

    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])

    assert result.exit_code != 0
    assert "plans.yaml" in result.output and message in result.output
    assert db.session.execute(select(Plan.key, Plan.document)).all() == before


def subscription(status: str, **fields) -> Subscription:
    values = {
        "plan_key": "plus",
        "current_period_start": NOW - dt.timedelta(days=10),
        "current_period_end": NOW + dt.timedelta(days=20),
        "cancel_at_period_end": False,
        "cancel_at": None,
        "past_due_since": None,
    }
    values.update(fields)
    return Subscription(status=SubscriptionStatus(status), **values)


def plan_of(*subscriptions, customer=None) -> str:
    member = membership_from(catalog(), subscriptions, customer, NOW, GRACE)
    return member.plan.key


@pytest.mark.parametrize(
    ("status", "plan"),
    [
        ("active", "plus"),
        ("trialing", "plus"),
        ("past_due", "plus"),  # the renewal failed two days ago: within the grace period
        ("canceled", "free"),
        ("unpaid", "free"),
        ("incomplete", "free"),
        ("incomplete_expired", "free"),
        ("paused", "free"),
    ],
)
def test_status_decides_the_plan(app, status, plan):
    sub = subscription(status, past_due_since=NOW - dt.timedelta(days=2))
    assert plan_of(sub) == plan


def test_past_due_keeps_plus_for_the_grace_period_only(app):
    recent = subscription("past_due", past_due_since=NOW - dt.timedelta(days=6, hours=23))
    late = subscription("past_due", past_due_since=NOW - dt.timedelta(days=7))
    member = membership_from(catalog(), [recent], None, NOW, GRACE)
    assert member.plan.key == "plus" and member.payment_failed
    assert member.grace_ends == NOW + dt.timedelta(hours=1)
    assert plan_of(late) == "free"


def test_cancel_at_period_end_gives_plus_until_then(app):
    sub = subscription("active", cancel_at_period_end=True)
    member = membership_from(catalog(), [sub], None, NOW, GRACE)
    assert (member.plan.key, member.access_ends, member.renews_on) == (
        "plus",
        sub.current_period_end,
        None,
    )
    over = subscription("active", cancel_at_period_end=True, current_period_end=NOW)
    assert plan_of(over) == "free"  # Stripe ends it then, even if its event is late


def test_a_price_that_matches_no_plan_gives_nothing(app):
    assert plan_of(subscription("active", plan_key=None)) == "free"


def test_complimentary_plus_lasts_through_its_last_day(app):
    today = BillingCustomer(complimentary_plan="plus", complimentary_until=NOW.date())
    yesterday = BillingCustomer(
        complimentary_plan="plus", complimentary_until=NOW.date() - dt.timedelta(days=1)
    )
    assert plan_of(customer=today) == "plus"
    assert plan_of(customer=yesterday) == "free"


def test_a_paying_subscription_wins_over_a_complimentary_grant(app):
    comp = BillingCustomer(complimentary_plan="plus", complimentary_until=NOW.date())
    member = membership_from(catalog(), [subscription("active")], comp, NOW, GRACE)
    assert member.source == "subscription"


def test_visitors_and_new_members_get_the_free_plan(app, make_user):
    from portal.billing.entitlements import entitlements

    assert entitlements(None) == {"bookmarks", "applications", "job_alerts_weekly"}
    user = make_user()
    assert user.can("bookmarks") and not user.can("ad_free")


def test_without_billing_nobody_can_anything(app, make_user, monkeypatch):
    user = make_user()
    monkeypatch.delitem(app.extensions, "portal.entitlements")
    assert not user.can("bookmarks")
    assert not user.can("ad_free")


def test_templates_ask_the_same_question(app):
    from flask import render_template_string

    with app.test_request_context("/"):
        shown = render_template_string("{{ entitled('bookmarks') }} {{ entitled('ad_free') }}")
    assert shown == "True False"
