"""`/messages`: each person's conversations with employers or candidates. Only the two sides of
a conversation can open it or act on it; for anyone else it does not exist (404)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.access import login_required
from portal.accounts.models import User
from portal.extensions import db
from portal.talent import bp, employers, messaging
from portal.talent.forms import ActionForm, ReplyForm, ReportForm
from portal.talent.models import ContactMessage, Conversation, ConversationStatus


def _mine(conversation_id: int) -> tuple[Conversation, str]:
    conversation = messaging.conversation_for(conversation_id, current_user.id)
    if conversation is None:
        abort(404)
    return conversation, conversation.side_of(current_user.id)


def _checked() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


def _back(conversation: Conversation):
    return redirect(url_for("talent.conversation", conversation_id=conversation.id), 303)


@bp.get("/messages")
@login_required
def messages():
    return render_template(
        "talent/messages.html",
        conversations=messaging.conversations_of(current_user.id),
        me=current_user.id,
    )


@bp.get("/messages/<int:conversation_id>")
@login_required
def conversation(conversation_id: int, reply_form: ReplyForm | None = None):
    conversation, side = _mine(conversation_id)
    membership = employers.membership_of(conversation.employer_id)
    return render_template(
        "talent/conversation.html",
        conversation=conversation,
        side=side,
        messages=messaging.messages_of(conversation),
        parties=messaging.parties(conversation, membership.work_email if membership else None),
        posting=messaging.open_posting(conversation.posting_id),
        reply_form=reply_form or ReplyForm(),
        report_form=ReportForm(),
        action=ActionForm(),
        is_open=conversation.status == ConversationStatus.OPEN,
        me=current_user.id,
    ), (422 if reply_form is not None else 200)


@bp.post("/messages/<int:conversation_id>/reply")
@login_required
def reply(conversation_id: int):
    found, side = _mine(conversation_id)
    if side == "employer" and not employers.can_contact(current_user):
        abort(403)
    form = ReplyForm()
    if not form.validate_on_submit():
        return conversation(conversation_id, reply_form=form)
    try:
        message = messaging.reply(found, current_user, form.body.data)
    except messaging.MessagingError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _back(found)
    other = db.session.get(User, found.employer_id if side == "candidate" else found.candidate_id)
    parties = messaging.parties(found, None)
    from_name = parties.candidate_name if side == "candidate" else parties.employer_name
    db.session.commit()
    if other is not None:
        messaging.notify_reply(found, other.email, from_name, message.body)
    flash("Your reply is sent.", "success")
    return _back(found)


@bp.post("/messages/<int:conversation_id>/decline")
@login_required
def decline(conversation_id: int):
    conversation, side = _mine(conversation_id)
    _checked()
    if side != "candidate":
        abort(403)
    messaging.decline(conversation)
    db.session.commit()
    flash("You declined. They cannot write to you in this conversation again.", "success")
    return _back(conversation)


@bp.post("/messages/<int:conversation_id>/share")
@login_required
def share(conversation_id: int):
    conversation, side = _mine(conversation_id)
    _checked()
    messaging.share_address(conversation, side)
    db.session.commit()
    flash("They can now see your email address in this conversation.", "success")
    return _back(conversation)


@bp.post("/messages/<int:conversation_id>/block")
@login_required
def block(conversation_id: int):
    conversation, side = _mine(conversation_id)
    _checked()
    if side != "candidate":
        abort(403)
    messaging.block_company(conversation)
    db.session.commit()
    flash(f"{conversation.company.name} cannot write to you any more.", "success")
    return _back(conversation)


@bp.post("/messages/<int:conversation_id>/messages/<int:message_id>/report")
@login_required
def report(conversation_id: int, message_id: int):
    conversation, _side = _mine(conversation_id)
    form = ReportForm()
    if not form.validate_on_submit():
        abort(400)
    message = db.session.get(ContactMessage, message_id)
    if message is None or message.conversation_id != conversation.id:
        abort(404)
    if message.sender_id == current_user.id:
        flash("You cannot report your own message.", "error")
        return _back(conversation)
    messaging.report(message, current_user, form.reason.data or "")
    db.session.commit()
    flash("Thank you. The admins will look at this message.", "success")
    return _back(conversation)
