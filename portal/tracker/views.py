"""Applying to a job and the applications tracker."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal import clock
from portal.accounts.access import login_required
from portal.accounts.redirects import safe_next_path
from portal.jobs import presenters as job_presenters
from portal.jobs import services as jobs
from portal.tracker import applications as service
from portal.tracker import bp
from portal.tracker.forms import ApplicationForm, ApplyForm, OutsideApplicationForm
from portal.tracker.models import ApplicationStatus


def posting_url(posting) -> str:
    slug = job_presenters.posting_slug(posting)
    return url_for("jobs.posting", posting_id=posting.id, slug=slug)


@bp.route("/jobs/<int:posting_id>/apply", methods=["GET", "POST"])
@login_required
def apply(posting_id: int):
    """GET asks to confirm (where signing in sends an anonymous visitor back to); POST records
    the application and lands on the page that leads on to the employer."""
    posting = jobs.get_posting(posting_id) or abort(404)
    form = ApplyForm()
    is_open = posting.is_open(clock.now())
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if not is_open:
            flash("This job has expired, so it was not added to your applications.", "error")
            return redirect(posting_url(posting), 303)
        service.record_apply(current_user.id, posting)
        return redirect(url_for("tracker.applied", posting_id=posting.id), 303)
    return render_template(
        "tracker/apply.html",
        posting=posting,
        form=form,
        is_open=is_open,
        application=service.application_for_posting(current_user.id, posting.id),
        posting_url=posting_url(posting),
    )


@bp.get("/jobs/<int:posting_id>/applied")
@login_required
def applied(posting_id: int):
    """The page an apply lands on (in the new tab): it says the job is tracked and leads on to
    the employer, while the job page stays open in the first tab."""
    posting = jobs.get_posting(posting_id) or abort(404)
    application = service.application_for_posting(current_user.id, posting.id)
    if application is None:
        return redirect(url_for("tracker.apply", posting_id=posting.id))
    return render_template(
        "tracker/applied.html",
        posting=posting,
        application=application,
        posting_url=posting_url(posting),
    )


def _status_filter() -> ApplicationStatus | None:
    raw = request.args.get("status", "")
    try:
        return ApplicationStatus(raw) if raw else None
    except ValueError:
        return None


@bp.get("/applications")
@login_required
def applications():
    status = _status_filter()
    if request.args.get("status") and status is None:
        flash("That status is not one we know, so all applications are shown.", "info")
    kept = service.tracker(current_user.id, status)
    forms = {
        application.id: ApplicationForm(formdata=None, obj=application, prefix=f"a{application.id}")
        for application in kept.applications
    }
    # A board by status: each status with its applications, in the order of the journey.
    columns = [
        (status, [a for a in kept.applications if a.status == status])
        for status in ApplicationStatus
    ]
    return render_template(
        "tracker/applications.html",
        tracker=kept,
        forms=forms,
        columns=[(status, rows) for status, rows in columns if rows],
        statuses=list(ApplicationStatus),
        back=request.full_path.rstrip("?"),
    )


@bp.route("/applications/new", methods=["GET", "POST"])
@login_required
def add_application():
    """Track a job applied to elsewhere (not a posting of ours)."""
    form = OutsideApplicationForm()
    if request.method == "GET":
        form.applied_on.data = clock.today()
    if form.validate_on_submit():
        added = service.add_outside_application(
            current_user.id,
            title=form.title.data,
            company=form.company.data,
            url=form.url.data,
            applied_on=form.applied_on.data,
            status=form.status.data,
        )
        flash(f"Added {form.title.data} at {form.company.data} to your applications.", "success")
        return redirect(url_for("tracker.applications") + f"#application-{added.id}", 303)
    return render_template("tracker/add_application.html", form=form), (
        422 if request.method == "POST" else 200
    )


@bp.route("/applications/<int:application_id>/remove", methods=["GET", "POST"])
@login_required
def remove_application(application_id: int):
    """GET asks to confirm (a link from the tracker, so no script is needed); POST removes."""
    found = service.get_application(current_user.id, application_id) or abort(404)
    form = ApplyForm()  # nothing to fill in: the CSRF-protected click
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        title = found.job_title
        service.remove_application(found)
        flash(f"Removed {title} from your applications.", "success")
        return redirect(url_for("tracker.applications"), 303)
    return render_template("tracker/remove_application.html", application=found, form=form)


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@login_required
def application(application_id: int):
    """One application's edit form; the tracker's per-row forms post here too (with a
    prefix), and come back to the tracker."""
    found = service.get_application(current_user.id, application_id) or abort(404)
    prefix = request.form.get("prefix", "") if request.method == "POST" else ""
    prefix = prefix if prefix == f"a{found.id}" else ""
    form = ApplicationForm(obj=found, prefix=prefix)
    if form.validate_on_submit():
        title = found.job_title  # read before the commit expires the row
        service.update_application(
            found,
            status=form.status.data,
            notes=form.notes.data.strip(),
            next_step_on=form.next_step_on.data,
        )
        flash(f"Saved your application to {title}.", "success")
        back = safe_next_path(request.form.get("next"))
        return redirect(back or url_for("tracker.applications"), 303)
    # A row form of the tracker with an error is shown here on its own, with its error.
    return render_template(
        "tracker/application.html",
        application=found,
        form=form,
        prefix=prefix,
        posting_url=posting_url(found.posting) if found.posting else found.outside_url,
    ), (422 if request.method == "POST" else 200)
