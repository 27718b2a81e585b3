"""Every page reachable without parameters, as a visitor, a signed-in user and an admin, at
360 px: none may scroll sideways (issue 21: "No page has a horizontal scrollbar at 360 px")."""

from __future__ import annotations

import pytest

from portal.accounts.services import create_or_promote_admin
from tests.browser import has_no_sideways_scroll, widest_elements
from tests.test_access_map import ACCESS

pytestmark = pytest.mark.browser

PASSWORD = "a crawl of every page 2026"


# The admin tables, which the admin screens' own work makes usable on a phone (issue 21, "Admin
# screens"); once that is merged this set is emptied, and the crawl holds them too.
def pages_without_parameters(app) -> list[str]:
    """The GET routes of the access map that take no values: every one a person can open."""
    rules = {rule.rule: rule for rule in app.url_map.iter_rules()}
    return sorted(
        path
        for path in ACCESS
        if "<" not in path and path in rules and "GET" in (rules[path].methods or ())
    )


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def too_wide(page, live_server, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = page.request.get(live_server(path), max_redirects=5)
        if "text/html" not in response.headers.get("content-type", ""):
            continue  # feeds, robots.txt, files to download: no page to scroll
        page.goto(live_server(path))
        if not has_no_sideways_scroll(page):
            found[page.url] = widest_elements(page)
    return found


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server):
    app = live_server.app
    with app.app_context():
        create_or_promote_admin("crawl-admin@example.com", PASSWORD, "Crawl Admin")
        create_or_promote_admin("crawl-user@example.com", PASSWORD, "Crawl User")
        from portal.accounts.models import Role, User
        from portal.extensions import db

        user = db.session.query(User).filter_by(email="crawl-user@example.com").one()
        user.role = Role.USER
        db.session.commit()
    paths = pages_without_parameters(app)
    assert len(paths) > 30  # the map was read

    found = {}
    for who in ("visitor", "crawl-user@example.com", "crawl-admin@example.com"):
        context = browser.new_context(viewport={"width": 360, "height": 780})
        page = context.new_page()
        try:
            if who != "visitor":
                sign_in(page, live_server, who)
            # Signing out would end the crawl's own session: it is the last page to visit.
            wide = too_wide(page, live_server, [p for p in paths if p != "/logout"])
            found.update({f"{who} {url}": elements for url, elements in wide.items()})
        finally:
            context.close()
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
