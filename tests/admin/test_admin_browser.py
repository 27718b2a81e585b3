"""In a real browser: an admin edits a guide section and readers see it on the public page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.accounts.services import create_or_promote_admin
from portal.admin import guides
from portal.careers.models import Guide
from portal.extensions import db
from tests.browser import screenshot

pytestmark = pytest.mark.browser

SLUG = "mental-health-technician"
PASSWORD = "admin of the portal 2026"
NEW_ITEM = "Keep calm through a night shift"


def test_admin_edits_a_guide_section_and_sees_it_on_the_public_page(live_server, browser):
    app = live_server.app
    with app.app_context():
        create_or_promote_admin("browser-admin@example.com", PASSWORD, "Browser Admin")
        guide = db.session.scalar(sa.select(Guide).where(Guide.slug == SLUG))
        guide_id, first_revision = guide.id, guide.revision

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server(f"/careers/{SLUG}"))  # rendered and cached before the edit
        assert NEW_ITEM not in page.inner_text("main")

        page.goto(live_server("/admin/guides"))
        page.get_by_label("Email address").fill("browser-admin@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Career guides").wait_for()
        page.get_by_role("link", name="Mental Health Technician").first.click()

        page.get_by_role("button", name="Add item to Key responsibilities").click()
        rows = page.locator("#section-key_responsibilities .list-item")
        rows.last.get_by_role("textbox").fill(NEW_ITEM)
        page.get_by_role("button", name="Save", exact=True).first.click()
        assert "Saved revision" in page.inner_text(".flashes")
        screenshot(page, "admin-guide-editor")

        page.goto(live_server(f"/careers/{SLUG}"))
        assert NEW_ITEM in page.inner_text("main")
    finally:
        context.close()
        # Other browser tests share this server: put the guide back as it was.
        with app.app_context():
            guide = db.session.get(Guide, guide_id)
            guides.restore(guide, guides.revision(guide, first_revision))
            db.session.commit()
