"""The admin screens in a real browser, at a laptop's 1280 px and a phone's 360 px: the Admin
link, every admin table, the guide editor's list rows, the history's comparison and the audit
log's diff. Each page is checked with axe-core (nothing serious or critical), must not scroll
sideways, and leaves a screenshot per width in test-artifacts/."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from portal.accounts.services import create_or_promote_admin
from portal.admin import guides
from portal.careers.models import Guide
from portal.extensions import db
from tests.browser import screenshot

pytestmark = pytest.mark.browser

SLUG = "mental-health-technician"
EMAIL, PASSWORD = "screens-admin@example.com", "admin of the portal 2026"
WIDTHS = (1280, 360)

# Every admin page with a table, by the name its screenshot gets.
TABLE_PAGES = {
    "dashboard": "/admin/",
    "guides": "/admin/guides",
    "plans": "/admin/plans",
    "users": "/admin/users",
    "employers": "/admin/employers",
    "reports": "/admin/reports",
    "jobs": "/admin/jobs",
    "job-imports": "/admin/jobs/imports",
    "ads": "/admin/ads",
    "billing-events": "/admin/billing/events",
    "audit": "/admin/audit",
}


def assert_no_sideways_scroll(page) -> None:
    """Nothing on the page is wider than the window: no horizontal scrollbar."""
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in {widths[1]} px"


def assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == [], page.url


def check(page, name: str, width: int) -> None:
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, f"admin-{name}-{width}px")


def check_with_javascript(browser, page, name: str, width: int) -> None:
    """axe-core runs as a script: check a page seen without JavaScript in a second window
    signed in as the same admin."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, storage_state=page.context.storage_state()
    )
    try:
        other = context.new_page()
        other.goto(page.url)
        check(other, name, width)
    finally:
        context.close()


@contextmanager
def admin_page(browser, live_server, width: int, javascript: bool = True):
    with live_server.app.app_context():
        create_or_promote_admin(EMAIL, PASSWORD, "Screens Admin")
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(live_server("/login"))
        page.get_by_label("Email address").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        yield page
    finally:
        context.close()


@contextmanager
def guide_put_back(live_server):
    """Other browser tests share the server: leave the guide as it was."""
    with live_server.app.app_context():
        guide = db.session.scalar(sa.select(Guide).where(Guide.slug == SLUG))
        guide_id, revision = guide.id, guide.revision
    try:
        yield guide_id
    finally:
        with live_server.app.app_context():
            guide = db.session.get(Guide, guide_id)
            guides.restore(guide, guides.revision(guide, revision))
            db.session.commit()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_admin_finds_the_admin_from_the_header_and_reads_every_table(
    browser, live_server, width
):
    with admin_page(browser, live_server, width) as page:
        page.goto(live_server("/careers/"))
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
        page.get_by_role("heading", name="Dashboard").wait_for()
        for name, path in TABLE_PAGES.items():
            page.goto(live_server(path))
            assert page.locator("main h1").count() == 1, path
            check(page, name, width)
        # Find an account and open it: the user's page has its own table.
        page.goto(live_server("/admin/users"))
        page.get_by_label("Email or name").fill("screens-admin")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name=EMAIL).click()
        page.get_by_role("heading", name=f"Screens Admin <{EMAIL}>").wait_for()
        check(page, "user-detail", width)
        if width == 360:
            # On a phone a table row is a card: each cell under its column's name.
            page.goto(live_server("/admin/users"))
            cell = page.locator(".admin-table td[data-label='Email']").first
            label = cell.evaluate("td => getComputedStyle(td, '::before').content")
            assert label == '"Email"'


def test_people_who_are_not_admins_see_no_admin_link(browser_page, live_server):
    browser_page.goto(live_server("/careers/"))
    assert browser_page.get_by_role("link", name="Admin", exact=True).count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_an_admin_adds_and_moves_an_faq_item_without_javascript(browser, live_server, width):
    question = f"Can I train on the job? ({width})"
    with (
        guide_put_back(live_server) as guide_id,
        admin_page(browser, live_server, width, javascript=False) as page,
    ):
        page.goto(live_server(f"/admin/guides/{guide_id}"))
        faq = page.locator("#section-faq")
        count = faq.locator(".list-item").count()
        page.get_by_role("button", name="Add item to FAQ").click()
        new_item = page.locator(f"#faq-item-{count}")
        new_item.get_by_label("Question").fill(question)
        new_item.get_by_label("Answer").fill("Many employers train new technicians on the job.")
        page.get_by_role("button", name=f"Move up item {count + 1} of FAQ").click()
        moved = page.locator(f"#faq-item-{count - 1}")
        assert moved.get_by_label("Question").input_value() == question
        assert_no_sideways_scroll(page)

        page.get_by_role("button", name="Save", exact=True).first.click()
        assert "Saved revision" in page.inner_text(".flashes")
        assert page.locator(f"#faq-item-{count - 1}").get_by_label("Question").input_value() == (
            question
        )
        check_with_javascript(browser, page, "guide-editor", width)
        page.goto(live_server(f"/careers/{SLUG}"))
        assert question in page.inner_text("main")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_admin_compares_two_revisions_and_reads_the_edit_in_the_audit_log(
    browser, live_server, width
):
    with guide_put_back(live_server) as guide_id, admin_page(browser, live_server, width) as page:
        page.goto(live_server(f"/admin/guides/{guide_id}"))
        summary = page.locator("#summary")
        summary.fill(summary.input_value() + " It's steady work.")
        page.get_by_role("button", name="Save", exact=True).first.click()
        revision = int(page.inner_text(".flashes").split("revision ")[1].rstrip("."))

        page.goto(live_server(f"/admin/guides/{guide_id}/revisions"))
        newest = page.locator(".admin-table tbody tr").first
        assert EMAIL in newest.inner_text() and "Summary" in newest.inner_text()
        page.get_by_label("Revision", exact=True).select_option(str(revision - 1))
        page.get_by_label("with revision").select_option(str(revision))
        page.get_by_role("button", name="Compare").click()
        changes = page.locator("#changes")
        assert (
            f"Changes from revision {revision - 1} to revision {revision}" in changes.inner_text()
        )
        assert "It's steady work." in changes.locator("ins").inner_text()
        check(page, "guide-history", width)

        page.goto(live_server("/admin/audit?action=guide.edit"))
        entry = page.locator(".audit-table tbody tr").first
        entry.locator("summary").click()
        diff = entry.locator(".diff")
        assert "Summary" in diff.inner_text() and "It's steady work." in diff.inner_text()
        assert "\\u0027" not in page.content()
        check(page, "audit-log", width)
