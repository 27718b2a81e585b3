"""Template globals through which job and guide pages show a person's bookmarks and applies,
without those domains importing this one. Anonymous visitors cost no query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask_login import current_user
from markupsafe import Markup

from portal.tracker import applications, bookmarks


def bookmarked_jobs(postings: Iterable) -> set[int]:
    """Ids of the postings (a page of results) the person has bookmarked, in one query."""
    if not current_user.is_authenticated:
        return set()
    return bookmarks.bookmarked_posting_ids(current_user.id, [p.id for p in postings])


# Cuts the one rendering of a list's actions into one piece per card; no markup contains it.
CARD_SEPARATOR = "\x00"


def job_card_actions(postings: Sequence, marked: Iterable[int], next_path: str | None = None):
    """Apply and bookmark for each card of a list of jobs, as one piece of HTML per posting,
    rendered in one pass: a template included once per card costs more than the card itself.
    `marked` holds the bookmarked ids (from `bookmarked_jobs`); `next_path` is where a sign-in
    or a bookmark leads back to (this page by default)."""
    if not postings:
        return []
    # Straight from the template, without the context processors: it needs only globals.
    template = current_app.jinja_env.get_template("tracker/_job_card_actions.html")
    html = template.render(
        postings=postings,
        marked=set(marked),
        next_path=next_path or here(),
        separator=CARD_SEPARATOR,
    )
    pieces = html.split(CARD_SEPARATOR)[: len(postings)]
    return [Markup(piece) for piece in pieces]  # noqa: S704 - an autoescaped template's output


def guide_page_bookmarks(guide_id: int, postings: Iterable) -> bookmarks.PageBookmarks:
    """The guide's bookmark and its open jobs' bookmarks, in one query."""
    if not current_user.is_authenticated:
        return bookmarks.PageBookmarks(guide=False, jobs=set())
    return bookmarks.page_bookmarks(current_user.id, guide_id, [p.id for p in postings])


def application_for(posting):
    if not current_user.is_authenticated:
        return None
    return applications.application_for_posting(current_user.id, posting.id)


def is_signed_in() -> bool:
    """For partials included inside macros, which see globals but not `current_user`."""
    return current_user.is_authenticated


def here() -> str:
    """This page's path and query, to come back to after a bookmark or sign-in."""
    return request.full_path.rstrip("?")


def is_web_url(url: str | None) -> bool:
    """Only http(s) links to employers are shown (never javascript: or data:)."""
    return bool(url) and urlsplit(url).scheme in ("http", "https")


def register(app: Flask) -> None:
    for function in (
        bookmarked_jobs,
        job_card_actions,
        guide_page_bookmarks,
        application_for,
        is_signed_in,
        here,
        is_web_url,
    ):
        app.add_template_global(function)
