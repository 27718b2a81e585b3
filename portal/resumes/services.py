"""Keeping a person's resume: start it, edit its sections, replace it, and the owner's settings.

Every change goes through `save`, which validates the whole document against the JSON Resume
schema and bumps the version that rendered pages and PDFs are kept under. Entries are edited
on copies of the document, so a refused change leaves the stored one as it was.
"""

from __future__ import annotations

import copy
from typing import Any

import sqlalchemy as sa

from portal import clock
from portal.extensions import db
from portal.resumes import schema, sharing
from portal.resumes.models import PaperSize, Resume, Visibility
from portal.resumes.sections import BASICS, SECTIONS, Field
from portal.resumes.signals import resume_changed


class InvalidResume(ValueError):
    """The document is not a resume we can keep; `problems` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def resume_of(user_id: int) -> Resume | None:
    return db.session.scalar(sa.select(Resume).where(Resume.user_id == user_id))


def start_resume(user) -> Resume:
    """The person's resume, begun with the name and address of their account if they have none."""
    resume = resume_of(user.id)
    if resume is None:
        basics = {"name": user.name} if user.name else {}
        basics["email"] = user.email
        resume = Resume(user_id=user.id, document={"basics": basics})
        db.session.add(resume)
        db.session.flush()
    return resume


def save(resume: Resume, document: dict[str, Any]) -> None:
    """Replace the resume's document, or InvalidResume and nothing changes."""
    problems = schema.problems(document)
    if problems:
        raise InvalidResume(problems)
    resume.document = document
    resume.version += 1
    resume.updated_at = clock.now()
    resume_changed.send(resume, resume=resume)


# Turning form text into JSON Resume values, and back.


def _from_text(field: Field, text: str) -> Any:
    text = text.strip()
    if field.kind == "lines":
        return [line.strip(" \t-•*") for line in text.splitlines() if line.strip(" \t-•*")]
    return text


def _to_text(field: Field, value: Any) -> str:
    if field.kind == "lines":
        return "\n".join(str(item) for item in value or [])
    return "" if value is None else str(value)


def entry_from_form(section: str, values: dict[str, str]) -> dict[str, Any]:
    """An entry of `section` from the editor's fields; empty fields are left out."""
    entry: dict[str, Any] = {}
    for field in SECTIONS[section].fields:
        value = _from_text(field, values.get(field.key, ""))
        if value:
            entry[field.key] = value
    return entry


def form_values(section: str, entry: dict[str, Any]) -> dict[str, str]:
    return {field.key: _to_text(field, entry.get(field.key)) for field in SECTIONS[section].fields}


def entries(document: dict[str, Any], section: str) -> list[dict[str, Any]]:
    value = document.get(section)
    return value if isinstance(value, list) else []


def with_entry(
    document: dict[str, Any], section: str, index: int | None, entry: dict[str, Any]
) -> dict[str, Any]:
    """A copy of `document` with `entry` added (index None) or put in place of entry `index`.
    The entry's fields the editor does not show (another tool's extras) are kept."""
    result = copy.deepcopy(document)
    items = entries(result, section)
    if index is None:
        items.append(entry)
    else:
        shown = {field.key for field in SECTIONS[section].fields}
        kept = {key: value for key, value in items[index].items() if key not in shown}
        items[index] = {**kept, **entry}
    result[section] = items
    return result


def moved(document: dict[str, Any], section: str, index: int, step: int) -> dict[str, Any]:
    result = copy.deepcopy(document)
    items = entries(result, section)
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    result[section] = items
    return result


def without_entry(document: dict[str, Any], section: str, index: int) -> dict[str, Any]:
    result = copy.deepcopy(document)
    items = entries(result, section)
    del items[index]
    if items:
        result[section] = items
    else:
        result.pop(section, None)
    return result


def _profiles_from_lines(lines: list[str]) -> list[dict[str, str]]:
    profiles = []
    for line in lines:
        network, _, rest = line.partition(" ")
        rest = rest.strip()
        if rest.startswith(("http://", "https://")):
            profiles.append({"network": network, "url": rest})
        elif network.startswith(("http://", "https://")):
            profiles.append({"network": "", "url": network})
        else:
            profiles.append({"network": network, "username": rest} if rest else {"network": line})
    return profiles


def _profile_line(profile: dict[str, Any]) -> str:
    tail = profile.get("url") or profile.get("username") or ""
    return " ".join(part for part in (profile.get("network", ""), tail) if part)


def basics_values(document: dict[str, Any]) -> dict[str, str]:
    basics = document.get("basics") or {}
    values: dict[str, str] = {}
    for field in BASICS:
        if field.key == "profiles":
            values[field.key] = "\n".join(_profile_line(p) for p in basics.get("profiles") or [])
        elif field.key.startswith("location."):
            values[field.key] = str((basics.get("location") or {}).get(field.key[9:]) or "")
        else:
            values[field.key] = _to_text(field, basics.get(field.key))
    return values


def with_basics(document: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """A copy of `document` whose basics are the form's; fields the form lacks are kept."""
    result = copy.deepcopy(document)
    basics = dict(result.get("basics") or {})
    location = dict(basics.get("location") or {})
    for field in BASICS:
        value = _from_text(field, values.get(field.key, ""))
        if field.key == "profiles":
            target, key, value = basics, "profiles", _profiles_from_lines(value)
        elif field.key.startswith("location."):
            target, key = location, field.key[9:]
            if key == "countryCode":
                value = value.upper()
        else:
            target, key = basics, field.key
        if value:
            target[key] = value
        else:
            target.pop(key, None)
    if location:
        basics["location"] = location
    else:
        basics.pop("location", None)
    result["basics"] = basics
    return result


def with_suggestions(
    document: dict[str, Any], skills: list[str], certificates: list[str]
) -> dict[str, Any]:
    """A copy with the chosen skills and certifications added, leaving out ones it has."""
    result = copy.deepcopy(document)
    have = {str(entry.get("name", "")).casefold() for entry in entries(result, "skills")}
    new_skills = [{"name": name} for name in skills if name.casefold() not in have]
    if new_skills:
        result["skills"] = entries(result, "skills") + new_skills
    held = {str(entry.get("name", "")).casefold() for entry in entries(result, "certificates")}
    new_certs = [{"name": name} for name in certificates if name.casefold() not in held]
    if new_certs:
        result["certificates"] = entries(result, "certificates") + new_certs
    return result


# The owner's settings.


def update_settings(
    resume: Resume,
    *,
    visibility: Visibility,
    indexable: bool,
    anonymous: bool,
    paper_size: PaperSize | None,
) -> None:
    resume.visibility = visibility
    # Only a public resume may be indexed; the choice is not kept for a later change.
    resume.indexable = indexable and visibility == Visibility.PUBLIC
    resume.anonymous = anonymous
    resume.paper_size = paper_size
    if resume.is_shared:
        sharing.generated_slug(resume)  # a shared resume always has its address
    resume.version += 1  # the page's robots and the anonymous rendering change with these
    resume_changed.send(resume, resume=resume)


# Imported files wait as a draft until their owner has looked at them.


def keep_draft(resume: Resume, document: dict[str, Any], notes: list[str], source: str) -> None:
    resume.draft = document
    resume.draft_notes = notes
    resume.draft_source = source


def accept_draft(resume: Resume) -> None:
    if resume.draft is None:
        return
    save(resume, resume.draft)
    discard_draft(resume)


def discard_draft(resume: Resume) -> None:
    resume.draft = None
    resume.draft_notes = None
    resume.draft_source = None


# The account's life.


def export_resume(user) -> dict[str, Any] | None:
    """The resume and its sharing settings, for the account's data export."""
    resume = resume_of(user.id)
    if resume is None:
        return None
    return {
        "resume": resume.document,
        "visibility": resume.visibility.value,
        "anonymous": resume.anonymous,
        "indexable": resume.indexable,
        "addresses": [row.slug for row in sharing.slugs_of(resume.id)],
        "updated_at": resume.updated_at,
    }


def delete_user_resume(_app, user, **_extra) -> None:
    """`account_deleting` receiver: the resume goes, and its addresses are free again."""
    db.session.execute(sa.delete(Resume).where(Resume.user_id == user.id))


def admin_summary(user_id: int) -> str:
    """One line for the admin's user screen: who can see the resume, and its addresses."""
    resume = resume_of(user_id)
    if resume is None:
        return "none"
    parts = [resume.visibility.label + (", anonymous" if resume.anonymous else "")]
    for row in sharing.slugs_of(resume.id):
        state = "" if row.retired_at is None else " (given up)"
        parts.append(f"/r/{row.slug} ({row.kind.value}{state})")
    return "; ".join(parts)


def custom_address_of(user_id: int) -> str | None:
    resume = resume_of(user_id)
    custom = sharing.current_custom_slug(resume.id) if resume else None
    return custom.slug if custom else None
