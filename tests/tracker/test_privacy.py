"""Bookmarks and applications in the account's data export, and gone with the account."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.tracker.models import Application, GuideBookmark, JobBookmark
from tests.accounts.helpers import submit
from tests.billing.conftest import _fresh_demo_provider  # noqa: F401 - each test a fresh demo
from tests.billing.test_demo import demo_upgrade
from tests.tracker.conftest import post_form

GUIDE_SLUG = "mental-health-technician"


def test_the_data_export_includes_bookmarks_and_applications(client, seeker, job):
    post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "1"})
    post_form(client, f"/bookmarks/guides/{GUIDE_SLUG}", {"bookmarked": "1"})
    post_form(client, f"/jobs/{job.id}/apply")
    data = json.loads(client.get("/account/export").get_data(as_text=True))
    assert [mark["job_title"] for mark in data["bookmarks"]["jobs"]] == [
        "Brackwater Psychiatric Technician"
    ]
    assert [mark["guide"] for mark in data["bookmarks"]["guides"]] == [GUIDE_SLUG]
    (application,) = data["applications"]
    assert application["job_id"] == job.id
    assert application["company"] == "Elmhollow Clinic"
    assert application["status"] == "applied"


def test_deleting_the_account_removes_its_bookmarks_and_applications(client, seeker, job):
    post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "1"})
    post_form(client, f"/bookmarks/guides/{GUIDE_SLUG}", {"bookmarked": "1"})
    post_form(client, f"/jobs/{job.id}/apply")
    user_id = seeker.id
    response = submit(client, "/account/delete", {"password": seeker.test_password})
    assert response.status_code == 303
    for model in (JobBookmark, GuideBookmark, Application):
        left = db.session.scalar(
            select(func.count()).select_from(model).where(model.user_id == user_id)
        )
        assert left == 0, model.__tablename__


def test_every_time_in_a_full_data_export_is_written_one_way(client, seeker, job):
    post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "1"})
    post_form(client, f"/bookmarks/guides/{GUIDE_SLUG}", {"bookmarked": "1"})
    post_form(client, f"/jobs/{job.id}/apply")
    submit(client, "/alerts/new", {"name": "Nights", "q": "nurse"}, form_page="/jobs/")
    demo_upgrade(client)

    data = json.loads(client.get("/account/export").get_data(as_text=True))

    assert data["job_alerts"] and data["applications"] and data["billing"]["subscriptions"]
    times = [value for value in _strings(data) if re.match(r"\d{4}-\d\d-\d\d[T ]\d", value)]
    # The account's three, an alert, two bookmarks, an application, a subscription's two.
    assert len(times) >= 9, times
    for value in times:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), value


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
