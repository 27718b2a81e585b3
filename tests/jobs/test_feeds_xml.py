"""Every XML document the portal serves stays well-formed XML, whatever postings and searches
bring: characters XML 1.0 forbids are dropped at import and from every feed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.xml_text import xml_safe
from tests.jobs.factories import add_postings, record

HOSTILE_TEXT = "Night\x0bNurse \x1b[31mnow\x00\x08 \ufffe\uffff"


def xml_routes(app) -> list[str]:
    """The path of every route that serves XML: the job feed, the sitemap, any added later."""
    paths = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.endswith((".rss", ".xml", ".atom")) and "GET" in rule.methods
    ]
    assert "/jobs/feed.rss" in paths and "/sitemap.xml" in paths
    return paths


def test_hostile_postings_and_searches_leave_every_feed_well_formed(app, client, runner, tmp_path):
    postings = [
        record(
            external_id="hostile-1",
            title=HOSTILE_TEXT,
            company={"name": "Acme\x1b Care\ufffe"},
            location={"city": "Den\x0cver\x1f", "region": "CO", "country": "US"},
            description=f"Shifts {HOSTILE_TEXT} weekly.",
        ),
        record(external_id="hostile-2", title="Plain \x01Aide\x02"),
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"source": "hostile-feed", "postings": postings}))
    result = runner.invoke(args=["jobs", "import", str(path)])
    assert "created 2" in result.output, result.output

    stored = db.session.query(JobPosting).filter(JobPosting.external_id.like("hostile-%")).all()
    titles = sorted(posting.title for posting in stored)
    assert titles == ["Night Nurse [31mnow", "Plain Aide"]
    assert {posting.company_name for posting in stored} >= {"Acme Care"}

    searches = [
        {},
        {"q": "nurse"},
        {"q": "Nurse\ufffe\x0b", "location": "Den\ufffever\x1b"},
        {"q": "\x1b\x0b", "location": "\uffff"},
    ]
    for route in xml_routes(app):
        for search in searches:
            response = client.get(route, query_string=search)
            assert response.status_code == 200, (route, search)
            ET.fromstring(response.data)  # raises ParseError on a character XML forbids

    feed = ET.fromstring(client.get("/jobs/feed.rss", query_string={"q": "nurse"}).data)
    assert any("Night Nurse" in title.text for title in feed.iter("title"))


def test_xml_safe_keeps_what_xml_allows():
    allowed = "tab\tline\ncr\r café 日本 \U0001f600 \ufffd"
    assert xml_safe(allowed) == allowed
    assert xml_safe("a\x0bb\x0cc\x1bd\ud800e\ufffef") == "a b cdef"


def test_a_stored_title_xml_forbids_is_dropped_from_the_feed(client):
    # A row written before imports cleaned text, or edited by hand: the feed cleans it too.
    (posting,) = add_postings(record(title="Wrenfield aide"))
    posting.title = "Wrenfield\x0baide \x1b[0m"
    db.session.commit()
    response = client.get("/jobs/feed.rss", query_string={"q": "wrenfield\ufffe"})
    titles = [title.text for title in ET.fromstring(response.data).iter("title")]
    assert any(title.startswith("Wrenfield aide [0m at ") for title in titles), titles
