"""Bookmarks of jobs and guides: the form, the script's JSON path, the anonymous flow, the
/bookmarks page, owners only, and what they cost in queries."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from portal.careers.models import Guide
from portal.extensions import db
from portal.tracker.models import GuideBookmark, JobBookmark
from tests.conftest import csrf_token, login
from tests.jobs.factories import add_postings, record
from tests.tracker.conftest import post_form

GUIDE_SLUG = "mental-health-technician"
GUIDE_URL = f"/careers/{GUIDE_SLUG}"
JSON = {"Accept": "application/json"}


def marked_jobs(user) -> set[int]:
    return set(
        db.session.scalars(select(JobBookmark.posting_id).where(JobBookmark.user_id == user.id))
    )


def marked_guides(user) -> set[int]:
    return set(
        db.session.scalars(select(GuideBookmark.guide_id).where(GuideBookmark.user_id == user.id))
    )


def toggle_form(html: str, action: str) -> str:
    match = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>.*?</form>', html, re.S)
    assert match, f"no bookmark form for {action}"
    return match.group(0)


@pytest.fixture
def guide_id() -> int:
    return db.session.scalar(select(Guide.id).where(Guide.slug == GUIDE_SLUG))


def test_the_job_page_form_bookmarks_and_comes_back(client, seeker, job):
    page_url = client.get(f"/jobs/{job.id}").headers["Location"]
    form = toggle_form(client.get(page_url).text, f"/bookmarks/jobs/{job.id}")
    assert 'aria-pressed="false"' in form and ">Bookmark<" in form
    assert 'name="bookmarked" value="1"' in form

    response = post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "1", "next": page_url})
    assert response.status_code == 303 and response.headers["Location"] == page_url
    assert marked_jobs(seeker) == {job.id}

    form = toggle_form(client.get(page_url).text, f"/bookmarks/jobs/{job.id}")
    assert 'aria-pressed="true"' in form and ">Bookmarked<" in form
    assert 'name="bookmarked" value="0"' in form

    # Sent twice, the form keeps the state it asked for rather than flipping back.
    post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "1", "next": page_url})
    assert marked_jobs(seeker) == {job.id}
    post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "0", "next": page_url})
    assert marked_jobs(seeker) == set()


def test_the_script_gets_json_back(client, seeker, job):
    response = post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "1"}, headers=JSON)
    assert response.status_code == 200
    assert response.json == {"bookmarked": True, "label": "Bookmarked"}
    response = post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "0"}, headers=JSON)
    assert response.json == {"bookmarked": False, "label": "Bookmark"}
    assert marked_jobs(seeker) == set()


def test_bookmarking_needs_the_csrf_token(client, seeker, job):
    assert client.post(f"/bookmarks/jobs/{job.id}", data={"bookmarked": "1"}).status_code == 400
    response = client.post(f"/bookmarks/jobs/{job.id}", data={"bookmarked": "1"}, headers=JSON)
    assert response.status_code == 400
    assert marked_jobs(seeker) == set()


def test_a_bad_action_or_an_unsafe_next_changes_nothing_harmful(client, seeker, job):
    assert post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "yes"}).status_code == 400
    response = post_form(
        client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "1", "next": "https://evil.example/"}
    )
    assert response.headers["Location"].startswith(f"/jobs/{job.id}-")
    assert post_form(client, "/bookmarks/jobs/99999999", {"bookmarked": "1"}).status_code == 404


def test_an_anonymous_visitor_signs_in_then_completes_the_bookmark(client, make_user, job):
    results = client.get("/jobs/?q=brackwater").text
    link = re.search(
        rf'<a class="bookmark-link" href="(/bookmarks/jobs/{job.id}\?next=[^"]+)"', results
    )
    assert link, "anonymous visitors get a link, not a form"
    target = link.group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(target).query)["next"] == ["/jobs/?q=brackwater"]

    sign_in = client.get(target)
    assert urlsplit(sign_in.headers["Location"]).path == "/login"
    back = parse_qs(urlsplit(sign_in.headers["Location"]).query)["next"][0]
    assert parse_qs(urlsplit(back).query) == parse_qs(urlsplit(target).query)

    person = make_user()
    response = client.post(
        f"/login?next={back}",
        data={
            "csrf_token": csrf_token(client, "/login"),
            "email": person.email,
            "password": person.test_password,
        },
    )
    landed = urlsplit(response.headers["Location"])
    assert landed.path == f"/bookmarks/jobs/{job.id}"
    assert parse_qs(landed.query) == {"next": ["/jobs/?q=brackwater"]}
    confirm = client.get(back).text  # a GET only shows the form
    assert "Bookmark this job?" in confirm
    assert marked_jobs(person) == set()
    assert re.search(r'<input[^>]*name="bookmarked"[^>]*value="1"', confirm)
    done = post_form(client, back, {"bookmarked": "1", "next": "/jobs/?q=brackwater"})
    assert done.headers["Location"] == "/jobs/?q=brackwater"
    assert marked_jobs(person) == {job.id}


def test_the_guide_page_toggle_sits_outside_the_cached_body(client, make_user, guide_id):
    reader = make_user()
    login(client, reader)
    html = client.get(GUIDE_URL).text
    form = toggle_form(html, f"/bookmarks/guides/{GUIDE_SLUG}")
    assert 'aria-pressed="false"' in form

    response = post_form(
        client, f"/bookmarks/guides/{GUIDE_SLUG}", {"bookmarked": "1", "next": GUIDE_URL}
    )
    assert response.headers["Location"] == GUIDE_URL
    assert marked_guides(reader) == {guide_id}
    # The cached body is shared; the toggle is not: this reader sees it set, others do not.
    assert 'aria-pressed="true"' in toggle_form(
        client.get(GUIDE_URL).text, f"/bookmarks/guides/{GUIDE_SLUG}"
    )
    other = client.application.test_client()
    login(other, make_user())
    assert 'aria-pressed="false"' in toggle_form(
        other.get(GUIDE_URL).text, f"/bookmarks/guides/{GUIDE_SLUG}"
    )
    anonymous = client.application.test_client().get(GUIDE_URL).text
    assert f'href="/bookmarks/guides/{GUIDE_SLUG}?next=/careers/{GUIDE_SLUG}"' in anonymous.replace(
        "%2F", "/"
    )


def test_the_guide_page_stays_within_three_queries_for_anonymous_visitors(app, count_queries):
    anonymous = app.test_client()
    anonymous.get(GUIDE_URL)
    count_queries.statements.clear()
    assert anonymous.get(GUIDE_URL).status_code == 200
    assert count_queries.count <= 3, count_queries.statements
    assert not [sql for sql in count_queries.statements if "bookmarks" in sql]


def test_the_bookmarks_page_lists_jobs_and_guides(client, seeker, job, guide_id):
    post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "1"})
    post_form(client, f"/bookmarks/guides/{GUIDE_SLUG}", {"bookmarked": "1"})
    html = client.get("/bookmarks").text
    assert "Brackwater Psychiatric Technician" in html and "Elmhollow Clinic" in html
    assert f'href="/careers/{GUIDE_SLUG}"' in html
    assert 'aria-pressed="true"' in toggle_form(html, f"/bookmarks/jobs/{job.id}")
    # Removing from the list comes back to the list.
    response = post_form(
        client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "0", "next": "/bookmarks"}
    )
    assert response.headers["Location"] == "/bookmarks"
    assert "No bookmarked jobs" in client.get("/bookmarks").text


def test_bookmarks_belong_to_their_owner(client, make_user, seeker, job, guide_id):
    owner = make_user()
    db.session.add_all(
        [
            JobBookmark(user_id=owner.id, posting_id=job.id),
            GuideBookmark(user_id=owner.id, guide_id=guide_id),
        ]
    )
    db.session.commit()
    html = client.get("/bookmarks").text
    assert "Brackwater" not in html and "No bookmarked jobs" in html
    # Clearing "it" as someone else clears only their own (absent) bookmark.
    post_form(client, f"/bookmarks/jobs/{job.id}", {"bookmarked": "0"})
    assert marked_jobs(owner) == {job.id}
    assert marked_guides(owner) == {guide_id}


def test_the_bookmarks_page_runs_the_same_queries_for_one_or_thirty(
    app, make_user, count_queries, guide_id
):
    jobs = add_postings(*[record() for _ in range(30)])
    few, many = make_user(), make_user()
    db.session.add(JobBookmark(user_id=few.id, posting_id=jobs[0].id))
    db.session.add_all([JobBookmark(user_id=many.id, posting_id=j.id) for j in jobs])
    db.session.add(GuideBookmark(user_id=many.id, guide_id=guide_id))
    db.session.commit()
    counts = []
    for person in (few, many):
        client = app.test_client()
        login(client, person)
        count_queries.statements.clear()
        assert client.get("/bookmarks").status_code == 200
        counts.append(count_queries.count)
    # the user, their plan (two, for the site banner), bookmarked jobs, bookmarked guides
    assert counts[0] == counts[1] <= 5, counts


def test_search_results_ask_for_their_bookmarks_in_one_query(app, make_user, count_queries):
    jobs = add_postings(*[record(title=f"Quillfen aide {n}") for n in range(25)])
    person = make_user()
    client = app.test_client()
    login(client, person)
    # Once first: what the search page builds once per process (its filter choices) and
    # rechecks now and then (PAGE_RECHECK_SECONDS) is then the same for both measured requests.
    client.get("/jobs/?q=quillfen")
    db.session.expire_all()  # as after the commit below, so both requests load the same
    count_queries.statements.clear()
    client.get("/jobs/?q=quillfen")
    none_marked = count_queries.count

    db.session.add_all([JobBookmark(user_id=person.id, posting_id=j.id) for j in jobs[:12]])
    db.session.commit()
    count_queries.statements.clear()
    html = client.get("/jobs/?q=quillfen").text
    assert count_queries.count == none_marked
    assert len([sql for sql in count_queries.statements if "job_bookmarks" in sql]) == 1
    assert html.count('aria-pressed="true"') >= 1
    assert html.count('class="job-card"') == 20


def test_the_nav_shows_bookmarks_and_applications_to_signed_in_people(app, client, seeker):
    html = client.get("/").text
    assert 'href="/bookmarks"' in html and 'href="/applications"' in html
    anonymous = app.test_client().get("/").text
    assert 'href="/bookmarks"' not in anonymous and 'href="/applications"' not in anonymous
