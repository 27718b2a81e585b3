"""/manifest.webmanifest, the service worker at /sw.js, and /offline."""

from __future__ import annotations

import json

from flask import Response, current_app, render_template, url_for

from portal.webapp import bp, offline, shell


@bp.get("/manifest.webmanifest")
def manifest():
    response = Response(json.dumps(shell.manifest()), mimetype="application/manifest+json")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/sw.js")
def service_worker():
    # Served from the root so that it may control every page (a worker's scope cannot reach
    # above its own folder unless the server allows it; /static/ would cover only /static/).
    app = current_app._get_current_object()
    body = render_template(
        "webapp/sw.js",
        version=shell.asset_version(app),
        static_prefixes=shell.static_prefixes(app),
        precached=shell.precached(app),
        offline_url=url_for("webapp.offline_page"),
        sign_out_url=url_for(offline.SIGN_OUT),
    )
    response = Response(body, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    # Browsers look for a new worker at most once a day whatever this says; no-cache makes
    # each of those checks reach us, so a deploy reaches every installed app.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def offline_page():
    # The same for everyone (the worker fetches it without cookies): it is kept for every
    # visitor of the browser.
    response = Response(render_template("webapp/offline.html"))
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response
