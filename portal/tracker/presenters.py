"""Template globals through which job and guide pages show a person's bookmarks and applies,
without those domains importing this one. Anonymous visitors cost no query."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Flask, request
from flask_login import current_user

from portal.tracker import applications, bookmarks


def bookmarked_jobs(postings: Iterable) -> set[int]:
    """Ids of the postings (a page of results) the person has bookmarked, in one query."""
    if not current_user.is_authenticated:
        return set()
    return bookmarks.bookmarked_posting_ids(current_user.id, [p.id for p in postings])


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
        guide_page_bookmarks,
        application_for,
        is_signed_in,
        here,
        is_web_url,
    ):
        app.add_template_global(function)
