"""The token's resume (JSON Resume: read it, replace it) and the job advice for it."""

from __future__ import annotations

from typing import Any

from flask import g, request
from flask.views import MethodView

from portal import clock
from portal.advice import services as advice
from portal.api import presenters
from portal.api.account_views import TOKEN
from portal.api.auth import personal
from portal.api.blueprints import resume as bp
from portal.api.problems import Problem
from portal.api.schemas import AdviceArgs, AdviceSchema, ResumeSchema
from portal.extensions import db
from portal.jobs.models import EmploymentType, Workplace
from portal.jobs.search import JobQuery
from portal.resumes import importing
from portal.resumes import services as resumes

RESUME_BODY = {
    "required": True,
    "description": "A JSON Resume document (https://jsonresume.org/schema), checked as an "
    "imported .json file is; at most 5 MB.",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _resume(resume) -> dict[str, Any]:
    return {
        "document": resume.document,
        "visibility": resume.visibility.value,
        "anonymous": resume.anonymous,
        "version": resume.version,
        "updatedAt": resume.updated_at,
    }


@bp.route("/me/resume", endpoint="resume")
class Resume(MethodView):
    @personal
    @bp.doc(security=TOKEN)
    @bp.response(200, ResumeSchema)
    def get(self):
        """Your resume

        The JSON Resume document as you wrote it, with its sharing settings.
        """
        resume = resumes.resume_of(g.api_user.id)
        if resume is None:
            raise Problem("not-found", "You have no resume yet; replace it to start one.")
        return _resume(resume)

    @personal
    @bp.doc(security=TOKEN, requestBody=RESUME_BODY)
    @bp.response(200, ResumeSchema)
    def put(self):
        """Replace your resume

        The whole document; the sharing settings stay as they are. Refused (422) when it is not
        a JSON Resume we can keep, with the reasons in `detail`; nothing changes then.
        """
        try:
            draft = importing.read_upload("resume.json", request.get_data(cache=False))
        except importing.ImportRefused as error:
            raise Problem("invalid-request", str(error)) from None
        resume = resumes.start_resume(g.api_user)
        try:
            resumes.save(resume, draft.resume)
        except resumes.InvalidResume as error:
            db.session.rollback()
            raise Problem("invalid-request", str(error)) from None
        db.session.commit()
        return _resume(resume)


@bp.route("/me/advice", endpoint="advice")
class Advice(MethodView):
    @personal
    @bp.doc(security=TOKEN)
    @bp.arguments(AdviceArgs, location="query", as_kwargs=True)
    @bp.response(200, AdviceSchema)
    def get(self, **filters: Any):
        """Job advice

        The open jobs that fit your resume best, best first, with how well and why; the
        filters are the job search's. Needs a plan with job advice and a resume.
        """
        user = g.api_user
        if not user.can(advice.ENTITLEMENT):
            raise Problem("plan-required", "Job advice comes with Plus.")
        document = advice.member_document(user.id)
        if document is None:
            raise Problem("conflict", "Advice is about your resume: write or import one first.")
        query = JobQuery(
            location=filters.get("location", "").strip(),
            workplace=Workplace(filters["workplace"]) if "workplace" in filters else None,
            employment_type=(
                EmploymentType(filters["employment_type"]) if "employment_type" in filters else None
            ),
            min_salary=filters.get("min_salary"),
        )
        ranking = advice.best_jobs(document, query)
        now = clock.now()
        return {
            "nothingFitsWell": ranking.nothing_fits_well,
            "jobs": [
                {
                    "score": ranked.score.value,
                    "why": ranked.score.why,
                    "job": presenters.job(ranked.posting, now),
                }
                for ranked in ranking.jobs
            ],
        }
