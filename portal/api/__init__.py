"""The JSON API at /api/v1/: public job search, jobs and guides; with a personal access token,
the account's bookmarks, applications, alerts, resume and job advice.

flask-smorest describes it as OpenAPI 3 from the views' marshmallow schemas
(/api/v1/openapi.json); /api/docs is our own page written from that description. The API
reaches other domains only through their service functions. Personal access tokens are made
on /account/tokens (an HTML page, CSRF-protected like every form).

flask-smorest's `Api` would answer every HTTP error of the whole app in its own JSON; here its
errors stay inside the API's blueprints (portal.api.hooks), so the site keeps its error pages.
"""

from __future__ import annotations

import http

from flask import Blueprint, Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from portal.api.problems import MEDIA_TYPE
from portal.api.schemas import ProblemSchema

API_PREFIX = "/api/v1"

SPEC_DESCRIPTION = """\
The career portal's jobs, guides and (with a personal access token) your bookmarks,
applications, alerts, resume and job advice.

**Tokens.** Make one on /account/tokens and send it as `Authorization: Bearer <token>`. A token
of the `read` scope cannot change anything (403). Revoking it, changing your password or
deactivating the account stops it.

**Errors** are `application/problem+json` (RFC 9457); each `type` is described on /api/docs.

**Pages.** Lists take `page` and `per_page` and answer with `total` and a `next` link (null on
the last page).

**Limits.** Each token (or, without one, each address) has a request budget;
`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` say how much is left.

**Caching.** Public GETs carry an `ETag`; send it back in `If-None-Match` for a `304`. They
allow any origin (CORS, without credentials); personal operations allow none.

**Job fields** follow Jobicy's public API where they fit (`id`, `url`, `jobSlug`, `jobTitle`,
`companyName`, `jobGeo`, `jobType`, `jobLevel`, `jobIndustry`, `jobExcerpt`, `jobDescription`,
`pubDate`, `annualSalaryMin`, `annualSalaryMax`, `salaryCurrency`), so clients written for it
read ours. Where we differ, and why: `pubDate` is RFC 3339 UTC (`2026-11-30T12:00:00Z`), which
needs no guessing of a time zone; `jobLevel` is always null, as postings here do not state a
level; `jobDescription` (with `applyUrl` and `companyWebsite`) is only in one job's document, so
that a page of results stays small;
`jobType` holds our job-type values (`full-time`, ...). Fields Jobicy lacks (`workplace`,
`location`, `remoteRegions`, `validThrough`, `isOpen`, `salaryPeriod`, `applyUrl`, `career`)
are ours. The search's query parameters are those of the /jobs page, so a page's address
becomes an API call by changing its path.
"""


class PortalApi(Api):
    """flask-smorest's Api, minus what would reach beyond the API: no app-wide error handler
    (portal.api.hooks puts one on each API blueprint), and errors documented as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        pass

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


docs_bp = Blueprint("api_docs", __name__)
tokens_bp = Blueprint("api_tokens", __name__)


def init_app(app: Flask) -> None:
    from portal.api import (  # noqa: F401 - routes
        account_views,
        alert_views,
        docs_views,
        hooks,
        job_views,
        models,
        resume_views,
        token_views,
        tracker_views,
    )

    app.config.update(
        API_TITLE="Career portal API",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": SPEC_DESCRIPTION},
            "servers": [{"url": "/"}],
            "components": {
                "securitySchemes": {
                    "token": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A personal access token from /account/tokens.",
                    }
                }
            },
        },
    )
    # One Api per app: it holds the app's spec (tests and benchmarks build several apps).
    api = PortalApi(app)
    app.extensions["portal.api"] = api
    for blueprint in hooks.API_BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix=API_PREFIX)
    hooks.prepare_spec_blueprint(app)
    hooks.answer_api_paths_with_problems(app)
    app.register_blueprint(docs_bp)
    app.register_blueprint(tokens_bp)
