"""Reading and saving career guides. Plain functions over the session; views stay thin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import defer

from portal.careers.models import Guide
from portal.careers.schema import GuideDocument
from portal.extensions import db

SaveOutcome = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class GuideVersion:
    id: int
    slug: str
    revision: int


def save_guide(content: GuideDocument) -> SaveOutcome:
    """Create or update the guide with this slug; the caller commits."""
    guide = db.session.scalar(select(Guide).where(Guide.slug == content.slug))
    if guide is None:
        db.session.add(Guide.from_document(content))
        return "created"
    return "updated" if guide.apply(content) else "unchanged"


def published_guide_version(slug: str) -> GuideVersion | None:
    """The current revision of a published guide: one small query, no content loaded."""
    row = db.session.execute(
        select(Guide.id, Guide.slug, Guide.revision).where(
            Guide.slug == slug, Guide.published.is_(True)
        )
    ).first()
    return GuideVersion(*row) if row else None


def load_guide(guide_id: int) -> Guide:
    return db.session.get_one(Guide, guide_id)


def published_guides() -> list[Guide]:
    return list(
        db.session.scalars(
            select(Guide)
            .options(defer(Guide.document, raiseload=True))
            .where(Guide.published.is_(True))
            .order_by(Guide.title)
        )
    )
