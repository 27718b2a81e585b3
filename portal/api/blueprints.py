"""The API's blueprints, one per resource family; each is a tag of the OpenAPI description."""

from __future__ import annotations

from flask_smorest import Blueprint

jobs = Blueprint("api_jobs", __name__, description="Job postings: search and read (public).")
guides = Blueprint("api_guides", __name__, description="Career guides (public).")
account = Blueprint(
    "api_account", __name__, description="Your account and bookmarks (token needed)."
)
applications = Blueprint(
    "api_applications", __name__, description="Your applications tracker (token needed)."
)
alerts = Blueprint("api_alerts", __name__, description="Your job alerts (token needed).")
resume = Blueprint(
    "api_resume", __name__, description="Your resume and job advice for it (token needed)."
)

ALL = (jobs, guides, account, applications, alerts, resume)

# Public reads: any origin may fetch them (CORS), and they carry ETags.
PUBLIC_ENDPOINTS = frozenset(
    {
        "api_jobs.search",
        "api_jobs.job",
        "api_guides.guides",
        "api_guides.guide",
        "api-docs.openapi_json",
    }
)
