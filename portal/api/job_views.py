"""Public reads: the job search (the /jobs page's filters, results and order), one job, the
career guides and one guide's structured content."""

from __future__ import annotations

from typing import Any

from flask import Response, json, request
from flask.views import MethodView

from portal import clock
from portal.api import presenters, search_cache
from portal.api.blueprints import guides as guides_bp
from portal.api.blueprints import jobs as jobs_bp
from portal.api.problems import Problem, field_error
from portal.api.schemas import (
    API_VERSION,
    GuideListSchema,
    GuideSchema,
    JobDetailSchema,
    JobListSchema,
    JobSearchArgs,
)
from portal.careers import services as careers
from portal.jobs import services as jobs
from portal.jobs.models import EmploymentType, Workplace
from portal.jobs.search import JobQuery, Sort, search_jobs
from portal.jobs.terms import printable
from portal.page_cache import StoredPage
from portal.urls import absolute_url

_job_list = JobListSchema()


@jobs_bp.route("/jobs", endpoint="search")
class JobSearch(MethodView):
    @jobs_bp.arguments(JobSearchArgs, location="query", as_kwargs=True)
    @jobs_bp.response(200, JobListSchema)
    def get(self, **args: Any):
        """Search jobs

        The /jobs page's search: the same filters, the same results in the same order. Keywords
        rank by relevance (the 1,000 newest matches are ranked); without keywords, newest first.
        """
        stored = search_cache.cached_search(request.query_string, lambda: json.dumps(_search(args)))
        return _json(stored)


@jobs_bp.before_request
def serve_a_kept_search():
    """A search asked before (the same query string, this minute, no posting changed since) is
    answered from what was kept, before its parameters are parsed again."""
    if request.endpoint == "api_jobs.search" and request.method in ("GET", "HEAD"):
        stored = search_cache.kept_search(request.query_string)
        if stored is not None:
            return _json(stored)
    return None


def _json(stored: StoredPage) -> Response:
    response = stored.response()
    response.mimetype = "application/json"
    return response


def _search(args: dict[str, Any]) -> dict[str, Any]:
    """The search as a JSON document (what the cache keeps)."""
    careers_by_id = {
        guide.id: {"slug": guide.slug, "title": guide.title} for guide in careers.published_guides()
    }
    guide = args.get("guide")
    if guide and guide not in {career["slug"] for career in careers_by_id.values()}:
        raise Problem(
            "invalid-request",
            "Some fields are not valid; see errors.",
            errors=[field_error("query", "guide", "No published career guide has this slug.")],
        )
    query = JobQuery(
        text=printable(args.get("q", "")),
        location=printable(args.get("location", "")),
        workplace=Workplace(args["workplace"]) if "workplace" in args else None,
        employment_type=(
            EmploymentType(args["employment_type"]) if "employment_type" in args else None
        ),
        min_salary=args.get("min_salary"),
        posted_within_days=args.get("posted_within"),
        guide=guide,
        sort=Sort(args["sort"]) if "sort" in args else None,
        page=args["page"],
        per_page=args["per_page"],
    )
    now = clock.now()
    past_the_end = query.page > query.last_page
    results = search_jobs(query.with_page(1) if past_the_end else query, now=now)
    postings = [] if past_the_end else results.postings
    total = results.total
    if total is None:  # a page past the last: count from the first
        total = search_jobs(query.with_page(1), now=now).total or 0
    filters = {name: value for name, value in args.items() if name not in ("page", "per_page")}
    has_next = results.has_next and not past_the_end
    return _job_list.dump(
        {
            "apiVersion": API_VERSION,
            "jobCount": len(postings),
            "total": total,
            "totalCapped": results.total_capped,
            "page": query.page,
            "perPage": query.per_page,
            "next": (
                absolute_url(
                    "api_jobs.search", **filters, page=query.page + 1, per_page=query.per_page
                )
                if has_next
                else None
            ),
            "jobs": [
                presenters.job(posting, now, career=careers_by_id.get(posting.guide_id))
                for posting in postings
            ],
        }
    )


@jobs_bp.route("/jobs/<int:job_id>", endpoint="job")
class Job(MethodView):
    @jobs_bp.response(200, JobDetailSchema)
    def get(self, job_id: int):
        """One job

        Open or not (`isOpen`): a closed job's document stays readable, as its page does.
        """
        posting = jobs.get_posting(job_id)
        if posting is None:
            raise Problem("not-found", "There is no job with this id.")
        return presenters.job_detail(posting, clock.now())


@guides_bp.route("/guides", endpoint="guides")
class Guides(MethodView):
    @guides_bp.response(200, GuideListSchema)
    def get(self):
        """Career guides

        Every published guide, by title.
        """
        return {
            "apiVersion": API_VERSION,
            "guides": [
                {
                    "slug": guide.slug,
                    "title": guide.title,
                    "summary": guide.summary,
                    "url": absolute_url("careers.guide", slug=guide.slug),
                    "updatedAt": guide.updated_at,
                }
                for guide in careers.published_guides()
            ],
        }


@guides_bp.route("/guides/<slug>", endpoint="guide")
class Guide(MethodView):
    @guides_bp.response(200, GuideSchema)
    def get(self, slug: str):
        """One career guide

        Its structured content: salary levels, career tiers, skills, certifications, ...
        """
        found = careers.published_guide(slug) if len(slug) <= 120 else None
        if found is None:
            raise Problem("not-found", "There is no published guide with this slug.")
        return {
            "slug": found.slug,
            "url": absolute_url("careers.guide", slug=found.slug),
            "revision": found.revision,
            "updatedAt": found.updated_at,
            "guide": found.document,
        }
