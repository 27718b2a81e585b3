"""Bookmark toggles (a form that works without JavaScript, and the same form sent by
portal/static/js/bookmarks.js, answered with JSON) and the /bookmarks page."""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import login_required
from portal.accounts.redirects import safe_next_path
from portal.jobs import services as jobs
from portal.tracker import bookmarks as service
from portal.tracker import bp
from portal.tracker.forms import BookmarkForm
from portal.tracker.views import posting_url


def wants_json() -> bool:
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/html"]) == "application/json"


def label(bookmarked: bool) -> str:
    return "Bookmarked" if bookmarked else "Bookmark"


def _toggle(kind: str, title: str, home: str, current: bool, save):
    """GET confirms (where signing in leads back to); POST sets the state the form asks for."""
    form = BookmarkForm()
    if request.method == "GET":
        form.bookmarked.data = "0" if current else "1"
        form.next.data = safe_next_path(request.args.get("next")) or home
        return render_template(
            "tracker/bookmark_confirm.html",
            form=form,
            kind=kind,
            title=title,
            home=home,
            bookmarked=current,
        )
    if not form.validate_on_submit():
        if wants_json():
            return jsonify(error="This form has expired; reload the page and try again."), 400
        abort(400)
    now = save(form.bookmarked.data == "1")
    if wants_json():
        return jsonify(bookmarked=now, label=label(now))
    return redirect(safe_next_path(form.next.data) or home, 303)


@bp.route("/bookmarks/jobs/<int:posting_id>", methods=["GET", "POST"])
@login_required
def job_bookmark(posting_id: int):
    posting = jobs.get_posting(posting_id) or abort(404)
    current = posting.id in service.bookmarked_posting_ids(current_user.id, [posting.id])
    return _toggle(
        "job",
        f"{posting.title} at {posting.company_name}",
        posting_url(posting),
        current,
        lambda on: service.set_job_bookmark(current_user.id, posting.id, on),
    )


@bp.route("/bookmarks/guides/<slug>", methods=["GET", "POST"])
@login_required
def guide_bookmark(slug: str):
    guide = service.published_guide(slug) or abort(404)
    return _toggle(
        "guide",
        f"the {guide.title} career guide",
        url_for("careers.guide", slug=slug),
        service.is_guide_bookmarked(current_user.id, guide.id),
        lambda on: service.set_guide_bookmark(current_user.id, guide.id, on),
    )


@bp.get("/bookmarks")
@login_required
def bookmarks():
    return render_template("tracker/bookmarks.html", kept=service.bookmarks(current_user.id))
