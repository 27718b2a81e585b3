"""Employers and reported messages: approving employer requests, and dealing with reports."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from portal import clock
from portal.admin import audit, bp
from portal.admin.forms import ActionForm
from portal.extensions import db
from portal.talent import employers, messaging
from portal.talent.models import EmployerMembership, MessageReport


def _checked() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.get("/employers")
def employer_list():
    return render_template(
        "admin/employers.html",
        waiting=employers.waiting_for_approval(),
        recent=employers.recent_memberships(),
        form=ActionForm(),
    )


@bp.post("/employers/<int:membership_id>/<any(approve, reject):decision>")
def employer_decide(membership_id: int, decision: str):
    _checked()
    membership = db.session.get(EmployerMembership, membership_id) or abort(404)
    if membership.work_email_confirmed_at is None:
        flash("The work email is not confirmed yet.", "error")
        return redirect(url_for("admin.employer_list"), 303)
    before = employers.describe(membership)
    employers.decide(membership, approve=decision == "approve")
    audit.record(
        f"employer.{decision}",
        f"employer membership {membership.id}",
        before,
        employers.describe(membership),
    )
    db.session.commit()
    verb = "approved" if decision == "approve" else "rejected"
    flash(f"{membership.work_email} at {membership.company.name} is {verb}.", "success")
    return redirect(url_for("admin.employer_list"), 303)


@bp.get("/reports")
def report_list():
    return render_template(
        "admin/reports.html", reports=messaging.open_reports(), form=ActionForm()
    )


@bp.post("/reports/<int:report_id>/resolve")
def report_resolve(report_id: int):
    _checked()
    report = db.session.get(MessageReport, report_id) or abort(404)
    report.resolved_at = clock.now()
    audit.record(
        "message_report.resolve",
        f"message report {report.id}",
        {"message_id": report.message_id, "reason": report.reason},
        {"resolved": True},
    )
    db.session.commit()
    flash("The report is marked as dealt with.", "success")
    return redirect(url_for("admin.report_list"), 303)
