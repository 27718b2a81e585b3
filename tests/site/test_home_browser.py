"""The home page and the sitemap page as a visitor uses them, at 1280 and 360 px."""

from __future__ import annotations

import pytest

from tests.browser import WIDTHS, at_width, check_screen

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_search_from_the_home_page_and_find_the_guides(live_server, browser_page, width):
    page = browser_page
    at_width(page, width)
    page.goto(live_server("/"))
    assert page.locator(".home-jobs .job-card").count() > 0
    assert page.get_by_role("heading", name="What Plus adds").is_visible()
    check_screen(page, "home")

    search = page.get_by_role("search", name="Search jobs")
    search.get_by_label("What").fill("technician")
    search.get_by_role("button", name="Search jobs").click()
    page.wait_for_url("**/jobs/?q=technician**")

    page.goto(live_server("/"))
    page.get_by_role("contentinfo").get_by_role("link", name="Sitemap").click()
    page.get_by_role("heading", name="Sitemap").wait_for()
    assert page.get_by_role("link", name="Mental Health Technician").is_visible()
    check_screen(page, "sitemap")
