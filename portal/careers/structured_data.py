"""schema.org JSON-LD for a guide: `Occupation` and `FAQPage`.

See https://schema.org/Occupation and Google's guidance on estimated salary
(https://developers.google.com/search/docs/appearance/structured-data/estimated-salary).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from portal.careers.schema import GuideDocument


def occupation(guide: GuideDocument, url: str) -> dict[str, Any]:
    salary = guide.salary
    return {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": guide.title,
        "description": guide.summary,
        "url": url,
        "occupationalCategory": guide.occupational_category,
        "occupationLocation": [{"@type": "Country", "name": salary.country}],
        "estimatedSalary": [
            {
                "@type": "MonetaryAmountDistribution",
                "name": "base",
                "currency": salary.currency,
                "duration": "P1Y",
                # The range's floor stands for the 10th percentile, entry and senior pay for the
                # quartiles, and the top-10% threshold for the 90th.
                "percentile10": salary.range_min,
                "percentile25": salary.entry,
                "median": guide.headline.median_salary,
                "percentile75": salary.senior,
                "percentile90": salary.top_10_percent,
            }
        ],
        "educationRequirements": guide.skills.education_level[0],
        "skills": ", ".join([*guide.skills.tech_skills, *guide.skills.soft_abilities]),
        "responsibilities": guide.key_responsibilities,
    }


def faq_page(guide: GuideDocument) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": entry.answer},
            }
            for entry in guide.faq
        ],
    }


def script_tag(data: dict[str, Any]) -> Markup:
    """A JSON-LD block that is safe inside HTML: `<`, `>` and `&` are escaped as unicode."""
    payload = (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return Markup(f'<script type="application/ld+json">{payload}</script>')  # noqa: S704
