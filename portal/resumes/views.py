"""The owner's resume: the editor, its settings, import and downloads. Thin: parse, call a
service, render."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import login_required
from portal.extensions import db
from portal.resumes import bp, importing, presenters, rendering, services, sharing, stats
from portal.resumes.forms import (
    ActionForm,
    CustomUrlForm,
    ImportForm,
    SharingForm,
    basics_form_class,
    entry_form_class,
    form_data,
    prefill,
)
from portal.resumes.models import PaperSize, Resume, Visibility
from portal.resumes.sections import BASICS, SECTIONS, headline
from portal.resumes.suggestions import suggestions_for


def _section_or_404(section: str):
    return SECTIONS.get(section) or abort(404)


def _paper(resume: Resume | None) -> PaperSize:
    if resume is not None and resume.paper_size is not None:
        return resume.paper_size
    return presenters.default_paper(current_user.time_zone)


def _problems_flash(error: services.InvalidResume) -> None:
    flash("That change was not saved: " + "; ".join(error.problems[:3]), "error")


@bp.get("/resume")
@login_required
def editor():
    resume = services.resume_of(current_user.id)
    document = resume.document if resume else {"basics": {"name": current_user.name}}
    sharing_form = SharingForm(
        data={
            "visibility": resume.visibility.value if resume else Visibility.PRIVATE.value,
            "indexable": bool(resume and resume.indexable),
            "anonymous": bool(resume and resume.anonymous),
            "paper_size": resume.paper_size.value if resume and resume.paper_size else "",
        }
    )
    custom = sharing.current_custom_slug(resume.id) if resume else None
    can_custom = current_user.can(sharing.CUSTOM_URL)
    address = sharing.preferred_slug(resume, current_user) if resume else None
    return render_template(
        "resumes/editor.html",
        resume=resume,
        doc=document,
        shown=rendering.shown_document(resume) if resume else document,
        sections=SECTIONS,
        headline=headline,
        sharing_form=sharing_form,
        url_form=CustomUrlForm(data={"slug": custom.slug if custom else ""}),
        import_form=ImportForm(),
        action=ActionForm(),
        address=address,
        custom=custom,
        can_custom=can_custom,
        views=stats.views_in_window(resume.id) if resume else None,
        paper=_paper(resume),
        suggestions=suggestions_for(document, request.args.get("guide")),
    )


@bp.route("/resume/basics", methods=["GET", "POST"])
@login_required
def basics():
    resume = services.resume_of(current_user.id)
    document = resume.document if resume else {"basics": {"name": current_user.name}}
    form_class = basics_form_class()
    if request.method == "GET":
        form = form_class(data=prefill(BASICS, services.basics_values(document)))
    else:
        form = form_class()
    if form.validate_on_submit():
        resume = resume or services.start_resume(current_user)
        try:
            services.save(resume, services.with_basics(resume.document, form_data(form, BASICS)))
        except services.InvalidResume as error:
            db.session.rollback()
            _problems_flash(error)
        else:
            db.session.commit()
            flash("Your details are saved.", "success")
            return redirect(url_for("resumes.editor"), 303)
    return render_template("resumes/basics.html", form=form, fields=BASICS)


@bp.route("/resume/<section>/new", methods=["GET", "POST"])
@bp.route("/resume/<section>/<int:index>", methods=["GET", "POST"])
@login_required
def entry(section: str, index: int | None = None):
    spec = _section_or_404(section)
    resume = services.resume_of(current_user.id)
    items = services.entries(resume.document, section) if resume else []
    if index is not None and not 0 <= index < len(items):
        abort(404)
    form_class = entry_form_class(section)
    if request.method == "GET" and index is not None:
        form = form_class(data=prefill(spec.fields, services.form_values(section, items[index])))
    else:
        form = form_class()
    if form.validate_on_submit():
        resume = resume or services.start_resume(current_user)
        values = services.entry_from_form(section, form_data(form, spec.fields))
        try:
            services.save(resume, services.with_entry(resume.document, section, index, values))
        except services.InvalidResume as error:
            db.session.rollback()
            _problems_flash(error)
        else:
            db.session.commit()
            flash(f"Saved: {headline(spec, values)}.", "success")
            return redirect(url_for("resumes.editor", _anchor=f"section-{section}"), 303)
    return render_template(
        "resumes/entry.html", form=form, spec=spec, index=index, fields=spec.fields
    )


@bp.post("/resume/<section>/<int:index>/move")
@login_required
def move(section: str, index: int):
    _section_or_404(section)
    resume = services.resume_of(current_user.id) or abort(404)
    if not 0 <= index < len(services.entries(resume.document, section)):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    step = -1 if request.form.get("direction") == "up" else 1
    services.save(resume, services.moved(resume.document, section, index, step))
    db.session.commit()
    return redirect(url_for("resumes.editor", _anchor=f"section-{section}"), 303)


@bp.route("/resume/<section>/<int:index>/remove", methods=["GET", "POST"])
@login_required
def remove(section: str, index: int):
    spec = _section_or_404(section)
    resume = services.resume_of(current_user.id) or abort(404)
    items = services.entries(resume.document, section)
    if not 0 <= index < len(items):
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        services.save(resume, services.without_entry(resume.document, section, index))
        db.session.commit()
        flash(f"Removed: {headline(spec, items[index])}.", "success")
        return redirect(url_for("resumes.editor", _anchor=f"section-{section}"), 303)
    return render_template(
        "resumes/remove.html", form=form, spec=spec, title=headline(spec, items[index])
    )


@bp.post("/resume/suggestions")
@login_required
def add_suggestions():
    if not ActionForm().validate_on_submit():
        abort(400)
    resume = services.start_resume(current_user)
    offered = suggestions_for(resume.document, request.form.get("guide"))
    if offered is None:
        abort(400)
    skills = [name for name in request.form.getlist("skill") if name in offered.skills]
    certificates = [
        name for name in request.form.getlist("certificate") if name in offered.certificates
    ]
    services.save(resume, services.with_suggestions(resume.document, skills, certificates))
    db.session.commit()
    added = len(skills) + len(certificates)
    flash(f"Added {added} suggestion{'s' if added != 1 else ''} to your resume.", "success")
    return redirect(url_for("resumes.editor", _anchor="section-skills"), 303)


@bp.post("/resume/sharing")
@login_required
def settings():
    form = SharingForm()
    if not form.validate_on_submit():
        flash("Choose who can see your resume.", "error")
        return redirect(url_for("resumes.editor", _anchor="sharing"), 303)
    resume = services.start_resume(current_user)
    services.update_settings(
        resume,
        visibility=Visibility(form.visibility.data),
        indexable=form.indexable.data,
        anonymous=form.anonymous.data,
        paper_size=PaperSize(form.paper_size.data) if form.paper_size.data else None,
    )
    db.session.commit()
    flash("Your sharing settings are saved.", "success")
    return redirect(url_for("resumes.editor", _anchor="sharing"), 303)


@bp.post("/resume/address")
@login_required
def custom_address():
    form = CustomUrlForm()
    resume = services.start_resume(current_user)
    if form.validate_on_submit():
        try:
            row = sharing.set_custom_slug(resume, current_user, form.slug.data)
        except sharing.SlugProblem as problem:
            db.session.rollback()
            flash(str(problem), "error")
        else:
            db.session.commit()
            flash(f"Your resume's address is now /r/{row.slug}.", "success")
    else:
        flash(" ".join(form.slug.errors) or "Choose an address.", "error")
    return redirect(url_for("resumes.editor", _anchor="address"), 303)


@bp.post("/resume/address/remove")
@login_required
def remove_custom_address():
    if not ActionForm().validate_on_submit():
        abort(400)
    resume = services.resume_of(current_user.id) or abort(404)
    sharing.remove_custom_slug(resume)
    db.session.commit()
    flash("Your custom address is switched off; it stays reserved for you for 90 days.", "success")
    return redirect(url_for("resumes.editor", _anchor="address"), 303)


@bp.post("/resume/import")
@login_required
def import_file():
    form = ImportForm()
    if not form.validate_on_submit():
        flash(" ".join(form.file.errors) or "Choose a file to import.", "error")
        return redirect(url_for("resumes.editor", _anchor="import"), 303)
    upload = form.file.data
    content = upload.stream.read(importing.MAX_UPLOAD_BYTES + 1)
    try:
        draft = importing.read_upload(upload.filename or "", content)
    except importing.ImportRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("resumes.editor", _anchor="import"), 303)
    resume = services.start_resume(current_user)
    services.keep_draft(resume, draft.resume, draft.notes, draft.source)
    db.session.commit()
    return redirect(url_for("resumes.review_import"), 303)


@bp.get("/resume/import/review")
@login_required
def review_import():
    resume = services.resume_of(current_user.id)
    if resume is None or resume.draft is None:
        return redirect(url_for("resumes.editor"))
    return render_template(
        "resumes/review.html", resume=resume, doc=resume.draft, action=ActionForm()
    )


@bp.post("/resume/import/<choice>")
@login_required
def decide_import(choice: str):
    if choice not in ("accept", "discard"):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    resume = services.resume_of(current_user.id)
    if resume is None or resume.draft is None:
        return redirect(url_for("resumes.editor"), 303)
    if choice == "discard":
        services.discard_draft(resume)
        db.session.commit()
        flash("The imported file was discarded; your resume is as it was.", "success")
        return redirect(url_for("resumes.editor"), 303)
    try:
        services.accept_draft(resume)
    except services.InvalidResume as error:
        db.session.rollback()
        _problems_flash(error)
        return redirect(url_for("resumes.review_import"), 303)
    db.session.commit()
    flash("Your resume now holds what we read from the file. Check each section.", "success")
    return redirect(url_for("resumes.editor"), 303)


@bp.get("/resume.json")
@login_required
def download_json():
    resume = services.resume_of(current_user.id) or abort(404)
    body = json.dumps(resume.document, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="resume.json"'},
    )


@bp.get("/resume.pdf")
@login_required
def download_pdf():
    resume = services.resume_of(current_user.id) or abort(404)
    paper = (
        PaperSize(request.args["paper"])
        if request.args.get("paper") in ("a4", "letter")
        else _paper(resume)
    )
    pdf = rendering.pdf_bytes(resume, paper, to_owner=True)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": 'inline; filename="resume.pdf"'},
    )
