"""A guide's history as an admin reads it: each revision with who saved it and which sections it
changed, and the field-by-field changes between any two revisions.

Careers keeps the revisions and knows nothing of admins; who saved one is in the audit log, which
every admin save writes in the same transaction with the revision number (and the guide's id), so
the history reads it from there instead of careers storing user ids."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from portal.admin import diffs
from portal.admin.models import AuditEntry
from portal.careers.models import Guide, GuideRevision
from portal.extensions import db

# The audit actions that make a revision.
SAVING_ACTIONS = ("guide.create", "guide.edit", "guide.restore", "guide.import", "guide.publish",
                  "guide.unpublish")  # fmt: skip


@dataclass(frozen=True)
class RevisionRow:
    revision: GuideRevision
    saved_by: str | None  # None: made by a command (`flask seed`), not by an admin
    sections: list[str]  # the sections it changed; empty for the first revision


def audit_keys(guide: Guide) -> dict[str, int]:
    """What every audit entry of a save carries, so the history can name who saved it."""
    return {"revision": guide.revision, "guide_id": guide.id}


def history(guide: Guide) -> list[RevisionRow]:
    """Newest first; two queries whatever the length of the history."""
    revisions = list(
        db.session.scalars(
            sa.select(GuideRevision)
            .where(GuideRevision.guide_id == guide.id)
            .order_by(GuideRevision.number.desc())
        )
    )
    authors = _authors(guide, revisions)
    rows = []
    for index, revision in enumerate(revisions):
        previous = revisions[index + 1] if index + 1 < len(revisions) else None
        rows.append(
            RevisionRow(
                revision,
                authors.get(revision.number),
                _changed_sections(previous.document, revision.document) if previous else [],
            )
        )
    return rows


def _authors(guide: Guide, revisions: list[GuideRevision]) -> dict[int, str]:
    # Entries name the guide by its address at the time; a guide's revisions hold every
    # address it has had. The id tells apart another guide that later took an old address.
    targets = {f"guide {revision.document.get('slug')}" for revision in revisions}
    entries = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.action.in_(SAVING_ACTIONS), AuditEntry.target.in_(targets))
        .order_by(AuditEntry.id)
    )
    authors = {}
    for entry in entries:
        after = entry.after or {}
        if after.get("guide_id", guide.id) == guide.id and isinstance(after.get("revision"), int):
            authors[after["revision"]] = entry.actor_email
    return authors


def _changed_sections(old: dict, new: dict) -> list[str]:
    keys = list(new) + [key for key in old if key not in new]
    return [diffs.label(key) for key in keys if old.get(key) != new.get(key)]


def compare(older: GuideRevision, newer: GuideRevision) -> list[diffs.FieldChange]:
    return diffs.document_changes(older.document, newer.document)
