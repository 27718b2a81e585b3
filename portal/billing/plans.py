"""Plans as data: the shape of seeds/plans.yaml, the entitlement vocabulary, and loading the file
into the database (`flask seed`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from portal.billing.seeds import upsert_by_key
from portal.billing.state import models
from portal.seedfiles import load_seed_file
from portal.seeding import SeedReport

PLANS_FILE = "plans.yaml"


class Entitlement(StrEnum):
    """Everything a plan can let a person do. Views and templates ask `entitlements(user)` (or
    `user.can(...)`) for one of these, never which plan the person is on."""

    BOOKMARKS = "bookmarks"
    APPLICATIONS = "applications"
    JOB_ALERTS_WEEKLY = "job_alerts_weekly"
    JOB_ALERTS_DAILY = "job_alerts_daily"
    AD_FREE = "ad_free"
    CAREER_CONSULTANT = "career_consultant"
    AI_JOB_ADVICE = "ai_job_advice"
    FEATURED_RESUME = "featured_resume"
    CUSTOM_RESUME_URL = "custom_resume_url"


Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=40)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanDocument(Strict):
    """One plan, as written in seeds/plans.yaml."""

    key: Key
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    price_cents: Annotated[int, Field(ge=0)]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    interval: Literal["month", "year"]
    # The line under the price ("For people just getting started", "Everything in Free, and:").
    tagline: Line
    features: Annotated[list[Line], Field(min_length=1)]
    # The Stripe price's lookup key: required for a paid plan, absent for the free one.
    lookup_key: (
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+$", max_length=200)] | None
    ) = None
    entitlements: list[Entitlement]

    @model_validator(mode="after")
    def paid_plans_have_a_price_in_stripe(self) -> PlanDocument:
        if self.price_cents > 0 and not self.lookup_key:
            raise ValueError("a paid plan needs a lookup_key (its Stripe price's lookup key)")
        if self.price_cents == 0 and self.lookup_key:
            raise ValueError("the free plan has no Stripe price, so no lookup_key")
        return self


class PlansFile(Strict):
    plans: Annotated[list[PlanDocument], Field(min_length=1)]

    @model_validator(mode="after")
    def one_free_plan_and_unique_keys(self) -> PlansFile:
        keys = [plan.key for plan in self.plans]
        if len(set(keys)) != len(keys):
            raise ValueError("each plan needs its own key")
        lookup_keys = [plan.lookup_key for plan in self.plans if plan.lookup_key]
        if len(set(lookup_keys)) != len(lookup_keys):
            raise ValueError("each paid plan needs its own lookup_key")
        if sum(1 for plan in self.plans if plan.price_cents == 0) != 1:
            raise ValueError("exactly one plan must be free (price_cents: 0): what everyone gets")
        return self


def read_plans_file(path: Path) -> list[PlanDocument]:
    """The plans in `path`, validated; raises SeedError naming the file, line and field."""
    return load_seed_file(path, PlansFile).plans


def seed_plans(seeds_dir: Path) -> SeedReport:
    """Upsert the plans in seeds/plans.yaml by key. A plan left out of the file is switched off,
    not deleted: subscriptions may still name it."""
    m = models()
    path = seeds_dir / PLANS_FILE
    if not path.exists():
        return SeedReport()
    return upsert_by_key(m.Plan, read_plans_file(path), plan_columns, PLANS_FILE)


def plan_columns(document: PlanDocument, position: int) -> dict:
    return {
        "name": document.name,
        "position": position,
        "price_cents": document.price_cents,
        "currency": document.currency,
        "interval": document.interval,
        "lookup_key": document.lookup_key,
        "active": True,
        "document": document.model_dump(mode="json"),
    }
