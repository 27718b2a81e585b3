"""Keeping `talent_profiles`, the search index of public resumes, in step with the resumes.

A row is written from the document as employers see it (`rendering.shown_document`), so an
anonymous resume's name, city or current employer never reaches the index and cannot be found
by searching for them. A resume that stops being public loses its row at once; the full-text
index follows the row (triggers on SQLite, a generated column on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from portal import clock
from portal.extensions import db
from portal.resumes import listing, presenters, rendering
from portal.resumes.models import Resume, Visibility
from portal.talent.guides import guides_named
from portal.talent.models import TalentProfile, TalentProfileGuide

MAX_TEXT = 20_000  # per indexed column; a resume is a few pages at most


def resume_changed(_sender: Any, *, resume: Resume) -> None:
    """`resumes.signals.resume_changed` receiver: rewrite or drop the resume's index row."""
    db.session.flush()  # a new resume gets its id
    if resume.visibility != Visibility.PUBLIC:
        db.session.execute(sa.delete(TalentProfile).where(TalentProfile.resume_id == resume.id))
        return
    values = profile_values(resume, clock.today())
    existing = db.session.get(TalentProfile, resume.id)
    if existing is None:
        db.session.add(TalentProfile(**values))
    else:
        for key, value in values.items():
            setattr(existing, key, value)
        db.session.execute(
            sa.delete(TalentProfileGuide).where(TalentProfileGuide.resume_id == resume.id)
        )
    db.session.flush()
    _add_guides(values)


def _add_guides(values: dict[str, Any]) -> None:
    text = " ".join(values[key] for key in ("headline", "skills_text", "summary", "work_text"))
    for slug in guides_named(text):
        db.session.add(TalentProfileGuide(resume_id=values["resume_id"], guide_slug=slug))


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) else ""


def _joined(parts: list[str]) -> str:
    return "\n".join(part for part in parts if part)[:MAX_TEXT]


def profile_values(resume: Resume, today: dt.date) -> dict[str, Any]:
    """The index row of a public resume, from what employers may see of it."""
    document = rendering.shown_document(resume)
    basics = document.get("basics") or {}
    location = basics.get("location") or {}
    skills = [
        _text(skill.get("name"))
        for skill in document.get("skills") or []
        if isinstance(skill, dict) and _text(skill.get("name"))
    ]
    skill_words = [
        " ".join([_text(skill.get("name")), *map(_text, skill.get("keywords") or [])])
        for skill in document.get("skills") or []
        if isinstance(skill, dict)
    ]
    work = []
    for job in document.get("work") or []:
        if isinstance(job, dict):
            work += [_text(job.get(key)) for key in ("position", "name", "summary")]
            work += [_text(item) for item in job.get("highlights") or []]
    certificates = [
        _text(cert.get("name")).casefold()
        for cert in document.get("certificates") or []
        if isinstance(cert, dict)
    ]
    days = presenters.days_of_experience(document, today)
    grows = any(
        isinstance(job, dict) and job.get("startDate") and not job.get("endDate")
        for job in document.get("work") or []
    )
    region, country, city = (
        _text(location.get("region")),
        _text(location.get("countryCode")),
        _text(location.get("city")),
    )
    return {
        "resume_id": resume.id,
        "user_id": resume.user_id,
        "anonymous": resume.anonymous,
        "name": "" if resume.anonymous else _text(basics.get("name"))[:200],
        "headline": _text(basics.get("label"))[:300],
        "skills_text": _joined(skill_words),
        "summary": _text(basics.get("summary"))[:MAX_TEXT],
        "work_text": _joined(work),
        "skills": skills[:50],
        "certifications": _joined(certificates),
        "region": region[:100],
        "country": country[:10],
        "region_key": region.casefold()[:100],
        "country_key": country.casefold()[:10],
        # Anonymous mode hides the city; the index must not match it either.
        "city_key": "" if resume.anonymous else city.casefold()[:100],
        "experience_days": days,
        "experience_grows": grows,
        "experience_origin": today - dt.timedelta(days=days),
        "updated_at": resume.updated_at,
    }


def rebuild() -> int:
    """Write every public resume's row again (after a change to what is indexed); the count."""
    db.session.execute(sa.delete(TalentProfile))
    count = 0
    today = clock.today()
    for resume in listing.public_resumes():
        values = profile_values(resume, today)
        db.session.add(TalentProfile(**values))
        db.session.flush()
        _add_guides(values)
        count += 1
        if count % 500 == 0:
            db.session.flush()
    db.session.flush()
    return count
