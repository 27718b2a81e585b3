"""What advice offers templates: the job page's "How well do I fit?" link, and money as the
advice pages write it."""

from __future__ import annotations

from flask import Flask, url_for
from markupsafe import Markup, escape

from portal.jobs.presenters import money_cents


def job_fit_link(posting) -> Markup:
    """The same for everyone (no query), so the job page stays cheap."""
    url = url_for("advice.job_fit", posting_id=posting.id)
    return Markup(  # noqa: S704 - our own markup around an escaped URL
        f'<p class="job-fit-link"><a class="button button-quiet" href="{escape(url)}">'
        "How well do I fit?</a></p>"
    )


def yearly(amount: int | None, currency: str) -> str:
    return money_cents(amount * 100, currency) if amount is not None else ""


def register(app: Flask) -> None:
    app.add_template_global(job_fit_link, "job_fit_link")
    app.add_template_filter(yearly, "advice_yearly")
