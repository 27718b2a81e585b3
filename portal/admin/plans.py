"""Editing plans and house ads. A paid plan's price lives at Stripe too, and Stripe prices
cannot change: a new amount means a new price that takes the plan's lookup key over (the
provider's `sync_plan`, the same call `flask billing sync` makes). Subscribers keep the price
they signed up at; new ones get the new price."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import current_app
from pydantic import ValidationError

from portal import clock
from portal.billing.ads import AdDocument
from portal.billing.catalog import PlanInfo, invalidate_catalog
from portal.billing.models import HouseAd, Plan
from portal.billing.plans import PlanDocument
from portal.billing.providers import ProviderError, current_provider
from portal.extensions import db


class PlanEditError(Exception):
    pass


def all_plans() -> list[Plan]:
    return list(db.session.scalars(sa.select(Plan).order_by(Plan.position, Plan.id)))


def price_cents(text: str) -> int:
    return int(Decimal(text) * 100)


def _messages(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or 'plan'}: {problem['msg']}"
        for problem in error.errors()
    )


def edit_plan(plan: Plan, changes: dict[str, Any]) -> str | None:
    """Apply name, price, tagline, features and entitlements; returns what Stripe said
    ("created", "updated", "unchanged") for a paid plan, None for the free one. Raises
    PlanEditError and leaves the plan as it was (the caller rolls back)."""
    try:
        document = PlanDocument.model_validate({**plan.document, **changes})
    except ValidationError as error:
        raise PlanEditError(_messages(error)) from error
    stored = document.model_dump(mode="json")
    plan.name = document.name
    plan.price_cents = document.price_cents
    plan.document = stored
    plan.updated_at = clock.now()
    db.session.flush()
    outcome = None
    if document.lookup_key:
        site = current_app.config["SITE_NAME"]
        info = PlanInfo.from_document(stored)
        try:
            outcome = current_provider().sync_plan(info, product_name=f"{site} {info.name}")
        except ProviderError as error:
            raise PlanEditError(f"Stripe refused the change, nothing was saved: {error}") from error
    return outcome


def set_plan_active(plan: Plan, active: bool) -> None:
    if not active and plan.price_cents == 0:
        raise PlanEditError("The free plan cannot be retired: everyone without a plan is on it.")
    plan.active = active


def edit_ad(ad: HouseAd, changes: dict[str, Any]) -> None:
    try:
        document = AdDocument.model_validate({**ad.document, "key": ad.key, **changes})
    except ValidationError as error:
        raise PlanEditError(_messages(error)) from error
    ad.active = document.active
    ad.document = document.model_dump(mode="json", exclude={"active"})
    ad.updated_at = clock.now()


def all_ads() -> list[HouseAd]:
    return list(db.session.scalars(sa.select(HouseAd).order_by(HouseAd.position, HouseAd.id)))


def after_commit() -> None:
    invalidate_catalog()
