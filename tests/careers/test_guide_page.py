"""The Mental Health Technician guide as a reader and a search engine see it."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from tests.careers.source_text import guide_lines, normalise, visible_text

GUIDE_URL = "/careers/mental-health-technician"


@pytest.fixture
def guide_html(client) -> str:
    response = client.get(GUIDE_URL)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# Source lines the page writes better: the headline salary range gets its currency sign.
SHOWN_AS = {"30,000—47,000": "$30,000—$47,000"}


def test_every_paragraph_and_list_item_of_the_source_is_on_the_page(guide_html):
    page_text = visible_text(guide_html)
    missing = [line for line in guide_lines() if SHOWN_AS.get(line, line) not in page_text]
    assert missing == []
    # The source has about two hundred such lines: make sure the check really looked at them.
    assert len(guide_lines()) > 190


def test_mis_decoded_characters_come_out_right(guide_html):
    page_text = visible_text(guide_html)
    assert "$30,000—$47,000" in page_text
    assert "profession\u2019s scope" in page_text  # a real apostrophe stays
    for mojibake in ("β€", "βœ", "πŸ"):
        assert mojibake not in guide_html
    for emoji in ("📈", "🇺🇸", "✅", "❌"):
        assert emoji in guide_html


def test_sections_follow_the_source_order_and_the_contents_link_to_them(guide_html):
    page_text = visible_text(guide_html)
    headings = [
        "Core Functions of the Mental Health Technician Role",
        "Key Responsibilities",
        "Work Setting",
        "Tech Stack",
        "Skills and Qualifications",
        "Path to Mental Health Technician",
        "Required Education",
        "Career Path Tiers",
        "Global Outlook",
        "Job Market Today",
        "A Day in the Life",
        "Work-Life Balance & Stress",
        "Skill Map",
        "Pros & Cons for Mental Health Technician",
        "Common Mistakes of Beginners",
        "Contextual Advice",
        "Examples and Case Studies",
        "Portfolio Tips",
        "Job Outlook & Related Roles",
        "Frequently Asked Questions",
        "Sources & References",
    ]
    positions = [page_text.index(heading) for heading in headings]
    assert positions == sorted(positions)

    toc = guide_html.split('aria-labelledby="toc-title"', 1)[1].split("</nav>", 1)[0]
    anchors = re.findall(r'href="#([a-z0-9-]+)"', toc)
    assert len(anchors) >= 20
    for anchor in anchors:
        assert f'id="{anchor}"' in guide_html


def test_one_h1_and_headings_do_not_skip_levels(guide_html):
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", guide_html)]
    assert levels.count(1) == 1
    assert levels[0] == 1
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1


def test_headline_figures_show_their_source_and_review_date(guide_html):
    stats = guide_html.split('aria-label="Key figures"', 1)[1].split("</ul>", 1)[0]
    assert stats.count('class="figure-source"') == 3
    assert "U.S. Bureau of Labor Statistics" in stats
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', stats)


def test_salary_chart_draws_each_level_with_its_number_in_text(guide_html):
    chart = guide_html.split('<figure class="salary-chart"', 1)[1].split("</figure>", 1)[0]
    # Labels and amounts are page text (not SVG text that shrinks with the drawing).
    assert chart.count("<rect") == 5 and "<text" not in chart
    text = visible_text(chart)
    for label, amount in [
        ("Entry-Level", "$32,550"),
        ("Mid-Level", "$38,500"),
        ("Senior-Level", "$44,450"),
        ("Median", "$38,500"),
        ("Top 10%", "$47,000"),
    ]:
        assert f"{label} : {amount}" in text or f"{label}: {amount}" in text
    widths = [float(w) for w in re.findall(r'<rect[^>]* width="([\d.]+)"', chart)]
    assert widths[0] < widths[1] < widths[2] < widths[4]


def test_emoji_are_decoration_beside_words_that_carry_the_meaning(guide_html):
    for emoji, words in [("📈", "Market Demand"), ("🇺🇸", "Annual Salary (US, USD)")]:
        assert re.search(f'<span aria-hidden="true">{emoji}</span> {re.escape(words)}', guide_html)


def test_demand_meter_is_labelled(guide_html):
    meter = re.search(r"<meter[^>]*>", guide_html).group(0)
    assert 'value="2"' in meter and 'max="2"' in meter
    assert "aria-labelledby" in meter


def test_faq_entries_open_without_javascript(guide_html):
    assert guide_html.count('<details class="faq-entry"') == 9


def test_share_links_are_plain_links(guide_html):
    share = guide_html.split('class="share"', 1)[1]
    assert "mailto:?subject=" in share
    assert "linkedin.com/sharing/share-offsite/?url=" in share
    assert "x.com/intent/post?url=" in share
    assert "data-copy-link" in share


def test_search_engine_metadata(guide_html, app):
    assert '<link rel="canonical" href="http://localhost/careers/mental-health-technician">' in (
        guide_html
    )
    assert 'property="og:title"' in guide_html
    assert '<meta name="description" content="' in guide_html
    blocks = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', guide_html)
    ]
    by_type = {block["@type"]: block for block in blocks}
    occupation = by_type["Occupation"]
    assert occupation["occupationalCategory"].startswith("29-2053")
    salary = occupation["estimatedSalary"][0]
    assert salary["@type"] == "MonetaryAmountDistribution"
    assert (salary["percentile10"], salary["median"], salary["percentile90"]) == (
        30000,
        38500,
        47000,
    )
    assert salary["currency"] == "USD"
    assert occupation["educationRequirements"]
    assert "Empathy and patience" in occupation["skills"]
    assert len(occupation["responsibilities"]) == 15
    faq = by_type["FAQPage"]["mainEntity"]
    assert len(faq) == 9
    assert faq[0]["acceptedAnswer"]["text"].startswith("A Mental Health Technician primarily")


def test_no_assets_from_other_sites(guide_html):
    for tag in re.findall(r"<(?:script|link)[^>]*>", guide_html):
        for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
            assert url.startswith(("/", "http://localhost/")), url


def test_guide_page_takes_at_most_three_queries(client, count_queries):
    client.get(GUIDE_URL)  # a cold cache renders the guide
    cold = count_queries.count
    count_queries.statements.clear()
    client.get(GUIDE_URL)
    assert cold <= 3
    assert count_queries.count <= 3


def test_conditional_get_answers_304(client):
    first = client.get(GUIDE_URL)
    etag = first.headers["ETag"]
    assert etag
    again = client.get(GUIDE_URL, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_unknown_guide_is_a_404_in_the_site_layout(client):
    response = client.get("/careers/no-such-career")
    assert response.status_code == 404
    text = visible_text(response.get_data(as_text=True))
    assert "Page not found" in text
    assert "Career guides" in text  # the site's navigation is there


def test_guide_list_shows_title_summary_salary_and_growth(client):
    text = visible_text(client.get("/careers/").get_data(as_text=True))
    assert "Mental Health Technician" in text
    assert "$38,500" in text
    assert "12%" in text


def test_home_leads_to_the_guides(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/careers/"' in html
    assert 'href="/careers/mental-health-technician"' in html


def test_whitespace_normalised_comparison_is_strict():
    # The comparison above must not be fooled by a page that only has the words somewhere.
    assert normalise("a  b\n c") == "a b c"
    assert "Low High" not in visible_text("<p>Low</p><p>Medium High</p>")


def test_an_unpublished_guide_is_a_404(client):
    from sqlalchemy import update

    from portal.careers.models import Guide
    from portal.extensions import db

    assert client.get(GUIDE_URL).status_code == 200
    db.session.execute(update(Guide).values(published=False))
    db.session.commit()
    assert client.get(GUIDE_URL).status_code == 404
    assert "/careers/mental-health-technician<" not in client.get("/sitemap.xml").text


def test_a_cached_page_reads_only_the_revision_and_an_edit_is_seen_at_once(client, count_queries):
    from portal.careers.models import Guide
    from portal.careers.services import save_guide
    from portal.extensions import db

    client.get(GUIDE_URL)
    count_queries.statements.clear()
    client.get(GUIDE_URL)
    guide_reads = [
        sql for sql in count_queries.statements if sql.lstrip().startswith("SELECT career_guides.")
    ]
    assert len(guide_reads) == 1
    assert "CASE WHEN" in guide_reads[0]  # the content is sent only if the revision moved on

    content = db.session.scalar(db.select(Guide)).content
    save_guide(content.model_copy(update={"summary": "A freshly edited one-line summary."}))
    db.session.commit()
    assert "A freshly edited one-line summary." in client.get(GUIDE_URL).text
