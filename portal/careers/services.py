"""Reading and saving career guides. Plain functions over the session; views stay thin."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import defer

from portal.careers.extension import state
from portal.careers.schema import GuideDocument

SaveOutcome = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class PublishedGuide:
    """A published guide's identity and revision; `document` is None when the caller already
    holds this revision."""

    id: int
    slug: str
    revision: int
    updated_at: dt.datetime
    document: dict[str, Any] | None
    also: Any = None

    @property
    def content(self) -> GuideDocument:
        assert self.document is not None
        return GuideDocument.model_validate(self.document)


def save_guide(content: GuideDocument) -> SaveOutcome:
    """Create or update the guide with this slug; the caller commits."""
    db, Guide = state().db, state().models.Guide
    guide = db.session.scalar(select(Guide).where(Guide.slug == content.slug))
    if guide is None:
        db.session.add(Guide.from_document(content))
        return "created"
    return "updated" if guide.apply(content) else "unchanged"


def seed_guide(content: GuideDocument) -> SaveOutcome:
    """Apply a seed file's version of a guide, unless that file is unchanged since it was last
    applied: then the guide, including any edits made since in the admin, is left alone."""
    digest = hashlib.sha256(
        json.dumps(content.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()
    db, Guide = state().db, state().models.Guide
    guide = db.session.scalar(select(Guide).where(Guide.slug == content.slug))
    if guide is None:
        guide = Guide.from_document(content)
        guide.seed_digest = digest
        db.session.add(guide)
        return "created"
    if guide.seed_digest == digest:
        return "unchanged"
    guide.seed_digest = digest
    return "updated" if guide.apply(content) else "unchanged"


def published_guide(
    slug: str,
    known_revision: int | None = None,
    *,
    also: sa.ColumnElement[Any] | None = None,
    **also_params: Any,
) -> PublishedGuide | None:
    """A published guide in one query, sending its content only when it is not `known_revision`
    (the revision the caller has rendered already), so a cached page costs one small read.

    `also` is one more column for the same statement (a host's scalar subquery, such as the
    fingerprint of the guide's open jobs), built once by the caller: it may use the bound
    parameter `slug` and any of `also_params`. Its value comes back as `PublishedGuide.also`.
    """
    careers = state()
    statement = _published_guide_statement(
        careers.models.Guide.__table__, known_revision is not None, also
    )
    params = {"slug": slug, "known_revision": known_revision, **also_params}
    # On the session's connection, past the ORM's execution layer: this is plain rows.
    row = careers.db.session.connection().execute(statement, params).first()
    return PublishedGuide(*row) if row else None


@functools.cache
def _published_guide_statement(
    table: sa.Table, knows_a_revision: bool, also: sa.ColumnElement[Any] | None
) -> sa.Select:
    # Built once per shape (and per database the guides are mapped on): building a statement
    # costs more than running this one. Plain table columns: no ORM entity is loaded, so the
    # ORM's result machinery is skipped too.
    guides = table.c
    document = (
        sa.case(
            (guides.revision == sa.bindparam("known_revision"), sa.null()), else_=guides.document
        )
        if knows_a_revision
        else guides.document
    )
    extra = sa.null() if also is None else also
    return sa.select(
        guides.id, guides.slug, guides.revision, guides.updated_at, document, extra
    ).where(guides.slug == sa.bindparam("slug"), guides.published.is_(True))


def published_guides() -> list[Any]:
    db, Guide = state().db, state().models.Guide
    return list(
        db.session.scalars(
            select(Guide)
            .options(defer(Guide.document, raiseload=True))
            .where(Guide.published.is_(True))
            .order_by(Guide.title)
        )
    )


@dataclass(frozen=True)
class GuideSkills:
    """What a guide says a person in the role should know and hold, for other domains (resume
    suggestions, job advice) to offer without reading the guide's document themselves."""

    slug: str
    title: str
    occupation: str
    skill_groups: list[tuple[str, list[str]]]
    certifications: list[tuple[str, str]]  # (name, how to get it)

    @property
    def skills(self) -> list[str]:
        seen: dict[str, None] = {}
        for _group, names in self.skill_groups:
            seen.update(dict.fromkeys(names))
        return list(seen)


def guide_skills(slug: str) -> GuideSkills | None:
    """The skill map, technical skills and certifications of a published guide, by its slug."""
    found = published_guide(slug)
    if found is None:
        return None
    content = found.content
    groups = [(group.name, list(group.skills)) for group in content.skill_map.groups]
    groups.append(("Technical skills", list(content.skills.tech_skills)))
    groups.append(("Soft skills", list(content.skills.soft_abilities)))
    return GuideSkills(
        slug=content.slug,
        title=content.title,
        occupation=content.occupational_category,
        skill_groups=groups,
        certifications=[(c.name, c.how_to_get) for c in content.certifications],
    )
