"""Career guide pages: the list and one guide."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, current_app, make_response, render_template, request, session
from markupsafe import Markup

from portal import clock
from portal.careers import presenters, services, structured_data
from portal.careers.blueprint import bp
from portal.careers.extension import state
from portal.page_cache import StoredPage, page_cache
from portal.urls import absolute_url


@dataclass(frozen=True)
class RenderedGuide:
    """The parts of a guide page that depend only on the guide's revision."""

    revision: int
    title: str
    description: str
    canonical_url: str
    head: Markup
    body: Markup
    career: str = ""  # the career's own name ("Mental Health Technician"), for buttons


@bp.get("/")
def index():
    return render_template(
        "careers/index.html",
        guides=services.published_guides(),
        canonical_url=absolute_url("careers.index"),
    )


@bp.get("/<slug>")
def guide(slug: str):
    for_every_visitor = _same_for_every_visitor()
    if for_every_visitor and (page := _recently_checked_page(slug)) is not None:
        return page.response(REVALIDATE, replayable=True)
    cache_key = ("careers.guide", slug)
    cached: RenderedGuide | None = page_cache().get(cache_key)
    try:
        version = services.published_guide(
            slug,
            known_revision=cached.revision if cached else None,
            also=state().open_jobs_fingerprint,
            now=clock.now(),
        )
    except (sa.exc.OperationalError, sa.exc.TimeoutError):
        # The database is down, slow or out of connections. A visitor still gets the page as
        # it was last stored, rather than an error; anyone else gets the error.
        stored = page_cache().get(("careers.guide_page", slug)) if for_every_visitor else None
        if stored is None:
            raise
        state().db.session.rollback()
        current_app.logger.warning("Database unavailable: served the stored %s page", slug)
        return stored.response(REVALIDATE)
    if version is None:
        abort(404)
    if version.document is None:  # unchanged since this process rendered it
        rendered = cached
    else:
        rendered = render_guide(version)
        page_cache().put(cache_key, rendered)

    if for_every_visitor:
        return _visitor_page(rendered, version).response(REVALIDATE, replayable=True)
    response = make_response(_render_page(rendered, version))
    response.add_etag()
    response.headers["Cache-Control"] = REVALIDATE
    return response.make_conditional(request)


# Personal parts of the page (sign-in state) make it private; no-cache makes browsers
# revalidate, which costs at most one small query and a 304 when nothing changed.
REVALIDATE = "private, no-cache"


def _same_for_every_visitor() -> bool:
    """Anonymous, with no query string and no flashed message: the page holds nothing of theirs."""
    careers = state()
    user = careers.current_user()
    signed_in = user is not None and user.is_authenticated
    # Open jobs that cannot be checked along with the guide would go stale in a stored page.
    jobs_checkable = careers.open_jobs is None or careers.open_jobs_fingerprint is not None
    personal = signed_in or request.query_string or "_flashes" in session
    return jobs_checkable and not personal


def _recently_checked_page(slug: str) -> StoredPage | None:
    """The page stored for every visitor, while it was found current less than
    PAGE_RECHECK_SECONDS ago: a busy guide asks the database once a second per process, not
    once a visit. Signed-in people, editors included, always get a page rendered for them."""
    page: StoredPage | None = page_cache().get(("careers.guide_page", slug))
    if page is None or not page.checked_within(current_app.config["PAGE_RECHECK_SECONDS"]):
        return None
    return page


def _visitor_page(rendered: RenderedGuide, version: services.PublishedGuide) -> StoredPage:
    """Most readers of a guide are anonymous, and they all get the same page; it is rendered
    once per change. The guide's query also returned the fingerprint of its open jobs, so
    telling whether the stored page is current costs no query of its own."""
    ad = _ad_for_visitors()
    fingerprint = (rendered.revision, version.also, clock.today(), ad)
    key = ("careers.guide_page", version.slug)
    stored: StoredPage | None = page_cache().get(key)
    if stored is not None and stored.fingerprint == fingerprint:
        page = stored.checked_now()
    else:
        page = StoredPage.of(fingerprint, _render_page(rendered, version, ad=ad))
    page_cache().put(key, page)
    return page


def _ad_for_visitors() -> str:
    # What the "guide_ad" slot holds (billing's ad, in the portal) changes by day and with the
    # catalog, so its markup is part of the stored page's fingerprint.
    template = current_app.jinja_env.get_or_select_template
    return "".join(
        template(name).render(slot="guide") for name in state().slots.templates("guide_ad")
    )


def _render_page(
    rendered: RenderedGuide, version: services.PublishedGuide, ad: str | None = None
) -> str:
    # The open jobs change on their own schedule, so they are rendered beside the cached body
    # rather than inside it (by the provider: one query in the portal's jobs domain).
    careers = state()
    provider = careers.open_jobs
    open_jobs = (
        provider.for_guide(version.slug, current_app.config["CAREERS_GUIDE_JOBS"])
        if provider
        else None
    )
    context: dict = {"guide_id": version.id, "guide_slug": version.slug, "open_jobs": open_jobs}
    for more in careers.page_context:
        context.update(more(**context))
    return render_template(
        "careers/guide_page.html",
        page=rendered,
        open_jobs_template=provider.template if provider else None,
        # The ad depends on who is looking, so it stays outside the cached body.
        ad=Markup(_ad_for_visitors() if ad is None else ad),  # noqa: S704 - our own templates
        **context,
    )


def render_guide(guide: services.PublishedGuide) -> RenderedGuide:
    content = guide.content
    canonical_url = absolute_url("careers.guide", slug=guide.slug)
    head = render_template(
        "careers/_guide_head.html",
        guide=content,
        canonical_url=canonical_url,
        json_ld=[
            structured_data.script_tag(structured_data.occupation(content, canonical_url)),
            structured_data.script_tag(structured_data.faq_page(content)),
        ],
    )
    body = render_template(
        "careers/_guide_body.html",
        guide=content,
        updated_at=guide.updated_at,
        canonical_url=canonical_url,
        salary_bars=presenters.salary_bars(content.salary, content.headline.median_salary),
        demand_position=presenters.demand_position(content.headline.demand_level),
        flag=presenters.flag_emoji(content.salary.country),
    )
    return RenderedGuide(
        revision=guide.revision,
        title=f"{content.title} Career Guide: Salary, Skills and Path",
        description=content.summary,
        canonical_url=canonical_url,
        head=Markup(head),  # noqa: S704 - rendered by our own autoescaping template
        body=Markup(body),  # noqa: S704
        career=content.title,
    )
