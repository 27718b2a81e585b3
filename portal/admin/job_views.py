"""Jobs: find, edit, expire and delete postings; the import runs and what they rejected."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for

from portal import clock
from portal.admin import audit, bp, jobs
from portal.admin.forms import ActionForm, JobEditForm
from portal.extensions import db
from portal.jobs.models import JobImportRun, JobPosting


def _posting(posting_id: int) -> JobPosting:
    posting = db.session.get(JobPosting, posting_id)
    if posting is None:
        abort(404)
    return posting


@bp.get("/jobs")
def job_list():
    text = request.args.get("q", "")[:200]
    return render_template("admin/jobs.html", postings=jobs.search(text), q=text, form=ActionForm())


@bp.route("/jobs/<int:posting_id>", methods=["GET", "POST"])
def job_edit(posting_id: int):
    posting = _posting(posting_id)
    form = JobEditForm(
        data=None
        if request.method == "POST"
        else {
            "title": posting.title,
            "company_name": posting.company_name,
            "apply_url": posting.apply_url,
            "valid_through": posting.valid_through.date() if posting.valid_through else None,
        }
    )
    if form.validate_on_submit():
        before = jobs.snapshot(posting)
        posting.title = form.title.data.strip()
        posting.company_name = form.company_name.data.strip()
        posting.apply_url = form.apply_url.data.strip()
        until = form.valid_through.data
        posting.valid_through = dt.datetime.combine(until, dt.time.max) if until else None
        posting.updated_at = clock.now()
        audit.record("job.edit", f"job {posting.id}", before, jobs.snapshot(posting))
        db.session.commit()
        flash("Posting saved.", "success")
        return redirect(url_for("admin.job_list", q=str(posting.id)), 303)
    return render_template(
        "admin/job_edit.html", posting=posting, form=form, action=ActionForm()
    ), (422 if form.errors else 200)


@bp.post("/jobs/<int:posting_id>/expire")
def job_expire(posting_id: int):
    posting = _posting(posting_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not posting.expired:
        before = jobs.snapshot(posting)
        posting.expired = True
        posting.updated_at = clock.now()
        audit.record("job.expire", f"job {posting.id}", before, jobs.snapshot(posting))
        db.session.commit()
    flash(f"“{posting.title}” is expired: it no longer shows in search.", "success")
    return redirect(url_for("admin.job_list"), 303)


@bp.post("/jobs/<int:posting_id>/delete")
def job_delete(posting_id: int):
    posting = _posting(posting_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    audit.record("job.delete", f"job {posting.id}", jobs.snapshot(posting), None)
    db.session.delete(posting)
    db.session.commit()
    flash("Posting deleted.", "success")
    return redirect(url_for("admin.job_list"), 303)


@bp.get("/jobs/imports")
def import_runs():
    return render_template("admin/import_runs.html", runs=jobs.import_runs())


@bp.get("/jobs/imports/<int:run_id>")
def import_run(run_id: int):
    run = db.session.get(JobImportRun, run_id)
    if run is None:
        abort(404)
    return render_template("admin/import_run.html", run=run)
