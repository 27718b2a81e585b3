"""Search and job pages stored for every visitor: served again without the search, and never once
anything they were rendered from has changed. Tests run with PAGE_RECHECK_SECONDS=0 (the
database is asked on every visit); one test covers the window in which it is not."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete

from portal import clock
from portal.extensions import db
from portal.jobs.importing import expire_postings
from portal.jobs.models import JobPosting
from tests.careers.source_text import visible_text
from tests.conftest import login
from tests.jobs.factories import add_postings, day, record

# What the form sends: every field, the empty ones too.
FORM_SENT = (
    "/jobs/?q=zephyrine&location=&workplace=&employment_type=&min_salary="
    "&posted_within=&guide=&sort="
)


def titles(html: str) -> list[str]:
    return [
        part.split(">", 2)[2].split("<", 1)[0] for part in html.split('class="job-card-title"')[1:]
    ]


def test_a_visitors_search_is_served_again_without_searching(client, count_queries):
    add_postings(record(title="Zephyrine aide"))
    first = client.get(FORM_SENT)
    count_queries.statements.clear()
    again = client.get("/jobs/?q=zephyrine")  # the same search, without the empty fields
    assert again.data == first.data
    # Only the small question whether anything changed; no search, no guides.
    assert count_queries.count == 1
    assert "job_postings_fts" not in count_queries.statements[0]
    assert again.headers["ETag"]
    assert (
        client.get(
            "/jobs/?q=zephyrine", headers={"If-None-Match": again.headers["ETag"]}
        ).status_code
        == 304
    )


def test_within_the_recheck_window_a_stored_search_asks_nothing(
    app, client, count_queries, monkeypatch
):
    monkeypatch.setitem(app.config, "PAGE_RECHECK_SECONDS", 60)
    add_postings(record(title="Zephyrine aide"))
    client.get("/jobs/?q=zephyrine")
    count_queries.statements.clear()
    assert "Zephyrine aide" in client.get("/jobs/?q=zephyrine").text
    assert count_queries.count == 0


def test_new_edited_deleted_and_expired_postings_show_at_once(client):
    add_postings(record(title="Zephyrine aide", valid_through=day(3)))
    assert titles(client.get(FORM_SENT).text) == ["Zephyrine aide"]

    (second,) = add_postings(record(title="Zephyrine helper"))
    assert sorted(titles(client.get(FORM_SENT).text)) == ["Zephyrine aide", "Zephyrine helper"]

    second.title = "Zephyrine night helper"
    second.updated_at = clock.now()
    db.session.commit()
    assert "Zephyrine night helper" in titles(client.get(FORM_SENT).text)

    db.session.execute(delete(JobPosting).where(JobPosting.id == second.id))
    db.session.commit()
    assert titles(client.get(FORM_SENT).text) == ["Zephyrine aide"]

    # The import's sweep marks it expired once its date has passed; so does the clock alone.
    clock.set_now(clock.now() + dt.timedelta(days=4))
    assert "No jobs found" in visible_text(client.get(FORM_SENT).text)
    assert expire_postings(clock.now()) == 1
    db.session.commit()
    assert "No jobs found" in visible_text(client.get(FORM_SENT).text)


def test_a_stored_page_holds_the_search_not_what_the_visitor_typed(client):
    add_postings(
        record(
            title="Zephyrine aide",
            salary={"min": 50000, "max": 60000, "currency": "USD", "period": "year"},
        )
    )
    odd = client.get("/jobs/?q=zephyrine&min_salary=01000").text
    assert 'value="01000"' in odd
    plain = client.get("/jobs/?q=zephyrine&min_salary=1000").text
    assert 'value="1000"' in plain and "01000" not in plain
    tagged = client.get("/jobs/?q=zephyrine&utm_source=newsletter")
    assert tagged.status_code == 200 and "newsletter" not in client.get("/jobs/?q=zephyrine").text


def test_signed_in_people_get_their_own_search_page(client, make_user):
    add_postings(record(title="Zephyrine aide"))
    visitor = client.get("/jobs/?q=zephyrine").text
    assert 'class="bookmark-link"' in visitor
    login(client, make_user())
    own = client.get("/jobs/?q=zephyrine").text
    assert 'class="bookmark-button"' in own and 'class="bookmark-link"' not in own


def test_a_job_page_is_stored_and_follows_edits(app, client, count_queries, monkeypatch):
    (job,) = add_postings(record(title="Zephyrine aide"))
    url = client.get(f"/jobs/{job.id}").headers["Location"]
    assert "Zephyrine aide" in client.get(url).text

    job.company_name = "Quillon Health"
    job.updated_at = clock.now()
    db.session.commit()
    assert "Quillon Health" in client.get(url).text

    monkeypatch.setitem(app.config, "PAGE_RECHECK_SECONDS", 60)
    client.get(url)
    count_queries.statements.clear()
    assert "Quillon Health" in client.get(url).text
    assert count_queries.count == 0

    monkeypatch.setitem(app.config, "PAGE_RECHECK_SECONDS", 0)
    db.session.execute(delete(JobPosting).where(JobPosting.id == job.id))
    db.session.commit()
    assert client.get(url).status_code == 404


def test_a_stored_job_page_says_when_the_job_has_expired(client):
    (job,) = add_postings(record(title="Zephyrine aide", valid_through=day(2)))
    url = client.get(f"/jobs/{job.id}").headers["Location"]
    assert "This job has expired" not in visible_text(client.get(url).text)
    clock.set_now(clock.now() + dt.timedelta(days=3))
    assert "This job has expired" in visible_text(client.get(url).text)
