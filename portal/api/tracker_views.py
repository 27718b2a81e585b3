"""The token's applications tracker: list, add, read, change and remove applications."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView

from portal import clock
from portal.api import presenters
from portal.api.account_views import TOKEN, paged
from portal.api.auth import personal
from portal.api.blueprints import applications as bp
from portal.api.problems import Problem
from portal.api.schemas import (
    ApplicationCreateSchema,
    ApplicationListArgs,
    ApplicationListSchema,
    ApplicationSchema,
    ApplicationUpdateSchema,
)
from portal.jobs import services as jobs
from portal.tracker import applications as tracker
from portal.tracker.models import ApplicationStatus


def _application(application) -> dict[str, Any]:
    return {
        "id": application.id,
        "jobId": application.posting_id,
        # An application to a job elsewhere (added on the site) has no posting of ours.
        "job": (
            presenters.job_brief(application.posting, clock.now())
            if application.posting is not None
            else None
        ),
        "elsewhere": (
            None
            if application.posting is not None
            else {
                "jobTitle": application.outside_title or "",
                "companyName": application.outside_company or "",
                "url": application.outside_url,
            }
        ),
        "status": application.status.value,
        "appliedAt": application.applied_at,
        "updatedAt": application.updated_at,
        "nextStepOn": application.next_step_on,
        "notes": application.notes,
    }


def _own(application_id: int):
    application = tracker.get_application(g.api_user.id, application_id)
    if application is None:
        raise Problem("not-found", "You have no application with this id.")
    return application


@bp.route("/me/applications", endpoint="applications")
class Applications(MethodView):
    @personal
    @bp.doc(security=TOKEN)
    @bp.arguments(ApplicationListArgs, location="query", as_kwargs=True)
    @bp.response(200, ApplicationListSchema)
    def get(self, page: int, per_page: int, status: str | None = None):
        """Your applications

        Newest first; `status` keeps those at one stage.
        """
        found = tracker.tracker(g.api_user.id, ApplicationStatus(status) if status else None)
        args = {"status": status} if status else {}
        total = len(found.applications)
        return presenters.page_links(
            "api_applications.applications", args, page, per_page, total
        ) | {
            "applications": [
                _application(application)
                for application in paged(found.applications, page, per_page)
            ]
        }

    @personal
    @bp.doc(security=TOKEN)
    @bp.arguments(ApplicationCreateSchema)
    @bp.response(201, ApplicationSchema)
    def post(self, fields: dict[str, Any]):
        """Add an application

        Puts a job in your tracker (status `applied` unless you say otherwise). A job is in the
        tracker once: adding it again is a conflict; change the one there instead.
        """
        posting = jobs.get_posting(fields["jobId"])
        if posting is None:
            raise Problem("not-found", "There is no job with this id.")
        application = tracker.add_application(
            g.api_user.id,
            posting,
            status=ApplicationStatus(fields.get("status", ApplicationStatus.APPLIED)),
            notes=fields.get("notes", ""),
            next_step_on=fields.get("nextStepOn"),
        )
        if application is None:
            raise Problem("conflict", "This job is in your applications already.")
        return _application(application)


@bp.route("/me/applications/<int:application_id>", endpoint="application")
class Application(MethodView):
    @personal
    @bp.doc(security=TOKEN)
    @bp.response(200, ApplicationSchema)
    def get(self, application_id: int):
        """One of your applications"""
        return _application(_own(application_id))

    @personal
    @bp.doc(security=TOKEN)
    @bp.arguments(ApplicationUpdateSchema)
    @bp.response(200, ApplicationSchema)
    def patch(self, fields: dict[str, Any], application_id: int):
        """Change an application

        Send only the fields to change.
        """
        application = _own(application_id)
        tracker.update_application(
            application,
            status=ApplicationStatus(fields.get("status", application.status)),
            notes=fields.get("notes", application.notes),
            next_step_on=fields.get("nextStepOn", application.next_step_on),
        )
        return _application(_own(application_id))

    @personal
    @bp.doc(security=TOKEN)
    @bp.response(204)
    def delete(self, application_id: int):
        """Remove an application"""
        tracker.delete_application(_own(application_id))
        return None
