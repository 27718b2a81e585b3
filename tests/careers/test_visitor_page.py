"""The guide page as anonymous visitors get it: rendered once per change.

Visitors who are not signed in all get the same page, so it is stored whole. These tests store
it with one visit, change what the page shows in each way it can change, and check that the
next visitor sees the change, and that nothing personal leaks between visitors. The tests' app
asks the database on every visit (PAGE_RECHECK_SECONDS=0); one test covers the window in which
a stored page is served without asking.
"""

from __future__ import annotations

import datetime as dt
import gzip
import time

import pytest
from sqlalchemy import update

from portal import clock
from portal.extensions import db
from portal.jobs.models import JobPosting
from tests.careers.source_text import visible_text
from tests.conftest import login, logout
from tests.jobs.factories import add_postings, day, record

GUIDE_URL = "/careers/mental-health-technician"


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


def open_jobs_text(html: str) -> str:
    return visible_text(html.split('aria-labelledby="guide-jobs-title"', 1)[1])


def test_a_stored_page_costs_one_query_and_keeps_its_etag(client, count_queries):
    first = client.get(GUIDE_URL)
    count_queries.statements.clear()
    again = client.get(GUIDE_URL)
    assert count_queries.count == 1, count_queries.statements
    assert again.text == first.text
    assert again.headers["ETag"] == first.headers["ETag"]
    unchanged = client.get(GUIDE_URL, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304


def test_browsers_that_accept_gzip_get_the_same_page_compressed(client):
    plain = client.get(GUIDE_URL)
    gzip_headers = {"Accept-Encoding": "gzip, deflate, br"}
    packed = client.get(GUIDE_URL, headers=gzip_headers)

    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data).decode() == plain.text
    assert len(packed.data) < len(plain.data) / 3
    # A different representation, so a different ETag, each answered with 304.
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(GUIDE_URL, headers={**gzip_headers, "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304
    assert "Content-Encoding" not in plain.headers


def test_a_new_job_for_the_career_is_shown_to_the_next_visitor(client):
    client.get(GUIDE_URL)
    add_postings(record(title="Mental Health Technician Wrenvale", posted_at=day(0)))
    assert "Technician Wrenvale" in open_jobs_text(client.get(GUIDE_URL).text)


def test_an_edited_job_is_shown_as_edited(client):
    (posting,) = add_postings(record(title="Mental Health Technician Marrowby", posted_at=day(0)))
    assert "Mental Health Technician Marrowby" in open_jobs_text(client.get(GUIDE_URL).text)

    posting.title = "Mental Health Technician Marrowby (nights)"
    posting.updated_at = clock.now()  # as every writer of postings does
    db.session.commit()
    assert "Marrowby (nights)" in open_jobs_text(client.get(GUIDE_URL).text)


def test_a_job_whose_closing_date_passes_leaves_the_list_unwritten(client):
    (posting,) = add_postings(
        record(title="Mental Health Technician Zephyrine", posted_at=day(0), valid_through=day(3))
    )
    assert "Zephyrine" in open_jobs_text(client.get(GUIDE_URL).text)

    # Nothing writes to the posting when its time runs out: the clock alone closes it.
    db.session.execute(
        update(JobPosting)
        .where(JobPosting.id == posting.id)
        .values(valid_through=clock.now() - dt.timedelta(minutes=1))
    )
    db.session.commit()
    assert "Zephyrine" not in open_jobs_text(client.get(GUIDE_URL).text)


def test_a_deleted_job_leaves_the_list(client):
    (posting,) = add_postings(record(title="Psych Tech Quillfeather", posted_at=day(0)))
    assert "Quillfeather" in open_jobs_text(client.get(GUIDE_URL).text)
    db.session.delete(posting)
    db.session.commit()
    assert "Quillfeather" not in open_jobs_text(client.get(GUIDE_URL).text)


def test_for_a_second_the_stored_page_is_served_without_asking_the_database(
    app, client, make_user, count_queries, monkeypatch
):
    monkeypatch.setitem(app.config, "PAGE_RECHECK_SECONDS", 60)
    first = client.get(GUIDE_URL)
    count_queries.statements.clear()
    assert client.get(GUIDE_URL).text == first.text
    assert count_queries.count == 0
    conditional = client.get(GUIDE_URL, headers={"If-None-Match": first.headers["ETag"]})
    assert conditional.status_code == 304

    add_postings(record(title="Mental Health Technician Fernhollow", posted_at=day(0)))
    assert "Fernhollow" not in open_jobs_text(client.get(GUIDE_URL).text)  # not asked yet

    # Signed-in people always get a page rendered for them, so an editor sees a change at once.
    login(client, make_user())
    assert "Fernhollow" in open_jobs_text(client.get(GUIDE_URL).text)
    logout(client)

    monkeypatch.setitem(app.config, "PAGE_RECHECK_SECONDS", 0.2)
    time.sleep(0.25)
    assert "Fernhollow" in open_jobs_text(client.get(GUIDE_URL).text)


def test_signing_in_shows_your_own_page_and_signing_out_the_shared_one(client, make_user):
    client.get(GUIDE_URL)  # stored for visitors
    login(client, make_user())
    html = client.get(GUIDE_URL).text
    assert "Sign out" in html
    assert 'name="csrf_token"' in html  # the bookmark form is theirs

    logout(client)
    html = client.get(GUIDE_URL).text
    assert "Sign out" not in html and 'name="csrf_token"' not in html
    assert "Sign in" in visible_text(html)


def test_a_visitors_flashed_message_is_shown_on_a_stored_page(client):
    client.get(GUIDE_URL)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Your alert was removed.")]
    assert "Your alert was removed." in client.get(GUIDE_URL).text
    # Shown once, and the next visit is the shared page again.
    assert "Your alert was removed." not in client.get(GUIDE_URL).text
