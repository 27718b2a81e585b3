"""Job advice for a person or a resume file: the public functions the views and the CLI call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal import clock
from portal.advice import guides
from portal.advice.fit import FitReport, fit_report
from portal.advice.matching import GOOD_FIT
from portal.advice.profile import Profile, profile_of
from portal.advice.ranking import RankedJob, rank
from portal.jobs.models import JobPosting
from portal.jobs.search import JobQuery
from portal.resumes import services as resumes
from portal.resumes.models import Resume

ENTITLEMENT = "ai_job_advice"


@dataclass(frozen=True)
class Ranking:
    jobs: list[RankedJob]

    @property
    def nothing_fits_well(self) -> bool:
        return not self.jobs or self.jobs[0].score.value < GOOD_FIT


def profile_for(document: dict[str, Any]) -> Profile:
    return profile_of(document, guides.knowledge().vocabulary, clock.today())


def member_resume(user_id: int) -> Resume | None:
    """The member's own resume (as they wrote it, not anonymised), or None without one."""
    return resumes.resume_of(user_id)


def member_document(user_id: int) -> dict[str, Any] | None:
    resume = member_resume(user_id)
    return resume.document if resume is not None else None


def best_jobs(document: dict[str, Any], filters: JobQuery | None = None, top: int = 20) -> Ranking:
    knowledge = guides.knowledge()
    profile = profile_of(document, knowledge.vocabulary, clock.today())
    return Ranking(rank(profile, knowledge, filters, top))


def fit(document: dict[str, Any], posting: JobPosting) -> FitReport:
    knowledge = guides.knowledge()
    return fit_report(profile_of(document, knowledge.vocabulary, clock.today()), knowledge, posting)
