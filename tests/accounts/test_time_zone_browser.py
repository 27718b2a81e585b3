"""The time zone at registration, in a browser set to Denver: detected, named readably, kept."""

from __future__ import annotations

import pytest

from tests.browser import WIDTHS, check_screen

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_registration_detects_the_browsers_zone_and_names_it(browser, live_server, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, timezone_id="America/Denver"
    )
    page = context.new_page()
    try:
        page.goto(live_server("/register"))
        zone = page.get_by_label("Time zone")
        assert zone.input_value() == "America/Denver"
        assert "Set from your browser: Mountain Time - Denver." in page.content()
        check_screen(page, "register-time-zone")
    finally:
        context.close()
