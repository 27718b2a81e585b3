"""The guide page's layout, at 1280 and 360 px: the bookmark under the title, the salary chart's
text at least 12 px, the contents sticky in the right column on a desktop, the ad no wider than
the text; and the job page's share links and ad."""

from __future__ import annotations

import pytest

from tests.browser import WIDTHS, at_width, check_screen

pytestmark = pytest.mark.browser

GUIDE_PATH = "/careers/mental-health-technician"


@pytest.mark.parametrize("width", WIDTHS)
def test_guide_layout_at_both_widths(live_server, browser_page, width):
    page = browser_page
    at_width(page, width)
    page.goto(live_server(GUIDE_PATH))
    check_screen(page, "guide-layout")

    # The bookmark sits under the title, not above the breadcrumb.
    title_bottom = page.locator("#guide-title").bounding_box()["y"]
    assert page.locator(".guide-bookmark").bounding_box()["y"] > title_bottom

    sizes = page.eval_on_selector_all(
        ".salary-chart .bar-label, .salary-chart .bar-value",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
    )
    assert len(sizes) == 10 and min(sizes) >= 12
    assert page.locator(".salary-range").inner_text().startswith("$")

    text_column = page.locator("article.guide").bounding_box()["width"]
    assert page.locator("[data-ad-slot]").bounding_box()["width"] <= text_column

    side = page.get_by_role("navigation", name="On this page")
    if width >= 1200:
        assert "toc-side" in side.get_attribute("class")
        page.mouse.wheel(0, 6000)
        page.wait_for_timeout(200)
        top = side.bounding_box()["y"]
        assert 0 <= top <= 40  # still in view, at the top, after scrolling far down
    else:
        assert "toc-inline" in side.get_attribute("class")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_job_page_offers_sharing_and_keeps_the_ad_in_the_text_column(
    live_server, browser_page, width
):
    page = browser_page
    at_width(page, width)
    page.goto(live_server("/jobs/?q=technician"))
    page.locator(".job-card-title a").first.click()
    share = page.get_by_role("region", name="Share this job")
    share.get_by_role("link", name="LinkedIn").wait_for()
    assert share.get_by_role("link", name="Copy link").get_attribute("href").startswith("http")
    text_column = page.locator("article.job-posting").bounding_box()["width"]
    assert page.locator("[data-ad-slot]").bounding_box()["width"] <= text_column
    check_screen(page, "job-posting")
