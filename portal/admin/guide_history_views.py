"""A guide's history: who saved each revision and what it changed, any two revisions compared,
and restoring an old one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from portal.admin import audit, bp, diffs, guide_history, guides
from portal.admin.forms import ActionForm
from portal.admin.guide_views import guide_or_404
from portal.extensions import db


@bp.get("/guides/<int:guide_id>/revisions")
def guide_revisions(guide_id: int):
    """The history; with ?a=N&b=M (a plain GET form) also the changes between N and M."""
    guide = guide_or_404(guide_id)
    rows = guide_history.history(guide)
    by_number = {row.revision.number: row.revision for row in rows}
    picked, error = _picked(by_number)
    changes = []
    if picked:
        older, newer = sorted(picked)
        changes = guide_history.compare(by_number[older], by_number[newer])
    return render_template(
        "admin/guide_revisions.html",
        guide=guide,
        rows=rows,
        picked=picked,
        changes=changes,
        compare_error=error,
        form=ActionForm(),
    ), (400 if error else 200)


def _picked(by_number: dict) -> tuple[tuple[int, int] | None, str]:
    """The two revisions asked for, in the order asked; an error message for any that is not
    a revision of this guide."""
    if "a" not in request.args and "b" not in request.args:
        return None, ""
    numbers = request.args.get("a", "").strip(), request.args.get("b", "").strip()
    if not all(number.isdigit() and int(number) in by_number for number in numbers):
        return None, "Pick two revisions of this guide to compare."
    return (int(numbers[0]), int(numbers[1])), ""


@bp.post("/guides/<int:guide_id>/revisions/<int:number>/restore")
def guide_restore(guide_id: int, number: int):
    guide = guide_or_404(guide_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    old = guides.revision(guide, number)
    if old is None:
        abort(404)
    old_revision, old_document = guide.revision, dict(guide.document)
    try:
        changed = guides.restore(guide, old)
    except guides.SlugTaken as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.guide_revisions", guide_id=guide.id), 303)
    if changed:
        before, after = diffs.audit_fields(diffs.document_changes(old_document, guide.document))
        audit.record(
            "guide.restore",
            f"guide {guide.slug}",
            {"revision": old_revision, **before},
            {**guide_history.audit_keys(guide), "restored_from": number, **after},
        )
        db.session.commit()
        flash(f"Revision {number} restored as revision {guide.revision}.", "success")
    else:
        flash(f"Revision {number} is what the guide holds already.", "info")
    return redirect(url_for("admin.guide_edit", guide_id=guide.id), 303)
