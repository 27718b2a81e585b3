"""What the career guides contribute to advice: their skills and certifications join the
vocabulary, each tied to what the guide says about it, and their salary levels and career tiers
place a posting's pay.

Guides change rarely and are few, so each process keeps what it compiled per guide revision; a
page costs one small query (the list of published guides and their revisions).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from portal.advice.vocabulary import Concept, Vocabulary, concept_key, shipped
from portal.careers import services as careers
from portal.careers.schema import GuideDocument


@dataclass(frozen=True)
class GuideNote:
    """What one guide says about a concept: a certification's "how to get it", or the skill
    map group (and its description) that lists it."""

    guide_slug: str
    guide_title: str
    source: str  # "certification" or "skill map"
    heading: str  # the certification's name or the skill group's name
    text: str


@dataclass(frozen=True)
class SalaryLevels:
    currency: str
    entry: int
    mid: int
    senior: int
    top_10_percent: int
    # (tier name, lowest years of experience it names), lowest first
    tiers: tuple[tuple[str, int], ...]


@dataclass
class GuideKnowledge:
    slug: str
    title: str
    salary: SalaryLevels
    concepts: set[str] = field(default_factory=set)


@dataclass
class Knowledge:
    """The vocabulary with every published guide's skills, and what each guide says."""

    vocabulary: Vocabulary
    notes: dict[str, list[GuideNote]]
    guides: dict[str, GuideKnowledge]

    def notes_for(self, concept: Concept, first_guide: str | None = None) -> list[GuideNote]:
        """The guides' notes on a concept, the named guide's first, certifications first."""
        found = self.notes.get(concept.key, [])
        return sorted(
            found,
            key=lambda note: (note.guide_slug != first_guide, note.source != "certification"),
        )


_YEARS = re.compile(r"(\d+)")
_lock = threading.Lock()
_built: dict[tuple[tuple[str, int, str], ...], Knowledge] = {}


def _years_from(text: str) -> int:
    found = _YEARS.search(text)
    return int(found.group(1)) if found else 0


def _salary(content: GuideDocument) -> SalaryLevels:
    tiers = sorted(
        ((tier.name, _years_from(tier.experience)) for tier in content.career_tiers),
        key=lambda item: item[1],
    )
    s = content.salary
    return SalaryLevels(s.currency, s.entry, s.mid, s.senior, s.top_10_percent, tuple(tiers))


def _parts(phrase: str) -> list[str]:
    """A guide's skill line split where it lists several ("Basic first aid and CPR")."""
    plain = re.sub(r"\([^)]*\)", " ", phrase)
    return [part.strip() for part in re.split(r",| and | & |/", plain) if part.strip()]


def _abbreviation(name: str) -> list[str]:
    found = re.search(r"\(([A-Za-z/ -]{2,12})\)", name)
    return [found.group(1)] if found else []


def _add_guide(
    vocabulary: Vocabulary, notes: dict[str, list[GuideNote]], content: GuideDocument
) -> GuideKnowledge:
    knowledge = GuideKnowledge(content.slug, content.title, _salary(content))

    def note(concept: Concept, source: str, heading: str, text: str) -> None:
        knowledge.concepts.add(concept.key)
        entry = GuideNote(content.slug, content.title, source, heading, text)
        notes.setdefault(concept.key, [])
        if entry not in notes[concept.key]:
            notes[concept.key].append(entry)

    for cert in content.certifications:
        known = {m.concept.key: m.concept for m in vocabulary.find(cert.name)}
        if not known:
            # A credential the shipped list lacks: the guide's name for it becomes a concept.
            added = vocabulary.add(
                Concept(concept_key(cert.name), cert.name, "cert"), _abbreviation(cert.name)
            )
            known = {added.key: added}
        for concept in known.values():
            note(concept, "certification", cert.name, cert.how_to_get)
    for group in content.skill_map.groups:
        for skill in group.skills:
            mentioned = {m.concept.key: m.concept for m in vocabulary.find(skill)}
            if not mentioned:
                for part in _parts(skill):
                    if len(part.split()) >= 2:
                        added = vocabulary.add(Concept(concept_key(part), part, "skill"), ())
                        mentioned[added.key] = added
            for concept in mentioned.values():
                note(concept, "skill map", group.name, group.description)
    for skill in (*content.skills.tech_skills, *content.tech_stack):
        for mention in vocabulary.find(skill):
            knowledge.concepts.add(mention.concept.key)
    return knowledge


def knowledge() -> Knowledge:
    """The shipped vocabulary and every published guide's skills, certifications and pay."""
    guides = careers.published_guides()
    key = tuple((guide.slug, guide.revision, str(guide.updated_at)) for guide in guides)
    built = _built.get(key)
    if built is None:
        vocabulary = shipped().copy()
        notes: dict[str, list[GuideNote]] = {}
        known: dict[str, GuideKnowledge] = {}
        for guide in guides:
            found = careers.published_guide(guide.slug)
            if found is not None:
                known[guide.slug] = _add_guide(vocabulary, notes, found.content)
        built = Knowledge(vocabulary, notes, known)
        with _lock:
            # One entry: a change to any guide makes the others' compiled state stale too.
            _built.clear()
            _built[key] = built
    return built
