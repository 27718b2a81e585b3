"""Bookmarks and applies in a real browser: search, bookmark without a reload, apply, track."""

from __future__ import annotations

import pytest

from tests.billing.test_billing_browser import no_serious_violations
from tests.browser import screenshot

pytestmark = pytest.mark.browser

PASSWORD = "plenty of unrelated words here"


def sign_up(page, live_server, email: str) -> None:
    page.goto(live_server("/register"))
    page.get_by_label("Your name").fill("Florence Nightingale")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def search(page, live_server, words: str) -> None:
    page.goto(live_server("/jobs/"))
    page.get_by_label("Keywords").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()


def test_search_bookmark_without_a_reload_then_apply_and_track(live_server, browser_page):
    page = browser_page
    sign_up(page, live_server, "florence@example.com")

    search(page, live_server, "technician")
    results_url = page.url
    card = page.locator(".job-card").first
    title = card.locator(".job-card-title").inner_text()

    # A marker on window survives only if the page is not reloaded.
    page.evaluate("window.__stillHere = true")
    bookmark = card.locator("button.bookmark-button")
    assert bookmark.get_attribute("aria-pressed") == "false"
    bookmark.click()
    page.wait_for_selector(".job-card:first-child button.bookmark-button[aria-pressed=true]")
    assert "Bookmarked" in bookmark.inner_text()
    assert page.evaluate("window.__stillHere") is True
    assert page.url == results_url
    assert no_serious_violations(page) == []
    screenshot(page, "tracker-search-bookmarked")

    # Apply opens a new tab that says the job is tracked; this tab stays on the results.
    with page.context.expect_page() as new_tab:
        card.get_by_role("button", name="Apply").click()
    landing = new_tab.value
    landing.wait_for_load_state()
    assert landing.url.endswith("/applied")
    assert landing.get_by_role("heading", name="We added this to your applications").is_visible()
    assert landing.get_by_role("link", name="Continue to").count() == 1
    assert page.evaluate("window.__stillHere") is True
    landing.close()

    page.goto(live_server("/applications"))
    assert page.get_by_role("link", name=title, exact=True).is_visible()
    assert no_serious_violations(page) == []
    row = page.locator("li.application").first
    row.get_by_label("Status").select_option("interviewing")
    row.get_by_label("Next step").fill("2027-01-08")
    row.get_by_role("button", name="Save").click()
    # The form posts and the page loads again: wait for it, not for whatever is there mid-way.
    page.get_by_text("Saved your application").wait_for()
    page.goto(live_server("/applications?status=interviewing"))
    assert page.get_by_role("link", name=title, exact=True).is_visible()
    screenshot(page, "tracker-applications")

    page.goto(live_server("/bookmarks"))
    assert page.get_by_role("link", name=title).is_visible()


def test_bookmarking_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_up(page, live_server, "mary@example.com")
    page.goto(live_server("/jobs/?q=technician"))
    card = page.locator(".job-card").first
    card.locator("button.bookmark-button").click()
    page.wait_for_load_state()
    assert "/jobs/?q=technician" in page.url
    bookmark = page.locator(".job-card").first.locator("button.bookmark-button")
    assert bookmark.get_attribute("aria-pressed") == "true"
    context.close()
