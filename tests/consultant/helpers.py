"""Consultant test helpers: fixtures that make a consultant and a Plus member, and page
helpers that go through the real forms with CSRF on."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal import clock
from portal.billing.services import grant_complimentary
from portal.consultant import roster
from portal.extensions import db
from tests.conftest import csrf_token


@pytest.fixture
def make_consultant(make_user):
    """make_consultant(name=..., time_zone=..., capacity=...): an account with the role."""

    def make(name: str = "Casey Consultant", time_zone: str = "America/New_York", **kwargs):
        capacity = kwargs.pop("capacity", None)
        user = make_user(name=name, time_zone=time_zone, **kwargs)
        roster.grant(user, capacity)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_member(make_user):
    """make_member(...): an account with Plus (complimentary, for a year)."""

    def make(**kwargs):
        user = make_user(**kwargs)
        grant_complimentary(user.id, "plus", clock.today() + dt.timedelta(days=365))
        db.session.commit()
        return user

    return make


def post_form(client, page_url: str, data: dict, action: str | None = None):
    """POST `data` with the CSRF token of the form on `page_url` (to `action`, else the page)."""
    return client.post(
        action or page_url, data={"csrf_token": csrf_token(client, page_url), **data}
    )


def start_conversation(client, topic="Moving into nursing", message="Where do I start?"):
    response = post_form(client, "/consultant", {"topic": topic, "message": message})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    match = re.search(r"/consultant/conversations/(\d+)", response.headers["Location"])
    return int(match.group(1))
