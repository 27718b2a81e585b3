"""The open jobs that fit a resume best.

Candidates come from the jobs domain's own search (`search_jobs`), a fixed handful of searches
built from the resume: the titles it gives, the core of the headline, and the skills it shows
most. Each candidate is then scored against the whole resume (`matching.score_postings`) and the
best come first. The number of SQL statements is fixed: one per search.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from portal.advice.guides import Knowledge
from portal.advice.matching import Score, posting_facts, score_postings
from portal.advice.profile import Profile
from portal.jobs.models import JobPosting
from portal.jobs.search import JobQuery, Sort, search_jobs

MAX_SEARCHES = 7
PER_SEARCH = 40


@dataclass(frozen=True)
class RankedJob:
    posting: JobPosting
    score: Score


def searches_for(profile: Profile) -> list[str]:
    """The words of each candidate search, most telling first, at most MAX_SEARCHES."""
    wanted: list[str] = []

    def want(text: str) -> None:
        text = " ".join(text.split())
        if text and text.casefold() not in {w.casefold() for w in wanted}:
            wanted.append(text)

    for title in profile.titles[:3]:
        want(title)
    if profile.titles:
        # The core of the headline ("nursing assistant", "technician"), in case postings say
        # "Behavioral Health Technician" where the resume says "Mental Health Technician".
        words = [word for word in profile.titles[0].split() if word.isalpha()]
        want(" ".join(words[-2:]) if len(words) > 2 else words[-1] if words else "")
    strongest = sorted(
        profile.have.items(),
        key=lambda item: (-len(item[1]), not profile.concepts[item[0]].is_cert),
    )
    for _key, evidence in strongest:
        want(evidence[0].mention.phrase)
        if len(wanted) >= MAX_SEARCHES:
            break
    return wanted[:MAX_SEARCHES]


def candidates(profile: Profile, filters: JobQuery) -> list[JobPosting]:
    seen: dict[int, JobPosting] = {}
    for words in searches_for(profile):
        query = replace(filters, text=words, sort=Sort.RELEVANCE, page=1, per_page=PER_SEARCH)
        for posting in search_jobs(query, count=False).postings:
            seen.setdefault(posting.id, posting)
    return list(seen.values())


def scored(
    profile: Profile, knowledge: Knowledge, postings: Iterable[JobPosting]
) -> list[RankedJob]:
    """Each posting with its score, best first (newest first among equals)."""
    postings = list(postings)
    batch = [
        posting_facts(knowledge.vocabulary, posting.title, posting.description_text)
        for posting in postings
    ]
    ranked = [
        RankedJob(posting, score)
        for posting, score in zip(postings, score_postings(profile, batch), strict=True)
    ]
    ranked.sort(key=lambda job: (-job.score.value, -job.posting.posted_at.timestamp()))
    return ranked


def rank(
    profile: Profile, knowledge: Knowledge, filters: JobQuery | None = None, top: int = 20
) -> list[RankedJob]:
    """The `top` open postings that fit the resume best, under the job search's filters."""
    if profile.empty:
        return []
    return scored(profile, knowledge, candidates(profile, filters or JobQuery()))[:top]
