"""One posting as a feed gives it: validated, normalised, and turned into a row.

JSON and RSS feeds both come down to `PostingRecord`; the README documents the fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    field_validator,
    model_validator,
)

from portal.jobs.facets import posting_facets
from portal.jobs.models import EmploymentType, SalaryPeriod, Workplace
from portal.jobs.text import render_description
from portal.xml_text import xml_safe_value


def _words(value: Any) -> Any:
    """'Full time', 'FULL_TIME' and 'full-time' all become 'full-time'."""
    if isinstance(value, str):
        return "-".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
    return value


WORKPLACE_ALIASES = {
    "onsite": "on-site",
    "on-site": "on-site",
    "in-person": "on-site",
    "office": "on-site",
    "telecommute": "remote",
    "remote": "remote",
    "hybrid": "hybrid",
}
EMPLOYMENT_ALIASES = {
    "fulltime": "full-time",
    "parttime": "part-time",
    "contractor": "contract",
    "perdiem": "per-diem",
    "prn": "per-diem",
    "temp": "temporary",
    "intern": "internship",
}


def _alias(aliases: dict[str, str]):
    def normalise(value: Any) -> Any:
        value = _words(value)
        if isinstance(value, str):
            return aliases.get(value, aliases.get(value.replace("-", ""), value))
        return value

    return normalise


def _naive_utc(value: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Code2 = Annotated[str, BeforeValidator(_upper), StringConstraints(pattern=r"^[A-Z]{2}$")]
When = Annotated[dt.datetime | dt.date, AfterValidator(_naive_utc)]
Amount = Annotated[Decimal, Field(ge=0, lt=Decimal(1_000_000_000), decimal_places=2)]


class Strict(BaseModel):
    # Feeds carry fields we do not use; they are ignored rather than rejected.
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    # A control character in a title (a stray \x0b or escape) would otherwise reach our own
    # RSS feed and make it unreadable; it carries nothing a reader could see.
    @field_validator("*", mode="before")
    @classmethod
    def _xml_safe(cls, value: Any) -> Any:
        return xml_safe_value(value)


class Company(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    website: HttpUrl | None = None


class Location(Strict):
    city: Annotated[str, StringConstraints(max_length=120)] | None = None
    region: Annotated[str, StringConstraints(max_length=120)] | None = None
    country: Code2 | None = None


class Salary(Strict):
    """Pay in units of `currency` (18.50 is $18.50) per `period`."""

    min: Amount | None = None
    max: Amount | None = None
    currency: Annotated[str, BeforeValidator(_upper), StringConstraints(pattern=r"^[A-Z]{3}$")]
    period: Annotated[SalaryPeriod, BeforeValidator(_words)]

    @model_validator(mode="after")
    def _range(self) -> Salary:
        if self.min is None and self.max is None:
            raise ValueError("salary needs a min or a max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("salary min is above salary max")
        return self


class PostingRecord(Strict):
    source: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    external_id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    title: Line
    company: Company
    location: Location = Location()
    workplace: Annotated[Workplace, BeforeValidator(_alias(WORKPLACE_ALIASES))] = Workplace.ON_SITE
    remote_regions: list[Code2] = []
    employment_type: Annotated[EmploymentType, BeforeValidator(_alias(EMPLOYMENT_ALIASES))] = (
        EmploymentType.FULL_TIME
    )
    salary: Salary | None = None
    description: Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
    description_format: Literal["markdown", "html"] = "markdown"
    posted_at: When
    valid_through: When | None = None
    apply_url: HttpUrl
    guide: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] | None = None
    sample: bool = False

    @model_validator(mode="after")
    def _dates(self) -> PostingRecord:
        if self.valid_through is not None and self.valid_through < self.posted_at:
            raise ValueError("valid_through is before posted_at")
        return self

    def digest(self, guide_id: int | None) -> str:
        """Stable over runs: the same record for the same guide always gives the same digest."""
        payload = self.model_dump_json().encode("utf-8") + f"|guide={guide_id}".encode()
        return hashlib.sha256(payload).hexdigest()


def _cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def posting_values(
    record: PostingRecord, digest: str, guide_id: int | None, now: dt.datetime
) -> dict[str, Any]:
    """The column values of `job_postings` for this record (all but id and received_at)."""
    description_html, description_text = render_description(
        record.description, record.description_format
    )
    salary = record.salary
    low = _cents(salary.min) if salary else None
    high = _cents(salary.max) if salary else None
    top = high if high is not None else low
    return {
        "source": record.source,
        "external_id": record.external_id,
        "content_hash": digest,
        "sample": record.sample,
        "title": record.title,
        "company_name": record.company.name,
        "company_website": str(record.company.website) if record.company.website else None,
        "city": record.location.city or None,
        "region": record.location.region or None,
        "country": record.location.country,
        "workplace": record.workplace,
        "remote_regions": list(record.remote_regions),
        "employment_type": record.employment_type,
        "salary_min_cents": low,
        "salary_max_cents": high,
        "salary_currency": salary.currency if salary else None,
        "salary_period": salary.period if salary else None,
        "annual_salary_cents": top * salary.period.per_year if salary and top else None,
        "description_html": description_html,
        "description_text": description_text,
        "search_facets": posting_facets(
            record.workplace,
            record.employment_type,
            (record.location.city, record.location.region, record.location.country),
        ),
        "posted_at": record.posted_at,
        "valid_through": record.valid_through,
        "apply_url": str(record.apply_url),
        "expired": record.valid_through is not None and record.valid_through < now,
        "guide_id": guide_id,
        "updated_at": now,
    }
