"""What pages need to know about plans and house ads, read in one query and kept in each process
for BILLING_CATALOG_SECONDS.

The guide page answers an anonymous visitor in at most three queries; with the ad slot on it,
plans and ads must cost at most one, and usually none. Saving a plan or an ad through this
package empties the current process's copy at once; other processes see the change within the
configured seconds.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import literal, select, union_all

from portal.billing.state import db, models

CACHE_KEY = "portal.billing.catalog"
_lock = threading.Lock()


@dataclass(frozen=True)
class PlanInfo:
    key: str
    name: str
    price_cents: int
    currency: str
    interval: str
    tagline: str
    features: tuple[str, ...]
    entitlements: frozenset[str]
    lookup_key: str | None = None

    @property
    def is_free(self) -> bool:
        return self.price_cents == 0

    @property
    def price_label(self) -> str:
        """As the pricing block writes it: "USD $8/month"."""
        amount = self.price_cents / 100
        shown = f"{amount:,.0f}" if self.price_cents % 100 == 0 else f"{amount:,.2f}"
        symbol = "$" if self.currency in {"USD", "CAD", "AUD", "NZD"} else ""
        return f"{self.currency} {symbol}{shown}/{self.interval}"

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> PlanInfo:
        return cls(
            key=document["key"],
            name=document["name"],
            price_cents=document["price_cents"],
            currency=document["currency"],
            interval=document["interval"],
            tagline=document["tagline"],
            features=tuple(document["features"]),
            entitlements=frozenset(document["entitlements"]),
            lookup_key=document.get("lookup_key"),
        )


@dataclass(frozen=True)
class AdInfo:
    key: str
    headline: str
    body: str
    link_url: str
    link_text: str
    # "everyone", "visitors" (not signed in) or "members" (signed in, on the free plan).
    audience: str = "everyone"
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None

    def runs_on(self, day: dt.date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> AdInfo:
        return cls(
            key=document["key"],
            headline=document["headline"],
            body=document["body"],
            link_url=document["link_url"],
            link_text=document["link_text"],
            audience=document.get("audience", "everyone"),
            starts_on=_date(document.get("starts_on")),
            ends_on=_date(document.get("ends_on")),
        )


# Before `flask seed` has run there are no plans: everyone is on a free plan that includes
# nothing, rather than a page failing.
UNSEEDED_FREE_PLAN = PlanInfo(
    key="free",
    name="Free",
    price_cents=0,
    currency="USD",
    interval="month",
    tagline="For people just getting started",
    features=("Browse career guides",),
    entitlements=frozenset(),
)


@dataclass(frozen=True)
class Catalog:
    plans: tuple[PlanInfo, ...]  # in the order the pricing page shows them, cheapest first
    ads: tuple[AdInfo, ...]

    @property
    def free_plan(self) -> PlanInfo:
        return next((plan for plan in self.plans if plan.is_free), UNSEEDED_FREE_PLAN)

    @property
    def paid_plans(self) -> tuple[PlanInfo, ...]:
        return tuple(plan for plan in self.plans if not plan.is_free)

    def plan(self, key: str | None) -> PlanInfo | None:
        return next((plan for plan in self.plans if plan.key == key), None)

    def plan_for_lookup_key(self, lookup_key: str | None) -> PlanInfo | None:
        if not lookup_key:
            return None
        return next((plan for plan in self.plans if plan.lookup_key == lookup_key), None)

    def rank(self, plan: PlanInfo) -> int:
        """Higher is better: the order of the plans, free first."""
        keys = [candidate.key for candidate in self.plans]
        return keys.index(plan.key) if plan.key in keys else -1


def load_catalog() -> Catalog:
    """Every active plan and ad, in one query."""
    m = models()
    plans = select(literal("plan").label("kind"), m.Plan.position, m.Plan.document).where(
        m.Plan.active.is_(True)
    )
    ads = select(literal("ad").label("kind"), m.HouseAd.position, m.HouseAd.document).where(
        m.HouseAd.active.is_(True)
    )
    rows = sorted(db.session.execute(union_all(plans, ads)).all(), key=lambda row: row[1])
    return Catalog(
        plans=tuple(PlanInfo.from_document(doc) for kind, _, doc in rows if kind == "plan"),
        ads=tuple(AdInfo.from_document(doc) for kind, _, doc in rows if kind == "ad"),
    )


def catalog() -> Catalog:
    """The catalog, read again once it is older than BILLING_CATALOG_SECONDS."""
    extensions = current_app.extensions
    cached = extensions.get(CACHE_KEY)
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        return cached[1]
    fresh = load_catalog()
    with _lock:
        extensions[CACHE_KEY] = (now + current_app.config["BILLING_CATALOG_SECONDS"], fresh)
    return fresh


def invalidate_catalog() -> None:
    current_app.extensions.pop(CACHE_KEY, None)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
