"""The one search function: ranking, each filter, pagination, and text typed by anyone."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import sqlalchemy as sa

from portal import clock
from portal.extensions import db
from portal.jobs.models import EmploymentType, Workplace
from portal.jobs.search import COUNT_CAP, JobQuery, Sort, search_jobs
from tests.jobs.factories import add_postings, day, import_postings, record


def titles(page) -> list[str]:
    return [posting.title for posting in page.postings]


def test_a_title_match_outranks_a_description_match():
    add_postings(
        record(title="Unit Clerk", description="Works beside the zorbluff team every day."),
        record(
            title="Zorbluff Specialist", description="Keeps the unit running.", posted_at=day(-20)
        ),
        record(title="Ward Helper", description="Zorbluff zorbluff zorbluff, all day long."),
    )
    page = search_jobs(JobQuery(text="zorbluff"))
    assert page.total == 3
    assert titles(page)[0] == "Zorbluff Specialist"


def test_words_are_stemmed_and_all_must_match():
    add_postings(
        record(title="Quillon Technicians wanted", description="Nights."),
        record(title="Quillon Technician", description="Days only."),
    )
    assert search_jobs(JobQuery(text="quillon technician")).total == 2
    assert titles(search_jobs(JobQuery(text="quillon nights"))) == ["Quillon Technicians wanted"]


def test_phrases_exclusions_and_prefixes():
    add_postings(
        record(title="Vestrel night shift aide", description="Night shift on the ward."),
        record(title="Vestrel day aide", description="A shift at night, now and then."),
    )
    assert titles(search_jobs(JobQuery(text='vestrel "night shift"'))) == [
        "Vestrel night shift aide"
    ]
    assert titles(search_jobs(JobQuery(text="vestrel -night"))) == []
    assert titles(search_jobs(JobQuery(text="vestrel NOT day"))) == ["Vestrel night shift aide"]
    assert search_jobs(JobQuery(text="vestr*")).total == 2


def test_company_names_are_searched():
    add_postings(record(company={"name": "Plumbrook Clinic"}, title="Aide"))
    assert search_jobs(JobQuery(text="plumbrook")).total == 1


def test_a_re_imported_posting_is_found_by_its_new_words_only():
    # One batch that both creates and updates: the index follows each row, as search shows.
    first = record(title="Brannock Aide", description="Gardens and walks.")
    add_postings(first)

    report = import_postings(
        {**first, "title": "Tellwether Aide", "description": "Pools and swims."},
        record(title="Brannock Porter"),
    )

    assert (report.created, report.updated) == (1, 1)
    assert titles(search_jobs(JobQuery(text="tellwether swims"))) == ["Tellwether Aide"]
    assert titles(search_jobs(JobQuery(text="brannock"))) == ["Brannock Porter"]
    assert titles(search_jobs(JobQuery(text="gardens"))) == []


def test_expired_postings_are_not_found():
    add_postings(
        record(title="Brindlewick aide", valid_through=day(10)),
        record(title="Brindlewick helper", posted_at=day(-40), valid_through=day(-1)),
    )
    assert titles(search_jobs(JobQuery(text="brindlewick"))) == ["Brindlewick aide"]


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("Omaha", {"Omaha"}),
        ("omaha", {"Omaha"}),
        ("NE", {"Omaha", "Lincoln"}),
        ("Omaha, NE", {"Omaha"}),
        ("Lincoln, NE", {"Lincoln"}),
        ("Lincoln, IL", set()),
        ("CO", {"Bogotá"}),
        ("CA", {"Toronto"}),
        ("Nowhere", set()),
        ("winston-salem", {"Winston-Salem"}),
        ("Bogotá", {"Bogotá"}),
    ],
)
def test_location_filter(location, expected):
    add_postings(
        record(title="Grellan aide", location={"city": "Omaha", "region": "NE", "country": "US"}),
        record(title="Grellan aide", location={"city": "Lincoln", "region": "NE", "country": "US"}),
        record(title="Grellan aide", location={"city": "Toronto", "region": "ON", "country": "CA"}),
        record(title="Grellan aide", location={"city": "Winston-Salem", "region": "NC"}),
        record(title="Grellan aide", location={"city": "Bogotá", "country": "CO"}),
    )
    page = search_jobs(JobQuery(text="grellan", location=location))
    assert {posting.city for posting in page.postings} == expected


def test_workplace_and_employment_type_filters():
    add_postings(
        record(title="Hobbin remote", workplace="remote", employment_type="part-time"),
        record(title="Hobbin hybrid", workplace="hybrid", employment_type="contract"),
        record(title="Hobbin onsite", workplace="on-site", employment_type="part-time"),
    )
    remote = search_jobs(JobQuery(text="hobbin", workplace=Workplace.REMOTE))
    assert titles(remote) == ["Hobbin remote"]
    part_time = search_jobs(JobQuery(text="hobbin", employment_type=EmploymentType.PART_TIME))
    assert set(titles(part_time)) == {"Hobbin remote", "Hobbin onsite"}
    assert search_jobs(JobQuery(text="hobbin")).total == 3


def test_minimum_salary_compares_yearly_pay_in_the_same_currency():
    add_postings(
        record(
            title="Mellow hourly",
            salary={"min": 20, "max": 25, "currency": "USD", "period": "hour"},
        ),
        record(
            title="Mellow yearly",
            salary={"min": 40000, "max": 45000, "currency": "USD", "period": "year"},
        ),
        record(title="Mellow euros", salary={"max": 90000, "currency": "EUR", "period": "year"}),
        record(title="Mellow unpaid", salary=None),
    )
    # $25 an hour is $52,000 a year.
    assert titles(search_jobs(JobQuery(text="mellow", min_salary=50_000))) == ["Mellow hourly"]
    assert set(titles(search_jobs(JobQuery(text="mellow", min_salary=45_000)))) == {
        "Mellow hourly",
        "Mellow yearly",
    }
    assert search_jobs(JobQuery(text="mellow", min_salary=60_000)).total == 0


@pytest.mark.parametrize(
    ("days", "expected"), [(1, {"today"}), (7, {"today", "week"}), (30, {"today", "week", "month"})]
)
def test_posted_within(days, expected):
    add_postings(
        record(title="Tansy today", posted_at=day(0)),
        record(title="Tansy week", posted_at=day(-5)),
        record(title="Tansy month", posted_at=day(-20)),
        record(title="Tansy old", posted_at=day(-45)),
    )
    page = search_jobs(JobQuery(text="tansy", posted_within_days=days))
    assert {title.split()[1] for title in titles(page)} == expected


def test_guide_filter():
    add_postings(
        record(title="Psychiatric Technician Zarnow"),
        record(title="Zarnow Cook"),
    )
    page = search_jobs(JobQuery(text="zarnow", guide="mental-health-technician"))
    assert titles(page) == ["Psychiatric Technician Zarnow"]
    assert search_jobs(JobQuery(text="zarnow", guide="no-such-guide")).total == 0


def test_received_after_finds_what_arrived_since():
    import_postings(record(title="Wrenfield aide"), now=clock.now() - dt.timedelta(days=2))
    cutoff = clock.now() - dt.timedelta(days=1)
    import_postings(record(title="Wrenfield helper"))
    page = search_jobs(JobQuery(text="wrenfield", received_after=cutoff))
    assert titles(page) == ["Wrenfield helper"]
    assert search_jobs(JobQuery(received_after=cutoff)).total >= 1


def test_sort_by_date_and_default_sorts():
    add_postings(
        record(title="Kestrel kestrel aide", posted_at=day(-9)),
        record(title="Aide", description="kestrel", posted_at=day(-1)),
    )
    assert titles(search_jobs(JobQuery(text="kestrel")))[0] == "Kestrel kestrel aide"
    assert titles(search_jobs(JobQuery(text="kestrel", sort=Sort.DATE)))[0] == "Aide"
    newest = search_jobs(JobQuery())
    dates = [posting.posted_at for posting in newest.postings]
    assert dates == sorted(dates, reverse=True)


def test_pagination_is_stable_and_covers_every_result_once():
    # Same words and the same date: only the tie-breaker orders them.
    add_postings(*[record(title=f"Pelloran aide {n}", posted_at=day(-2)) for n in range(45)])
    seen = []
    for sort in (Sort.RELEVANCE, Sort.DATE):
        seen = []
        for number in (1, 2, 3):
            page = search_jobs(JobQuery(text="pelloran", sort=sort, page=number))
            assert page.total == 45
            assert page.has_previous == (number > 1)
            assert page.has_next == (number < 3)
            seen += [posting.id for posting in page.postings]
        assert len(seen) == len(set(seen)) == 45
        again = [p.id for p in search_jobs(JobQuery(text="pelloran", sort=sort, page=2)).postings]
        assert again == seen[20:40]


@pytest.mark.parametrize(("asked", "shown"), [(0, 1), (-4, 1), (10**9, COUNT_CAP // 20)])
def test_pages_out_of_range_are_clamped(asked, shown):
    page = search_jobs(JobQuery(text="pelloran", page=asked))
    assert page.query.page == shown


def test_a_page_past_the_end_is_empty():
    add_postings(record(title="Fennick aide"))
    page = search_jobs(JobQuery(text="fennick", page=2))
    assert page.postings == [] and not page.has_next and page.has_previous
    assert page.total is None  # no row past the end to count with; the page says "no more"


def test_counts_stop_at_the_cap(monkeypatch):
    monkeypatch.setattr("portal.jobs.search.COUNT_CAP", 5)
    add_postings(*[record(title=f"Ossory aide {n}") for n in range(8)])
    page = search_jobs(JobQuery(text="ossory"))
    assert page.total == 5 and page.total_capped


# What PostgreSQL's planner estimates a search matches, standing in for its real estimate,
# and how wide (in ids) the window of newest postings is then: see portal/jobs/newest_matches.py.
READINGS = {
    "every match at once": {"estimate": 1, "walk": 0},
    "walking the key": {"estimate": 10**9, "walk": 10**9},
    "a window that holds enough": {"width": 4},
    "a window that holds too few": {"width": 2},
}


@pytest.mark.parametrize("reading", READINGS)
def test_the_candidates_are_the_newest_matches_however_they_are_read(monkeypatch, reading):
    # An estimate can be wrong and a window too narrow; the candidates are the same.
    monkeypatch.setattr("portal.jobs.search.COUNT_CAP", 3)
    postings = add_postings(
        *[record(title=f"Harlowe aide {n}") for n in range(4)],
        record(title="Ward clerk"),
        record(title="Harlowe aide 4"),
    )
    settings = READINGS[reading]
    monkeypatch.setattr("portal.jobs.newest_matches.MAX_WINDOW_SHARE", 1)
    monkeypatch.setattr("portal.jobs.newest_matches.WINDOW_MARGIN", 1)
    monkeypatch.setattr("portal.jobs.newest_matches.WALK_WIDTH", settings.get("walk", 0))
    # The window is the newest `width` ids: an estimate of 3 matches per `width` postings.
    postings_in_all = 1000.0
    matches = settings.get("estimate") or postings_in_all * 3 / settings["width"]
    monkeypatch.setattr(
        "portal.jobs.newest_matches.planner_estimates", lambda *_: (matches, postings_in_all)
    )
    page = search_jobs(JobQuery(text="harlowe"))
    assert page.total == 3
    assert {posting.id for posting in page.postings} == {
        p.id for p in [*postings[2:4], postings[5]]
    }


def search_filters() -> dict[str, dict]:
    """Each filter a search can hold, with a value that one of the two postings below passes."""
    return {
        "location": {"location": "Denver, CO"},
        "place": {"location": "CO"},
        "workplace": {"workplace": Workplace.ON_SITE},
        "employment_type": {"employment_type": EmploymentType.FULL_TIME},
        "min_salary": {"min_salary": 30_000},
        "posted_within_days": {"posted_within_days": 7},
        "guide": {"guide": "mental-health-technician"},
        "received_after": {"received_after": clock.now() - dt.timedelta(days=1)},
    }


@pytest.mark.parametrize("sort", [Sort.RELEVANCE, Sort.DATE])
def test_every_combination_of_filters_finds_what_passes_them_all(sort):
    # Each combination is a shape of search with SQL of its own (portal/jobs/search_sql.py).
    add_postings(
        record(title="Psychiatric Technician Yarrowby", posted_at=day(-2)),
        record(title="Psychiatric Technician Yarrowby", location={"city": "Omaha"}),
    )
    every_filter = search_filters()
    names = list(every_filter)
    for size in range(len(names) + 1):
        for chosen in itertools.combinations(names, size):
            if {"location", "place"} <= set(chosen):
                continue
            filters = {key: value for name in chosen for key, value in every_filter[name].items()}
            page = search_jobs(JobQuery(text="yarrowby", sort=sort, **filters))
            expected = 1 if {"location", "place"} & set(chosen) else 2
            assert page.total == expected, chosen


def test_searches_of_one_shape_each_get_their_own_values():
    # A search's statement is built once per shape of search and reused: every value a search
    # holds (words, place, salary, page) must reach the database anew.
    def at(city, region, minimum):
        place = {"city": city, "region": region, "country": "US"}
        return {"location": place, "salary": {"min": minimum, "currency": "USD", "period": "year"}}

    add_postings(
        record(title="Pellow aide", **at("Omaha", "NE", 50_000)),
        record(title="Pellow aide", **at("Denver", "CO", 90_000)),
        record(title="Quorn aide", **at("Denver", "CO", 90_000)),
        *[record(title=f"Quorn helper {n}", **at("Denver", "CO", 90_000)) for n in range(3)],
    )

    def cities(text, location, salary, page=1):
        query = JobQuery(text, location=location, min_salary=salary, page=page, per_page=2)
        return [(p.title.split()[0], p.city) for p in search_jobs(query).postings]

    assert cities("pellow", "Omaha, NE", 40_000) == [("Pellow", "Omaha")]
    assert cities("pellow", "Denver, CO", 40_000) == [("Pellow", "Denver")]
    assert cities("pellow", "Omaha, NE", 60_000) == []
    assert cities("quorn", "Denver, CO", 60_000, page=2) == [("Quorn", "Denver")] * 2


def test_a_repeated_search_is_planned_for_its_own_words_every_time():
    # A prepared statement gets a generic plan after five runs, one that cannot tell common
    # words from rare ones; a popular search then ran ten times slower.
    if db.engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL keeps plans of prepared statements")
    add_postings(record(title="Tolland aide"))
    for _ in range(12):
        assert search_jobs(JobQuery(text="tolland")).total == 1
    assert db.session.scalar(sa.text("SELECT count(*) FROM pg_prepared_statements")) == 0


HOSTILE = [
    '"',
    '""',
    "(((",
    ")",
    "AND",
    "OR OR",
    "NOT",
    "NOT NOT NOT",
    "*",
    "**",
    "-",
    "--",
    '-"x"',
    '"a" OR',
    "a NEAR/2 b",
    "NEAR(a b, 3)",
    "title:aide",
    "{title company}: aide",
    "^aide",
    "aide:*",
    "tech:* & !nurse | (x <-> y)",
    "'; DROP TABLE job_postings; --",
    "\\",
    "\x00",
    "aide\x00aide",
    "%",
    "_",
    "'",
    "😀",
    "🧑‍⚕️ aide",
    "\ufb01re \uff41\uff49\uff44\uff45",  # a ligature, full-width letters
    "١٢٣ ४५६",
    "\u202eedia",
    "naïve café",
    "a" * 10_000,
    "aide " * 2_000,
    "x" * 100 + " " + "(" * 3_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_any_text_searches_without_error(text):
    add_postings(record(title="Aide"))
    page = search_jobs(JobQuery(text=text, location=text[:200]))
    assert page.total is not None
    assert page.no_words or page.total >= 0


def test_filters_without_words_browse_newest_first():
    add_postings(
        record(title="Aide", location={"city": "Quillfort", "region": "WY"}, posted_at=day(-3)),
        record(title="Helper", location={"city": "Quillfort", "region": "WY"}, posted_at=day(-1)),
        record(title="Cook", location={"city": "Quillfort", "region": "WY"}, workplace="remote"),
    )
    assert titles(search_jobs(JobQuery(location="quillfort, wy"))) == ["Cook", "Helper", "Aide"]
    on_site = search_jobs(JobQuery(location="Quillfort", workplace=Workplace.ON_SITE))
    assert titles(on_site) == ["Helper", "Aide"]
    remote = search_jobs(JobQuery(workplace=Workplace.REMOTE, per_page=100)).postings
    assert remote and all(posting.workplace is Workplace.REMOTE for posting in remote)
