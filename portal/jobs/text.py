"""Job descriptions made safe to show, their plain text for search, and readable URL slugs."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

# What a job description may keep: structure and emphasis, links, simple tables. No images (they
# would load from other sites), no h1 (the page has its own), no scripts, styles or classes.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Links in a description point to sites we do not vouch for.
LINK_REL = "nofollow noopener noreferrer ugc"

_BLOCK_END = re.compile(
    r"(</(?:p|li|h[1-6]|div|tr|td|th|dd|dt|blockquote|pre|ul|ol|table)>|<br\s*/?>|<hr\s*/?>)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # HTML inside Markdown is allowed here because everything goes through nh3 afterwards.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def sanitise_html(markup: str) -> str:
    """Keep only the allowed tags and attributes (https://nh3.readthedocs.io)."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def render_description(text: str, fmt: str) -> str:
    """A description in Markdown or HTML as sanitised HTML."""
    if fmt == "markdown":
        text = _markdown().render(text)
    return sanitise_html(text)


def plain_text(sanitised: str) -> str:
    """The words of sanitised HTML, with a space wherever a block ended."""
    spaced = _BLOCK_END.sub(r"\1 ", sanitised)
    stripped = nh3.clean(spaced, tags=set(), attributes={}, strip_comments=True)
    return _SPACES.sub(" ", html.unescape(stripped)).strip()


def slugify(text: str, max_length: int = 80) -> str:
    """'Psych Tech — Nights (Denver)' becomes 'psych-tech-nights-denver'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "job"
