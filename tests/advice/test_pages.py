"""`/advice` and `/jobs/<id>/fit` as members, Free members and visitors see them."""

from __future__ import annotations

import re

from portal.advice.ranking import MAX_SEARCHES, PER_SEARCH
from portal.careers import services as careers
from portal.jobs.search import JobQuery, Sort, search_jobs
from tests.advice.conftest import give_resume, grant_plus, mht_document
from tests.advice.labelled import RESUMES
from tests.jobs.factories import add_postings, record

CPT_POSTING = {
    "title": "Psychiatric Technician",
    "guide": "mental-health-technician",
    "location": {"city": "Pueblo", "region": "CO", "country": "US"},
    "salary": {"min": 19, "max": 23, "currency": "USD", "period": "hour"},
    "description": (
        "Observe patients and complete safety checks. Use verbal de-escalation with patients "
        "in crisis. Current BLS certification required. Certified Psychiatric Technician "
        "license required within six months."
    ),
}


def fit_page(client, posting_id: int) -> str:
    response = client.get(f"/jobs/{posting_id}/fit")
    assert response.status_code == 200
    return response.text


def score_on(page: str) -> int:
    found = re.search(r'class="fit-score"[^>]*>(\d+)<', page)
    assert found, "no fit score on the page"
    return int(found.group(1))


def test_the_job_page_links_to_how_well_do_i_fit(client):
    (posting,) = add_postings(record(**CPT_POSTING))
    page = client.get(f"/jobs/{posting.id}", follow_redirects=True).text
    assert f'href="/jobs/{posting.id}/fit"' in page
    assert "How well do I fit?" in page


def test_plus_members_see_their_fit_in_full_grounded_in_resume_posting_and_guide(client, member):
    give_resume(member, mht_document())
    grant_plus(member)
    (posting,) = add_postings(record(**CPT_POSTING))
    guide = careers.published_guide("mental-health-technician").content
    cpt = next(c for c in guide.certifications if "CPT" in c.name)

    page = fit_page(client, posting.id)

    assert score_on(page) >= 60
    assert "You have " in page
    # What it asks that the resume shows, with the resume's own line.
    present = page.split('id="fit-present"')[1].split("</section>")[0]
    assert "CPR / BLS" in present
    assert "Basic Life Support (BLS)" in present  # the resume's certificate line
    # What it lacks, with what the guide says about getting it.
    missing = page.split('id="fit-missing"')[1].split("</section>")[0]
    assert "Certified Psychiatric Technician (CPT)" in missing
    assert cpt.how_to_get in missing
    assert 'href="/careers/mental-health-technician"' in missing
    # Lines to move up or reword, quoting the resume.
    lines = page.split('id="fit-lines"')[1].split("</section>")[0]
    assert "De-escalated crises with CPI Nonviolent Crisis Intervention techniques" in lines
    # Pay against the guide's level for 7.4 years of work (senior).
    pay = page.split('id="fit-pay"')[1].split("</section>")[0]
    assert "$39,520\N{EN DASH}$47,840 a year" in pay
    assert f"${guide.salary.senior:,} a year at the senior level" in pay
    assert "7.4 years" in pay


def test_free_members_see_the_score_only_and_what_plus_adds(client, member):
    give_resume(member, mht_document())
    (posting,) = add_postings(record(**CPT_POSTING))

    page = fit_page(client, posting.id)

    assert score_on(page) >= 60
    assert 'href="/pricing"' in page
    assert "With Plus, job advice shows" in page
    assert 'id="fit-missing"' not in page
    assert "You have " not in page

    advice = client.get("/advice").text
    assert "Job advice comes with Plus" in advice
    assert "advice-job" not in advice


def test_without_a_resume_the_page_says_how_to_make_one(client, member):
    grant_plus(member)
    (posting,) = add_postings(record(**CPT_POSTING))
    page = fit_page(client, posting.id)
    assert "Make a resume first" in page
    assert 'href="/resume"' in page
    assert "Make a resume first" in client.get("/advice").text


def test_visitors_are_asked_to_sign_in_and_make_a_resume(client):
    (posting,) = add_postings(record(**CPT_POSTING))
    page = fit_page(client, posting.id)
    assert "Make a resume first" in page
    assert "/login?next=" in page
    assert client.get("/jobs/999999/fit").status_code == 404


def test_advice_ranks_the_jobs_that_fit_with_a_reason_each(client, member):
    give_resume(member, mht_document())
    grant_plus(member)
    add_postings(
        record(**CPT_POSTING),
        record(title="Senior Java Engineer", description="Java, Spring Boot, AWS and SQL."),
    )

    page = client.get("/advice").text

    card = r'class="advice-job">\s*<p>.*?<a href="/jobs/[^"]+">([^<]+)</a>'
    titles = re.findall(card, page, re.S)
    assert titles, "no ranked jobs"
    assert "Senior Java Engineer" not in titles[:10]
    scores = [int(s) for s in re.findall(r'class="fit-score"[^>]*>(\d+)<', page)]
    assert scores == sorted(scores, reverse=True)
    assert page.count('class="fit-why"') == len(titles)
    assert "You have " in page


def test_advice_takes_the_job_searchs_filters(client, member):
    give_resume(member, mht_document())
    grant_plus(member)
    add_postings(record(**CPT_POSTING))

    page = client.get("/advice?location=Pueblo&min_salary=abc").text

    listed = re.findall(r'class="advice-job">.*?</li>', page, re.S)
    assert len(listed) == 1 and "Psychiatric Technician" in listed[0]
    assert "Minimum yearly pay (USD)" in page.split('role="alert"')[1]  # a bad filter is named


def test_when_nothing_fits_well_the_page_says_so(client, member):
    give_resume(member, RESUMES["software"])
    grant_plus(member)
    page = client.get("/advice?location=Pueblo").text
    assert "No open job matches your resume under these filters" in page
    # Found by one of the resume's skills (Python), but far from what the person does.
    add_postings(
        record(
            title="Pharmacy Cashier",
            location={"city": "Pueblo", "region": "CO", "country": "US"},
            description="Ring up prescriptions. Run the weekly Python sales script.",
        )
    )
    page = client.get("/advice?location=Pueblo").text
    assert "Pharmacy Cashier" in page
    assert "Nothing open fits your resume well right now" in page


def test_the_pages_run_a_fixed_number_of_queries(client, member, count_queries):
    give_resume(member, mht_document())
    grant_plus(member)
    first, second = add_postings(record(**CPT_POSTING), record(title="Night Nurse"))

    counts = []
    for posting_id in (first.id, second.id):
        before = count_queries.count
        fit_page(client, posting_id)
        counts.append(count_queries.count - before)
    assert counts[0] == counts[1] <= 8

    # A search costs one statement on SQLite, and on PostgreSQL also the planner's estimate of
    # how many postings match (portal/jobs/newest_matches.py): the page runs at most
    # MAX_SEARCHES of them, plus its own few.
    before = count_queries.count
    search_jobs(
        JobQuery(text="technician night", sort=Sort.RELEVANCE, per_page=PER_SEARCH), count=False
    )
    per_search = count_queries.count - before
    before = count_queries.count
    client.get("/advice")
    assert count_queries.count - before <= MAX_SEARCHES * per_search + 7
