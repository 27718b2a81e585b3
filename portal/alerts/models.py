"""Job alerts (a saved search mailed as a digest) and their deliveries, one per alert and window."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db_types import string_enum
from portal.extensions import db


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"  # a run is sending it (or died while sending it: see the lease)
    SENT = "sent"
    EMPTY = "empty"  # nothing new in the window: no mail, the window is done
    FAILED = "failed"  # the mail server refused it; the next run tries again


class JobAlert(db.Model):
    """A saved job search mailed as a digest of what arrived since the previous one."""

    __tablename__ = "job_alerts"
    __table_args__ = (
        # `flask alerts send` walks the alerts that are due, oldest due first.
        Index("ix_job_alerts_due", "paused", "next_due_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The search's query parameters as the search page writes them (JobSearchForm.query_args).
    query: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    frequency: Mapped[Frequency] = mapped_column(string_enum(Frequency), default=Frequency.WEEKLY)
    # Weekly only because the plan had no daily alerts when the alert was made or saved, not
    # because the person chose weekly: the next upgrade makes it daily (see
    # services.upgrade_alerts). A weekly chosen while daily was on offer stays weekly.
    weekly_by_plan: Mapped[bool] = mapped_column(default=False, server_default=false())
    weekday: Mapped[int] = mapped_column(default=0)  # Monday is 0, as in datetime.weekday()
    paused: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    # The next digest covers postings received from here on (UTC): creation, then the end of
    # the previous digest's window.
    window_start: Mapped[dt.datetime] = mapped_column(default=clock.now)
    # When the next digest is due with the stored frequency (UTC). Only a hint for finding due
    # alerts: the sender works the real time out again from the plan and the time zone.
    next_due_at: Mapped[dt.datetime]


class AlertDelivery(db.Model):
    """One digest of one alert for one window, claimed before it is sent."""

    __tablename__ = "job_alert_deliveries"
    # A window is delivered at most once: a second run's claim on it fails on this key.
    __table_args__ = (UniqueConstraint("alert_id", "window_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("job_alerts.id", ondelete="CASCADE"))
    window_start: Mapped[dt.datetime]
    window_end: Mapped[dt.datetime]
    status: Mapped[DeliveryStatus] = mapped_column(string_enum(DeliveryStatus))
    # Wall-clock time of the latest claim: a claim older than ALERTS_CLAIM_SECONDS belongs to
    # a run that died, and the next run takes it over.
    claimed_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    attempts: Mapped[int] = mapped_column(default=1)
    job_count: Mapped[int] = mapped_column(default=0)
    message_id: Mapped[str | None] = mapped_column(String(255))
    sent_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(500))
