"""Filter values written into the full-text index as tokens ("facets").

A search with words and a selective filter ("nurse" in Omaha) would otherwise walk every posting
that matches the words and read each row to test the filter. With the filter's value in the
index as a token, both engines intersect it with the words inside the index instead (FTS5
doclists, GIN posting lists). The tokens only narrow the candidates: the SQL filters still decide
exactly, so a token that also matches something else does no harm.
"""

from __future__ import annotations

import re
from functools import lru_cache

from portal.jobs.models import EmploymentType, Workplace
from portal.jobs.terms import Term

# Prefixes no real word has, so a facet never matches what a visitor types by accident.
WORKPLACE, EMPLOYMENT, PLACE = "zzw", "zze", "zzl"
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


# Cached: an import asks for the same few workplaces, employment types and places over and over.
@lru_cache(maxsize=4096)
def _key(value: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", value.lower())[:60]


def posting_facets(
    workplace: Workplace,
    employment_type: EmploymentType,
    places: tuple[str | None, ...],
) -> str:
    """The facet tokens of one posting, for the `search_facets` column."""
    tokens = [WORKPLACE + _key(workplace.value), EMPLOYMENT + _key(employment_type.value)]
    tokens += [PLACE + key for place in places if place and (key := _key(place))]
    return " ".join(dict.fromkeys(tokens))


def query_facets(
    workplace: Workplace | None,
    employment_type: EmploymentType | None,
    places: list[str],
) -> tuple[Term, ...]:
    """Index terms every posting that passes these filters has."""
    terms = []
    if workplace:
        terms.append(Term((WORKPLACE + _key(workplace.value),)))
    if employment_type:
        terms.append(Term((EMPLOYMENT + _key(employment_type.value),)))
    terms += [Term((PLACE + key,)) for place in places if (key := _key(place))]
    return tuple(terms)
