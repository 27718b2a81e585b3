"""Public resumes for the domains that show them to employers (talent): one by its id, and all
of them in batches to build a search index. Only resumes whose owner made them public are ever
returned; what others may see of them is `rendering.shown_document`."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

from portal.extensions import db
from portal.resumes.models import Resume, Visibility


def public_resume(resume_id: int) -> Resume | None:
    """The resume with this id if it is public, else None (private, link-only or gone)."""
    return db.session.scalar(
        sa.select(Resume).where(Resume.id == resume_id, Resume.visibility == Visibility.PUBLIC)
    )


def public_resumes(batch_size: int = 500) -> Iterator[Resume]:
    """Every public resume, in id order, read `batch_size` at a time."""
    last_id = 0
    while True:
        batch = list(
            db.session.scalars(
                sa.select(Resume)
                .where(Resume.visibility == Visibility.PUBLIC, Resume.id > last_id)
                .order_by(Resume.id)
                .limit(batch_size)
            )
        )
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
