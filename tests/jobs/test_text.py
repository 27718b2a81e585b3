"""Descriptions, slugs and search box text: the small pure functions the pages rely on."""

from __future__ import annotations

import random

import pytest
from markdown_it import MarkdownIt

from portal.jobs.terms import parse_terms
from portal.jobs.text import plain_text, render_description, sanitise_html, slugify


def commonmark(text: str) -> tuple[str, str]:
    markup = sanitise_html(MarkdownIt("commonmark", {"html": True}).render(text))
    return markup, plain_text(markup)


def random_texts(count: int) -> list[str]:
    rng = random.Random(4)
    alphabet = "ab cd\n\n  \t'\"é😀.,;:?()-+=0123456789\r\x0b\u00a0*#"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50))) for _ in range(count)]


PLAIN = [
    "We need a night aide.",
    "First paragraph.\n\nSecond paragraph,\nwith a line break.",
    "  Leading spaces\n\n\n\nand many blank lines  ",
    'Quotes "like this" and it\'s fine.\r\nWindows line ends.',
    "Pay: 18.50 (per hour) - great team; 24/7 unit?",
]


@pytest.mark.parametrize("text", PLAIN + random_texts(150))
def test_plain_text_descriptions_render_exactly_as_commonmark_would(text):
    assert render_description(text, "markdown") == commonmark(text.replace("\r\n", "\n"))


def test_markdown_and_html_are_sanitised():
    markup, text = render_description(
        "## Duties\n\n* **Lead** groups\n* [Apply](javascript:alert(1))\n\n<img src=x onerror=y>",
        "markdown",
    )
    assert "<h2>Duties</h2>" in markup and "<strong>Lead</strong>" in markup
    assert "href" not in markup  # the javascript: link stays plain text
    assert "<img" not in markup and "onerror" not in markup
    assert text.startswith("Duties Lead groups")
    markup, _ = render_description('<p onclick="x()">Hi <script>bad()</script></p>', "html")
    assert markup == "<p>Hi </p>"


def test_links_in_descriptions_are_marked_as_not_ours():
    markup, _ = render_description("[Site](https://example.org)", "markdown")
    assert 'rel="nofollow noopener noreferrer ugc"' in markup


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Psych Tech — Nights (Denver)", "psych-tech-nights-denver"),
        ("Técnico de Salud Mental", "tecnico-de-salud-mental"),
        ("🙂", "job"),
    ],
)
def test_slugs(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize(
    ("text", "fts5", "tsquery"),
    [
        ("psych tech", '"psych" AND "tech"', "'psych' & 'tech'"),
        ('"night shift" -weekend', '("night shift") NOT "weekend"',
         "('night' <-> 'shift') & !'weekend'"),
        ("tech*", '"tech" *', "'tech':*"),
        ("nurse AND day OR night NOT per", '("nurse" AND "day" AND "night") NOT "per"',
         "'nurse' & 'day' & 'night' & !'per'"),
        ("part-time", '"part time"', "('part' <-> 'time')"),
    ],
)  # fmt: skip
def test_search_text_becomes_quoted_terms(text, fts5, tsquery):
    terms = parse_terms(text)
    assert terms.fts5() == fts5
    assert terms.tsquery() == tsquery


@pytest.mark.parametrize("text", ["", "((", "-alone", "*", "AND OR NOT", "🙂", '"'])
def test_text_without_words_to_find_has_no_terms(text):
    assert not parse_terms(text)
