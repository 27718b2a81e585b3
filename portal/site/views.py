"""Home page, robots.txt and sitemap.xml."""

from __future__ import annotations

from flask import Response, render_template

from portal.careers import services as careers
from portal.site.blueprint import bp
from portal.site.registry import sitemap_entries
from portal.urls import absolute_url
from portal.xml_text import xml_safe


@bp.get("/")
def home():
    return render_template("site/home.html", guides=careers.published_guides())


@bp.get("/robots.txt")
def robots():
    body = render_template("site/robots.txt", sitemap_url=absolute_url("site.sitemap"))
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    home = (absolute_url("site.home"), None)
    body = render_template("site/sitemap.xml", entries=[home, *sitemap_entries()])
    return Response(xml_safe(body), mimetype="application/xml")
