"""The consultant's workspace: `/consultant/inbox` (what is due, calls for two weeks), one
conversation with what the member shares and private notes, and the availability editor.

A consultant sees only the conversations of members assigned to them now: every id in a URL is
looked up together with the signed-in consultant, so anyone else's answers 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from portal.accounts.models import User
from portal.consultant import bp, calls, conversations, roster
from portal.consultant.access import consultant_required, current_consultant
from portal.consultant.business_hours import DAY_NAMES
from portal.consultant.conversations import ConversationError
from portal.consultant.forms import AvailabilityForm, NoteForm, ReplyForm
from portal.extensions import db
from portal.resumes import rendering as resume_rendering
from portal.resumes import services as resumes
from portal.tracker import bookmarks as tracker_bookmarks


@bp.get("/inbox")
@consultant_required
def inbox():
    consultant = current_consultant()
    return render_template(
        "consultant/inbox.html",
        rows=conversations.inbox(consultant.user_id),
        calls=calls.upcoming_for_consultant(consultant.user_id),
    )


def _shared(member_id: int) -> tuple[dict | None, object | None]:
    """The member's resume (as others may see it) and bookmarks, each only if shared."""
    assignment = roster.assignment_of(member_id)
    document = kept = None
    if assignment is not None and assignment.share_resume:
        resume = resumes.resume_of(member_id)
        document = resume_rendering.shown_document(resume) if resume else None
    if assignment is not None and assignment.share_bookmarks:
        kept = tracker_bookmarks.bookmarks(member_id)
    return document, kept


def _conversation_or_404(conversation_id: int):
    found = conversations.for_consultant(current_consultant().user_id, conversation_id)
    if found is None:
        abort(404)
    return found


def _page(found, form: ReplyForm, note_form: NoteForm, status: int = 200):
    document, kept = _shared(found.member_id)
    return render_template(
        "consultant/inbox_conversation.html",
        conversation=found,
        member=db.session.get(User, found.member_id),
        form=form,
        note_form=note_form,
        notes=conversations.notes_about(found.member_id),
        resume_document=document,
        bookmarks=kept,
    ), status


@bp.route("/inbox/<int:conversation_id>", methods=["GET", "POST"])
@consultant_required
def inbox_conversation(conversation_id: int):
    found = _conversation_or_404(conversation_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            conversations.consultant_answers(found, current_consultant().user, form.message.data)
        except ConversationError as error:
            flash(str(error), "error")
        else:
            flash("Answer sent; the member is mailed it.", "success")
        return redirect(url_for("consultant.inbox_conversation", conversation_id=found.id), 303)
    return _page(found, form, NoteForm(formdata=None), 422 if form.errors else 200)


@bp.post("/inbox/<int:conversation_id>/notes")
@consultant_required
def add_note(conversation_id: int):
    found = _conversation_or_404(conversation_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _page(found, ReplyForm(formdata=None), form, 422)
    try:
        conversations.add_note(current_consultant().user, found.member_id, form.note.data)
    except ConversationError as error:
        flash(str(error), "error")
    return redirect(url_for("consultant.inbox_conversation", conversation_id=found.id), 303)


def _week_text(windows) -> str:
    return "\n".join(f"{DAY_NAMES[w.weekday]} {w.starts:%H:%M}-{w.ends:%H:%M}" for w in windows)


@bp.route("/availability", methods=["GET", "POST"])
@consultant_required
def availability():
    consultant = current_consultant()
    form = AvailabilityForm()
    if form.validate_on_submit():
        calls.set_availability(consultant.user_id, form.windows, form.dates_off)
        flash("Availability saved. Calls booked already stay as they are.", "success")
        return redirect(url_for("consultant.availability"), 303)
    if not form.is_submitted():
        windows, days_off = calls.availability(consultant.user_id)
        form.week.data = _week_text(windows)
        form.days_off.data = " ".join(day.day.isoformat() for day in days_off)
    return render_template(
        "consultant/availability.html", form=form, time_zone=consultant.user.time_zone
    ), (422 if form.errors else 200)
