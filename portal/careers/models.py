"""Career guides as stored: the validated document plus the columns that lists and search need.

The columns are declared once, on mixins; `models_for(db)` makes the mapped classes on a given
Flask-SQLAlchemy instance (the host's own, when careers is mounted in another app), the way
Flask-Security's models take the host's `db`. `Guide` and `GuideRevision` below are the portal's.
"""

from __future__ import annotations

import datetime as dt
import weakref
from typing import Any, NamedTuple

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, WriteOnlyMapped, declared_attr, mapped_column, relationship

from portal import clock
from portal.careers.schema import GuideDocument
from portal.db_types import JsonDocument
from portal.extensions import db


class GuideColumns:
    """A career guide. `document` is the source of truth; the other columns are derived from it."""

    __tablename__ = "career_guides"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(String(500))
    published: Mapped[bool] = mapped_column(default=True, index=True)
    median_salary: Mapped[int]
    salary_currency: Mapped[str] = mapped_column(String(3))
    growth_rate_percent: Mapped[float]
    # Bumped on every content change; the page cache and ETags are keyed by it.
    revision: Mapped[int] = mapped_column(default=1)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    # Digest of the seed file's content when `flask seed` last applied it: the file only
    # overwrites the guide again once the file itself has changed, so edits made in the admin
    # survive every `make run`.
    seed_digest: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    # Set by models_for: the revision class mapped beside this one.
    revision_model: type[GuideRevisionColumns]

    @declared_attr
    def revisions(cls) -> WriteOnlyMapped[Any]:
        # Write-only: adding a revision never loads the history.
        return relationship(
            "GuideRevision",
            back_populates="guide",
            cascade="all, delete-orphan",
            passive_deletes=True,
            order_by="GuideRevision.number.desc()",
            lazy="write_only",
        )

    @classmethod
    def from_document(cls, content: GuideDocument) -> Any:
        guide = cls(revision=0)
        guide.apply(content)
        return guide

    @property
    def content(self) -> GuideDocument:
        return GuideDocument.model_validate(self.document)

    def apply(self, content: GuideDocument) -> bool:
        """Take a new version of the content; returns False when nothing changed."""
        stored = content.model_dump(mode="json")
        if self.document == stored:
            return False
        self.document = stored
        self.slug = content.slug
        self.title = content.title
        self.summary = content.summary
        self.published = content.published
        self.median_salary = content.headline.median_salary
        self.salary_currency = content.salary.currency
        self.growth_rate_percent = content.headline.growth_rate_percent
        self.revision = (self.revision or 0) + 1
        self.updated_at = clock.now()
        self.revisions.add(self.revision_model(number=self.revision, document=stored))
        return True

    def __repr__(self) -> str:
        return f"<Guide {self.slug} r{self.revision}>"


class GuideRevisionColumns:
    """Every saved version of a guide, so an editor can see the history and restore one."""

    __tablename__ = "career_guide_revisions"
    __table_args__ = (UniqueConstraint("guide_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int]
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    @declared_attr
    def guide_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("career_guides.id", ondelete="CASCADE"))

    @declared_attr
    def guide(cls) -> Mapped[Any]:
        return relationship("Guide", back_populates="revisions")


class CareersModels(NamedTuple):
    Guide: Any
    GuideRevision: Any


_built: weakref.WeakKeyDictionary[SQLAlchemy, CareersModels] = weakref.WeakKeyDictionary()


def models_for(db: SQLAlchemy) -> CareersModels:
    """The career models mapped on `db` (its metadata, its session), made once per instance."""
    if db not in _built:
        guide = _mapped("Guide", GuideColumns, db)
        guide.revision_model = _mapped("GuideRevision", GuideRevisionColumns, db)
        _built[db] = CareersModels(guide, guide.revision_model)
    return _built[db]


def _mapped(name: str, columns: type, db: SQLAlchemy) -> Any:
    return type(name, (columns, db.Model), {"__module__": __name__, "__qualname__": name})


# The portal's own: other portal domains import these (jobs and bookmarks point at guides).
Guide, GuideRevision = models_for(db)
