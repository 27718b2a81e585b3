"""The tracker as a board: jobs applied to elsewhere added by hand, removal after a
confirmation, and each row saying its date once."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.extensions import db
from portal.tracker.models import Application, ApplicationStatus
from tests.tracker.conftest import post_form
from tests.tracker.test_applications import apply_to


def applications_of(user) -> list[Application]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Application).where(Application.user_id == user.id)))


def test_adding_a_job_applied_to_elsewhere(client, seeker):
    form = client.get("/applications/new")
    assert form.status_code == 200
    assert 'value="2026-11-30"' in form.text  # today, the usual answer
    response = post_form(
        client,
        "/applications/new",
        {
            "title": "Night Support Worker",
            "company": "Harbour House",
            "url": "https://harbour.example.org/jobs/9",
            "applied_on": "2026-11-20",
            "status": "interviewing",
        },
    )
    assert response.status_code == 303
    (added,) = applications_of(seeker)
    assert (added.posting_id, added.outside_title, added.outside_company) == (
        None,
        "Night Support Worker",
        "Harbour House",
    )
    assert added.status == ApplicationStatus.INTERVIEWING
    assert added.applied_at.date() == dt.date(2026, 11, 20)
    board = client.get("/applications").text
    assert '<a href="https://harbour.example.org/jobs/9" rel="noopener nofollow">' in board
    assert "Applied elsewhere" in board and "Interviewing (1)" in board
    # Its own page and the data export work without a posting.
    assert client.get(f"/applications/{added.id}").status_code == 200
    assert "Night Support Worker" in client.get("/account/export").text


def test_an_outside_application_needs_a_title_and_a_web_link(client, seeker):
    response = post_form(
        client,
        "/applications/new",
        {"title": " ", "company": "X", "url": "javascript:alert(1)", "applied_on": "2026-11-20"},
    )
    assert response.status_code == 422
    assert "Enter the job title." in response.text
    assert "Enter a web address starting with https://" in response.text
    assert applications_of(seeker) == []


def test_removing_asks_first_then_removes(client, seeker, job):
    (application,) = apply_to(seeker, job)
    board = client.get("/applications").text
    assert f'href="/applications/{application.id}/remove"' in board
    confirm = client.get(f"/applications/{application.id}/remove")
    assert confirm.status_code == 200 and "Remove this application?" in confirm.text
    assert len(applications_of(seeker)) == 1
    response = post_form(client, f"/applications/{application.id}/remove")
    assert response.status_code == 303
    assert applications_of(seeker) == []
    assert "Removed Brackwater Psychiatric Technician" in client.get("/applications").text


def test_someone_elses_application_cannot_be_removed(client, seeker, job, make_user):
    other = make_user("other@example.com")
    (theirs,) = apply_to(other, job)
    assert client.get(f"/applications/{theirs.id}/remove").status_code == 404
    assert post_form(client, f"/applications/{theirs.id}/remove").status_code == 404
    assert len(applications_of(other)) == 1


def test_the_board_groups_by_status_and_says_the_date_once(client, seeker, job):
    apply_to(seeker, job)
    board = client.get("/applications").text
    assert 'id="status-applied"' in board
    # The status is the group's heading, not repeated after the date ("Applied … · Applied").
    assert board.count(">Applied</span>") == 1
