"""schema.org JSON-LD for a posting: `JobPosting`.

Follows Google's job posting guidance
(https://developers.google.com/search/docs/appearance/structured-data/job-posting).
"""

from __future__ import annotations

from typing import Any

from portal.jobs.models import JobPosting, SalaryPeriod, Workplace


def job_posting(posting: JobPosting, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.description_html,
        "url": url,
        "identifier": {
            "@type": "PropertyValue",
            "name": posting.source,
            "value": posting.external_id,
        },
        "datePosted": posting.posted_at.date().isoformat(),
        "employmentType": posting.employment_type.schema_org,
        "hiringOrganization": {"@type": "Organization", "name": posting.company_name},
        "directApply": False,
    }
    if posting.company_website:
        data["hiringOrganization"]["sameAs"] = posting.company_website
    if posting.valid_through:
        data["validThrough"] = posting.valid_through.isoformat()
    address = {
        key: value
        for key, value in (
            ("addressLocality", posting.city),
            ("addressRegion", posting.region),
            ("addressCountry", posting.country),
        )
        if value
    }
    if address:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", **address},
        }
    if posting.workplace is Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        if posting.remote_regions:
            data["applicantLocationRequirements"] = [
                {"@type": "Country", "name": region} for region in posting.remote_regions
            ]
    if salary := _base_salary(posting):
        data["baseSalary"] = salary
    return data


def _base_salary(posting: JobPosting) -> dict[str, Any] | None:
    low, high = posting.salary_min_cents, posting.salary_max_cents
    if posting.salary_period is None or (low is None and high is None):
        return None
    value: dict[str, Any] = {
        "@type": "QuantitativeValue",
        "unitText": _UNIT_TEXT[posting.salary_period],
    }
    if low is not None and high is not None and low != high:
        value["minValue"] = low / 100
        value["maxValue"] = high / 100
    else:
        value["value"] = (low if low is not None else high) / 100
    return {"@type": "MonetaryAmount", "currency": posting.salary_currency, "value": value}


_UNIT_TEXT = {
    SalaryPeriod.HOUR: "HOUR",
    SalaryPeriod.DAY: "DAY",
    SalaryPeriod.WEEK: "WEEK",
    SalaryPeriod.MONTH: "MONTH",
    SalaryPeriod.YEAR: "YEAR",
}
