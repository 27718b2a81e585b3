"""The pages a job seeker sees: search results, the RSS feed, one posting, the guide's jobs."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.careers.source_text import visible_text
from tests.jobs.factories import add_postings, day, record
from tests.jobs.test_search import HOSTILE

GUIDE_URL = "/careers/mental-health-technician"
DASH = "\N{EN DASH}"


def posting_url(job) -> str:
    return f"/jobs/{job.id}"


def json_ld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]


def test_search_page_lists_matches_with_their_facts(client):
    add_postings(
        record(
            title="Wexford Psychiatric Technician",
            company={"name": "Hollow Pine Hospital"},
            salary={"min": 21.5, "max": 26, "currency": "USD", "period": "hour"},
            workplace="hybrid",
        )
    )
    response = client.get("/jobs/?q=wexford")
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "1 job for “wexford”" in text
    assert "Wexford Psychiatric Technician" in text
    assert "Hollow Pine Hospital" in text
    assert f"$21.50{DASH}$26 an hour" in text
    assert "Hybrid" in text


def test_search_form_keeps_the_filters_and_every_filter_is_a_parameter(client):
    add_postings(record(title="Yarrow aide", workplace="remote", employment_type="contract"))
    html = client.get(
        "/jobs/?q=yarrow&workplace=remote&employment_type=contract&posted_within=7"
        "&min_salary=1000&location=Denver&sort=date"
    ).text
    assert "1 job for “yarrow”" in visible_text(html)
    assert '<option selected value="remote">' in html
    assert '<option selected value="7">' in html
    assert 'value="Denver"' in html


def test_bad_filters_are_explained_and_left_out(client):
    add_postings(record(title="Sorrel aide"))
    response = client.get("/jobs/?q=sorrel&workplace=moon&min_salary=lots&posted_within=9&page=x")
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "Some filters were not understood" in text
    assert "Workplace: Not a valid choice" in text
    assert "1 job for “sorrel”" in text


def test_no_results_and_no_words_are_friendly(client):
    assert "No jobs found" in visible_text(client.get("/jobs/?q=qqqzzzxxy").text)
    text = visible_text(client.get("/jobs/?q=%F0%9F%98%80+%28%28").text)
    assert "No words to search for" in text


@pytest.mark.parametrize("text", HOSTILE[::2], ids=range(len(HOSTILE[::2])))
def test_hostile_queries_on_the_page_and_the_feed(client, text):
    for path in ("/jobs/", "/jobs/feed.rss"):
        response = client.get(path, query_string={"q": text, "location": text[:300]})
        assert response.status_code == 200
    ET.fromstring(response.data)


def test_pagination_links_keep_the_search(client):
    add_postings(*[record(title=f"Thistlewood aide {n}") for n in range(25)])
    html = client.get("/jobs/?q=thistlewood&workplace=on-site").text
    assert "25 jobs" in visible_text(html)
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1)
    assert parse_qs(urlsplit(next_link.replace("&amp;", "&")).query) == {
        "q": ["thistlewood"],
        "workplace": ["on-site"],
        "page": ["2"],
    }
    second = client.get(next_link.replace("&amp;", "&")).text
    assert f"Showing 21{DASH}25" in visible_text(second)
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize("page", ["3", "99", "999999"])
def test_a_page_past_the_end_leads_to_the_last_page_with_results(client, page):
    add_postings(*[record(title=f"Thistlewood aide {n}") for n in range(25)])
    past = client.get(f"/jobs/?q=thistlewood&workplace=on-site&page={page}")
    assert past.status_code == 302
    assert parse_qs(urlsplit(past.location).query) == {
        "q": ["thistlewood"],
        "workplace": ["on-site"],
        "page": ["2"],
    }
    last = client.get(past.location).text
    assert f"21{DASH}25 of 25" in visible_text(last) and f"Showing 21{DASH}25" in visible_text(last)
    previous = re.search(r'<a rel="prev" href="([^"]+)"', last).group(1).replace("&amp;", "&")
    assert f"Showing 1{DASH}20" in visible_text(client.get(previous).text)


def test_a_page_past_the_end_of_no_results_leads_to_the_first(client):
    past = client.get("/jobs/?q=nosuchwordanywhere&page=4")
    assert past.status_code == 302 and "page=" not in past.location
    assert "No open jobs match this search" in visible_text(client.get(past.location).text)


def test_results_page_runs_the_same_queries_for_one_or_thirty_results(client, count_queries):
    add_postings(record(title="Marrowby aide"))
    add_postings(*[record(title=f"Quenby aide {n}") for n in range(30)])
    count_queries.statements.clear()

    client.get("/jobs/?q=marrowby&workplace=on-site")
    one = count_queries.count
    count_queries.statements.clear()
    html = client.get("/jobs/?q=quenby&workplace=on-site").text
    assert html.count('class="job-card"') == 20
    assert count_queries.count == one <= 3


def test_rss_feed_of_a_search_is_valid_and_linked(client):
    add_postings(
        record(title="Ambervale aide <night>", posted_at=day(-3)),
        record(title="Ambervale helper", posted_at=day(-1)),
    )
    html = client.get("/jobs/?q=ambervale").text
    link = re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', html)
    assert link
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.mimetype == "application/rss+xml"

    root = ET.fromstring(response.data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name)
    items = channel.findall("item")
    assert [item.findtext("title").split(" at ")[0] for item in items] == [
        "Ambervale helper",
        "Ambervale aide <night>",
    ]
    for item in items:
        assert item.findtext("link").startswith("http://localhost/jobs/")
        assert item.findtext("guid") == item.findtext("link")
        parsedate_to_datetime(item.findtext("pubDate"))
        assert client.get(item.findtext("link")).status_code == 200


def test_job_page_shows_the_posting_with_json_ld(client):
    (job,) = add_postings(
        record(
            title="Behavioral Health Technician",
            company={"name": "Juniper Ridge", "website": "https://juniper.example.org"},
            location={"city": "Salt Lake City", "region": "UT", "country": "US"},
            employment_type="part-time",
            salary={"min": 19, "max": 23.5, "currency": "USD", "period": "hour"},
            description="Help **patients** every day. <img src=x onerror=alert(1)>",
            valid_through=day(20),
        )
    )
    response = client.get(posting_url(job))
    assert response.status_code == 301
    url = response.headers["Location"]
    assert url == f"/jobs/{job.id}-behavioral-health-technician-salt-lake-city"

    html = client.get(url).text
    text = visible_text(html)
    assert "Behavioral Health Technician" in text and "Juniper Ridge" in text
    assert f"$19{DASH}$23.50 an hour" in text
    assert "<strong>patients</strong>" in html
    assert "onerror" not in html
    assert 'name="robots"' not in html
    assert f'<link rel="canonical" href="http://localhost{url}">' in html
    assert 'href="/careers/mental-health-technician"' in html  # its guide
    assert 'target="_blank"' in html and job.apply_url in html

    (data,) = [block for block in json_ld(html) if block["@type"] == "JobPosting"]
    assert data["title"] == "Behavioral Health Technician"
    assert data["employmentType"] == "PART_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Juniper Ridge",
        "sameAs": "https://juniper.example.org/",
    }
    assert data["jobLocation"]["address"]["addressLocality"] == "Salt Lake City"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "HOUR",
        "minValue": 19.0,
        "maxValue": 23.5,
    }
    assert data["datePosted"] == day(-1)
    assert data["validThrough"].startswith(day(20))
    assert data["identifier"]["value"] == job.external_id


def test_remote_job_json_ld(client):
    (job,) = add_postings(
        record(title="Intake Specialist", workplace="remote", remote_regions=["US"], location={})
    )
    html = client.get(posting_url(job), follow_redirects=True).text
    (data,) = [block for block in json_ld(html) if block["@type"] == "JobPosting"]
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [{"@type": "Country", "name": "US"}]
    assert "jobLocation" not in data


def test_a_wrong_slug_redirects_and_an_unknown_id_is_404(client):
    (job,) = add_postings(record(title="Night Aide", location={"city": "Boise"}))
    response = client.get(f"/jobs/{job.id}-old-title")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/jobs/{job.id}-night-aide-boise"
    assert client.get("/jobs/999999999").status_code == 404
    assert client.get("/jobs/999999999-night-aide").status_code == 404


def test_an_expired_posting_says_so_and_is_not_indexed(client):
    (job,) = add_postings(record(title="Old Aide", posted_at=day(-60), valid_through=day(-2)))
    html = client.get(posting_url(job), follow_redirects=True).text
    assert '<meta name="robots" content="noindex">' in html
    assert "This job has expired" in visible_text(html)
    assert job.apply_url not in html


def test_job_page_runs_one_query(client, count_queries):
    (job,) = add_postings(record(title="Psych Tech"))
    url = client.get(posting_url(job)).headers["Location"]
    count_queries.statements.clear()
    assert client.get(url).status_code == 200
    assert count_queries.count == 1


def test_guide_page_lists_its_newest_open_jobs_beside_the_cached_body(client, count_queries):
    client.get(GUIDE_URL)  # the body is now cached
    add_postings(
        record(title="Mental Health Technician Larkspur", posted_at=day(0)),
        record(title="Larkspur Cook", posted_at=day(0)),
        record(title="Psych Tech Larkspur (closed)", posted_at=day(-9), valid_through=day(-1)),
    )
    count_queries.statements.clear()
    html = client.get(GUIDE_URL).text
    assert count_queries.count <= 3

    section = html.split('aria-labelledby="guide-jobs-title"', 1)[1]
    text = visible_text(section)
    assert "Mental Health Technician Larkspur" in text
    assert "Larkspur Cook" not in text and "closed" not in text
    assert section.count('class="job-card"') == 5
    assert 'href="/jobs/?guide=mental-health-technician"' in section


def test_jobs_are_in_the_navigation_and_open_ones_in_the_sitemap(client):
    (open_job, closed_job) = add_postings(
        record(title="Sitemap Aide"),
        record(title="Gone Aide", posted_at=day(-9), valid_through=day(-1)),
    )
    assert 'href="/jobs/"' in client.get("/").text
    sitemap = client.get("/sitemap.xml").text
    assert "http://localhost/jobs/</loc>" in sitemap
    assert f"http://localhost/jobs/{open_job.id}-sitemap-aide-denver</loc>" in sitemap
    assert f"/jobs/{closed_job.id}-" not in sitemap
