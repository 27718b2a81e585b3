"""/pricing: Free and Plus side by side, the visitor's current plan marked, the right button."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.billing import services
from portal.extensions import db
from tests.billing.helpers import upgrade
from tests.careers.source_text import visible_text


def cards(client) -> dict[str, str]:
    """Each plan's card on /pricing, as HTML, by plan name."""
    html = client.get("/pricing").get_data(as_text=True)
    listing = html.split('<ul class="plan-cards">', 1)[1].split("</section>", 1)[0]
    by_name = {}
    for card in listing.split('<li class="plan-card')[1:]:
        name = re.search(r'<h2[^>]*class="plan-title">([^<]+)</h2>', card).group(1)
        by_name[name] = card
    return by_name


def test_visitors_see_both_plans_and_are_asked_to_sign_up(client):
    shown = cards(client)
    assert list(shown) == ["Free", "Plus"]
    free, plus = (visible_text(shown[name]) for name in ("Free", "Plus"))
    assert "USD $0/month For people just getting started" in free
    assert "Weekly job alerts" in free and "Sign up free" in free
    assert "USD $8/month Everything in Free, and:" in plus
    for feature in ("Ad-free experience", "Daily job alerts", "Featured & Pinned Resume"):
        assert feature in plus
    assert "Sign up for Plus" in plus
    assert 'href="/register"' in shown["Plus"]
    assert "Your current plan" not in free + plus


def test_free_members_see_their_plan_marked_and_can_upgrade(client, member):
    shown = cards(client)
    assert "Your current plan" in visible_text(shown["Free"])
    assert "Your current plan" not in visible_text(shown["Plus"])
    assert 'action="/billing/checkout"' in shown["Plus"]
    assert 'name="plan" value="plus"' in shown["Plus"]
    assert "Upgrade to Plus" in visible_text(shown["Plus"])
    assert "Upgrade" not in visible_text(shown["Free"])


def test_plus_members_see_plus_marked_and_can_manage_it(client, member, simulator):
    upgrade(client, simulator)
    shown = cards(client)
    plus = visible_text(shown["Plus"])
    assert "Your current plan" in plus and "Manage billing" in plus
    assert 'action="/billing/portal"' in shown["Plus"]
    assert "/billing/checkout" not in shown["Free"] + shown["Plus"]
    assert "Go to account \u203a" in client.get("/pricing").text  # the source's arrow


def test_complimentary_plus_is_marked_with_its_end(client, member):
    services.grant_complimentary(member.id, "plus", dt.date(2099, 1, 31))
    db.session.commit()
    plus = visible_text(cards(client)["Plus"])
    assert "Your current plan" in plus
    assert "Complimentary until 31 January 2099" in plus


def test_the_demo_provider_says_so_on_the_pricing_page(client):
    assert "Demo billing: this portal runs without Stripe keys" in client.get("/pricing").text


def test_with_stripe_there_is_no_demo_notice(client, stripe_billing):
    assert "Demo billing" not in client.get("/pricing").text


def test_pricing_is_in_the_navigation_and_the_sitemap(client):
    assert 'href="/pricing"' in client.get("/").text
    assert "http://localhost/pricing" in client.get("/sitemap.xml").text


@pytest.mark.parametrize("stripe_fake", [40], indirect=True)
def test_an_overdue_member_is_offered_to_pay_rather_than_subscribe_again(client, member, simulator):
    done = upgrade(client, simulator)
    simulator.fail_payment(done.subscription_id)  # ten days ago: the grace period is over
    shown = cards(client)
    assert "Your current plan" in visible_text(shown["Free"])
    assert 'action="/billing/portal"' in shown["Plus"]
    assert "/billing/checkout" not in shown["Plus"]
