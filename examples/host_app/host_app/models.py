"""The host's own tables: its members (not "users", not "id") and its job ads."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from host_app import db


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Member(UserMixin, db.Model):
    __tablename__ = "members"

    member_id: Mapped[int] = mapped_column(primary_key=True)
    email_address: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    joined_at: Mapped[dt.datetime] = mapped_column(default=_now)

    def get_id(self) -> str:
        return str(self.member_id)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class JobAd(db.Model):
    __tablename__ = "job_ads"

    ad_id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    employer: Mapped[str] = mapped_column(String(200))
    # The career guide this ad belongs to, by its slug (None: no guide).
    career: Mapped[str | None] = mapped_column(String(120), index=True)
    posted_at: Mapped[dt.datetime] = mapped_column(default=_now)
