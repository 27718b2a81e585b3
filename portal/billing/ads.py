"""House ads: the portal's own promotions in a small slot on guide and job pages, for visitors and
people on the Free plan. No third-party scripts; people whose plan is ad-free get no slot at all.

Pages put `{{ ad_slot("guide") }}` where the slot goes (outside any cached part of the page).
"""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from portal.billing.catalog import AdInfo, catalog
from portal.billing.seeds import upsert_by_key
from portal.billing.state import models
from portal.seedfiles import load_seed_file
from portal.seeding import SeedReport

ADS_FILE = "house_ads.yaml"

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
    # The days the ad runs, both included; either end may be open.
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> AdDocument:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("the last day comes before the first day")
        return self


class AdsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ads: Annotated[list[AdDocument], Field(min_length=1)]


def seed_ads(seeds_dir: Path) -> SeedReport:
    """Upsert the ads in seeds/house_ads.yaml by key; ads left out of the file are switched off."""
    m = models()
    path = seeds_dir / ADS_FILE
    if not path.exists():
        return SeedReport()
    return upsert_by_key(m.HouseAd, load_seed_file(path, AdsFile).ads, ad_columns, ADS_FILE)


def ad_columns(document: AdDocument, position: int) -> dict:
    return {
        "active": document.active,
        "position": position,
        "document": document.model_dump(mode="json", exclude={"active"}),
    }


def choose_ad(slot: str, signed_in: bool, page: str, today: dt.date) -> AdInfo | None:
    """The ad for this slot on this page today: stable for a page through the day (so a page's
    ETag holds), different from page to page."""
    audience = "members" if signed_in else "visitors"
    ads = [
        ad
        for ad in catalog().ads
        if ad.audience in ("everyone", audience)
        and ad.runs_on(today)
        and not promotes_where_reader_is(ad, page)
    ]
    if not ads:
        return None
    index = zlib.crc32(f"{slot}|{page}|{today.isoformat()}".encode()) % len(ads)
    return ads[index]


def promotes_where_reader_is(ad: AdInfo, page: str) -> bool:
    """An ad for a part of this site the reader is already in ("Browse career guides" on a
    guide) tells them nothing: a site path the page is at or under."""
    link = ad.link_url
    if not link.startswith("/"):
        return False
    section = link if link.endswith("/") or link == "/" else link + "/"
    return link != "/" and (page == link.rstrip("/") or page.startswith(section))
