"""The alert screens as a person uses them, at 1280 and 360 px: create one under search
results, read its search in words, change its filters, and delete it after confirming."""

from __future__ import annotations

import pytest

from tests.browser import WIDTHS, at_width, check_screen
from tests.tracker.test_tracker_browser import sign_up

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_create_read_edit_and_delete_an_alert(live_server, browser_page, width):
    page = browser_page
    at_width(page, width)
    sign_up(page, live_server, f"alert.screens.{width}@example.com")

    page.goto(live_server("/jobs/?q=technician&location=CO"))
    create = page.get_by_role("region", name="Get these jobs by email")
    check_screen(page, "alerts-create-under-results")
    create.get_by_label("Alert name").fill("Technicians in Colorado")
    create.get_by_role("button", name="Create alert").click()

    alert = page.locator("li.alert-item").filter(has_text="Technicians in Colorado")
    alert.wait_for()
    words = alert.locator("dl.search-terms").inner_text()
    assert "“technician”" in words
    assert "remote jobs based elsewhere are not included" in words
    check_screen(page, "alerts-list")

    alert.get_by_role("link", name="Edit").click()
    page.get_by_label("Location").fill("")
    page.get_by_label("Workplace").select_option("remote")
    check_screen(page, "alerts-edit")
    page.get_by_role("button", name="Save alert").click()
    page.get_by_text("Alert saved.").wait_for()
    alert = page.locator("li.alert-item").filter(has_text="Technicians in Colorado")
    assert "Remote only" in alert.inner_text() and "Anywhere" in alert.inner_text()

    alert.get_by_role("link", name="Delete").click()
    page.get_by_role("heading", name="Delete the alert “Technicians in Colorado”?").wait_for()
    check_screen(page, "alerts-delete-confirm")
    page.get_by_role("link", name="Keep it").click()
    page.get_by_role("heading", name="Job alerts").wait_for()
    assert page.locator("li.alert-item").count() == 1
    page.locator("li.alert-item").get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete alert").click()
    page.get_by_text("You have no job alerts yet.").wait_for()
