"""A shared resume at `/r/<slug>`: its page, PDF and JSON, as others see it."""

from __future__ import annotations

import json

from flask import Response, abort, make_response, render_template, session
from flask_login import current_user

from portal.accounts.models import User
from portal.extensions import db
from portal.page_cache import StoredPage, page_cache
from portal.resumes import bp, presenters, rendering, sharing, stats
from portal.resumes.models import Resume, Visibility
from portal.resumes.sharing import Answer
from portal.urls import absolute_url


def _shown(slug: str) -> tuple[Resume, sharing.Resolved]:
    found = sharing.resolve(slug)
    if found.answer is Answer.GONE:
        abort(410)
    if found.answer is Answer.MISSING or found.resume is None:
        abort(404)
    return found.resume, found


def _is_owner(resume: Resume) -> bool:
    return current_user.is_authenticated and current_user.id == resume.user_id


def _count(resume: Resume, kind: str) -> None:
    if not _is_owner(resume):
        stats.record_view(resume.id, kind)


def _no_store(response: Response) -> Response:
    # A resume made private must stop being shown at once, also from caches along the way.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/r/<slug>")
def public_page(slug: str):
    resume, found = _shown(slug)
    preferred = sharing.canonical_slug(found)
    if current_user.is_authenticated or session.get("_flashes"):
        # Signed-in people get their own header (and the owner a note); render for them.
        response = make_response(_render_page(resume, found.slug.slug, preferred))
    else:
        response = _visitor_page(resume, found.slug.slug, preferred).response()
    _count(resume, "page")  # last: its commit would expire what the page reads
    return _no_store(response)


def _visitor_page(resume: Resume, slug: str, preferred: str) -> StoredPage:
    """Visitors all get the same page of a resume, rendered once per version of it: every
    change to the resume or its settings bumps the version, and the address it is known by
    (custom or generated) is part of the page too."""
    fingerprint = (resume.id, resume.version, preferred)
    key = ("resumes.public_page", slug)
    stored: StoredPage | None = page_cache().get(key)
    if stored is None or stored.fingerprint != fingerprint:
        stored = StoredPage.of(fingerprint, _render_page(resume, slug, preferred))
        page_cache().put(key, stored)
    return stored


def _render_page(resume: Resume, slug: str, preferred: str) -> str:
    document = rendering.shown_document(resume)
    return render_template(
        "resumes/public.html",
        resume=resume,
        doc=document,
        slug=slug,
        canonical_url=absolute_url("resumes.public_page", slug=preferred),
        indexable=resume.visibility == Visibility.PUBLIC and resume.indexable,
        json_ld=None if resume.anonymous else presenters.person_json_ld(document, preferred),
        is_owner=_is_owner(resume),
    )


@bp.get("/r/<slug>.pdf")
def public_pdf(slug: str):
    resume, _found = _shown(slug)
    owner = db.session.get(User, resume.user_id)
    paper = resume.paper_size or presenters.default_paper(owner.time_zone if owner else None)
    pdf = rendering.pdf_bytes(resume, paper)
    _count(resume, "pdf")
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'inline; filename="resume.pdf"'
    if not (resume.visibility == Visibility.PUBLIC and resume.indexable):
        response.headers["X-Robots-Tag"] = "noindex"
    return _no_store(response)


@bp.get("/r/<slug>.json")
def public_json(slug: str):
    resume, _found = _shown(slug)
    body = json.dumps(rendering.shown_document(resume), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["X-Robots-Tag"] = "noindex"
    return _no_store(response)
