"""Which career guides a resume belongs to: those whose occupation or any listed skill the
resume names. Decided when the resume is indexed (a row per guide in talent_profile_guides),
so the guide filter of a search is an indexed lookup rather than dozens of phrase matches;
`flask talent reindex` catches up after a guide's skills change."""

from __future__ import annotations

import re

from portal.careers.services import guide_skills, published_guides

_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> str:
    """Lowercase words with a plural's final s dropped, space-separated and space-padded, so a
    phrase is found as ` phrase ` in it."""
    words = [word.lower() for word in _WORD.findall(text)]
    return " " + " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words) + " "


def guide_phrases(slug: str) -> list[str] | None:
    """The guide's title, occupation and skills as phrases; None if there is no such guide."""
    skills = guide_skills(slug)
    if skills is None:
        return None
    # The occupation comes with its O*NET code ("29-2053.00 Psychiatric Technicians").
    occupation = re.sub(r"^[\d.\-\s]+", "", skills.occupation or "")
    names = [skills.title, occupation]
    names += [name for _group, group_skills in skills.skill_groups for name in group_skills]
    phrases = []
    for name in names:
        phrase = words_of(name)
        if phrase.strip() and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def guides_named(text: str) -> list[str]:
    """The slugs of the published guides `text` (a resume's words) names."""
    words = words_of(text)
    found = []
    for guide in published_guides():
        phrases = guide_phrases(guide.slug) or []
        if any(phrase in words for phrase in phrases):
            found.append(guide.slug)
    return found
