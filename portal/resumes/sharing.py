"""The addresses a resume is shared at: `/r/<slug>`.

Every resume that is not private gets a generated address (eight characters, unguessable).
Members whose plan includes `custom_resume_url` may choose one: 3-40 characters of a-z, 0-9 and
hyphens, case-insensitive, unique, not a word the site uses, changed at most
CUSTOM_CHANGES_PER_DAY times a day. A custom address answers only while the plan allows it (410
Gone otherwise); the generated one keeps working. An address its owner gave up or lost with the
plan stays reserved for them for RESERVED_FOR, so a stranger cannot take it over and receive the
visits meant for them.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from enum import Enum
from functools import cache

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from portal import clock
from portal.accounts.models import User
from portal.extensions import db
from portal.resumes.models import Resume, ResumeSlug, SlugKind

CUSTOM_URL = "custom_resume_url"
RESERVED_FOR = dt.timedelta(days=90)
CUSTOM_CHANGES_PER_DAY = 3
GENERATED_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
GENERATED_LENGTH = 8
CUSTOM_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$")
RESERVED_WORDS = frozenset(
    {
        "about",
        "account",
        "accounts",
        "admin",
        "administrator",
        "alerts",
        "api",
        "app",
        "apply",
        "applications",
        "assets",
        "auth",
        "billing",
        "blog",
        "bookmarks",
        "careers",
        "checkout",
        "consultant",
        "contact",
        "dashboard",
        "docs",
        "employer",
        "employers",
        "feed",
        "guides",
        "help",
        "home",
        "index",
        "jobs",
        "json",
        "login",
        "logout",
        "me",
        "messages",
        "new",
        "null",
        "offline",
        "pdf",
        "portal",
        "premium",
        "pricing",
        "privacy",
        "r",
        "register",
        "reset",
        "resume",
        "resumes",
        "root",
        "search",
        "security",
        "settings",
        "signin",
        "signout",
        "signup",
        "sitemap",
        "static",
        "support",
        "sw",
        "talent",
        "terms",
        "undefined",
        "www",
    }
)


class SlugProblem(ValueError):
    """The chosen address cannot be used; str(error) says why, for the form."""


def normalise(text: str) -> str:
    return text.strip().lower()


def check_custom_slug(text: str) -> str:
    """The address as stored, or SlugProblem saying what is wrong with it."""
    slug = normalise(text)
    if not 3 <= len(slug) <= 40:
        raise SlugProblem("Use 3 to 40 characters.")
    if not CUSTOM_SLUG.match(slug) or "--" in slug:
        raise SlugProblem(
            "Use lowercase letters, digits and single hyphens, starting and ending with a letter "
            "or digit."
        )
    if slug in RESERVED_WORDS:
        raise SlugProblem(f"“{slug}” is a word the site uses; choose another.")
    return slug


def _new_generated_slug() -> str:
    return "".join(secrets.choice(GENERATED_ALPHABET) for _ in range(GENERATED_LENGTH))


def slugs_of(resume_id: int) -> list[ResumeSlug]:
    return list(
        db.session.scalars(
            sa.select(ResumeSlug)
            .where(ResumeSlug.resume_id == resume_id)
            .order_by(ResumeSlug.created_at.desc(), ResumeSlug.id.desc())
        )
    )


def _generated_row(resume_id: int) -> ResumeSlug | None:
    return db.session.scalar(
        sa.select(ResumeSlug).where(
            ResumeSlug.resume_id == resume_id, ResumeSlug.kind == SlugKind.GENERATED
        )
    )


def generated_slug(resume: Resume) -> ResumeSlug:
    """The resume's generated address, made the first time it is shared."""
    existing = _generated_row(resume.id)
    if existing is not None:
        return existing
    for _ in range(5):
        row = ResumeSlug(slug=_new_generated_slug(), resume_id=resume.id, kind=SlugKind.GENERATED)
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:  # 31**8 addresses: a clash is rare, but not impossible
            continue
        return row
    raise RuntimeError("could not find a free resume address")


def current_custom_slug(resume_id: int) -> ResumeSlug | None:
    return db.session.scalar(
        sa.select(ResumeSlug).where(
            ResumeSlug.resume_id == resume_id,
            ResumeSlug.kind == SlugKind.CUSTOM,
            ResumeSlug.retired_at.is_(None),
            ResumeSlug.taken_away_at.is_(None),
        )
    )


def _reserved_until(row: ResumeSlug) -> dt.datetime | None:
    """When a custom address its owner no longer uses becomes free for others (None: never
    while it is theirs)."""
    if row.taken_away_at is not None:
        return dt.datetime.max
    started = row.retired_at or row.suspended_at
    return started + RESERVED_FOR if started else None


def set_custom_slug(resume: Resume, owner, text: str) -> ResumeSlug:
    """Give `resume` the custom address `text`; SlugProblem if it cannot have it."""
    if not owner.can(CUSTOM_URL):
        raise SlugProblem("A custom address comes with Plus.")
    slug = check_custom_slug(text)
    now = clock.now()
    current = current_custom_slug(resume.id)
    if current is not None and current.slug == slug:
        return current
    changes = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ResumeSlug)
        .where(
            ResumeSlug.resume_id == resume.id,
            ResumeSlug.kind == SlugKind.CUSTOM,
            ResumeSlug.created_at > now - dt.timedelta(days=1),
        )
    )
    if changes >= CUSTOM_CHANGES_PER_DAY:
        raise SlugProblem(
            f"You can change your address {CUSTOM_CHANGES_PER_DAY} times a day; try again tomorrow."
        )
    taken = db.session.scalar(sa.select(ResumeSlug).where(ResumeSlug.slug == slug))
    if taken is not None:
        if taken.resume_id == resume.id and taken.taken_away_at is None:
            # One of the owner's own earlier addresses, still reserved for them: take it back.
            db.session.delete(taken)
            db.session.flush()
        elif not _free_for_others(taken, now):
            raise SlugProblem("That address is taken; choose another.")
        else:
            db.session.delete(taken)
            db.session.flush()
    if current is not None:
        current.retired_at = now
    row = ResumeSlug(slug=slug, resume_id=resume.id, kind=SlugKind.CUSTOM, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # someone took it at the same moment
        raise SlugProblem("That address is taken; choose another.") from None
    return row


def _free_for_others(row: ResumeSlug, now: dt.datetime) -> bool:
    if row.kind == SlugKind.GENERATED:
        return False
    if row.retired_at is None and row.suspended_at is None and row.taken_away_at is None:
        # In use. If its owner's plan has ended, the reservation starts now.
        owner_resume = db.session.get(Resume, row.resume_id)
        if owner_resume is not None and not _owner_can(owner_resume):
            row.suspended_at = now
            # Kept even though this attempt is refused (its caller rolls back): nothing else
            # has changed yet, and the 90 days must count from the first time it was noticed.
            db.session.commit()
        return False
    until = _reserved_until(row)
    return until is not None and until <= now


def _owner_can(resume: Resume) -> bool:
    owner = db.session.get(User, resume.user_id)
    return owner is not None and owner.can(CUSTOM_URL)


def remove_custom_slug(resume: Resume) -> None:
    """Back to the generated address; the custom one stays reserved for the owner."""
    current = current_custom_slug(resume.id)
    if current is not None:
        current.retired_at = clock.now()


def take_away(slug: str) -> ResumeSlug | None:
    """An admin takes a custom address away (it impersonated someone): it stops answering and
    nobody can have it again."""
    row = db.session.scalar(sa.select(ResumeSlug).where(ResumeSlug.slug == normalise(slug)))
    if row is None or row.kind != SlugKind.CUSTOM:
        return None
    row.taken_away_at = clock.now()
    row.resume_id = None
    return row


class Answer(Enum):
    SHOW = "show"
    GONE = "gone"  # 410: a custom address whose plan ended, or that was taken away
    MISSING = "missing"  # 404: unknown, private, or retired


@dataclass(frozen=True)
class Resolved:
    answer: Answer
    resume: Resume | None = None
    slug: ResumeSlug | None = None
    # The resume's current custom address (whether or not its plan lets it answer).
    custom: str | None = None


@cache
def _resolve_statement() -> sa.Select:
    # Built once: constructing this statement cost more than running it (every visit to a
    # shared resume runs it).
    custom = sa.orm.aliased(ResumeSlug)
    current_custom = (
        sa.select(custom.slug)
        .where(
            custom.resume_id == Resume.id,
            custom.kind == SlugKind.CUSTOM,
            custom.retired_at.is_(None),
            custom.taken_away_at.is_(None),
        )
        .limit(1)
        .scalar_subquery()
    )
    return (
        sa.select(ResumeSlug, Resume, current_custom)
        # The document is read only when the page is rendered, not for a stored page.
        .options(defer(Resume.document), defer(Resume.draft), defer(Resume.draft_notes))
        .outerjoin(Resume, Resume.id == ResumeSlug.resume_id)
        .where(ResumeSlug.slug == sa.bindparam("slug"))
    )


def resolve(text: str) -> Resolved:
    """What `/r/<text>` shows: one query for the address, its resume and the resume's custom
    address (for the canonical link)."""
    found = db.session.execute(_resolve_statement(), {"slug": normalise(text)}).first()
    if found is None:
        return Resolved(Answer.MISSING)
    row, resume, custom_slug = found
    if row.taken_away_at is not None:
        return Resolved(Answer.GONE, slug=row)
    if resume is None or not resume.is_shared or row.retired_at is not None:
        return Resolved(Answer.MISSING)
    if row.kind == SlugKind.CUSTOM:
        if not _owner_can(resume):
            if row.suspended_at is None:
                row.suspended_at = clock.now()
                db.session.commit()
            return Resolved(Answer.GONE, slug=row)
        if row.suspended_at is not None:
            row.suspended_at = None  # the plan is back: so is the address
            db.session.commit()
    return Resolved(Answer.SHOW, resume, row, custom_slug)


def canonical_slug(found: Resolved) -> str:
    """The address search engines and link previews should use for a resume found by
    `resolve`: the owner's custom address while it answers, else the one it was reached at."""
    assert found.slug is not None and found.resume is not None
    if found.slug.kind == SlugKind.CUSTOM:
        return found.slug.slug  # it answered, so the plan allows it
    if found.custom is not None and _owner_can(found.resume):
        return found.custom
    return found.slug.slug


def preferred_slug(resume: Resume, owner) -> str | None:
    """The address to give out: the custom one while the plan allows it, else the generated
    one (which sharing a resume makes: `services.update_settings`). Reads only."""
    if not resume.is_shared:
        return None
    if owner.can(CUSTOM_URL) and (custom := current_custom_slug(resume.id)) is not None:
        return custom.slug
    generated = _generated_row(resume.id)
    return generated.slug if generated else None
