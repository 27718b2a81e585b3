"""Skills and certifications a career guide suggests for a resume: a quick start.

The guide is the one the person came from (`/resume?guide=<slug>`, linked from each guide
page), else the guide whose title the resume's headline names, else the first published guide.
Only what the resume does not list yet is offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.careers import services as careers


@dataclass(frozen=True)
class Suggestions:
    guide_slug: str
    guide_title: str
    skills: list[str]
    certificates: list[str]
    how_to_get: dict[str, str]

    @property
    def empty(self) -> bool:
        return not self.skills and not self.certificates


def _chosen_guide(document: dict[str, Any], slug: str | None) -> str | None:
    guides = careers.published_guides()
    slugs = {guide.slug for guide in guides}
    if slug in slugs:
        return slug
    label = str((document.get("basics") or {}).get("label") or "").casefold()
    for guide in guides:
        if label and guide.title.casefold() in label:
            return guide.slug
    return guides[0].slug if guides else None


def suggestions_for(document: dict[str, Any], slug: str | None) -> Suggestions | None:
    chosen = _chosen_guide(document, slug)
    found = careers.guide_skills(chosen) if chosen else None
    if found is None:
        return None
    have = {
        str(entry.get("name", "")).casefold()
        for section in ("skills", "certificates")
        for entry in document.get(section) or []
        if isinstance(entry, dict)
    }
    return Suggestions(
        guide_slug=found.slug,
        guide_title=found.title,
        skills=[name for name in found.skills if name.casefold() not in have],
        certificates=[name for name, _ in found.certifications if name.casefold() not in have],
        how_to_get=dict(found.certifications),
    )
