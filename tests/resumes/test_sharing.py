"""Sharing a resume at /r/<slug>: visibility, the generated and custom addresses, anonymous mode,
what search engines and link previews see, and how often it was opened."""

from __future__ import annotations

import datetime as dt
import json
import re

import sqlalchemy as sa

from portal import clock
from portal.extensions import db
from portal.resumes import sharing, stats
from portal.resumes.models import ResumeViewDay
from portal.resumes.services import resume_of
from tests.conftest import login, logout
from tests.resumes.conftest import (
    address_of,
    end_plus,
    grant_plus,
    import_json,
    pdf_text,
    post_form,
    share,
)


def test_a_resume_is_private_until_shared(client, seeker, sample):
    import_json(client, sample)
    page = client.get("/resume").text
    assert "Your resume is private" in page
    assert 'class="resume-share-url" href' not in page


def test_a_link_shared_resume_has_an_unguessable_address_and_is_not_indexed(client, seeker, sample):
    import_json(client, sample)
    share(client, "link")
    address = address_of(client)
    assert re.fullmatch(r"/r/[a-hj-km-np-z2-9]{8}", address)
    logout(client)
    page = client.get(address)
    assert page.status_code == 200
    assert "Richard Hendriks" in page.text
    assert '<meta name="robots" content="noindex">' in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert client.get("/r/k7m2q9xw").status_code == 404


def test_public_is_indexed_only_when_the_owner_also_says_so(client, seeker, sample):
    import_json(client, sample)
    share(client, "public")
    address = address_of(client)
    assert '<meta name="robots" content="noindex">' in client.get(address).text
    share(client, "public", indexable=True)
    assert address_of(client) == address  # the same address, for good
    page = client.get(address).text
    assert 'name="robots"' not in page
    assert f'<link rel="canonical" href="http://localhost{address}">' in page
    assert '<meta property="og:type" content="profile">' in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    )
    assert data["@type"] == "Person"
    assert data["name"] == "Richard Hendriks"
    assert data["hasOccupation"] == {"@type": "Occupation", "name": "Programmer"}
    # "Let search engines show it" means nothing for a resume shared by link.
    share(client, "link", indexable=True)
    assert '<meta name="robots" content="noindex">' in client.get(address).text


def test_making_it_private_again_closes_every_address(client, seeker, sample):
    import_json(client, sample)
    share(client, "link")
    address = address_of(client)
    share(client, "private")
    for suffix in ("", ".pdf", ".json"):
        assert client.get(address + suffix).status_code == 404


def test_free_members_cannot_choose_an_address(client, seeker, sample):
    import_json(client, sample)
    page = client.get("/resume").text
    assert "With Plus you choose your resume's address" in page
    post_form(client, "/resume/address", {"slug": "dana-reyes"})
    assert "A custom address comes with Plus." in client.get("/resume").text
    assert client.get("/r/dana-reyes").status_code == 404


def test_plus_members_choose_an_address_within_the_rules(client, seeker, sample):
    import_json(client, sample)
    share(client, "link")
    grant_plus(seeker)
    refusals = {
        "ab": "Use 3 to 40 characters.",
        "dana_reyes": "Use lowercase letters, digits and single hyphens",
        "-dana": "Use lowercase letters, digits and single hyphens",
        "admin": "is a word the site uses",
        "API": "is a word the site uses",
    }
    for text, message in refusals.items():
        post_form(client, "/resume/address", {"slug": text})
        assert message in client.get("/resume").text, text

    post_form(client, "/resume/address", {"slug": "Dana-Reyes-MHT"})
    assert address_of(client) == "/r/dana-reyes-mht"
    assert client.get("/r/DANA-reyes-mht").status_code == 200  # case does not matter

    post_form(client, "/resume/address", {"slug": "dana-two"})
    post_form(client, "/resume/address", {"slug": "dana-three"})
    post_form(client, "/resume/address", {"slug": "dana-four"})
    assert "You can change your address 3 times a day" in client.get("/resume").text
    assert address_of(client) == "/r/dana-three"
    with clock.frozen(clock.now() + dt.timedelta(days=1, minutes=1)):
        post_form(client, "/resume/address", {"slug": "dana-four"})
        assert address_of(client) == "/r/dana-four"


def test_an_address_is_nobody_elses(client, make_user, seeker, sample):
    import_json(client, sample)
    share(client, "link")
    grant_plus(seeker)
    post_form(client, "/resume/address", {"slug": "dana-reyes"})
    logout(client)

    other = make_user("other@example.com")
    grant_plus(other)
    login(client, other)
    import_json(client, sample)
    share(client, "link")
    post_form(client, "/resume/address", {"slug": "dana-reyes"})
    assert "That address is taken" in client.get("/resume").text


def test_when_plus_ends_the_custom_address_is_gone_and_kept_for_90_days(
    client, make_user, seeker, sample
):
    import_json(client, sample)
    share(client, "link")
    generated = address_of(client)
    grant_plus(seeker)
    post_form(client, "/resume/address", {"slug": "dana-reyes"})

    end_plus(seeker)
    gone = client.get("/r/dana-reyes")
    assert gone.status_code == 410
    assert "no longer in use" in gone.text
    assert "Richard" not in gone.text
    assert client.get(generated).status_code == 200
    assert address_of(client) == generated
    assert "kept for you for 90 days" in client.get("/resume").text

    logout(client)
    stranger = make_user("stranger@example.com")
    grant_plus(stranger)
    login(client, stranger)
    import_json(client, {"basics": {"name": "Stranger"}})
    share(client, "link")
    post_form(client, "/resume/address", {"slug": "dana-reyes"})
    assert "That address is taken" in client.get("/resume").text

    with clock.frozen(clock.now() + dt.timedelta(days=91)):
        post_form(client, "/resume/address", {"slug": "dana-reyes"})
        assert address_of(client) == "/r/dana-reyes"
        assert "Stranger" in client.get("/r/dana-reyes").text


def test_the_reservation_counts_from_the_first_attempt_to_take_the_address(
    client, make_user, seeker, sample
):
    import_json(client, sample)
    share(client, "link")
    grant_plus(seeker)
    post_form(client, "/resume/address", {"slug": "dana-reyes"})
    end_plus(seeker)  # nobody opens the address after this
    logout(client)

    stranger = make_user("stranger@example.com")
    grant_plus(stranger)
    login(client, stranger)
    import_json(client, {"basics": {"name": "Stranger"}})
    share(client, "link")
    post_form(client, "/resume/address", {"slug": "dana-reyes"})
    assert "That address is taken" in client.get("/resume").text
    with clock.frozen(clock.now() + dt.timedelta(days=90, hours=1)):
        post_form(client, "/resume/address", {"slug": "dana-reyes"})
        assert address_of(client) == "/r/dana-reyes"


def test_back_on_plus_the_custom_address_answers_again(client, seeker, sample):
    import_json(client, sample)
    share(client, "link")
    grant_plus(seeker)
    post_form(client, "/resume/address", {"slug": "dana-reyes"})
    end_plus(seeker)
    assert client.get("/r/dana-reyes").status_code == 410
    grant_plus(seeker)
    assert client.get("/r/dana-reyes").status_code == 200
    assert address_of(client) == "/r/dana-reyes"


def test_an_admin_takes_an_address_away_for_good(client, seeker, sample):
    import_json(client, sample)
    share(client, "link")
    grant_plus(seeker)
    post_form(client, "/resume/address", {"slug": "famous-person"})
    assert sharing.take_away("famous-person") is not None
    assert client.get("/r/famous-person").status_code == 410
    post_form(client, "/resume/address", {"slug": "famous-person"})
    assert "That address is taken" in client.get("/resume").text


ANONYMOUS_RESUME = {
    "basics": {
        "name": "Dana Reyes",
        "label": "Mental Health Technician",
        "email": "dana.reyes@example.com",
        "phone": "720-555-0142",
        "url": "https://dana-reyes.example.com",
        "image": "https://dana-reyes.example.com/photo.jpg",
        "summary": "I'm Dana Reyes; reach me at 720-555-0142.",
        "location": {
            "address": "1200 Larimer St",
            "postalCode": "80204",
            "city": "Denver",
            "region": "Colorado",
            "countryCode": "US",
        },
        "profiles": [
            {
                "network": "LinkedIn",
                "username": "danareyes",
                "url": "https://www.linkedin.com/in/danareyes",
            }
        ],
    },
    "work": [
        {
            "name": "Riverbend Behavioral Health Hospital",
            "position": "Mental Health Technician",
            "description": "A psychiatric hospital in Colorado",
            "startDate": "2022-03",
            "summary": "Adult inpatient unit at Riverbend Behavioral Health Hospital.",
        },
        {"name": "Sunrise Home Care", "position": "Home Health Aide", "startDate": "2020-01"},
        {
            "name": "Elm Street Clinic",
            "position": "Front desk",
            "startDate": "2018-01",
            "endDate": "2019-12",
        },
    ],
    "references": [{"name": "Morgan Lee", "reference": "Dana is calm under pressure."}],
}
HIDDEN = [
    "Dana",
    "Reyes",
    "dana.reyes@example.com",
    "720-555-0142",
    "dana-reyes.example.com",
    "1200 Larimer St",
    "80204",
    "Denver",
    "danareyes",
    "Riverbend",
    "Sunrise Home Care",
    "Morgan Lee",
]


def test_anonymous_mode_hides_the_person_in_every_form(client, seeker):
    import_json(client, ANONYMOUS_RESUME)
    share(client, "public", anonymous=True)
    address = address_of(client)
    logout(client)
    page = client.get(address)
    pdf = client.get(address + ".pdf")
    data = client.get(address + ".json")
    assert page.status_code == pdf.status_code == data.status_code == 200
    forms = {"page": page.text, "pdf": pdf_text(pdf.data), "json": data.text}
    for name, text in forms.items():
        for value in HIDDEN:
            assert value not in text, f"{value!r} shows in the {name}"
        assert "Colorado" in text  # the region stays
        assert "A psychiatric hospital in Colorado" in text
        assert "Current employer" in text  # the other current job, which says nothing of itself
        assert "Elm Street Clinic" in text  # a past employer stays
    assert "application/ld+json" not in page.text
    assert "Anonymous candidate" in page.text


def test_the_owner_sees_how_often_others_opened_it(client, make_user, seeker, sample):
    import_json(client, sample)
    share(client, "link")
    address = address_of(client)
    client.get(address)  # the owner's own visit does not count
    logout(client)
    client.get(address)
    client.get(address)
    client.get(address + ".pdf")
    with clock.frozen(clock.now() - dt.timedelta(days=31)):
        client.get(address)  # too long ago to count
    login(client, seeker)
    assert "2 page views, 1 PDF download." in client.get("/resume").text


def test_view_counts_are_written_in_batches(app, client, seeker, sample, monkeypatch):
    import_json(client, sample)
    share(client, "link")
    address = address_of(client)
    resume_id = resume_of(seeker.id).id
    logout(client)
    monkeypatch.setitem(app.config, "RESUME_VIEWS_FLUSH_SECONDS", 60)
    for _ in range(4):
        client.get(address)
    assert db.session.scalars(sa.select(ResumeViewDay.page_views)).all() == []  # in memory
    assert stats.views_in_window(resume_id).pages == 4  # the owner's screen writes them
    assert db.session.scalars(sa.select(ResumeViewDay.page_views)).all() == [4]


def test_the_public_page_costs_a_fixed_number_of_queries(client, seeker, sample, count_queries):
    sample["work"] = sample["work"] * 20
    import_json(client, sample)
    share(client, "link")
    address = address_of(client)
    logout(client)
    client.get("/")  # shows the "signed out" message, so the next page is a plain visitor's
    count_queries.statements.clear()
    client.get(address)
    # The address with its resume; the document, to render the page; the day's view count.
    assert count_queries.count == 3, count_queries.statements
    count_queries.statements.clear()
    client.get(address)
    # Rendered once per version: the next visitor costs the look-up and the count.
    assert count_queries.count == 2, count_queries.statements


def test_deleting_the_account_deletes_the_resume_and_frees_its_address(
    client, make_user, seeker, sample
):
    import_json(client, sample)
    share(client, "link")
    grant_plus(seeker)
    post_form(client, "/resume/address", {"slug": "dana-reyes"})
    export = client.get("/account/export").get_json()
    assert export["resume"]["resume"]["basics"]["name"] == "Richard Hendriks"
    assert "dana-reyes" in export["resume"]["addresses"]

    deleted = post_form(client, "/account/delete", {"password": seeker.test_password})
    assert deleted.status_code == 303
    assert client.get("/r/dana-reyes").status_code == 404

    other = make_user("other@example.com")
    grant_plus(other)
    login(client, other)
    import_json(client, sample)
    share(client, "link")
    post_form(client, "/resume/address", {"slug": "dana-reyes"})
    assert address_of(client) == "/r/dana-reyes"


def test_visitors_see_a_change_at_once_and_the_custom_address_as_canonical(
    app, client, seeker, sample
):
    import_json(client, sample)
    share(client, "link")
    generated = address_of(client)
    visitor = app.test_client()
    assert "Richard Hendriks" in visitor.get(generated).text  # stored for visitors now
    post_form(client, "/resume/basics", {"name": "Richard Hendricks-Bachman"})
    assert "Richard Hendricks-Bachman" in visitor.get(generated).text

    grant_plus(seeker)
    post_form(client, "/resume/address", {"slug": "richard-h"})
    page = visitor.get(generated).text
    assert '<link rel="canonical" href="http://localhost/r/richard-h">' in page
    end_plus(seeker)
    page = visitor.get(generated).text
    assert f'<link rel="canonical" href="http://localhost{generated}">' in page
