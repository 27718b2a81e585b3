"""Home page, robots.txt and sitemap.xml."""

from __future__ import annotations

from flask import Response, render_template, url_for

from portal.careers import services as careers
from portal.site.blueprint import bp
from portal.site.registry import sitemap_entries
from portal.xml_text import xml_safe


@bp.get("/")
def home():
    return render_template("site/home.html", guides=careers.published_guides())


@bp.get("/robots.txt")
def robots():
    body = render_template("site/robots.txt", sitemap_url=url_for("site.sitemap", _external=True))
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    home = (url_for("site.home", _external=True), None)
    body = render_template("site/sitemap.xml", entries=[home, *sitemap_entries()])
    return Response(xml_safe(body), mimetype="application/xml")
