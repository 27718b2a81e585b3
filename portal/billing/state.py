"""What the mounted `Billing` keeps for the app (`app.extensions["billing"]`), and the names
billing's own modules use to reach it: `db` (the host's Flask-SQLAlchemy), `models()` (billing's
tables mapped on it) and the host's user objects read through `UserFields`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import func, select
from werkzeug.local import LocalProxy

from portal.billing.models import BillingModels
from portal.extension_kit import extension_state

EXTENSION = "billing"


@dataclass(frozen=True)
class UserFields:
    """Where billing finds what it needs on the host's user objects: attribute names, so a host
    whose users have `member_id`, `email_address`, `full_name` and `joined_at` says so."""

    id: str = "id"
    email: str = "email"
    name: str = "name"
    created_at: str = "created_at"


@dataclass(frozen=True)
class BillingUser:
    """A host's user as billing sees it."""

    id: int
    email: str
    name: str
    created_at: dt.datetime
    # The host's own object, for the host's hooks (upgrade notes).
    original: Any = None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def time_zone(self) -> str | None:
        # For dates shown to this person, when the host's users have a time zone.
        return getattr(self.original, "time_zone", None)


@dataclass
class BillingState:
    db: SQLAlchemy
    models: BillingModels
    user_model: Any
    fields: UserFields
    endpoints: Mapping[str, str]
    current_user: Callable[[], Any]
    find_user_by_email: Callable[[str], Any] | None = None

    def billing_user(self, user: Any) -> BillingUser:
        fields = self.fields
        return BillingUser(
            id=getattr(user, fields.id),
            email=getattr(user, fields.email),
            name=getattr(user, fields.name) or "",
            created_at=getattr(user, fields.created_at),
            original=user,
        )

    def as_billing_user(self, user: Any) -> BillingUser:
        return user if isinstance(user, BillingUser) else self.billing_user(user)

    def user_id(self, user: Any) -> int:
        return user.id if isinstance(user, BillingUser) else getattr(user, self.fields.id)

    def user_by_email(self, email: str) -> Any:
        """The host's user with this address (any case), or None."""
        if self.find_user_by_email is not None:
            return self.find_user_by_email(email)
        column = getattr(self.user_model, self.fields.email)
        return self.db.session.scalar(
            select(self.user_model).where(func.lower(column) == email.strip().lower())
        )


def state() -> BillingState:
    return extension_state(EXTENSION)


def models() -> BillingModels:
    return state().models


def _db() -> SQLAlchemy:
    return state().db


# The host's Flask-SQLAlchemy instance, looked up per app: `db.session` as everywhere else.
db: SQLAlchemy = LocalProxy(_db)  # type: ignore[assignment]


def host_url(name: str, **values: Any) -> str:
    """The URL of one of the host's pages billing links to ("register", "login", "account",
    "home"), through the endpoints the host named."""
    return url_for(state().endpoints[name], **values)


def billing_user(user: Any) -> BillingUser:
    """The host's user (or one already read) as billing sees it."""
    return state().as_billing_user(user)
