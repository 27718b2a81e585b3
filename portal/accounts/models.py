"""Accounts as stored: one row per person who registered."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from enum import StrEnum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db_types import string_enum
from portal.extensions import db


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    """A registered person. `email` is stored normalised (lowercase), so it is unique regardless
    of how it was typed."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(string_enum(Role), default=Role.USER)
    email_confirmed_at: Mapped[dt.datetime | None]
    # IANA name (validated against zoneinfo); alerts are sent in the user's morning.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Deactivated accounts cannot sign in, and the sessions they had end on their next request.
    is_active: Mapped[bool] = mapped_column(default=True)
    # Part of every session and remember-me cookie: changing it ends them all, which a signed
    # cookie alone could never do.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    last_signed_in_at: Mapped[dt.datetime | None]

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def can(self, entitlement: str) -> bool:
        """Whether the person's plan includes `entitlement` ("ad_free", "job_alerts_daily", ...).
        Billing answers through app.extensions["portal.entitlements"]; without billing nobody's
        plan includes anything."""
        answer = current_app.extensions.get("portal.entitlements")
        return answer is not None and entitlement in answer(self)

    def get_id(self) -> str:
        # Flask-Login stores this in the session and the remember-me cookie.
        return f"{self.id}:{self.session_token}"

    def matches_session(self, token: str) -> bool:
        return hmac.compare_digest(self.session_token.encode(), token.encode())

    def rotate_session_token(self) -> None:
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
