"""One posting against one resume, in full: what the resume shows of what the posting asks, what
it lacks and what the guides say about getting it, which lines to move up or reword, and where
the pay sits against the guide's salary levels. Every item quotes the resume line, the posting
sentence or the guide passage it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.advice.guides import GuideKnowledge, GuideNote, Knowledge
from portal.advice.matching import PostingFacts, Score, posting_facts, score_postings
from portal.advice.profile import Evidence, Profile, ResumeLine
from portal.advice.vocabulary import Concept, phrase_key
from portal.jobs.models import JobPosting

MAX_SUGGESTIONS = 6


@dataclass(frozen=True)
class Present:
    concept: Concept
    evidence: Evidence | None  # None: implied by a higher degree the resume names
    asked: str  # the posting's sentence


@dataclass(frozen=True)
class Missing:
    concept: Concept
    asked: str
    notes: list[GuideNote]


@dataclass(frozen=True)
class Suggestion:
    line: ResumeLine
    advice: str


@dataclass(frozen=True)
class SalaryComparison:
    posting_low: int | None  # a year, whole currency units
    posting_high: int | None
    currency: str
    guide_title: str
    guide_slug: str
    level_name: str  # "entry", "mid", "senior"
    level_amount: int
    tier_name: str
    years: float
    verdict: str  # "above", "within", "below"


@dataclass
class FitReport:
    posting: JobPosting
    score: Score
    facts: PostingFacts
    present: list[Present] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    salary: SalaryComparison | None = None
    guide: GuideKnowledge | None = None


def _best_evidence(profile: Profile, key: str) -> Evidence | None:
    """The line that shows a concept best: a work line before a list, the newest first."""
    found = profile.have.get(key, [])
    order = {"work": 0, "basics": 1, "volunteer": 2, "projects": 2, "certificates": 3}
    return min(
        found,
        key=lambda e: (order.get(e.line.section, 4), e.line.entry or 0, e.line.position or 0),
        default=None,
    )


def _suggestions(profile: Profile, facts: PostingFacts, present: list[Present]) -> list[Suggestion]:
    found: list[Suggestion] = []
    moved_entries: set[tuple[str, int | None]] = set()
    latest_mentions = {
        e.mention.concept.key
        for evidence in profile.have.values()
        for e in evidence
        if e.line.section == "basics" or (e.line.section == "work" and e.line.entry == 0)
    }
    for item in present:
        evidence = item.evidence
        if evidence is None or item.concept.kind == "field":
            continue
        line, label = evidence.line, item.concept.label
        asked_words = facts.asked[item.concept.key].phrase
        if line.section in ("skills", "certificates", "education"):
            if not any(e.line.section == "work" for e in profile.have[item.concept.key]):
                found.append(
                    Suggestion(
                        line,
                        f"Only your {line.where.lower()} names {label}. If you used it at work, "
                        "add a line under that job saying how.",
                    )
                )
            continue
        if line.is_highlight and line.position and (line.section, line.entry) not in moved_entries:
            # One line to the top per entry: the first concept is the one the posting weighs most.
            moved_entries.add((line.section, line.entry))
            found.append(
                Suggestion(
                    line,
                    f"Move this line to the top of {line.where}: it shows {label}, "
                    "which the posting asks for.",
                )
            )
        elif line.section == "work" and line.entry and item.concept.key not in latest_mentions:
            found.append(
                Suggestion(
                    line,
                    f"This line from an earlier job shows {label}; your summary and latest job "
                    "do not. Say it in your summary too.",
                )
            )
        if _differently_worded(evidence.mention.phrase, asked_words):
            found.append(
                Suggestion(
                    line,
                    f"The posting says “{asked_words}” where this line says "
                    f"“{evidence.mention.phrase}”: use the posting's words if they are true "
                    "for you.",
                )
            )
    return found[:MAX_SUGGESTIONS]


def _differently_worded(mine: str, theirs: str) -> bool:
    """Other words for the same thing ("recreation groups" for "group therapy"), not the same
    word in another form ("documenting" for "document")."""
    a, b = phrase_key(mine), phrase_key(theirs)
    return a != b and a[0][:4] != b[0][:4]


def _annual(cents: int | None, posting: JobPosting) -> int | None:
    if cents is None or posting.salary_period is None:
        return None
    return round(cents / 100 * posting.salary_period.per_year)


def salary_comparison(
    posting: JobPosting, guide: GuideKnowledge | None, years: float
) -> SalaryComparison | None:
    """The posting's yearly pay against the guide's level for the person's years of work."""
    if guide is None or posting.salary_currency != guide.salary.currency:
        return None
    low = _annual(posting.salary_min_cents, posting)
    high = _annual(posting.salary_max_cents, posting)
    if low is None and high is None:
        return None
    levels = guide.salary
    tiers = levels.tiers or (("", 0),)
    index = max(i for i, (_name, least) in enumerate(tiers) if least <= years or i == 0)
    level_name = ("entry", "mid", "senior")[min(index, 2)]
    amount = getattr(levels, level_name)
    top = high if high is not None else low
    bottom = low if low is not None else high
    assert top is not None and bottom is not None
    verdict = "above" if bottom > amount else "below" if top < amount else "within"
    return SalaryComparison(
        low, high, levels.currency, guide.title, guide.slug, level_name, amount,
        tiers[index][0], years, verdict,
    )  # fmt: skip


def fit_report(profile: Profile, knowledge: Knowledge, posting: JobPosting) -> FitReport:
    facts = posting_facts(knowledge.vocabulary, posting.title, posting.description_text)
    score = score_postings(profile, [facts])[0]
    guide_slug = posting.guide.slug if posting.guide is not None else None
    guide = knowledge.guides.get(guide_slug) if guide_slug else None
    report = FitReport(posting, score, facts, guide=guide)
    for concept in score.matched:
        evidence = _best_evidence(profile, concept.key)
        report.present.append(Present(concept, evidence, facts.snippet(concept.key)))
    for concept in score.missing:
        notes = knowledge.notes_for(concept, guide_slug)
        report.missing.append(Missing(concept, facts.snippet(concept.key), notes[:2]))
    report.suggestions = _suggestions(profile, facts, report.present)
    report.salary = salary_comparison(posting, guide, profile.years)
    return report
