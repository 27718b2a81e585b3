"""Personal access tokens: what a program shows us instead of a session cookie."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db_types import string_enum
from portal.extensions import db


class Scope(StrEnum):
    READ = "read"
    READ_WRITE = "read-write"

    @property
    def label(self) -> str:
        return {"read": "Read only", "read-write": "Read and write"}[self.value]


class ApiToken(db.Model):
    """One personal access token. Only a SHA-256 digest of the secret is kept: the secret is
    shown once, when it is made, and a stolen database yields no usable token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[Scope] = mapped_column(string_enum(Scope))
    secret_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the secret, so the person can tell their tokens apart.
    hint: Mapped[str] = mapped_column(String(16))
    # A keyed fingerprint of the password hash when the token was made: a password change
    # (or reset) changes the hash, and the token stops working. The account's session token
    # is no use here: signing out of the site rotates it too.
    password_fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    expires_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    def is_expired(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.READ_WRITE
