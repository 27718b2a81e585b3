"""/talent: employers search public resumes by words and filters; anonymous rules hold."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal import clock
from portal.extensions import db
from portal.resumes import services as resumes
from portal.resumes.models import Visibility
from tests.conftest import login
from tests.talent.conftest import post_form, resume_document

CARD = re.compile(r'data-resume-id="(\d+)"')


def found_ids(client, **params) -> list[int]:
    response = client.get("/talent", query_string=params)
    assert response.status_code == 200
    return [int(found) for found in CARD.findall(response.text)]


@pytest.fixture
def employer_client(client, make_employer):
    login(client, make_employer())
    return client


def test_only_public_resumes_are_found(employer_client, make_candidate):
    _, public = make_candidate(resume_document("Pat Public"))
    _, linked = make_candidate(resume_document("Lee Link"), visibility=Visibility.LINK)
    _, private = make_candidate(resume_document("Pri Vate"), visibility=Visibility.PRIVATE)
    assert found_ids(employer_client, q="technician") == [public.id]
    assert employer_client.get(f"/talent/{linked.id}").status_code == 404
    assert employer_client.get(f"/talent/{private.id}").status_code == 404

    resumes.update_settings(
        public, visibility=Visibility.PRIVATE, indexable=False, anonymous=False, paper_size=None
    )
    db.session.commit()
    assert found_ids(employer_client, q="technician") == []
    assert employer_client.get(f"/talent/{public.id}").status_code == 404


def test_words_find_headline_skills_summary_and_work(employer_client, make_candidate):
    work = [{"name": "Cedar Ridge", "position": "Night aide", "summary": "Ran recreation groups"}]
    _, resume = make_candidate(
        resume_document("Sam Soto", "Psychiatric Technician", skills=("Phlebotomy",), work=work)
    )
    for words in ("psychiatric", "phlebotomy", "calm", "recreation groups", "technicians"):
        assert found_ids(employer_client, q=words) == [resume.id], words
    assert found_ids(employer_client, q="surgeon") == []


def test_a_change_to_the_resume_is_searchable_at_once(employer_client, make_candidate):
    _, resume = make_candidate()
    assert found_ids(employer_client, q="phlebotomy") == []
    resumes.save(resume, resume_document(skills=("Phlebotomy",)))
    db.session.commit()
    assert found_ids(employer_client, q="phlebotomy") == [resume.id]


def test_anonymous_resumes_show_no_name_and_cannot_be_found_by_it(employer_client, make_candidate):
    _, resume = make_candidate(resume_document("Dana Reyes", city="Aurora"), anonymous=True)
    page = employer_client.get("/talent", query_string={"q": "technician"}).text
    assert f'data-resume-id="{resume.id}"' in page
    assert "Dana" not in page and "Reyes" not in page
    assert "Anonymous candidate" in page
    assert found_ids(employer_client, q="Reyes") == []

    opened = employer_client.get(f"/talent/{resume.id}").text
    assert "Anonymous candidate" in opened
    assert "Reyes" not in opened and "dana@example.com" not in opened and "Aurora" not in opened


def test_anonymous_resumes_match_a_place_by_region_only(employer_client, make_candidate):
    _, named = make_candidate(resume_document("Ann Named", region="CO", city="Aurora"))
    _, hidden = make_candidate(
        resume_document("Bo Hidden", region="CO", city="Aurora"), anonymous=True
    )
    assert sorted(found_ids(employer_client, location="co")) == sorted([named.id, hidden.id])
    assert found_ids(employer_client, location="US") == [named.id]
    assert found_ids(employer_client, location="Aurora") == [named.id]
    assert found_ids(employer_client, location="WA") == []


def test_the_career_guide_filter_finds_its_occupation_and_skills(employer_client, make_candidate):
    _, by_title = make_candidate(resume_document("Al Title", "Mental Health Technician", skills=()))
    _, by_skill = make_candidate(
        resume_document("Bea Skill", "Caregiver", skills=("Basic first aid and CPR",))
    )
    _, other = make_candidate(
        resume_document("Cy Other", "Bookkeeper", summary="Ledgers.", skills=("Excel",))
    )
    found = found_ids(employer_client, guide="mental-health-technician")
    assert sorted(found) == sorted([by_title.id, by_skill.id])
    assert other.id not in found
    # With words too: both must hold.
    assert found_ids(employer_client, guide="mental-health-technician", q="caregiver") == [
        by_skill.id
    ]


def test_years_of_experience_count_a_current_job_up_to_today(employer_client, make_candidate):
    current = [{"name": "A", "position": "Tech", "startDate": "2023-12-10"}]
    ended = [{"name": "B", "position": "Tech", "startDate": "2018-01-01", "endDate": "2021-06-01"}]
    _, growing = make_candidate(resume_document("Gro Wing", work=current))
    _, finished = make_candidate(resume_document("Fin Ished", work=ended))
    # 2.97 years of a current job today, 3.07 in January; 3.4 years of a finished one.
    assert found_ids(employer_client, min_years=3) == [finished.id]
    with clock.frozen(dt.datetime(2027, 1, 5, 12)):
        assert sorted(found_ids(employer_client, min_years=3)) == sorted([growing.id, finished.id])
        assert found_ids(employer_client, min_years=4) == []


def test_certification_and_updated_within(employer_client, make_candidate):
    _, certified = make_candidate(resume_document("Cer Tified", certificates=("CPR/BLS",)))
    with clock.frozen(clock.now() - dt.timedelta(days=40)):
        _, stale = make_candidate(resume_document("Sta Le", certificates=("CPI",)))
    assert found_ids(employer_client, certification="cpr") == [certified.id]
    assert found_ids(employer_client, certification="cpi") == [stale.id]
    assert found_ids(employer_client, certification="100%") == []
    assert found_ids(employer_client, updated_within=30) == [certified.id]


def test_results_show_headline_region_skills_and_last_update(employer_client, make_candidate):
    make_candidate(
        resume_document("Ann Named", "Psych Tech", region="CO", skills=("De-escalation",))
    )
    page = employer_client.get("/talent").text
    assert "Psych Tech" in page and "CO, US" in page and "De-escalation" in page
    assert "Updated" in page and "Nov 30, 2026" in page and "Ann Named" in page


def test_filters_that_make_no_sense_are_said_not_a_500(employer_client, make_candidate):
    make_candidate()
    response = employer_client.get(
        "/talent", query_string={"min_years": "lots", "updated_within": "3", "q": 'AND " ( *'}
    )
    assert response.status_code == 200
    assert "Not a valid" in response.text


def test_a_candidate_hides_from_a_company(client, make_candidate, make_employer, app):
    person, resume = make_candidate()
    login(client, person)
    hidden = post_form(
        client, "/privacy/companies", {"company": "  cedar RIDGE behavioral hospital"}
    )
    assert hidden.status_code == 303
    assert "cedar RIDGE behavioral hospital" in client.get("/resume").text

    cedar = app.test_client()
    login(cedar, make_employer("Cedar Ridge Behavioral Hospital"))
    assert found_ids(cedar) == []
    assert cedar.get(f"/talent/{resume.id}").status_code == 404
    other = app.test_client()
    login(other, make_employer("Elsewhere Care"))
    assert found_ids(other) == [resume.id]


def test_the_search_page_reads_a_fixed_number_of_statements(
    employer_client, make_candidate, count_queries
):
    make_candidate(resume_document("One Person"))
    employer_client.get("/talent")
    count_queries.statements.clear()
    employer_client.get("/talent", query_string={"q": "technician"})
    with_one = count_queries.count
    first = list(count_queries.statements)
    for number in range(5):
        make_candidate(resume_document(f"More Person{number}"))
    count_queries.statements.clear()
    assert len(found_ids(employer_client, q="technician")) == 6
    assert count_queries.count == with_one, (first, count_queries.statements)


def test_the_ranked_window_is_the_most_recently_updated_matches(
    app, employer_client, make_candidate, monkeypatch
):
    # With more matches than TALENT_SEARCH_WINDOW, the newest are ranked on either database;
    # a candidate who edits an old resume today comes back into it.
    monkeypatch.setitem(app.config, "TALENT_SEARCH_WINDOW", 2)
    made = []
    for number, skills in enumerate([(), ("Phlebotomy",), ()]):
        clock.set_now(clock.now() + dt.timedelta(hours=1))
        made.append(make_candidate(resume_document(f"Person{number} Window", skills=skills)))
    oldest, middle, newest = (resume for _user, resume in made)
    assert found_ids(employer_client, q="technician") == [newest.id, middle.id]

    clock.set_now(clock.now() + dt.timedelta(hours=1))
    resumes.save(oldest, resume_document("Person0 Window", summary="Back on nights.", skills=()))
    db.session.commit()
    assert found_ids(employer_client, q="technician") == [oldest.id, newest.id]
    # The window counts matches only: a word the middle one alone has still finds it.
    assert found_ids(employer_client, q="phlebotomy") == [middle.id]
