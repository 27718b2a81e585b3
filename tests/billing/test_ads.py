"""House ads: a labelled slot on guide (and job) pages for visitors and the Free plan, nothing at
all for an ad-free plan, and no more than one query for plans and ads together."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import update

from portal.billing.catalog import invalidate_catalog
from portal.billing.models import HouseAd
from portal.extensions import db
from tests.billing.helpers import GUIDE, ad_slot_shown, upgrade
from tests.careers.source_text import visible_text

SEEDED_HEADLINES = {
    "Read without ads, get jobs every morning",
    "Thinking about your next step?",
    "Never miss a new opening",
}


def the_slot(html: str) -> str:
    match = re.search(r"<aside[^>]*data-ad-slot[^>]*>.*?</aside>", html, re.S)
    assert match, "no ad slot on the page"
    return match.group(0)


def test_visitors_see_a_labelled_house_ad_on_guide_pages(client):
    slot = the_slot(client.get(GUIDE).get_data(as_text=True))
    assert 'data-ad-slot="guide"' in slot
    assert 'aria-label="Advertisement"' in slot
    shown = visible_text(slot)
    assert shown.startswith("Advertisement ")
    assert any(headline in shown for headline in SEEDED_HEADLINES)
    assert not re.search(r"<(script|iframe|img)\b", slot)
    link = re.search(r'href="([^"]+)"', slot).group(1)
    assert link.startswith("/")


def test_the_slot_comes_after_the_guide_and_outside_its_cached_body(app, client, member, simulator):
    html = client.get(GUIDE).get_data(as_text=True)  # the body is cached now
    assert html.index("</article>") < html.index("data-ad-slot")
    upgrade(client, simulator)
    plus_html = client.get(GUIDE).get_data(as_text=True)
    assert "data-ad-slot" not in plus_html
    assert "Advertisement" not in plus_html
    assert ad_slot_shown(app.test_client())  # a visitor, from the same cached body


def test_free_members_see_the_slot(client, member):
    assert ad_slot_shown(client)


def test_an_ad_for_visitors_only_is_not_shown_to_members(app, client, member):
    db.session.execute(update(HouseAd).where(HouseAd.key != "free-job-alerts").values(active=False))
    db.session.commit()
    invalidate_catalog()
    assert "Never miss a new opening" in app.test_client().get(GUIDE).text
    assert not ad_slot_shown(client)  # no ad fits: no empty slot either


def test_the_ad_stays_the_same_on_a_page_through_the_day(client):
    first = the_slot(client.get(GUIDE).text)
    assert all(the_slot(client.get(GUIDE).text) == first for _ in range(3))


def test_job_pages_show_the_slot_to_visitors_and_free_members_but_not_to_plus(
    app, client, member, simulator
):
    from sqlalchemy import select

    from portal.jobs.models import JobPosting
    from portal.jobs.presenters import posting_slug

    posting = db.session.scalar(select(JobPosting).order_by(JobPosting.id).limit(1))
    job_page = f"/jobs/{posting.id}-{posting_slug(posting)}"
    visitor_html = app.test_client().get(job_page).get_data(as_text=True)
    assert 'data-ad-slot="job"' in visitor_html
    assert 'aria-label="Advertisement"' in visitor_html
    assert ad_slot_shown(client, job_page)  # a Free member
    upgrade(client, simulator)
    assert not ad_slot_shown(client, job_page)


def test_a_visitors_guide_page_costs_one_query_for_plans_and_ads_at_most(client, count_queries):
    invalidate_catalog()
    client.get(GUIDE)
    cold = list(count_queries.statements)
    count_queries.statements.clear()
    client.get(GUIDE)
    warm = list(count_queries.statements)
    assert len(cold) <= 3, cold  # the guide page's whole budget
    assert len([sql for sql in cold if "billing_" in sql]) == 1  # plans and ads in one query
    assert not [sql for sql in warm if "billing_" in sql]  # then cached


def test_a_members_guide_page_adds_their_plan(client, member, count_queries):
    client.get(GUIDE)
    count_queries.statements.clear()
    client.get(GUIDE)
    # guide version, its open jobs, the user, their subscriptions, their billing row, their
    # bookmarks on the page (the user may come from the test session's identity map, hence
    # "at most")
    assert count_queries.count <= 6, count_queries.statements


def test_editing_the_ads_file_and_reseeding_shows_the_new_ad(runner, client, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).resolve().parents[2] / "seeds", seeds)
    path = seeds / "house_ads.yaml"
    text = path.read_text()
    for headline in SEEDED_HEADLINES:
        text = text.replace(headline, "Our new promotion")
    path.write_text(text)

    result = runner.invoke(args=["seed", "--dir", str(seeds)])

    assert "house_ads: created 0, updated 3, unchanged 0" in result.output
    assert "Our new promotion" in visible_text(the_slot(client.get(GUIDE).text))


@pytest.mark.parametrize("link", ["javascript:alert(1)", "//evil.example/", "http://plain.example"])
def test_ads_link_only_to_this_site_or_https(runner, tmp_path, link):
    (tmp_path / "house_ads.yaml").write_text(
        f"ads:\n  - key: bad\n    headline: H\n    body: B\n    link_url: '{link}'\n"
        "    link_text: Go\n"
    )
    result = runner.invoke(args=["seed", "--dir", str(tmp_path)])
    assert result.exit_code != 0
    assert "house_ads.yaml:5: ads.0.link_url" in result.output


def test_a_guide_reader_is_never_offered_career_guides(app):
    """The guide-promoting ad links to /careers/: on a guide page it tells the reader nothing."""
    import datetime as dt

    from portal.billing.ads import choose_ad

    days = [dt.date(2026, 12, 1) + dt.timedelta(days=n) for n in range(60)]
    with app.test_request_context():
        on_guides = {
            choose_ad("guide", signed_in, GUIDE, day).key
            for day in days
            for signed_in in (False, True)
        }
        on_jobs = {choose_ad("job", False, "/jobs/17-nurse", day).key for day in days}
    assert "more-career-guides" not in on_guides
    assert on_guides  # other ads still run there
    assert "more-career-guides" in on_jobs  # and it is still shown elsewhere
