"""The guide in a real browser: navigation, the FAQ, accessibility, and how it looks."""

from __future__ import annotations

import pytest

from tests.browser import screenshot

pytestmark = pytest.mark.browser

GUIDE_PATH = "/careers/mental-health-technician"


def test_reader_follows_contents_link_and_opens_an_faq_entry(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + GUIDE_PATH)
    assert page.title().startswith("Mental Health Technician Career Guide")

    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Career path tiers"
    ).click()
    assert page.url.endswith("#career-tiers")
    heading = page.get_by_role("heading", name="Career Path Tiers")
    assert heading.is_visible()
    assert heading.evaluate("h => h.getBoundingClientRect().top") < 200  # scrolled to it

    answer = page.get_by_text("While certification requirements vary by state and employer")
    assert not answer.is_visible()
    page.get_by_text("Do Mental Health Technicians need to be certified?").click()
    assert answer.is_visible()


def test_faq_entries_open_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + GUIDE_PATH + "#faq")
    page.get_by_text("Can Mental Health Technicians administer medication?").click()
    assert page.get_by_text("In many settings, technicians assist licensed nurses").is_visible()
    context.close()


def test_guide_has_no_serious_accessibility_violations(live_server, browser_page):
    page = browser_page
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live_server.url + GUIDE_PATH)
    results = Axe().run(page)
    serious = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []


@pytest.mark.parametrize("width", [360, 1280])
def test_guide_reads_well_on_a_phone_and_a_desktop(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + GUIDE_PATH)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
    path = screenshot(page, f"guide-{width}px")
    assert path.stat().st_size > 10_000
    context.close()
