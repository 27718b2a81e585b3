"""The installable app in Chromium: the manifest as Chromium reads it, the worker in control,
pages read offline with the saved-copy banner, the personal pages dropped on sign-out, and a
push subscription that round-trips through the sending run to a push service on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import sqlalchemy as sa

from portal import clock
from portal.accounts.models import User
from portal.alerts import push, sending, services
from portal.extensions import db
from portal.jobs.models import JobPosting
from tests.billing.test_billing_browser import no_serious_violations
from tests.browser import screenshot
from tests.jobs.factories import add_postings, record
from tests.push_service import BrowserKeys, PushService
from tests.tracker.test_tracker_browser import sign_up

pytestmark = pytest.mark.browser

GUIDE = "/careers/mental-health-technician"
CACHED_URLS = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    found[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
  }
  return found;
}"""


def until(page, script: str, timeout: float = 10.0):
    """Poll `script` (an async function) in the page until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"still false after {timeout}s: {script}")


def controlled(page, live_server) -> None:
    """The first visit installs the worker; it takes the page over as it activates."""
    page.goto(live_server("/"))
    script = until(page, "() => navigator.serviceWorker.controller?.scriptURL")
    assert script == live_server("/sw.js")


def kept(page, path: str, cache_prefix: str) -> None:
    until(
        page,
        f"""async () => {{
          const names = (await caches.keys()).filter((n) => n.startsWith({cache_prefix!r}));
          for (const name of names) {{
            if (await (await caches.open(name)).match({path!r})) return true;
          }}
          return false;
        }}""",
    )


def test_chromium_reads_the_manifest_without_errors(live_server, browser_page):
    page = browser_page
    page.goto(live_server("/"))
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == live_server("/manifest.webmanifest")
    assert manifest["errors"] == []
    icons = page.evaluate(
        """async () => {
          const manifest = await (await fetch("/manifest.webmanifest")).json();
          const found = [];
          for (const icon of manifest.icons) {
            const bitmap = await createImageBitmap(await (await fetch(icon.src)).blob());
            found.push([icon.sizes, `${bitmap.width}x${bitmap.height}`, icon.purpose]);
          }
          return found;
        }"""
    )
    for declared, real, _ in icons:
        assert declared == real
    assert {"192x192", "512x512"} <= {declared for declared, _, _ in icons}
    assert "maskable" in {purpose for _, _, purpose in icons}


def test_a_visited_guide_reads_offline_and_an_unvisited_page_says_offline(
    live_server, browser_page
):
    page = browser_page
    controlled(page, live_server)
    page.goto(live_server(GUIDE))
    title = page.locator("h1").first.inner_text()
    kept(page, GUIDE, "pages-public")
    assert page.locator(".saved-copy").count() == 0  # online: the page as it is

    page.context.set_offline(True)
    try:
        page.reload()
        assert page.locator("h1").first.inner_text() == title
        banner = page.locator(".saved-copy")
        assert banner.inner_text().startswith("Saved copy from ")
        assert banner.locator("time").get_attribute("datetime")
        assert no_serious_violations(page) == []
        screenshot(page, "webapp-guide-offline")

        page.goto(live_server("/careers/no-such-guide-visited"))
        assert page.locator("h1").inner_text() == "You are offline"
        screenshot(page, "webapp-offline-page")
    finally:
        page.context.set_offline(False)


def test_bookmarks_read_offline_then_signing_out_drops_every_personal_page(
    live_server, browser_page
):
    page = browser_page
    controlled(page, live_server)
    sign_up(page, live_server, "offline.reader@example.com")
    for path in ("/bookmarks", "/applications", GUIDE):
        page.goto(live_server(path))
        kept(page, path, "pages-personal-")

    page.context.set_offline(True)
    try:
        page.goto(live_server("/bookmarks"))
        assert "Saved copy from" in page.locator(".saved-copy").inner_text()
        assert page.get_by_role("button", name="Sign out").count() == 1
    finally:
        page.context.set_offline(False)

    page.goto(live_server("/bookmarks"))
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(live_server("/"))
    assert "You have signed out" in page.content()
    # Null while a personal cache is still there (the worker drops it as the sign-out passes).
    no_personal_cache = (
        "return Object.keys(found).some((n) => n.includes('personal')) ? null : found;"
    )
    cached = until(page, CACHED_URLS.replace("return found;", no_personal_cache))
    everything = [path for paths in cached.values() for path in paths]
    assert "/bookmarks" not in everything and "/applications" not in everything

    # Offline now, the bookmarks are not there for whoever uses the browser next.
    page.context.set_offline(True)
    try:
        page.goto(live_server("/bookmarks"))
        assert page.locator("h1").inner_text() == "You are offline"
    finally:
        page.context.set_offline(False)


# -- Push -----------------------------------------------------------------------------------

FAKE_PUSH_MANAGER = """
(() => {
  // Headless Chromium here cannot reach a real push service: the subscription the browser
  // would get is replaced by one for the test's push service, with the test's keys.
  const made = %s;
  let current = null;
  const subscription = {
    endpoint: made.endpoint,
    toJSON: () => ({ endpoint: made.endpoint, expirationTime: null, keys: made.keys }),
    unsubscribe: async () => { current = null; return true; },
  };
  PushManager.prototype.subscribe = async function (options) {
    if (!options || !options.userVisibleOnly || !options.applicationServerKey) {
      throw new Error("bad options");
    }
    window.__applicationServerKey = Array.from(new Uint8Array(options.applicationServerKey));
    current = subscription;
    return current;
  };
  PushManager.prototype.getSubscription = async function () { return current; };
})();
"""


@pytest.fixture
def push_service(live_server, monkeypatch, runner_keys):
    service = PushService().start()
    config = live_server.app.config
    for name, value in runner_keys.items():
        monkeypatch.setitem(config, name, value)
    monkeypatch.setitem(config, "PUSH_SERVICE_HOSTS", (*config["PUSH_SERVICE_HOSTS"], "127.0.0.1"))
    yield service
    service.stop()


@pytest.fixture
def runner_keys(live_server):
    from tests.push_service import vapid_keys

    return vapid_keys(live_server.app.test_cli_runner())


def test_a_push_subscription_round_trips(live_server, browser, push_service, runner_keys):
    import json

    browser_keys = BrowserKeys()
    made = {
        "endpoint": push_service.endpoint("chromium"),
        "keys": {"p256dh": browser_keys.p256dh, "auth": browser_keys.auth},
    }
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.grant_permissions(["notifications"], origin=live_server.url)
        context.add_init_script(FAKE_PUSH_MANAGER % json.dumps(made))
        page = context.new_page()
        controlled(page, live_server)
        sign_up(page, live_server, "push.reader@example.com")

        page.goto(live_server("/alerts"))
        page.get_by_role("button", name="Turn on notifications on this device").click()
        status = page.locator("[data-push-status]")
        status.filter(has_text="Notifications are on for this device.").wait_for()
        assert page.get_by_role("button", name="Turn off notifications on this device").is_visible()
        assert no_serious_violations(page) == []
        screenshot(page, "webapp-alerts-notifications-on")
        # The browser was given the operator's public key.
        from tests.push_service import unb64url

        given = bytes(page.evaluate("window.__applicationServerKey"))
        assert given == unb64url(runner_keys["VAPID_PUBLIC_KEY"])

        with live_server.app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == "push.reader@example.com"))
            user.email_confirmed_at = clock.now()
            db.session.commit()
            assert push.device_count(user.id) == 1
            services.create_alert(
                user, "Technician jobs", {"q": "technician"}, now=dt.datetime(2026, 12, 1, 9)
            )
            received(dt.datetime(2026, 12, 2, 10), 2)
            summary = sending.send_due(dt.datetime(2026, 12, 8, 12))
            assert (summary.sent, summary.pushed) == (1, 1)
            assert sending.send_due(dt.datetime(2026, 12, 8, 12)).pushed == 0

            (notification,) = push_service.received
            payload = browser_keys.read(notification)
            assert payload["count"] == 2
            assert payload["title"] == "2 new jobs for “Technician jobs”"
            assert "q=technician" in payload["url"] and "sort=date" in payload["url"]

            # The browser's subscription has ended: the push service answers 410.
            push_service.status = 410
            received(dt.datetime(2026, 12, 9, 10), 1)
            summary = sending.send_due(dt.datetime(2026, 12, 15, 12))
            assert (summary.sent, summary.pushed) == (1, 0)
            assert len(push_service.received) == 2
            assert push.device_count(user.id) == 0

        page.reload()
        assert page.locator("[data-push-status]").inner_text() == "Notifications are off."
    finally:
        context.close()


def received(when: dt.datetime, count: int) -> None:
    postings = add_postings(
        *(record(title=f"Mental Health Technician {when:%d}{n}") for n in range(count))
    )
    db.session.execute(
        sa.update(JobPosting)
        .where(JobPosting.id.in_([p.id for p in postings]))
        .values(received_at=when)
    )
    db.session.commit()
