"""Job advice: the open jobs that fit a member's resume best, and for one job how well they fit,
what they lack and how to get it, grounded in the resume, the posting and the career guides.

Works offline (a skill vocabulary, the guides' data, full-text closeness and WordLlama sentence
embeddings from the package's own files). Built on resumes, jobs (its search and postings),
careers and billing's entitlements (`user.can("ai_job_advice")`); none of them imports this
one: the job page's "How well do I fit?" link is the template global `job_fit_link`.
"""

from __future__ import annotations

import os

from flask import Blueprint, Flask

bp = Blueprint("advice", __name__)


def init_app(app: Flask) -> None:
    from portal.advice import cli, models, slots, views, writer  # noqa: F401 - routes
    from portal.site.registry import register_nav_item

    writer.configure(app, dict(os.environ))
    app.register_blueprint(bp)
    app.cli.add_command(cli.advice_cli)
    register_nav_item(app, "Advice", "advice.index", order=64, signed_in=True)
    slots.register(app)
