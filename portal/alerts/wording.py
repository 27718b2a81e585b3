"""An alert's saved search in words, so the alerts page says everything the alert holds (a
location filter leaves out remote jobs with no place; a workplace filter narrows to one kind)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portal.jobs.models import EmploymentType, Workplace


@dataclass(frozen=True)
class SearchTerm:
    label: str
    value: str


def describe_search(query: Mapping[str, Any], guide_titles: Mapping[str, str]) -> list[SearchTerm]:
    """Every filter of a stored search as a labelled phrase; filters left unset are said too
    where leaving them out changes what arrives (any workplace, any job type)."""
    terms = [SearchTerm("Words", f"“{query['q']}”" if query.get("q") else "Any words")]
    if query.get("guide"):
        terms.append(SearchTerm("Career", guide_titles.get(query["guide"], query["guide"])))
    workplace = _enum(Workplace, query.get("workplace"))
    if query.get("location"):
        # The search matches the place a posting names: remote jobs based elsewhere are left out.
        place = f"{query['location']} (remote jobs based elsewhere are not included)"
        terms.append(SearchTerm("Location", place))
    else:
        terms.append(SearchTerm("Location", "Anywhere"))
    terms.append(
        SearchTerm(
            "Workplace",
            f"{workplace.label} only" if workplace else "On-site, hybrid or remote",
        )
    )
    employment = _enum(EmploymentType, query.get("employment_type"))
    terms.append(SearchTerm("Job type", f"{employment.label} only" if employment else "Any"))
    if query.get("min_salary") not in (None, ""):
        terms.append(SearchTerm("Pay", f"At least ${int(query['min_salary']):,} a year"))
    return terms


def _enum(kind, value):
    try:
        return kind(value) if value else None
    except ValueError:
        return None
