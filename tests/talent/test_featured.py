"""Featured and pinned: Plus members' resumes carry a mark, rank a little higher, and take
turns in the pinned row; when Plus ends, the marks go on the next search."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest

from portal import clock
from portal.talent import search
from tests.conftest import login
from tests.talent.conftest import end_plus, grant_plus, resume_document

CARD = re.compile(r'data-resume-id="(\d+)"')


def sections(client, **params) -> tuple[list[int], list[int], str]:
    page = client.get("/talent", query_string=params).text
    pinned_part, _, results_part = page.partition('id="results-title"')
    pinned = [int(x) for x in CARD.findall(pinned_part)] if "talent-pinned" in pinned_part else []
    return pinned, [int(x) for x in CARD.findall(results_part)], page


@pytest.fixture
def employer_client(client, make_employer):
    login(client, make_employer())
    return client


def test_a_plus_members_resume_is_featured_pinned_and_loses_both_when_plus_ends(
    employer_client, make_candidate
):
    member, featured = make_candidate(resume_document("Plus Member"))
    _, plain = make_candidate(resume_document("Free Member"))
    grant_plus(member)
    pinned, results, page = sections(employer_client, q="technician")
    assert pinned == [featured.id]
    assert results[0] == featured.id and plain.id in results
    assert page.count("talent-featured-mark") == 2  # in the pinned row and in the results
    opened = employer_client.get(f"/talent/{featured.id}").text
    assert "talent-featured-mark" in opened

    end_plus(member)
    pinned, results, page = sections(employer_client, q="technician")
    assert pinned == []
    assert "talent-featured-mark" not in page
    assert "talent-featured-mark" not in employer_client.get(f"/talent/{featured.id}").text


def test_featured_is_a_boost_not_a_wall(employer_client, make_candidate):
    # Two equal close matches (the words in the headline); the older one would come second.
    twin_owner, twin = make_candidate(resume_document("Twin Match", "Psychiatric Technician"))
    _, close = make_candidate(resume_document("Close Match", "Psychiatric Technician"))
    # A weak match: a single mention deep in the work history.
    work = [{"name": "X", "position": "Aide", "summary": "Covered for a psychiatric technician."}]
    member, weak = make_candidate(
        resume_document("Weak Match", "Bookkeeper", summary="Ledgers.", skills=(), work=work)
    )
    assert sections(employer_client, q="psychiatric technician")[1] == [close.id, twin.id, weak.id]

    grant_plus(member)
    grant_plus(twin_owner)
    results = sections(employer_client, q="psychiatric technician")[1]
    assert results == [twin.id, close.id, weak.id]


def test_pinned_takes_turns_day_by_day_and_page_one_only(employer_client, make_candidate):
    members = []
    for number in range(7):
        member, resume = make_candidate(resume_document(f"Member Number{number}"))
        grant_plus(member)
        members.append(resume.id)
    make_candidate(resume_document("Not Plus"))

    shown_by_day = []
    for day in range(math.ceil(7 / search.PINNED)):
        with clock.frozen(dt.datetime(2026, 12, 1, 9) + dt.timedelta(days=day)):
            pinned, _, _ = sections(employer_client, q="technician")
            again, _, _ = sections(employer_client, q="technician")
            assert pinned == again  # the same all day
            assert len(pinned) == search.PINNED
            shown_by_day.append(pinned)
    # Every matching Plus resume was pinned within ceil(7 / 3) days.
    assert {resume_id for day in shown_by_day for resume_id in day} == set(members)
    assert shown_by_day[0] != shown_by_day[1]

    for number in range(search.PAGE_SIZE):
        make_candidate(resume_document(f"Filler Person{number}"))
    pinned, _, _ = sections(employer_client, q="technician", page=2)
    assert pinned == []


def test_pinned_resumes_match_the_search(employer_client, make_candidate):
    member, resume = make_candidate(resume_document("Plus Member", "Bookkeeper", skills=()))
    grant_plus(member)
    pinned, _, _ = sections(employer_client, q="technician")
    assert resume.id not in pinned
    assert sections(employer_client, q="bookkeeper")[0] == [resume.id]


def test_a_featured_resume_older_than_the_ranked_window_is_still_found_and_pinned(
    app, employer_client, make_candidate, monkeypatch
):
    # Only the newest matches are ranked (TALENT_SEARCH_WINDOW); a Plus member's resume is found
    # and pinned wherever it falls, so that every one of them gets a turn.
    monkeypatch.setitem(app.config, "TALENT_SEARCH_WINDOW", 2)
    member, old_featured = make_candidate(resume_document("Early Member"))
    grant_plus(member)
    newer = []
    for number in range(3):
        clock.set_now(clock.now() + dt.timedelta(hours=1))
        newer.append(make_candidate(resume_document(f"Later Person{number}"))[1].id)
    pinned, results, page = sections(employer_client, q="technician")
    assert pinned == [old_featured.id]
    assert old_featured.id in results
    # Not every plain match was ranked: the oldest is past the window, and the count says more.
    assert newer[0] not in results and newer[-1] in results
    assert re.search(r"\d\+ resumes", " ".join(page.split()))

    end_plus(member)
    pinned, results, _ = sections(employer_client, q="technician")
    assert pinned == [] and results == newer[:0:-1]
