"""The public part: job search as the /jobs page does it, one job, guides; ETags, CORS, pages."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import bearer
from tests.jobs.factories import add_postings, record

CARD_LINK = re.compile(r'class="job-card-title"><a href="/jobs/(\d+)-')


def page_ids(client, query: str) -> list[int]:
    response = client.get(f"/jobs/?{query}")
    assert response.status_code == 200
    return [int(found) for found in CARD_LINK.findall(response.get_data(as_text=True))]


def api_ids(client, query: str) -> list[int]:
    response = client.get(f"/api/v1/jobs?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [job["id"] for job in response.get_json()["jobs"]]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=mental+health",
        "q=technician&sort=date",
        "q=nurse&sort=relevance",
        "location=Denver",
        "location=CO",
        "workplace=remote",
        "workplace=on-site&employment_type=full-time",
        "employment_type=part-time",
        "min_salary=45000",
        "posted_within=7",
        "posted_within=1",
        "guide=mental-health-technician",
        "q=health&location=FL&min_salary=30000&sort=date",
        "page=2",
        "q=health&page=2",
    ],
)
def test_search_gives_the_pages_results_in_the_pages_order(client, query):
    expected = page_ids(client, query)
    assert api_ids(client, query) == expected
    if query in ("", "q=mental+health", "workplace=remote"):
        assert expected, "the seeded jobs should match this search"


def test_a_job_reads_with_jobicys_field_names_and_ours(client):
    (posting,) = add_postings(
        record(
            title="Night Charge Nurse",
            salary={"min": 30, "max": 40, "currency": "USD", "period": "hour"},
            description="Lead the night shift. " * 40,
        )
    )
    listed = client.get("/api/v1/jobs?q=night+charge+nurse").get_json()
    assert listed["apiVersion"] == "1"
    assert listed["jobCount"] == len(listed["jobs"]) >= 1
    job = next(job for job in listed["jobs"] if job["id"] == posting.id)
    assert job["jobTitle"] == "Night Charge Nurse"
    assert job["companyName"] == "Testing Health"
    assert job["jobGeo"] == "Denver, CO"
    assert job["jobType"] == ["full-time"]
    assert job["annualSalaryMin"] == 30 * 2080 and job["annualSalaryMax"] == 40 * 2080
    assert job["salaryCurrency"] == "USD"
    assert job["pubDate"].endswith("Z")
    assert job["url"] == f"http://localhost/jobs/{posting.id}-{job['jobSlug']}"
    assert len(job["jobExcerpt"]) < 300 and "jobDescription" not in job

    one = client.get(f"/api/v1/jobs/{posting.id}")
    assert one.status_code == 200
    assert "Lead the night shift." in one.get_json()["jobDescription"]
    missing = client.get("/api/v1/jobs/999999")
    assert missing.status_code == 404
    assert missing.mimetype == "application/problem+json"
    assert missing.get_json()["type"] == "http://localhost/api/docs#problem-not-found"


def test_pages_link_to_the_next_with_the_same_filters(client):
    add_postings(*(record(title=f"Pager Orderly {n}") for n in range(5)))
    first = client.get("/api/v1/jobs?q=pager+orderly&per_page=2").get_json()
    assert first["total"] == 5 and first["page"] == 1 and first["perPage"] == 2
    seen = [job["id"] for job in first["jobs"]]
    link = first["next"]
    assert link.startswith("http://localhost/api/v1/jobs?")
    while link:
        following = client.get(link.removeprefix("http://localhost")).get_json()
        seen += [job["id"] for job in following["jobs"]]
        link = following["next"]
    assert len(seen) == len(set(seen)) == 5
    past = client.get("/api/v1/jobs?q=pager+orderly&per_page=2&page=40").get_json()
    assert past["jobs"] == [] and past["next"] is None and past["total"] == 5


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("min_salary=lots", "min_salary"),
        ("min_salary=-5", "min_salary"),
        ("workplace=moon", "workplace"),
        ("posted_within=3", "posted_within"),
        ("per_page=500", "per_page"),
        ("page=0", "page"),
        ("sort=random", "sort"),
        ("guide=no-such-guide", "guide"),
    ],
)
def test_bad_parameters_are_a_problem_naming_the_field(client, query, field):
    response = client.get(f"/api/v1/jobs?{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["type"] == "http://localhost/api/docs#problem-invalid-request"
    assert problem["status"] == 422 and problem["title"]
    assert [error["field"] for error in problem["errors"]] == [field]
    assert problem["errors"][0]["in"] == "query"


def test_unknown_addresses_and_methods_under_the_api_are_problems_too(client):
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    wrong_method = client.delete("/api/v1/jobs")
    assert wrong_method.status_code == 405 and wrong_method.mimetype == "application/problem+json"
    assert "GET" in wrong_method.headers["Allow"]
    # The site keeps its own pages.
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_public_reads_have_etags_and_answer_304(client):
    for url in (
        "/api/v1/jobs?q=health",
        "/api/v1/jobs/1",
        "/api/v1/guides",
        "/api/v1/openapi.json",
    ):
        first = client.get(url)
        assert first.status_code == 200, url
        etag = first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.get_data() == b""
    slug = client.get("/api/v1/guides").get_json()["guides"][0]["slug"]
    guide = client.get(f"/api/v1/guides/{slug}")
    assert guide.get_json()["guide"]["slug"] == slug
    assert (
        client.get(
            f"/api/v1/guides/{slug}", headers={"If-None-Match": guide.headers["ETag"]}
        ).status_code
        == 304
    )


def test_a_new_posting_changes_the_cached_search(client):
    first = client.get("/api/v1/jobs?q=phlebotomist")
    assert first.get_json()["total"] == 0
    add_postings(record(title="Phlebotomist"))
    second = client.get(
        "/api/v1/jobs?q=phlebotomist", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert second.status_code == 200
    assert second.get_json()["total"] == 1


def test_public_reads_allow_any_origin_and_personal_ones_none(client, token):
    _user, secret = token
    origin = {"Origin": "https://elsewhere.example"}
    public = client.get("/api/v1/jobs", headers=origin)
    assert public.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in public.headers
    preflight = client.options(
        "/api/v1/jobs",
        headers=origin
        | {
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    personal = client.get("/api/v1/me/bookmarks", headers=origin | bearer(secret))
    assert personal.status_code == 200
    assert "Access-Control-Allow-Origin" not in personal.headers
    assert (
        personal.headers["Cache-Control"] == "private, no-store"
        or "no-store" in personal.headers["Cache-Control"]
    )
    refused = client.options(
        "/api/v1/me/bookmarks",
        headers=origin
        | {
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert "Access-Control-Allow-Headers" not in refused.headers


def test_search_runs_the_same_few_queries_for_one_or_many_results(client, count_queries):
    add_postings(*(record(title=f"Query Counted Aide {n}") for n in range(30)))
    counts = []
    for query in ("q=query+counted+aide+1&per_page=1", "q=query+counted+aide&per_page=30"):
        count_queries.statements.clear()
        response = client.get(f"/api/v1/jobs?{query}")
        assert response.status_code == 200
        counts.append(count_queries.count)
    assert counts[0] == counts[1] <= 4, count_queries.statements
    # Asked again, the kept answer costs only the check that postings did not change.
    count_queries.statements.clear()
    assert client.get("/api/v1/jobs?q=query+counted+aide&per_page=30").status_code == 200
    assert count_queries.count == 1, count_queries.statements
