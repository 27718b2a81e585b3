"""The visitor lane (portal/visitor_lane.py): a repeat request without cookies for a page stored
for every visitor is answered before Flask, with what Flask answered, while that is current.

Whether Flask handled a request is read from its `request_started` signal: the lane answers
without it.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

import pytest
from flask import Flask, request, request_started, session

from portal import clock, visitor_lane
from portal.extensions import db
from portal.page_cache import allow_replay, page_cache
from tests.careers.source_text import visible_text
from tests.conftest import login, logout
from tests.jobs.factories import add_postings, day, record

GUIDE_URL = "/careers/mental-health-technician"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def flask_requests(app) -> Iterator[list[str]]:
    """The paths Flask itself handled during the test."""
    handled: list[str] = []

    def started(sender, **_extra):
        handled.append(request.path)

    request_started.connect(started, app)
    try:
        yield handled
    finally:
        request_started.disconnect(started, app)


@pytest.fixture
def recheck_after(app, monkeypatch):
    def set_seconds(seconds: float) -> None:
        monkeypatch.setitem(app.config, "PAGE_RECHECK_SECONDS", seconds)

    return set_seconds


def open_jobs_text(html: str) -> str:
    return visible_text(html.split('aria-labelledby="guide-jobs-title"', 1)[1])


def test_a_repeat_visit_without_cookies_gets_the_same_page_without_the_app(
    client, flask_requests, count_queries, recheck_after
):
    recheck_after(60)
    first = client.get(GUIDE_URL)
    first_packed = client.get(GUIDE_URL, headers=GZIP)
    count_queries.statements.clear()
    flask_requests.clear()

    again = client.get(GUIDE_URL)
    again_packed = client.get(GUIDE_URL, headers=GZIP)

    assert flask_requests == []
    assert count_queries.count == 0
    assert again.status_code == 200
    assert again.data == first.data
    assert list(again.headers) == list(first.headers)
    # Each encoding is its own answer, with its own ETag, as Flask gave it.
    assert again_packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(again_packed.data) == first.data
    assert list(again_packed.headers) == list(first_packed.headers)
    # Every header the app's hooks add comes along: security headers and the worker's tag.
    assert again.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert again.headers["X-Visitor"] == "anonymous"
    assert again.headers["Cache-Control"] == "private, no-cache"


def test_visitors_see_a_change_once_the_recheck_time_has_passed(
    client, flask_requests, recheck_after
):
    recheck_after(60)
    client.get(GUIDE_URL)
    add_postings(record(title="Mental Health Technician Brackenmoor", posted_at=day(0)))
    assert "Brackenmoor" not in open_jobs_text(client.get(GUIDE_URL).text)  # not asked yet

    recheck_after(0.2)
    time.sleep(0.25)
    flask_requests.clear()
    assert "Brackenmoor" in open_jobs_text(client.get(GUIDE_URL).text)
    assert flask_requests == [GUIDE_URL]


def test_a_job_page_is_answered_again_and_an_edit_shows_once_rechecked(
    client, flask_requests, recheck_after
):
    (posting,) = add_postings(record(title="Night Technician", company={"name": "Ashgrove"}))
    url = client.get(f"/jobs/{posting.id}").headers["Location"]
    recheck_after(60)
    client.get(url)
    flask_requests.clear()
    assert "Ashgrove" in client.get(url).text
    assert flask_requests == []

    posting.company_name = "Ashgrove Behavioral Health"
    posting.updated_at = clock.now()  # as every writer of postings does
    db.session.commit()
    assert "Ashgrove Behavioral Health" not in client.get(url).text  # not asked yet
    recheck_after(0.2)
    time.sleep(0.25)
    assert "Ashgrove Behavioral Health" in client.get(url).text


def test_a_signed_in_person_is_never_given_the_visitors_page(
    client, make_user, flask_requests, recheck_after
):
    recheck_after(60)
    client.get(GUIDE_URL)
    client.get(GUIDE_URL)
    login(client, make_user())
    flask_requests.clear()

    html = client.get(GUIDE_URL).text

    assert flask_requests == [GUIDE_URL]
    assert "Sign out" in html
    logout(client)


def test_conditional_head_and_other_requests_go_to_the_app(
    app, client, flask_requests, recheck_after
):
    recheck_after(60)
    first = client.get(GUIDE_URL)
    client.get(GUIDE_URL)
    flask_requests.clear()

    not_modified = client.get(GUIDE_URL, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304
    assert client.head(GUIDE_URL).status_code == 200
    # A query string is a request of its own; the guide with one is rendered for it.
    assert client.get(GUIDE_URL + "?from=newsletter").status_code == 200
    assert client.get(GUIDE_URL + "?from=newsletter").status_code == 200
    # Any cookie at all, even one that is not the portal's.
    client.set_cookie("consent", "yes")
    assert client.get(GUIDE_URL).status_code == 200
    assert flask_requests == [GUIDE_URL] * 5


def test_a_host_the_site_does_not_trust_is_refused_every_time(client, recheck_after):
    recheck_after(60)
    client.get(GUIDE_URL)
    client.get(GUIDE_URL)

    for _ in range(2):
        refused = client.get(GUIDE_URL, headers={"Host": "evil.example"})
        assert refused.status_code == 400
        assert "evil.example" not in refused.text


def lane_app(tmp_path) -> tuple[Flask, list[str]]:
    """A small Flask app with the lane in front, for answers the portal's pages never give."""
    calls: list[str] = []
    app = Flask(__name__, instance_path=str(tmp_path))
    app.config.update(
        SECRET_KEY="lane-test",
        SITE_URL="http://localhost",
        PAGE_CACHE_SIZE=16,
        PAGE_RECHECK_SECONDS=60,
    )

    @app.get("/remembers-you")
    def remembers_you():
        calls.append("remembers-you")
        page_cache()
        session["visits"] = session.get("visits", 0) + 1
        allow_replay()
        return f"visit {session['visits']}"

    @app.get("/missing")
    def missing():
        calls.append("missing")
        page_cache()
        allow_replay()
        return "not here", 404

    @app.get("/unmarked")
    def unmarked():
        calls.append("unmarked")
        page_cache()
        return "rendered for you"

    visitor_lane.install(app)
    return app, calls


def test_an_answer_that_sets_a_cookie_or_is_not_200_is_never_replayed(tmp_path):
    app, calls = lane_app(tmp_path)

    for _ in range(2):
        # A new browser each time: nothing of the first visitor's may reach the second.
        visitor = app.test_client()
        answer = visitor.get("/remembers-you")
        assert answer.text == "visit 1"
        assert "Set-Cookie" in answer.headers
        assert visitor.get("/missing").status_code == 404
        assert visitor.get("/unmarked").text == "rendered for you"

    assert calls == ["remembers-you", "missing", "unmarked"] * 2
