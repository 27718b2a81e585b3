"""A new job seeker builds, imports and shares a resume in a real browser, at laptop and phone
widths: every screen passes axe-core with nothing serious, fits a 360 px screen, and leaves a
screenshot in test-artifacts/."""

from __future__ import annotations

import json

import pytest

from tests.billing.test_billing_browser import no_serious_violations
from tests.browser import screenshot
from tests.resumes.conftest import DATA
from tests.tracker.test_tracker_browser import sign_up

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}


def fits(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def check(page, name: str) -> None:
    assert no_serious_violations(page) == [], name
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    assert fits(page), f"{name} scrolls sideways at 360 px"
    screenshot(page, f"{name}-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_build_import_share_and_go_anonymous_in_a_browser(live_server, browser_page, tmp_path):
    page = browser_page
    sign_up(page, live_server, "dana.browser@example.com")

    page.goto(live_server("/resume"))
    assert page.get_by_role("heading", name="Your resume", exact=True).is_visible()
    page.get_by_role("link", name="Edit your details").click()
    page.get_by_label("Full name").fill("Dana Reyes")
    page.get_by_label("Headline").fill("Mental Health Technician")
    page.get_by_label("State or region").fill("Colorado")
    page.get_by_role("button", name="Save details").click()
    check(page, "resume-editor")

    page.get_by_role("link", name="Add a job").click()
    check(page, "resume-entry-form")
    page.get_by_label("Job title").fill("Mental Health Technician")
    page.get_by_label("Employer", exact=True).fill("Riverbend Behavioral Health Hospital")
    page.get_by_label("About the employer").fill("A psychiatric hospital in Colorado")
    page.get_by_label("Start date").fill("2022-03")
    page.get_by_label("Highlights").fill("Led daily group activities\nCrisis de-escalation")
    page.get_by_role("button", name="Save").click()
    preview = page.locator(".resume-preview")
    assert "Riverbend Behavioral Health Hospital" in preview.inner_text()
    assert "Mar 2022 \u2013 Present" in preview.inner_text()

    # Import the JSON Resume sample, check the draft, and use it.
    sample = tmp_path / "sample.resume.json"
    sample.write_text((DATA / "sample.resume.json").read_text("utf-8"))
    page.get_by_label("A JSON Resume file").set_input_files(str(sample))
    page.get_by_role("button", name="Read the file").click()
    assert page.get_by_role("heading", name="Check what we read from your file").is_visible()
    check(page, "resume-import-review")
    page.get_by_role("button", name="Replace my resume with this").click()
    assert "Richard Hendriks" in page.locator(".resume-preview").inner_text()

    # Share by link, anonymously, and look at it as a visitor would.
    page.get_by_label("Anyone with the link").check()
    page.get_by_label("Anonymous: hide my name").check()
    page.get_by_role("button", name="Save sharing settings").click()
    address = page.locator("a.resume-share-url").get_attribute("href")
    visitor = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        shared = visitor.new_page()
        shared.goto(live_server(address))
        text = shared.locator("main").inner_text()
        assert "Richard Hendriks" not in text and "Anonymous candidate" in text
        assert json.loads(shared.evaluate("JSON.stringify(document.title)")).startswith(
            "Anonymous candidate"
        )
        check(shared, "resume-shared-anonymous")
    finally:
        visitor.close()
