"""Billing in a real browser: sign up, upgrade through the demo checkout, and the ads are gone."""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

GUIDE = "/careers/mental-health-technician"
PASSWORD = "plenty of unrelated words here"


def no_serious_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_sign_up_upgrade_through_the_demo_checkout_and_the_ads_disappear(live_server, browser_page):
    page = browser_page
    page.goto(live_server("/register"))
    page.get_by_label("Your name").fill("Mary Seacole")
    page.get_by_label("Email address").fill("mary.seacole@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill("mary.seacole@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(live_server(GUIDE))
    ad = page.get_by_role("complementary", name="Advertisement")
    assert ad.is_visible()
    assert ad.get_by_text("Advertisement", exact=True).is_visible()

    page.goto(live_server("/pricing"))
    screenshot(page, "billing-pricing-free-member")
    assert no_serious_violations(page) == []
    page.get_by_role("button", name="Upgrade to Plus").click()

    assert page.get_by_text("Demo checkout · no real payment").is_visible()
    screenshot(page, "billing-demo-checkout")
    page.get_by_role("button", name="Pay USD $8/month (demo)").click()

    assert page.get_by_role("heading", name="Welcome to Plus").is_visible()
    page.goto(live_server(GUIDE))
    assert page.locator("[data-ad-slot]").count() == 0
    assert page.get_by_text("Advertisement").count() == 0

    page.goto(live_server("/account"))
    plan = page.locator("dd.plan-line")
    assert plan.inner_text().startswith("Plus · USD $8/month, renews on")
    assert page.get_by_text("If you cancel").is_visible()
    screenshot(page, "billing-account-plus")
    assert no_serious_violations(page) == []


def test_visitors_see_the_ad_and_plans_side_by_side_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(live_server("/pricing"))
    cards = page.locator(".plan-card")
    assert cards.count() == 2
    # On a phone the cards stack; nothing overflows the screen sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "billing-pricing-phone")
    page.goto(live_server(GUIDE))
    ad = page.get_by_role("complementary", name="Advertisement")
    assert ad.is_visible()
    box = ad.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    ad.screenshot(path=str(ARTIFACTS / "billing-ad-slot-phone.png"))
    context.close()
