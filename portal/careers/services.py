"""Reading and saving career guides. Plain functions over the session; views stay thin."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import defer

from portal.careers.models import Guide
from portal.careers.schema import GuideDocument
from portal.extensions import db

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

    @property
    def content(self) -> GuideDocument:
        assert self.document is not None
        return GuideDocument.model_validate(self.document)


def save_guide(content: GuideDocument) -> SaveOutcome:
    """Create or update the guide with this slug; the caller commits."""
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


def published_guide(slug: str, known_revision: int | None = None) -> PublishedGuide | None:
    """A published guide in one query, sending its content only when it is not `known_revision`
    (the revision the caller has rendered already), so a cached page costs one small read."""
    document = (
        Guide.document
        if known_revision is None
        else sa.case((Guide.revision == known_revision, sa.null()), else_=Guide.document)
    )
    row = db.session.execute(
        sa.select(Guide.id, Guide.slug, Guide.revision, Guide.updated_at, document).where(
            Guide.slug == slug, Guide.published.is_(True)
        )
    ).first()
    return PublishedGuide(*row) if row else None


def published_guides() -> list[Guide]:
    return list(
        db.session.scalars(
            select(Guide)
            .options(defer(Guide.document, raiseload=True))
            .where(Guide.published.is_(True))
            .order_by(Guide.title)
        )
    )
