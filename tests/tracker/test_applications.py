"""The applications tracker: its list, edits, status filter, owner-only rows and query budget."""

from __future__ import annotations

import datetime as dt
import re

from portal.extensions import db
from portal.tracker.models import Application, ApplicationStatus
from tests.conftest import login
from tests.jobs.factories import add_postings, record
from tests.tracker.conftest import post_form


def apply_to(user, *postings, status=ApplicationStatus.APPLIED) -> list[Application]:
    rows = [
        Application(user_id=user.id, posting_id=p.id, status=status, notes="") for p in postings
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def row_form(application: Application, **fields) -> dict:
    """What the tracker's row form for `application` sends."""
    prefix = f"a{application.id}"
    data = {"status": "applied", "next_step_on": "", "notes": "", **fields}
    return {"prefix": prefix, **{f"{prefix}-{name}": value for name, value in data.items()}}


def test_the_tracker_shows_each_application_with_its_job(client, seeker, job):
    (application,) = apply_to(seeker, job)
    application.next_step_on = dt.date(2026, 12, 3)
    application.notes = "Call back <Tuesday>"
    db.session.commit()
    html = client.get("/applications").text
    assert f'href="/jobs/{job.id}-' in html
    assert "Brackwater Psychiatric Technician" in html and "Elmhollow Clinic" in html
    assert 'Next step <time datetime="2026-12-03">' in html
    assert "Call back &lt;Tuesday&gt;" in html  # escaped
    assert '<option selected value="applied">Applied</option>' in html


def test_changing_status_notes_and_next_step_from_the_row_form(client, seeker, job):
    (application,) = apply_to(seeker, job)
    response = post_form(
        client,
        f"/applications/{application.id}",
        {
            **row_form(
                application,
                status="interviewing",
                notes="Panel on Friday",
                next_step_on="2027-01-08",
            ),
            "next": "/applications?status=applied#application-1",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/applications?status=applied#application-1"
    db.session.refresh(application)
    assert application.status == ApplicationStatus.INTERVIEWING
    assert application.notes == "Panel on Friday"
    assert application.next_step_on == dt.date(2027, 1, 8)


def test_the_edit_page_saves_too_and_a_bad_date_is_explained(client, seeker, job):
    (application,) = apply_to(seeker, job)
    page = client.get(f"/applications/{application.id}")
    assert page.status_code == 200 and "Brackwater" in page.text
    bad = post_form(
        client,
        f"/applications/{application.id}",
        row_form(application, status="offer", next_step_on="next tuesday"),
    )
    assert bad.status_code == 422
    assert "Not a valid date value" in bad.text
    db.session.refresh(application)
    assert application.status == ApplicationStatus.APPLIED  # nothing half-saved

    unknown = post_form(client, f"/applications/{application.id}", {"status": "hired"})
    assert unknown.status_code == 422
    assert "Not a valid choice" in unknown.text

    ok = post_form(client, f"/applications/{application.id}", {"status": "offer", "notes": ""})
    assert ok.status_code == 303 and ok.headers["Location"] == "/applications"
    db.session.refresh(application)
    assert application.status == ApplicationStatus.OFFER


def test_an_unsafe_next_falls_back_to_the_tracker(client, seeker, job):
    (application,) = apply_to(seeker, job)
    response = post_form(
        client, f"/applications/{application.id}", {"status": "offer", "next": "//evil.example"}
    )
    assert response.headers["Location"] == "/applications"


def test_editing_needs_the_csrf_token(client, seeker, job):
    (application,) = apply_to(seeker, job)
    response = client.post(f"/applications/{application.id}", data={"status": "offer"})
    assert response.status_code == 400
    db.session.refresh(application)
    assert application.status == ApplicationStatus.APPLIED


def test_the_list_is_filtered_by_status(client, seeker):
    waiting, talking = add_postings(record(title="Ashgrove aide"), record(title="Birchmoor aide"))
    apply_to(seeker, waiting)
    apply_to(seeker, talking, status=ApplicationStatus.INTERVIEWING)

    html = client.get("/applications?status=interviewing").text
    assert "Birchmoor aide" in html and "Ashgrove aide" not in html
    assert 'aria-current="page">Interviewing (1)' in html
    assert "All (2)" in html

    assert "No applications are offer" in client.get("/applications?status=offer").text
    every = client.get("/applications?status=hired").text
    assert "Ashgrove aide" in every and "Birchmoor aide" in every
    assert "not one we know" in every


def test_another_persons_application_is_a_404(client, make_user, seeker, job):
    other = make_user()
    (theirs,) = apply_to(other, job)
    assert client.get(f"/applications/{theirs.id}").status_code == 404
    response = post_form(client, f"/applications/{theirs.id}", {"status": "withdrawn"})
    assert response.status_code == 404
    db.session.refresh(theirs)
    assert theirs.status == ApplicationStatus.APPLIED
    assert "Brackwater" not in client.get("/applications").text


def test_the_tracker_runs_the_same_queries_for_one_or_thirty_applications(
    app, make_user, count_queries
):
    jobs = add_postings(*[record() for _ in range(30)])
    few, many = make_user(), make_user()
    apply_to(few, jobs[0])
    apply_to(many, *jobs)
    counts = []
    for person, shown in ((few, 1), (many, 30)):
        client = app.test_client()
        login(client, person)
        count_queries.statements.clear()
        html = client.get("/applications").text
        assert len(re.findall(r'<li class="application"', html)) == shown
        counts.append(count_queries.count)
    # the user, their plan (two, for the site banner), the applications, the status counts
    assert counts[0] == counts[1] <= 5, counts
