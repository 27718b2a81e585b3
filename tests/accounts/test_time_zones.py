"""The time zone picker: common zones first under readable names, every zone after, and only
real zones accepted (at registration and on /account)."""

from __future__ import annotations

import re

from portal.accounts.timezones import COMMON_ZONES, is_valid_time_zone, time_zone_names
from tests.conftest import csrf_token, login


def test_common_zones_come_first_with_readable_names(client):
    form = client.get("/register").text
    select = re.search(r'<select[^>]*name="time_zone".*?</select>', form, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["Common time zones", "All time zones"]
    first = re.search(r'<option[^>]*value="([^"]+)"[^>]*>([^<]+)</option>', select)
    assert first.groups() == ("America/New_York", "Eastern Time - New York")
    assert '<option value="America/Denver">Mountain Time - Denver</option>' in select
    assert '<option value="Africa/Abidjan">Africa - Abidjan</option>' in select
    # Each zone is offered once.
    values = re.findall(r'value="([^"]+)"', select)
    assert len(values) == len(set(values)) == len(time_zone_names())


def test_every_common_zone_is_a_real_zone():
    assert all(is_valid_time_zone(name) for name, _ in COMMON_ZONES)


def test_the_account_page_offers_the_browsers_zone_only_while_it_is_the_default(client, make_user):
    user = make_user("zone@example.com")  # starts at UTC
    login(client, user)
    assert "data-detect-time-zone" in client.get("/account").text
    response = client.post(
        "/account",
        data={"csrf_token": csrf_token(client, "/account"), "name": "Zo", "time_zone": "UTC+5"},
    )
    assert "Choose a time zone from the list." in response.text
    client.post(
        "/account",
        data={
            "csrf_token": csrf_token(client, "/account"),
            "name": "Zo",
            "time_zone": "America/Denver",
        },
    )
    page = client.get("/account").text
    assert "data-detect-time-zone" not in page
    assert '<option selected value="America/Denver">Mountain Time - Denver</option>' in page
