"""The member's side: `/consultant` (conversations, sharing, calls) and `/consultant/book`.

Plus members (entitlement `career_consultant`) write and book; Free members see what the
service is; a member whose plan ended reads their conversations but cannot write or book.
Every id in a URL is looked up together with the signed-in member, so another member's
conversation or call answers 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.consultant import ENTITLEMENT, bp, calls, conversations, roster
from portal.consultant.conversations import ConversationError
from portal.consultant.forms import ActionForm, ReplyForm, SharingForm, SlotForm, StartForm
from portal.consultant.presenters import day_groups
from portal.extensions import db


def _entitled() -> bool:
    return current_user.can(ENTITLEMENT)


def _home():
    return redirect(url_for("consultant.home"), 303)


def _refuse_lapsed():
    flash("Your plan no longer includes the career consultant. Upgrade to write or book.", "info")
    return _home()


@bp.get("")
@login_required
def home(start_form: StartForm | None = None):
    entitled = _entitled()
    kept = conversations.of_member(current_user.id)
    if not entitled and not kept:
        return render_template("consultant/about.html")
    assignment = roster.assignment_of(current_user.id)
    sharing = SharingForm(
        share_resume=assignment.share_resume if assignment else False,
        share_bookmarks=assignment.share_bookmarks if assignment else False,
    )
    return render_template(
        "consultant/home.html",
        entitled=entitled,
        conversations=kept,
        assignment=assignment,
        start_form=start_form or StartForm(),
        sharing_form=sharing,
        action_form=ActionForm(),
        calls=calls.upcoming_for_member(current_user.id),
    ), (422 if start_form is not None else 200)


@bp.post("")
@login_required
def start():
    if not _entitled():
        return _refuse_lapsed()
    form = StartForm()
    if not form.validate_on_submit():
        return home(start_form=form)
    try:
        conversation = conversations.start(current_user, form.topic.data, form.message.data)
    except ConversationError as error:
        flash(str(error), "error")
        return _home()
    flash("Sent. Your consultant will answer by the time shown.", "success")
    return redirect(url_for("consultant.conversation", conversation_id=conversation.id), 303)


@bp.route("/conversations/<int:conversation_id>", methods=["GET", "POST"])
@login_required
def conversation(conversation_id: int):
    found = conversations.for_member(current_user.id, conversation_id)
    if found is None:
        abort(404)
    entitled = _entitled()
    form = ReplyForm()
    if form.is_submitted():
        if not entitled:
            return _refuse_lapsed()
        if form.validate():
            try:
                conversations.member_writes(found, current_user, form.message.data)
            except ConversationError as error:
                flash(str(error), "error")
            else:
                flash("Sent.", "success")
            return redirect(url_for("consultant.conversation", conversation_id=found.id), 303)
    assignment = roster.assignment_of(current_user.id)
    return render_template(
        "consultant/conversation.html",
        conversation=found,
        entitled=entitled,
        form=form,
        consultant_name=assignment.consultant.user.name if assignment else None,
    ), (422 if form.errors else 200)


@bp.post("/sharing")
@login_required
def sharing():
    form = SharingForm()
    if not form.validate_on_submit():
        abort(400)
    assignment = roster.assignment_of(current_user.id)
    if assignment is None:
        flash("Start a conversation first; then you can share with your consultant.", "info")
        return _home()
    conversations.set_sharing(assignment, form.share_resume.data, form.share_bookmarks.data)
    flash("Sharing saved.", "success")
    return _home()


def _booking_assignment():
    """The member's consultant for booking, or a response that says why not."""
    if not _entitled():
        return None, _refuse_lapsed()
    assignment = roster.assignment_of(current_user.id)
    if assignment is None:
        assignment = roster.assign(current_user)
        if assignment is None:
            flash("No consultant has room right now; please try again in a day or two.", "error")
            return None, _home()
        db.session.commit()
    return assignment, None


@bp.route("/book", methods=["GET", "POST"])
@login_required
def book():
    assignment, refusal = _booking_assignment()
    if refusal is not None:
        return refusal
    form = SlotForm()
    error = None
    if form.validate_on_submit():
        try:
            calls.book(assignment, form.moment)
        except calls.BookingError as refused:
            error = str(refused)
        else:
            flash("Your call is booked; the invitation is on its way to you both.", "success")
            return _home()
    elif form.is_submitted():
        error = " ".join(form.start.errors) or "Choose one of the times offered."
    return _slots_page(assignment, form, error, call=None)


@bp.route("/calls/<int:call_id>/move", methods=["GET", "POST"])
@login_required
def move_call(call_id: int):
    call = calls.member_call(current_user.id, call_id)
    if call is None:
        abort(404)
    assignment, refusal = _booking_assignment()
    if refusal is not None:
        return refusal
    form = SlotForm()
    error = None
    if form.validate_on_submit():
        try:
            calls.move(call, assignment, form.moment)
        except calls.BookingError as refused:
            error = str(refused)
        else:
            flash("Your call is moved; both calendars get the new time.", "success")
            return _home()
    elif form.is_submitted():
        error = "Choose one of the times offered."
    return _slots_page(assignment, form, error, call=call)


def _slots_page(assignment, form, error, call):
    slots = calls.free_slots(assignment.consultant, ignore_call=call.id if call else None)
    return render_template(
        "consultant/book.html",
        form=form,
        error=error,
        call=call,
        consultant_name=assignment.consultant.user.name,
        days=day_groups(slots, current_user.time_zone),
        calls_per_month=calls.calls_included(),
    ), (409 if error else 200)


@bp.post("/calls/<int:call_id>/cancel")
@login_required
def cancel_call(call_id: int):
    call = calls.member_call(current_user.id, call_id)
    if call is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        calls.cancel(call)
    except calls.BookingError as refused:
        flash(str(refused), "error")
        return _home()
    flash("Your call is cancelled; both calendars are told.", "success")
    return _home()
