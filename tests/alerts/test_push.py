"""Job alerts by push: pushed by the sending run after the digest mail, once per digest and
browser, to a real push endpoint on 127.0.0.1, and read back with the browser's keys."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal import clock
from portal.alerts import push
from portal.alerts.push_models import PushDelivery, PushStatus, PushSubscription
from portal.extensions import db
from tests.alerts.conftest import SITE_URL, make_alert, received, send
from tests.conftest import login
from tests.push_service import BrowserKeys, PushService, unb64url, vapid_keys

NURSE = {"q": "nurse", "location": "Denver"}


@pytest.fixture
def push_service():
    service = PushService().start()
    yield service
    service.stop()


@pytest.fixture
def keys(app, runner, monkeypatch, push_service):
    """Push set up as an operator would: keys from `flask webapp vapid-keys`."""
    made = vapid_keys(runner)
    for name, value in made.items():
        monkeypatch.setitem(app.config, name, value)
    hosts = (*app.config["PUSH_SERVICE_HOSTS"], push_service.host)
    monkeypatch.setitem(app.config, "PUSH_SERVICE_HOSTS", hosts)
    return made


def subscribed(user, service: PushService, name: str = "phone") -> BrowserKeys:
    browser = BrowserKeys()
    push.subscribe(user.id, service.endpoint(name), browser.p256dh, browser.auth)
    return browser


def alert_with_new_jobs(user, count: int = 2):
    alert = make_alert(user, NURSE, created="2026-12-01 09:00", name="Denver nurses")
    for number in range(count):
        received("2026-12-02 10:00", title=f"Night Nurse {number}")
    return alert


def test_a_digest_is_pushed_once_with_its_count_and_a_link(make_user, mailbox, keys, push_service):
    user = make_user("pushed@example.com")
    phone, laptop = subscribed(user, push_service), subscribed(user, push_service, "laptop")
    alert_with_new_jobs(user, count=3)

    summary = send("2026-12-07 08:00")

    assert summary.line() == "due 1, sent 1, empty 0, failed 0, pushed 2"
    assert mailbox.last_to("pushed@example.com").subject == "3 new jobs for “Denver nurses”"
    by_path = {one.path: one for one in push_service.received}
    assert set(by_path) == {"/push/phone", "/push/laptop"}
    for browser, path in ((phone, "/push/phone"), (laptop, "/push/laptop")):
        notification = browser.read(by_path[path])
        assert notification["title"] == "3 new jobs for “Denver nurses”"
        assert notification["count"] == 3
        assert notification["url"].startswith(f"{SITE_URL}/jobs/?")
        assert "q=nurse" in notification["url"] and "sort=date" in notification["url"]
    # Signed with the operator's key, for this push service (RFC 8292).
    authorization = by_path["/push/phone"].headers["authorization"]
    assert authorization.startswith("vapid t=")
    assert f"k={keys['VAPID_PUBLIC_KEY']}" in authorization
    assert by_path["/push/phone"].headers["content-encoding"] == "aes128gcm"

    # Run again at once, and later with nothing new: no second push.
    assert send("2026-12-07 08:00").pushed == 0
    assert send("2026-12-14 08:00").pushed == 0
    assert len(push_service.received) == 2
    rows = db.session.scalars(sa.select(PushDelivery)).all()
    assert [row.status for row in rows] == [PushStatus.SENT, PushStatus.SENT]


@pytest.mark.parametrize("answer", [404, 410])
def test_a_subscription_the_push_service_says_is_gone_is_removed(
    make_user, mailbox, keys, push_service, answer
):
    user = make_user()
    subscribed(user, push_service)
    alert_with_new_jobs(user)
    push_service.status = answer

    summary = send("2026-12-07 08:00")

    assert summary.sent == 1 and summary.pushed == 0  # the mail went all the same
    assert len(push_service.received) == 1
    assert push.device_count(user.id) == 0
    assert db.session.scalars(sa.select(PushDelivery)).all() == []


def test_a_refused_push_is_tried_again_by_the_next_run_and_then_not_again(
    make_user, mailbox, keys, push_service
):
    user = make_user()
    phone = subscribed(user, push_service)
    alert_with_new_jobs(user)
    push_service.status = 503

    assert send("2026-12-07 08:00").pushed == 0
    assert push.device_count(user.id) == 1
    row = db.session.scalar(sa.select(PushDelivery))
    assert (row.status, row.attempts) == (PushStatus.FAILED, 1)

    push_service.status = 201
    clock.set_now(clock.now() + dt.timedelta(minutes=15))
    assert send("2026-12-07 08:15").pushed == 1
    clock.set_now(clock.now() + dt.timedelta(minutes=15))
    assert send("2026-12-07 08:30").pushed == 0
    assert len(push_service.received) == 2
    assert phone.read(push_service.received[-1])["count"] == 2


def test_a_push_another_run_holds_is_left_to_it_until_its_claim_runs_out(
    app, make_user, mailbox, keys, push_service
):
    user = make_user()
    subscribed(user, push_service)
    alert_with_new_jobs(user)
    push_service.status = 503  # the first run fails, so a row exists; make it another's claim
    send("2026-12-07 08:00")
    db.session.execute(
        sa.update(PushDelivery).values(status=PushStatus.CLAIMED, claimed_at=clock.now())
    )
    db.session.commit()
    push_service.status = 201

    assert send("2026-12-07 08:15").pushed == 0  # the other run is still at it

    lease = app.config.get("ALERTS_CLAIM_SECONDS", 300)
    clock.set_now(clock.now() + dt.timedelta(seconds=lease + 1))
    assert send("2026-12-07 08:30").pushed == 1  # it died: taken over


def test_no_keys_no_push_and_no_notifications_section(make_user, mailbox, client, push_service):
    user = make_user()
    # A subscription stored while push was set up; the keys have gone since.
    db.session.add(
        PushSubscription(
            user_id=user.id, endpoint=push_service.endpoint("old"), p256dh="x", auth="y"
        )
    )
    db.session.commit()
    alert_with_new_jobs(user)

    summary = send("2026-12-07 08:00")

    assert summary.line() == "due 1, sent 1, empty 0, failed 0"
    assert push_service.received == []
    login(client, user)
    page = client.get("/alerts").get_data(as_text=True)
    assert "Notifications" not in page and "push.js" not in page


def test_a_digest_sent_before_the_browser_subscribed_is_not_pushed(
    make_user, mailbox, keys, push_service
):
    user = make_user()
    alert_with_new_jobs(user)
    assert send("2026-12-07 08:00").sent == 1
    clock.set_now(clock.now() + dt.timedelta(minutes=5))
    subscribed(user, push_service)
    assert send("2026-12-07 08:15").pushed == 0
    assert push_service.received == []


def test_the_browser_keys_round_trip(keys):
    # The public key is the uncompressed P-256 point a browser's pushManager.subscribe wants.
    assert len(unb64url(keys["VAPID_PUBLIC_KEY"])) == 65
    assert unb64url(keys["VAPID_PUBLIC_KEY"])[0] == 4
    assert len(unb64url(keys["VAPID_PRIVATE_KEY"])) == 32
