"""Employers' pages: the resume search, a resume as employers see it, and contacting its owner.
Thin: parse, call a service, render."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts.models import User
from portal.careers.services import published_guides
from portal.extensions import db
from portal.talent import bp, employers, messaging, profiles, search
from portal.talent.access import allowed_if
from portal.talent.forms import ContactForm, SearchForm


def _query(form: SearchForm) -> search.TalentQuery:
    def value(field, default=None):
        return field.data if not field.errors and field.data not in (None, "") else default

    within = value(form.updated_within)
    return search.TalentQuery(
        words=value(form.q, ""),
        location=value(form.location, ""),
        guide=value(form.guide, ""),
        min_years=value(form.min_years),
        certification=value(form.certification, ""),
        updated_within_days=int(within) if within else None,
        page=value(form.page, 1),
    )


@bp.get("/talent")
@allowed_if(employers.can_search)
def search_page():
    form = SearchForm(request.args)
    form.guide.choices = [
        SelectChoice("", "Any"),
        *(SelectChoice(guide.slug, guide.title) for guide in published_guides()),
    ]
    form.validate()  # errors are shown beside their fields; the rest of the search still runs
    company = employers.company_of(current_user)
    results = search.search_resumes(_query(form), hidden_for=company.name_key if company else None)
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "talent/search.html", form=form, results=results, args=args, company=company
    )


def _resume_or_404(resume_id: int):
    company = employers.company_of(current_user)
    found = profiles.resume_for(resume_id, company)
    if found is None:
        abort(404)
    return found[0], found[1], company


@bp.get("/talent/<int:resume_id>")
@allowed_if(employers.can_search)
def resume_page(resume_id: int):
    resume, document, company = _resume_or_404(resume_id)
    featured = resume.user_id in search.featured_user_ids([resume.user_id])
    page = render_template(
        "talent/resume.html",
        resume=resume,
        doc=document,
        featured=featured,
        can_contact=employers.can_contact(current_user) and resume.user_id != current_user.id,
    )
    if resume.user_id != current_user.id:
        profiles.record_view(resume.id, company)
        db.session.commit()
    return page


def _label(resume, document) -> str:
    basics = document.get("basics") or {}
    if resume.anonymous:
        label = str(basics.get("label") or "").strip()
        return "Anonymous candidate" + (f" · {label}" if label else "")
    return str(basics.get("name") or "").strip() or "Candidate"


@bp.route("/talent/<int:resume_id>/contact", methods=["GET", "POST"])
@allowed_if(employers.can_contact)
def contact(resume_id: int):
    resume, document, company = _resume_or_404(resume_id)
    form = ContactForm()
    status = 200
    if form.validate_on_submit():
        try:
            conversation = messaging.start_conversation(
                current_user,
                company,
                resume.user_id,
                _label(resume, document),
                subject=form.subject.data,
                body=form.body.data,
                job_title=form.job_title.data,
                posting_id=form.posting_id.data,
            )
        except messaging.MessagingError as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            status = 422
        else:
            candidate_email = db.session.get(User, resume.user_id).email
            db.session.commit()
            messaging.notify_new_contact(
                conversation, candidate_email, messaging.clean_text(form.body.data)
            )
            flash("Your message is sent. Their answer will be in your messages.", "success")
            return redirect(url_for("talent.conversation", conversation_id=conversation.id), 303)
    return render_template(
        "talent/contact.html", form=form, resume=resume, doc=document, who=_label(resume, document)
    ), (422 if form.errors else status)
