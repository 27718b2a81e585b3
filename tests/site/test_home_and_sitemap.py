"""The home page (a search box, the newest jobs, the guides, what Plus adds) and the sitemap
for people that the footer links to."""

from __future__ import annotations

from tests.jobs.factories import add_postings, record


def test_home_has_a_search_box_the_newest_jobs_guides_and_plus(client):
    add_postings(record(title="Overnight Crisis Counsellor"))
    page = client.get("/").text
    assert 'action="/jobs/" role="search"' in page and 'name="q"' in page
    assert "Newest jobs" in page and "Overnight Crisis Counsellor" in page
    assert "Mental Health Technician" in page  # a guide card
    assert "What Plus adds" in page and "Daily job alerts" in page
    assert 'href="/pricing"' in page


def test_home_asks_few_queries(client, count_queries):
    add_postings(record(title="Overnight Crisis Counsellor"))
    client.get("/")
    before = count_queries.count
    client.get("/")
    # The guides and the newest jobs; the plans come from billing's in-memory catalog.
    assert count_queries.count - before <= 2, count_queries.statements[before:]


def test_the_footer_sitemap_is_a_page_of_guides_and_the_xml_stays(client):
    home = client.get("/").text
    assert '<a href="/sitemap">Sitemap</a>' in home
    page = client.get("/sitemap")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'href="/careers/mental-health-technician"' in page.text
    assert client.get("/sitemap.xml").mimetype == "application/xml"
