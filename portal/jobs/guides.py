"""Which career guide a posting belongs to, from its title, when the feed does not say."""

from __future__ import annotations

import re

# Title patterns per guide slug, most specific first. Psychiatric and behavioural health
# technicians, aides and workers do the work the Mental Health Technician guide describes
# (O*NET 29-2053 Psychiatric Technicians, 31-1133 Psychiatric Aides); nurses, counsellors and
# therapists have their own licences and paths, so they are left out.
TITLE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "mental-health-technician",
        re.compile(
            r"""\b(?:
                  (?:mental|behaviou?ral)\s+health\s+
                    (?:technician|tech|worker|associate|aide|assistant|specialist)
                | psych(?:iatric)?\.?\s+
                    (?:technician|tech|aide|assistant|associate|nursing\s+assistant)
                | psych\s*techs?
                | milieu\s+(?:technician|tech|counselor|counsellor|specialist|worker)
                | (?:mht|bht)s?
            )\b""",
            re.IGNORECASE | re.VERBOSE,
        ),
    ),
]


def guide_slug_for_title(title: str) -> str | None:
    """The slug of the guide whose rules match this title, or None."""
    for slug, pattern in TITLE_RULES:
        if pattern.search(title):
            return slug
    return None
