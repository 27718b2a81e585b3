"""Ranking quality on the labelled set: precision at 5 and nDCG at 10, for the advisor and for a
baseline, computed the same way for both."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import sqlalchemy as sa

from portal import clock
from portal.advice import services
from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.jobs.search import JobQuery, Sort, search_jobs
from tests.advice.labelled import LABELS, RESUMES
from tests.advice.postings import labelled_postings
from tests.jobs.factories import import_postings

SOURCE = "advice-labelled"


def load_labelled_postings() -> None:
    """Import the labelled postings and close every other one, so only labelled ones compete."""
    db.session.execute(sa.update(JobPosting).values(expired=True))
    records = labelled_postings()
    for number, record in enumerate(records):
        posted = clock.now() - dt.timedelta(hours=3 * number + 1)
        record |= {"source": SOURCE, "posted_at": posted.isoformat()}
    report = import_postings(*records)
    assert report.rejected == 0, report.rejections
    db.session.commit()


def occupation_of(external_id: str) -> str:
    return external_id.rsplit("-", 1)[0]


def grades(resume: str, external_ids: list[str]) -> list[int]:
    labels = LABELS[resume]
    return [labels.get(occupation_of(external_id), 0) for external_id in external_ids]


def precision_at(k: int, found: list[int]) -> float:
    return sum(1 for grade in found[:k] if grade > 0) / k


def ndcg_at(k: int, found: list[int], every_grade: list[int]) -> float:
    def dcg(values: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    ideal = dcg(sorted(every_grade, reverse=True))
    return dcg(found) / ideal if ideal else 0.0


def advisor_ranking(resume: str) -> list[str]:
    ranking = services.best_jobs(RESUMES[resume], top=10)
    return [job.posting.external_id for job in ranking.jobs]


def baseline_ranking(resume: str) -> list[str]:
    """The resume's headline typed into the job search, as a job seeker would, best first."""
    label = RESUMES[resume]["basics"]["label"]
    query = JobQuery(text=label, sort=Sort.RELEVANCE, per_page=10)
    return [posting.external_id for posting in search_jobs(query, count=False).postings]


@dataclass(frozen=True)
class Figures:
    precision_at_5: float
    ndcg_at_10: float


def evaluate(rank) -> tuple[Figures, dict[str, Figures]]:
    every_id = [record["external_id"] for record in labelled_postings()]
    per_resume = {}
    for resume in RESUMES:
        found = grades(resume, rank(resume))
        every_grade = grades(resume, every_id)
        per_resume[resume] = Figures(precision_at(5, found), ndcg_at(10, found, every_grade))
    n = len(per_resume)
    mean = Figures(
        sum(f.precision_at_5 for f in per_resume.values()) / n,
        sum(f.ndcg_at_10 for f in per_resume.values()) / n,
    )
    return mean, per_resume
