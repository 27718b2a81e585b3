"""Push subscriptions (one per browser that said yes on /alerts) and the pushes sent for digests."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db_types import string_enum
from portal.extensions import db


class PushSubscription(db.Model):
    """A browser's push endpoint and the keys its notifications are encrypted for (RFC 8291).
    The push service made the endpoint; a browser belongs to whoever subscribed it last."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))  # the browser's public key, base64url
    auth: Mapped[str] = mapped_column(String(100))  # its authentication secret, base64url
    # Digests sent before this are not pushed to the browser afterwards.
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class PushStatus(StrEnum):
    CLAIMED = "claimed"  # a run is pushing it (or died doing so: see ALERTS_CLAIM_SECONDS)
    SENT = "sent"
    FAILED = "failed"  # the push service did not take it; tried again, a few times


class PushDelivery(db.Model):
    """One digest pushed to one browser: claimed before the push, marked after, so that a run
    after a crash or a second run at once does not push it again."""

    __tablename__ = "push_deliveries"
    __table_args__ = (UniqueConstraint("delivery_id", "subscription_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("job_alert_deliveries.id", ondelete="CASCADE")
    )
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("push_subscriptions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[PushStatus] = mapped_column(string_enum(PushStatus))
    claimed_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    attempts: Mapped[int] = mapped_column(default=1)
    sent_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(500))
