"""House ads: the portal's own promotions in a small slot on guide and job pages, for visitors and
people on the Free plan. No third-party scripts; people whose plan is ad-free get no slot at all.

Pages put `{{ ad_slot("guide") }}` where the slot goes (outside any cached part of the page).
"""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import select

from portal.billing.catalog import AdInfo, catalog, invalidate_catalog
from portal.billing.models import HouseAd, utcnow
from portal.extensions import db
from portal.seedfiles import load_seed_file
from portal.seeding import SeedReport

ADS_FILE = "house_ads.yaml"
SLOTS = ("guide", "job")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class AdDocument(BaseModel):
    """One house ad, as written in seeds/house_ads.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
    headline: Annotated[Text, StringConstraints(max_length=80)]
    body: Annotated[Text, StringConstraints(max_length=200)]
    # A path on this site ("/pricing") or an https URL.
    link_url: Annotated[str, StringConstraints(pattern=r"^(/[^/\s][^\s]*|/|https://\S+)$")]
    link_text: Annotated[Text, StringConstraints(max_length=40)]
    audience: Literal["everyone", "visitors", "members"] = "everyone"
    active: bool = True


class AdsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ads: Annotated[list[AdDocument], Field(min_length=1)]


def seed_ads(seeds_dir: Path) -> SeedReport:
    """Upsert the ads in seeds/house_ads.yaml by key; ads left out of the file are switched off."""
    report = SeedReport()
    path = seeds_dir / ADS_FILE
    if not path.exists():
        return report
    documents = load_seed_file(path, AdsFile).ads
    existing = {ad.key: ad for ad in db.session.scalars(select(HouseAd))}
    for position, document in enumerate(documents):
        outcome = save_ad(existing.get(document.key), document, position)
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.details.append(f"{document.key}: {outcome}")
    listed = {document.key for document in documents}
    for key, ad in existing.items():
        if key not in listed and ad.active:
            ad.active = False
            report.updated += 1
            report.details.append(f"{key}: switched off (not in {ADS_FILE})")
    invalidate_catalog()
    return report


def save_ad(ad: HouseAd | None, document: AdDocument, position: int) -> str:
    values = {
        "active": document.active,
        "position": position,
        "document": document.model_dump(mode="json", exclude={"active"}),
    }
    if ad is None:
        db.session.add(HouseAd(key=document.key, **values))
        return "created"
    if all(getattr(ad, name) == value for name, value in values.items()):
        return "unchanged"
    for name, value in values.items():
        setattr(ad, name, value)
    ad.updated_at = utcnow()
    invalidate_catalog()
    return "updated"


def choose_ad(slot: str, signed_in: bool, page: str, today: dt.date) -> AdInfo | None:
    """The ad for this slot on this page today: stable for a page through the day (so a page's
    ETag holds), different from page to page."""
    audience = "members" if signed_in else "visitors"
    ads = [ad for ad in catalog().ads if ad.audience in ("everyone", audience)]
    if not ads:
        return None
    index = zlib.crc32(f"{slot}|{page}|{today.isoformat()}".encode()) % len(ads)
    return ads[index]
