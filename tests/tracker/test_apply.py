"""Apply: the job goes into the tracker and the person goes on to the employer."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from portal.extensions import db
from portal.tracker.models import Application, ApplicationStatus
from tests.conftest import csrf_token
from tests.jobs.factories import add_postings, day, record
from tests.tracker.conftest import post_form


def job_page(client, job) -> str:
    response = client.get(f"/jobs/{job.id}", follow_redirects=True)
    assert response.status_code == 200
    return response.text


def applications_of(user) -> list[Application]:
    return list(db.session.scalars(select(Application).where(Application.user_id == user.id)))


def test_the_job_page_apply_form_opens_a_new_tab_and_lands_on_a_page_that_leads_on(
    client, seeker, job
):
    html = job_page(client, job)
    form = re.search(r'<form class="apply-form[^>]*>', html).group(0)
    assert f'action="/jobs/{job.id}/apply"' in form
    assert 'method="post"' in form and 'target="_blank"' in form

    response = post_form(client, f"/jobs/{job.id}/apply")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/jobs/{job.id}/applied"

    landing = client.get(f"/jobs/{job.id}/applied").text
    assert "We added this to your applications" in landing
    assert 'href="https://elmhollow.example.org/careers/apply/17"' in landing
    assert "Continue to Elmhollow Clinic" in landing
    assert 'href="/applications"' in landing

    (application,) = applications_of(seeker)
    assert application.status == ApplicationStatus.APPLIED
    tracker = client.get("/applications").text
    assert "Brackwater Psychiatric Technician" in tracker
    # and the job page now says so
    assert 'In <a href="/applications">your applications</a>: applied' in job_page(client, job)


def test_applying_again_keeps_one_entry_and_moves_its_date(client, seeker, job):
    post_form(client, f"/jobs/{job.id}/apply")
    (first,) = applications_of(seeker)
    first_date = first.applied_at
    first.status = ApplicationStatus.INTERVIEWING
    db.session.commit()

    post_form(client, f"/jobs/{job.id}/apply")
    db.session.expire_all()
    (again,) = applications_of(seeker)
    assert again.id == first.id
    assert again.applied_at >= first_date
    assert again.status == ApplicationStatus.INTERVIEWING  # a later stage is kept


def test_free_users_apply_as_often_as_they_like(client, seeker):
    assert seeker.can("applications")
    jobs = add_postings(*[record() for _ in range(12)])
    for job in jobs:
        assert post_form(client, f"/jobs/{job.id}/apply").status_code == 303
    assert len(applications_of(seeker)) == 12


def test_apply_needs_the_csrf_token(client, seeker, job):
    assert client.post(f"/jobs/{job.id}/apply").status_code == 400
    assert applications_of(seeker) == []


def test_an_expired_job_is_not_applied_for(client, seeker):
    (old,) = add_postings(record(posted_at=day(-60), valid_through=day(-2)))
    response = post_form(client, f"/jobs/{old.id}/apply")
    assert response.status_code == 303
    assert applications_of(seeker) == []
    assert "has expired" in client.get(response.headers["Location"], follow_redirects=True).text


def test_a_missing_job_is_a_404(client, seeker):
    assert post_form(client, "/jobs/99999999/apply").status_code == 404
    assert client.get("/jobs/99999999/applied").status_code == 404


def test_the_landing_page_without_an_application_asks_to_apply(client, seeker, job):
    response = client.get(f"/jobs/{job.id}/applied")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/jobs/{job.id}/apply"


def test_an_anonymous_visitor_signs_in_then_confirms_the_apply(client, make_user, job):
    html = job_page(client, job)
    assert f'<a class="button" href="/jobs/{job.id}/apply">Apply' in html
    # the employer stays one click away for people who do not want an account
    assert "site without tracking it" in html

    response = client.get(f"/jobs/{job.id}/apply")
    assert response.status_code == 302
    sign_in = urlsplit(response.headers["Location"])
    assert sign_in.path == "/login"
    assert parse_qs(sign_in.query)["next"] == [f"/jobs/{job.id}/apply"]

    person = make_user()
    login_response = client.post(
        "/login?next=" + f"/jobs/{job.id}/apply",
        data={
            "csrf_token": csrf_token(client, "/login"),
            "email": person.email,
            "password": person.test_password,
        },
    )
    assert login_response.headers["Location"] == f"/jobs/{job.id}/apply"
    # Coming back is a GET: it shows a form and records nothing until it is sent.
    confirm = client.get(f"/jobs/{job.id}/apply").text
    assert "Apply for Brackwater Psychiatric Technician" in confirm
    assert applications_of(person) == []
    assert post_form(client, f"/jobs/{job.id}/apply").status_code == 303
    assert len(applications_of(person)) == 1


def test_job_cards_in_search_results_carry_apply_and_bookmark(client, seeker, job):
    html = client.get("/jobs/?q=brackwater").text
    card = html[html.index('class="job-card"') :]
    assert f'action="/jobs/{job.id}/apply"' in card
    assert f'action="/bookmarks/jobs/{job.id}"' in card


def test_an_unsafe_employer_link_is_not_shown(client, seeker):
    # The import only takes http(s) apply URLs; the landing page checks again all the same.
    (job,) = add_postings(record())
    job.apply_url = "javascript:alert(1)"
    db.session.commit()
    post_form(client, f"/jobs/{job.id}/apply")
    landing = client.get(f"/jobs/{job.id}/applied").text
    assert "javascript:" not in landing
    assert "gave no web address" in landing
