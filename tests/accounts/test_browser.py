"""A person registers, confirms their address and signs in through the real forms, in Chromium."""

from __future__ import annotations

import pytest

from tests.browser import screenshot

pytestmark = pytest.mark.browser


def test_register_confirm_sign_in_and_out_in_a_browser(live_server, browser_page, mailbox):
    page = browser_page
    page.goto(live_server("/"))
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Register").click()
    assert page.url == live_server("/register")

    # A weak password is explained next to its field, and what was typed stays.
    page.get_by_label("Your name").fill("Florence Nightingale")
    page.get_by_label("Email address").fill("Florence@Example.com")
    page.get_by_label("Password").fill("password1")
    page.get_by_role("button", name="Create account").click()
    error = page.locator("#password-error")
    assert "most commonly used" in error.inner_text()
    assert page.get_by_label("Your name").input_value() == "Florence Nightingale"
    assert page.get_by_label("Password").get_attribute("aria-describedby") == (
        "password-hint password-error"
    )
    screenshot(page, "accounts-register-error")

    page.get_by_label("Password").fill("lady with the lamp 1854")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert "florence@example.com" in page.inner_text("main")
    screenshot(page, "accounts-registered")

    (mail,) = mailbox.wait_for(1)
    link = mail.link("/confirm/")
    assert link.startswith(live_server.url)
    page.goto(link)
    assert page.url == live_server("/login")
    assert "florence@example.com is confirmed" in page.inner_text(".flashes")

    # A wrong password first, then the right one.
    page.get_by_label("Email address").fill("florence@example.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert "do not match an account" in page.get_by_role("alert").inner_text()

    page.get_by_label("Password").fill("lady with the lamp 1854")
    page.get_by_label("Keep me signed in on this device").check()
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your account").wait_for()
    assert page.url == live_server("/account")
    main = page.inner_text("main")
    assert "florence@example.com" in main and "confirmed" in main
    assert "Free" in page.inner_text(".plan-line")
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["session"]["httpOnly"] and cookies["session"]["sameSite"] == "Lax"
    assert cookies["remember_token"]["httpOnly"]
    screenshot(page, "accounts-account-page")

    page.get_by_role("button", name="Sign out").click()
    assert page.url == live_server("/")
    assert "You have signed out" in page.inner_text(".flashes")
    assert (
        page.get_by_role("navigation", name="Account")
        .get_by_role("link", name="Sign in")
        .is_visible()
    )
    page.goto(live_server("/account"))
    assert page.url.startswith(live_server("/login"))


def test_registration_starts_at_the_browsers_time_zone_and_account_fits_a_phone(
    browser, live_server, mailbox
):
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, timezone_id="America/Denver"
    )
    page = context.new_page()
    try:
        page.goto(live_server("/register"))
        assert page.get_by_label("Time zone").input_value() == "America/Denver"
        page.get_by_label("Your name").fill("Mary Breckinridge")
        page.get_by_label("Email address").fill("mary.breckinridge@example.com")
        page.get_by_label("Password").fill("frontier nursing service 1925")
        page.get_by_role("button", name="Create account").click()
        page.get_by_role("heading", name="Check your email").wait_for()
        page.goto(live_server("/login"))
        page.get_by_label("Email address").fill("mary.breckinridge@example.com")
        page.get_by_label("Password").fill("frontier nursing service 1925")
        page.get_by_role("button", name="Sign in").click()

        page.goto(live_server("/account"))
        assert page.get_by_label("Time zone").input_value() == "America/Denver"
        screenshot(page, "accounts-account-phone")
        # Nothing on /account makes a 360 px phone scroll sideways.
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), page.evaluate(OVERFLOWING)
    finally:
        context.close()


# For the failure message: the elements that reach past the right edge.
OVERFLOWING = """
[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 8)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
"""
