"""Home page, the sitemap for people and for crawlers, robots.txt and favicon.ico."""

from __future__ import annotations

from flask import Response, current_app, render_template, send_from_directory

from portal.billing.catalog import catalog
from portal.careers import services as careers
from portal.jobs.search import JobQuery, Sort, search_jobs
from portal.page_cache import allow_replay, page_cache
from portal.site.blueprint import bp
from portal.site.registry import sitemap_entries
from portal.urls import absolute_url
from portal.xml_text import xml_safe

HOME_JOBS = 6


@bp.get("/")
def home():
    # The newest open jobs, through the one search (no count: the page shows no total).
    newest = search_jobs(JobQuery(sort=Sort.DATE, per_page=HOME_JOBS), count=False)
    return render_template(
        "site/home.html",
        guides=careers.published_guides(),
        newest_jobs=newest.postings,
        # What a paid plan adds, from billing's plan catalog (kept in memory: no query).
        paid_plan=next(iter(catalog().paid_plans), None),
    )


@bp.get("/sitemap")
def sitemap_page():
    """The sitemap for people: the main pages and every career guide (crawlers read the XML)."""
    return render_template("site/sitemap.html", guides=careers.published_guides())


@bp.get("/robots.txt")
def robots():
    # The same for every request (it names SITE_URL's sitemap): rendered once per process.
    body = page_cache().get("site.robots")
    if body is None:
        body = render_template("site/robots.txt", sitemap_url=absolute_url("site.sitemap"))
        page_cache().put("site.robots", body)
    allow_replay()
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    home = (absolute_url("site.home"), None)
    body = render_template("site/sitemap.xml", entries=[home, *sitemap_entries()])
    return Response(xml_safe(body), mimetype="application/xml")


@bp.get("/favicon.ico")
def favicon():
    # Browsers and feed readers ask for /favicon.ico whatever the page links to.
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )
