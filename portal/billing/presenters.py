"""Turning memberships and plans into what pages show: dates in the reader's time zone, the
button each plan gets on the pricing page, what changes when a plan ends."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Literal

from portal.billing.catalog import Catalog, PlanInfo
from portal.billing.entitlements import Membership, what_stops


def local_date(value: dt.datetime | dt.date | None, user=None) -> str:
    """ "5 March 2027", in the person's time zone (times are stored as naive UTC)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        zone = getattr(user, "time_zone", None) or "UTC"
        try:
            tz = zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            tz = dt.UTC
        value = value.replace(tzinfo=dt.UTC).astimezone(tz).date()
    return f"{value.day} {value:%B %Y}"


Action = Literal["sign_up", "upgrade", "manage", None]


@dataclass(frozen=True)
class PlanOffer:
    """One plan's card on the pricing page."""

    plan: PlanInfo
    current: bool
    action: Action


def plan_offers(plans: Catalog, membership: Membership, signed_in: bool) -> list[PlanOffer]:
    """Visitors are asked to sign up; members may upgrade to a better plan, and manage the
    plan they pay for."""
    offers = []
    current_rank = plans.rank(membership.plan)
    for plan in plans.plans:
        current = signed_in and plan.key == membership.plan.key
        action: Action = None
        if not signed_in:
            action = "sign_up"
        elif current and membership.source == "subscription":
            action = "manage"
        elif membership.overdue_plan is not None and plan.key == membership.overdue_plan.key:
            action = "manage"  # pay what is overdue rather than subscribe twice
        elif not current and plans.rank(plan) > current_rank:
            action = "upgrade"
        offers.append(PlanOffer(plan, current, action))
    return offers


def changes_when_plan_ends(plans: Catalog, membership: Membership) -> list[str]:
    return what_stops(membership.plan, plans.free_plan)
