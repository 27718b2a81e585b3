"""Bookmarks and applications in the account's data export, and gone with the account."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from portal.extensions import db
from portal.tracker.models import Application, GuideBookmark, JobBookmark
from tests.accounts.helpers import submit
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
