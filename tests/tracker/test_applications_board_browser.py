"""The applications board as a person uses it, at 1280 and 360 px: add a job applied to
elsewhere, change its status in place, and remove it after confirming."""

from __future__ import annotations

import pytest

from tests.browser import WIDTHS, at_width, check_screen
from tests.tracker.test_tracker_browser import sign_up

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_add_an_outside_application_move_it_on_and_remove_it(live_server, browser_page, width):
    page = browser_page
    at_width(page, width)
    sign_up(page, live_server, f"board.{width}@example.com")

    page.goto(live_server("/applications"))
    check_screen(page, "applications-empty")
    page.get_by_role("link", name="Add an application").click()
    page.get_by_label("Job title").fill("Night Support Worker")
    page.get_by_label("Company").fill("Harbour House")
    page.get_by_label("Link to the job (optional)").fill("https://harbour.example.org/jobs/9")
    check_screen(page, "applications-add")
    page.get_by_role("button", name="Add application").click()

    applied = page.get_by_role("region", name="Applied (1)")
    applied.get_by_role("link", name="Night Support Worker", exact=True).wait_for()
    check_screen(page, "applications-board")

    applied.get_by_label("Status of Night Support Worker").select_option("interviewing")
    applied.get_by_role("button", name="Save Night Support Worker").click()
    interviewing = page.get_by_role("region", name="Interviewing (1)")
    interviewing.get_by_text("Harbour House").wait_for()

    interviewing.get_by_role("link", name="Remove Night Support Worker").click()
    check_screen(page, "applications-remove-confirm")
    page.get_by_role("button", name="Remove application").click()
    page.wait_for_load_state()
    assert "Removed Night Support Worker from your applications." in page.content()
    assert page.locator("li.application").count() == 0
