"""Alerts in a real browser: create one from a search, find it on /alerts, pause it, delete it."""

from __future__ import annotations

import pytest

from tests.billing.test_billing_browser import no_serious_violations
from tests.browser import screenshot
from tests.tracker.test_tracker_browser import search, sign_up

pytestmark = pytest.mark.browser


def test_create_an_alert_from_a_search_then_pause_and_delete_it(live_server, browser_page):
    page = browser_page
    sign_up(page, live_server, "alert.reader@example.com")

    search(page, live_server, "technician")
    page.get_by_label("Alert name").fill("Technician jobs")
    page.get_by_role("button", name="Create alert").click()

    assert page.url == live_server("/alerts")
    assert "Alert “Technician jobs” created." in page.content()
    alert = page.locator("li.alert-item").filter(has_text="Technician jobs")
    assert alert.count() == 1
    assert "Next digest:" in alert.inner_text()
    assert "q=technician" in alert.get_by_role("link", name="See the search").get_attribute("href")
    assert no_serious_violations(page) == []
    screenshot(page, "alerts-created")

    alert.get_by_role("button", name="Pause").click()
    assert "Alert paused." in page.content()
    alert = page.locator("li.alert-item").filter(has_text="Technician jobs")
    assert "Paused." in alert.inner_text()
    assert "Next digest:" not in alert.inner_text()
    assert alert.get_by_role("button", name="Resume").is_visible()

    alert.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete alert").click()
    assert "Alert “Technician jobs” deleted." in page.content()
    assert page.locator("li.alert-item").count() == 0
    assert "You have no job alerts yet." in page.content()
