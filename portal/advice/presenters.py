"""A fit as plain data: what `flask advice fit` prints and what the language model is given."""

from __future__ import annotations

from typing import Any

from portal.advice.fit import FitReport


def report_as_json(report: FitReport) -> dict[str, Any]:
    salary = report.salary
    return {
        "posting": {"id": report.posting.id, "title": report.posting.title},
        "score": report.score.value,
        "why": report.score.why,
        "present": [
            {
                "name": item.concept.label,
                "kind": item.concept.kind,
                "resume_line": item.evidence.line.text if item.evidence else None,
                "resume_where": item.evidence.line.where if item.evidence else None,
                "posting_says": item.asked,
            }
            for item in report.present
        ],
        "missing": [
            {
                "name": item.concept.label,
                "kind": item.concept.kind,
                "posting_says": item.asked,
                "guide": [
                    {
                        "guide": note.guide_slug,
                        "section": note.source,
                        "heading": note.heading,
                        "says": note.text,
                    }
                    for note in item.notes
                ],
            }
            for item in report.missing
        ],
        "suggestions": [
            {"resume_line": s.line.text, "resume_where": s.line.where, "advice": s.advice}
            for s in report.suggestions
        ],
        "salary": None
        if salary is None
        else {
            "posting_low": salary.posting_low,
            "posting_high": salary.posting_high,
            "currency": salary.currency,
            "guide": salary.guide_slug,
            "level": salary.level_name,
            "level_amount": salary.level_amount,
            "tier": salary.tier_name,
            "years": salary.years,
            "verdict": salary.verdict,
        },
    }
