"""A candidate's own choices about employers: the companies their resume is hidden from."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from portal.accounts.access import login_required
from portal.extensions import db
from portal.talent import bp, profiles
from portal.talent.forms import ActionForm, HideForm

BACK = "resumes.editor"


@bp.post("/privacy/companies")
@login_required
def hide_company():
    form = HideForm()
    if not form.validate_on_submit():
        flash(" ".join(form.company.errors) or "Enter the company's name.", "error")
        return redirect(url_for(BACK, _anchor="employers"), 303)
    try:
        row = profiles.hide_from(current_user.id, form.company.data)
    except profiles.HidingError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(f"Employers at {row.name} will not see your resume.", "success")
    return redirect(url_for(BACK, _anchor="employers"), 303)


@bp.post("/privacy/companies/<int:hidden_id>/remove")
@login_required
def unhide_company(hidden_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not profiles.unhide(current_user.id, hidden_id):
        abort(404)
    db.session.commit()
    flash("That company can find your resume again.", "success")
    return redirect(url_for(BACK, _anchor="employers"), 303)
