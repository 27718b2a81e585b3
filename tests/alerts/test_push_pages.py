"""Turning notifications on and off from /alerts, with CSRF on."""

from __future__ import annotations

import re

import pytest

from portal.alerts import push
from tests.conftest import csrf_token, login
from tests.push_service import BrowserKeys, vapid_keys

PHONE = "https://fcm.googleapis.com/fcm/send/phone-1"


@pytest.fixture
def keys(app, runner, monkeypatch):
    made = vapid_keys(runner)
    for name, value in made.items():
        monkeypatch.setitem(app.config, name, value)
    return made


def subscription(endpoint: str = PHONE) -> dict:
    browser = BrowserKeys()
    return {"endpoint": endpoint, "keys": {"p256dh": browser.p256dh, "auth": browser.auth}}


def page_token(client) -> str:
    page = client.get("/alerts").get_data(as_text=True)
    return re.search(r'data-csrf="([^"]+)"', page).group(1)


def test_the_alerts_page_offers_notifications_with_the_public_key(client, make_user, keys):
    login(client, make_user())
    page = client.get("/alerts").get_data(as_text=True)
    assert f'data-key="{keys["VAPID_PUBLIC_KEY"]}"' in page
    assert "Turn on notifications on this device" in page
    assert "Notifications are off." in page
    assert "/static/js/push.js" in page


def test_a_browser_subscribes_and_unsubscribes(client, make_user, keys):
    user = make_user()
    login(client, user)
    token = page_token(client)

    response = client.post(
        "/alerts/push/subscribe", json=subscription(), headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201 and response.json == {"devices": 1}
    # Sent again (the page reloaded), it is still one device.
    client.post("/alerts/push/subscribe", json=subscription(), headers={"X-CSRFToken": token})
    assert push.device_count(user.id) == 1
    assert "Notifications are on for 1 device." in client.get("/alerts").get_data(as_text=True)

    response = client.post(
        "/alerts/push/unsubscribe", json={"endpoint": PHONE}, headers={"X-CSRFToken": token}
    )
    assert response.json == {"devices": 0}


def test_without_the_csrf_token_nothing_is_stored(client, make_user, keys):
    user = make_user()
    login(client, user)
    response = client.post("/alerts/push/subscribe", json=subscription())
    assert response.status_code == 400
    assert push.device_count(user.id) == 0


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://169.254.169.254/latest/meta-data",  # not a push service: the server would post
        "https://evil.example/fcm.googleapis.com",
        "http://fcm.googleapis.com/fcm/send/x",  # not https
        "",
        12345,
    ],
)
def test_an_endpoint_that_is_not_a_push_service_is_refused(client, make_user, keys, endpoint):
    user = make_user()
    login(client, user)
    response = client.post(
        "/alerts/push/subscribe",
        json=subscription(endpoint),
        headers={"X-CSRFToken": page_token(client)},
    )
    assert response.status_code == 400 and "push service" in response.json["error"]
    assert push.device_count(user.id) == 0


def test_bad_json_is_a_clear_400(client, make_user, keys):
    login(client, make_user())
    response = client.post(
        "/alerts/push/subscribe",
        data="not json",
        content_type="application/json",
        headers={"X-CSRFToken": page_token(client)},
    )
    assert response.status_code == 400 and response.json["error"]


def test_a_browser_moves_to_whoever_subscribes_it_last(client, make_user, keys):
    first, second = make_user(), make_user()
    for person in (first, second):
        login(client, person)
        client.post(
            "/alerts/push/subscribe",
            json=subscription(),
            headers={"X-CSRFToken": page_token(client)},
        )
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert (push.device_count(first.id), push.device_count(second.id)) == (0, 1)


def test_the_form_turns_notifications_off_everywhere_without_javascript(client, make_user, keys):
    user = make_user()
    push.subscribe(user.id, PHONE, **subscription()["keys"])
    push.subscribe(user.id, PHONE + "-tablet", **subscription()["keys"])
    login(client, user)
    page = client.get("/alerts").get_data(as_text=True)
    assert "Notifications are on for 2 devices." in page
    response = client.post(
        "/alerts/push/unsubscribe", data={"csrf_token": csrf_token(client, "/alerts")}
    )
    assert response.status_code == 303
    assert push.device_count(user.id) == 0
    assert "Notifications are off on all your devices." in client.get("/alerts").get_data(
        as_text=True
    )


def test_without_keys_the_routes_are_not_there(client, make_user):
    login(client, make_user())
    token = csrf_token(client, "/alerts")
    response = client.post(
        "/alerts/push/subscribe", json=subscription(), headers={"X-CSRFToken": token}
    )
    assert response.status_code == 404
