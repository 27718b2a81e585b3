"""Career guide pages: the list and one guide."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, make_response, render_template, request, url_for
from markupsafe import Markup

from portal.careers import presenters, services, structured_data
from portal.careers.blueprint import bp
from portal.jobs.search import JobQuery, Sort, search_jobs
from portal.page_cache import page_cache

GUIDE_JOBS = 5


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
    return render_template("careers/index.html", guides=services.published_guides())


@bp.get("/<slug>")
def guide(slug: str):
    cache_key = ("careers.guide", slug)
    cached: RenderedGuide | None = page_cache().get(cache_key)
    version = services.published_guide(slug, known_revision=cached.revision if cached else None)
    if version is None:
        abort(404)
    if version.document is None:  # unchanged since this process rendered it
        rendered = cached
    else:
        rendered = render_guide(version)
        page_cache().put(cache_key, rendered)
    # The open jobs change on their own schedule, so they are rendered beside the cached body
    # rather than inside it; one query (the guide is matched by slug inside it).
    open_jobs = search_jobs(
        JobQuery(guide=version.slug, sort=Sort.DATE, per_page=GUIDE_JOBS), count=False
    )
    response = make_response(
        render_template(
            "careers/guide_page.html",
            page=rendered,
            open_jobs=open_jobs,
            guide_id=version.id,
            guide_slug=version.slug,
        )
    )
    # Personal parts of the page (sign-in state) make it private; no-cache makes browsers
    # revalidate, which costs one small query and a 304 when nothing changed.
    response.cache_control.private = True
    response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)


def render_guide(guide: services.PublishedGuide) -> RenderedGuide:
    content = guide.content
    canonical_url = url_for("careers.guide", slug=guide.slug, _external=True)
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
