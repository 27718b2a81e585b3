"""The job search in a real browser, on a desktop and on a phone: search, open the filters, filter,
turn the page; accessible, nothing wider than the screen, and a screenshot of each."""

from __future__ import annotations

import pytest

from tests.billing.test_billing_browser import no_serious_violations
from tests.browser import screenshot

pytestmark = pytest.mark.browser

DASH = "\N{EN DASH}"


def top(locator) -> float:
    return locator.evaluate("element => element.getBoundingClientRect().top + window.scrollY")


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [1280, 360])
def test_search_filter_and_page_through_results(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server("/jobs/"))
    workplace = page.get_by_label("Workplace")
    first_card = page.locator(".job-card").first

    if width < 768:
        # The filters wait behind a toggle, so the first job is on the first screen (it
        # started 960 px down when they filled it).
        assert not workplace.is_visible()
        assert top(first_card) < 700
        page.locator("summary", has_text="Filters").click()
        assert workplace.is_visible()
    else:
        assert workplace.is_visible()
        assert not page.locator("summary", has_text="Filters").is_visible()
        # The keywords box, the place box and the button sit on one line.
        boxes = [page.get_by_label("Keywords"), page.get_by_label("Location")]
        button = page.get_by_role("button", name="Search", exact=True)
        assert abs(top(boxes[0]) - top(boxes[1])) < 1
        assert abs(top(boxes[0]) - top(button)) < 4
    assert fits_the_screen(page)

    workplace.select_option("on-site")
    if width < 768:
        page.get_by_role("button", name="Apply filters").click()
    else:
        page.get_by_role("button", name="Search", exact=True).click()
    assert "workplace=on-site" in page.url
    summary = page.locator(".results-summary").inner_text()
    total = int(summary.split()[0])
    assert total > 20
    assert page.locator(".page-range").inner_text() == f"1{DASH}20 of {total}"
    if width < 768:
        # The filter is on: the toggle says so, and the results still come first.
        assert page.locator("summary").inner_text() == "Filters (1 on)"
        assert top(page.locator(".job-card").first) < 700

    page.get_by_role("link", name="Next page").click()
    assert page.locator(".page-range").inner_text() == f"21{DASH}{min(total, 40)} of {total}"
    assert page.get_by_role("link", name="Previous page").is_visible()
    assert fits_the_screen(page)
    assert no_serious_violations(page) == []
    screenshot(page, f"job-search-{width}px")
    context.close()


def test_the_phone_filters_open_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server("/jobs/?q=technician"))
    assert not page.get_by_label("Job type").is_visible()
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Job type").select_option("full-time")
    page.get_by_role("button", name="Apply filters").click()
    assert "employment_type=full-time" in page.url
    assert page.locator(".job-card").count() > 0
    context.close()
