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


# Characters that may start Markdown syntax: emphasis, code, headings, quotes, links, HTML,
# entities, tables, strikethrough, escapes, images. One character class: the regular expression
# engine scans a description in C three times as fast as frozenset.isdisjoint, which hashes
# every character (about 6 us against 18 us for a 900-character description).
_MARKDOWN_CHARACTER = re.compile(r"[*_`#>\[\]<&|~\\!]")
_ORDERED_ITEM = re.compile(r"\d+[.)]")


def _is_plain(text: str) -> bool:
    """True when CommonMark would read `text` as nothing but paragraphs of text.

    Checked with a character class and string methods rather than one regular expression for
    every rule: this runs for every imported posting, and is several times faster this way.
    """
    if _MARKDOWN_CHARACTER.search(text):
        return False
    for line in text.split("\n"):
        # isprintable() is False for tabs, other line breaks and unusual spaces.
        if not line.isprintable() or line.endswith("  "):
            return False
        content = line.lstrip(" ")
        if len(line) - len(content) >= 4 and content:
            return False  # indented code
        if content[:1] in ("-", "+", "=") or _ORDERED_ITEM.match(content):
            return False  # lists, setext underlines
    return True


_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")


def render_description(text: str, fmt: str) -> tuple[str, str]:
    """A description in Markdown or HTML as (sanitised HTML, its plain text)."""
    if fmt == "markdown":
        # Most feeds send plain paragraphs: they need neither the parser nor the sanitiser
        # (no <, > or & can be in them), and give the same HTML as CommonMark would.
        text = text.replace("\r\n", "\n")
        if _is_plain(text):
            paragraphs = [
                "\n".join(line.strip() for line in part.split("\n"))
                for part in _PARAGRAPH_BREAK.split(text.strip())
                if part.strip()
            ]
            markup = "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs).strip()
            return markup, " ".join(" ".join(paragraphs).split())
        text = _markdown().render(text)
    markup = sanitise_html(text)
    return markup, plain_text(markup)


def plain_text(sanitised: str) -> str:
    """The words of sanitised HTML, with a space wherever a block ended."""
    spaced = _BLOCK_END.sub(r"\1 ", sanitised)
    stripped = nh3.clean(spaced, tags=set(), attributes={}, strip_comments=True)
    return " ".join(html.unescape(stripped).split())


def slugify(text: str, max_length: int = 80) -> str:
    """'Psych Tech — Nights (Denver)' becomes 'psych-tech-nights-denver'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "job"
