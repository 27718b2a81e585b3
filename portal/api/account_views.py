"""The token's account (its plan and what that includes) and its job bookmarks."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView

from portal import clock
from portal.api import presenters
from portal.api.auth import current_bearer, personal
from portal.api.blueprints import account as bp
from portal.api.problems import Problem
from portal.api.schemas import BookmarkListSchema, MeSchema, PageArgs
from portal.billing.entitlements import membership
from portal.jobs import services as jobs
from portal.tracker import bookmarks

TOKEN = [{"token": []}]


@bp.route("/me", endpoint="me")
class Me(MethodView):
    @personal
    @bp.doc(security=TOKEN)
    @bp.response(200, MeSchema)
    def get(self):
        """Your account

        Who the token speaks for, their plan and what it includes (`entitlements`).
        """
        user = g.api_user
        plan = membership(user).plan
        return {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "plan": {"key": plan.key, "name": plan.name},
            "entitlements": sorted(plan.entitlements),
            "token": {"scope": current_bearer().scope.value},
        }


def paged(items: list, page: int, per_page: int) -> list:
    return items[(page - 1) * per_page : page * per_page]


@bp.route("/me/bookmarks", endpoint="bookmarks")
class Bookmarks(MethodView):
    @personal
    @bp.doc(security=TOKEN)
    @bp.arguments(PageArgs, location="query", as_kwargs=True)
    @bp.response(200, BookmarkListSchema)
    def get(self, page: int, per_page: int):
        """Your bookmarked jobs

        Newest bookmark first.
        """
        kept = bookmarks.bookmarks(g.api_user.id).jobs
        now = clock.now()
        return presenters.page_links("api_account.bookmarks", {}, page, per_page, len(kept)) | {
            "bookmarks": [
                {
                    "jobId": bookmark.posting_id,
                    "job": presenters.job_brief(bookmark.posting, now),
                    "createdAt": bookmark.created_at,
                }
                for bookmark in paged(kept, page, per_page)
            ]
        }


@bp.route("/me/bookmarks/<int:job_id>", endpoint="bookmark")
class Bookmark(MethodView):
    @personal
    @bp.doc(security=TOKEN)
    @bp.response(204)
    def put(self, job_id: int) -> Any:
        """Bookmark a job

        Bookmarking a job twice changes nothing.
        """
        if jobs.get_posting(job_id) is None:
            raise Problem("not-found", "There is no job with this id.")
        bookmarks.set_job_bookmark(g.api_user.id, job_id, True)
        return None

    @personal
    @bp.doc(security=TOKEN)
    @bp.response(204)
    def delete(self, job_id: int) -> Any:
        """Remove a bookmark

        Removing a bookmark you do not have changes nothing.
        """
        bookmarks.set_job_bookmark(g.api_user.id, job_id, False)
        return None
