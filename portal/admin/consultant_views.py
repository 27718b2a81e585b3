"""Consultants on the Users screen: give or take the role, and move a member to another
consultant. Every change is in the audit log; a reassignment is mailed to the member and both
consultants."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from portal.accounts.models import User
from portal.admin import audit, bp
from portal.admin.forms import ActionForm
from portal.consultant import notify, roster
from portal.extensions import db


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    return user


def _back(user: User):
    return redirect(url_for("admin.user_detail", user_id=user.id), 303)


@bp.post("/users/<int:user_id>/consultant")
def user_make_consultant(user_id: int):
    user = _user(user_id)
    if roster.grant(user):
        audit.record(
            "user.consultant", f"user {user.email}", {"consultant": False}, {"consultant": True}
        )
        db.session.commit()
    flash(f"{user.email} is a consultant.", "success")
    return _back(user)


@bp.post("/users/<int:user_id>/consultant/remove")
def user_remove_consultant(user_id: int):
    user = _user(user_id)
    if roster.revoke(user):
        audit.record(
            "user.consultant", f"user {user.email}", {"consultant": True}, {"consultant": False}
        )
        db.session.commit()
    flash(
        f"{user.email} is no longer a consultant; reassign their members from each member's page.",
        "success",
    )
    return _back(user)


@bp.post("/users/<int:user_id>/consultant/reassign")
def user_reassign_consultant(user_id: int):
    member = _user(user_id)
    try:
        chosen = int(request.form.get("consultant_id", ""))
    except ValueError:
        flash("Choose a consultant.", "error")
        return _back(member)
    try:
        previous, new = roster.reassign(member, chosen)
    except roster.RosterError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(member)
    if previous is not None and previous.user_id == new.user_id:
        flash(f"{new.user.name} already looks after {member.email}.", "info")
        return _back(member)
    audit.record(
        "consultant.reassign",
        f"user {member.email}",
        {"consultant": previous.user.email} if previous else None,
        {"consultant": new.user.email},
    )
    db.session.commit()
    notify.reassigned(member, previous.user if previous else None, new.user)
    flash(f"{member.email} is now looked after by {new.user.name}; all three are told.", "success")
    return _back(member)


def consultant_panel(user_id: int) -> dict:
    """What the user page shows about consultants: the role, and the member's consultant."""
    return {
        "role": roster.consultant_of_user(user_id),
        "assignment": roster.assignment_of(user_id),
        "choices": [c for c in roster.active_consultants() if c.user_id != user_id],
    }
