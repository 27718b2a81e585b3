"""Career guide editor: list, create, edit every section, preview, publish, YAML in and out."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for

from portal.admin import audit, bp, diffs, guide_form, guides
from portal.admin.forms import ActionForm, GuideImportForm
from portal.admin.guide_history import audit_keys
from portal.careers.models import Guide
from portal.careers.services import PublishedGuide
from portal.careers.views import render_guide
from portal.extensions import db


def guide_or_404(guide_id: int) -> Guide:
    guide = db.session.get(Guide, guide_id)
    if guide is None:
        abort(404)
    return guide


@bp.get("/guides")
def guide_list():
    return render_template(
        "admin/guides.html", guides=guides.all_guides(), import_form=GuideImportForm()
    )


@bp.route("/guides/new", methods=["GET", "POST"])
def guide_new():
    return _editor(None)


@bp.route("/guides/<int:guide_id>", methods=["GET", "POST"])
def guide_edit(guide_id: int):
    return _editor(guide_or_404(guide_id))


def _editor(guide: Guide | None):
    form = ActionForm()
    state = guide_form.EditorState.from_document(guide.document if guide else {})
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        state = guide_form.EditorState.from_form(request.form)
        operation = request.form.get("op", "")
        if not form.validate_on_submit():
            errors["document"] = ["The form expired; please send it again."]
        elif operation:
            # A row button: change the rows and show the editor again; nothing is saved.
            try:
                state.apply(operation)
            except guide_form.BadOperation:
                abort(400)
            return _render_editor(guide, state, state.errors, form, 422 if state.errors else 200)
        else:
            published = guide.published if guide else False
            try:
                content = state.document(published)
                if request.form.get("action") == "preview":
                    return _render_preview(content.model_dump(mode="json"), guide)
                return _save(guide, content)
            except guides.EditorErrors as error:
                errors = error.errors
            except guides.SlugTaken as error:
                errors = {"slug": [str(error)]}
            db.session.rollback()
    return _render_editor(guide, state, errors, form, 422 if errors else 200)


def _render_editor(guide: Guide | None, state, errors: dict[str, list[str]], form, status: int):
    return render_template(
        "admin/guide_edit.html",
        guide=guide,
        sections=guides.SECTIONS,
        lists=guide_form.LIST_SECTIONS,
        state=state.values,
        errors=errors,
        form=form,
    ), status


def _save(guide: Guide | None, content):
    if guide is None:
        guide = guides.create(content)
        audit.record("guide.create", f"guide {guide.slug}", None, audit_keys(guide))
        db.session.commit()
        flash(f"Created “{guide.title}” (unpublished until you publish it).", "success")
        return redirect(url_for("admin.guide_edit", guide_id=guide.id), 303)
    old = dict(guide.document)
    old_revision = guide.revision
    if guides.update(guide, content):
        # The fields that changed, not whole sections: the log shows them as a diff.
        before, after = diffs.audit_fields(diffs.document_changes(old, guide.document))
        before = {"revision": old_revision, **before}
        audit.record("guide.edit", f"guide {guide.slug}", before, {**audit_keys(guide), **after})
        db.session.commit()
        flash(f"Saved revision {guide.revision}.", "success")
    else:
        flash("Nothing changed.", "info")
    return redirect(url_for("admin.guide_edit", guide_id=guide.id), 303)


def _render_preview(document: dict[str, Any], guide: Guide | None):
    version = PublishedGuide(
        id=guide.id if guide else 0,
        slug=document["slug"],
        revision=guide.revision if guide else 0,
        updated_at=guide.updated_at if guide else None,
        document=document,
    )
    return render_template("admin/guide_preview.html", page=render_guide(version), guide=guide)


@bp.get("/guides/<int:guide_id>/preview")
def guide_preview(guide_id: int):
    """Admins see a guide as readers will, published or not (the public page is a 404 until
    it is published)."""
    guide = guide_or_404(guide_id)
    return _render_preview(guide.document, guide)


@bp.post("/guides/<int:guide_id>/publish")
def guide_publish(guide_id: int):
    return _set_published(guide_or_404(guide_id), True)


@bp.post("/guides/<int:guide_id>/unpublish")
def guide_unpublish(guide_id: int):
    return _set_published(guide_or_404(guide_id), False)


def _set_published(guide: Guide, published: bool):
    if not ActionForm().validate_on_submit():
        abort(400)
    was = guide.published
    if guides.set_published(guide, published):
        action = "guide.publish" if published else "guide.unpublish"
        audit.record(
            action,
            f"guide {guide.slug}",
            {"published": was},
            {"published": published, **audit_keys(guide)},
        )
        db.session.commit()
    flash("Published." if published else "Unpublished: readers get a 404.", "success")
    return redirect(url_for("admin.guide_edit", guide_id=guide.id), 303)


@bp.get("/guides/<int:guide_id>/export")
def guide_export(guide_id: int):
    guide = guide_or_404(guide_id)
    return Response(
        guides.export_yaml(guide),
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{guide.slug}.yaml"'},
    )


@bp.post("/guides/import")
def guide_import():
    form = GuideImportForm()
    if not form.validate_on_submit():
        for messages in form.errors.values():
            for message in messages:
                flash(message, "error")
        return redirect(url_for("admin.guide_list"), 303)
    try:
        text = form.file.data.read(2_000_000).decode("utf-8")
        content = guides.parse_yaml(text)
        guide, outcome = guides.import_document(content)
    except UnicodeDecodeError:
        flash("The file is not UTF-8 text.", "error")
        return redirect(url_for("admin.guide_list"), 303)
    except (guides.GuideImportError, guides.SlugTaken) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.guide_list"), 303)
    if outcome != "unchanged":
        audit.record(
            "guide.import",
            f"guide {guide.slug}",
            None,
            {"outcome": outcome, **audit_keys(guide)},
        )
        db.session.commit()
    flash(f"Imported “{guide.title}”: {outcome}.", "success")
    return redirect(url_for("admin.guide_edit", guide_id=guide.id), 303)
