"""The advice pages: `/advice` (the best jobs for the member's resume) and `/jobs/<id>/fit`.
Thin: read the request, call a service, render."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from portal.accounts.access import login_required
from portal.advice import bp, services, writer
from portal.advice.forms import AdviceFiltersForm
from portal.jobs import services as jobs


@bp.get("/advice")
@login_required
def index():
    form = AdviceFiltersForm(formdata=request.args)
    form.validate()
    entitled = current_user.can(services.ENTITLEMENT)
    document = services.member_document(current_user.id) if entitled else None
    ranking = services.best_jobs(document, form.to_query()) if document else None
    return render_template(
        "advice/index.html", form=form, entitled=entitled, document=document, ranking=ranking
    )


@bp.get("/jobs/<int:posting_id>/fit")
def job_fit(posting_id: int):
    """Public: a visitor learns how to get advice; a member sees what their plan gives."""
    posting = jobs.get_posting(posting_id) or abort(404)
    signed_in = current_user.is_authenticated
    resume = services.member_resume(current_user.id) if signed_in else None
    report = services.fit(resume.document, posting) if resume else None
    entitled = signed_in and current_user.can(services.ENTITLEMENT)
    written = None
    if entitled and report is not None and resume is not None:
        written = writer.written_advice(current_user.id, resume.version, report)
    return render_template(
        "advice/fit.html",
        posting=posting,
        signed_in=signed_in,
        entitled=entitled,
        report=report,
        written_advice=written,
    )
