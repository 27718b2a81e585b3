"""Turning a guide's numbers into what the page draws: the salary chart, the demand meter, flags."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup

from portal.careers.schema import DemandLevel, Salary

DEMAND_SCALE = [DemandLevel.LOW, DemandLevel.MODERATE, DemandLevel.HIGH]


@dataclass(frozen=True)
class SalaryBar:
    label: str
    amount: int
    width_percent: float  # of the chart's plotting width
    highlight: bool = False


def salary_bars(salary: Salary, median: int) -> list[SalaryBar]:
    """Bars for entry, mid, senior, median and the top-10% threshold, scaled to the largest."""
    points = [
        ("Entry-Level", salary.entry, False),
        ("Mid-Level", salary.mid, False),
        ("Senior-Level", salary.senior, False),
        ("Median", median, True),
        ("Top 10%", salary.top_10_percent, False),
    ]
    top = max(amount for _, amount, _ in points) or 1
    return [
        SalaryBar(label, amount, round(amount / top * 100, 2), highlight)
        for label, amount, highlight in points
    ]


def demand_position(level: DemandLevel) -> int:
    """The meter value: 0 (low) to 2 (high)."""
    return DEMAND_SCALE.index(level)


def flag_emoji(country_code: str) -> str:
    """The regional-indicator flag for a two-letter country code ('US' becomes 🇺🇸)."""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in country_code.upper())


def money(amount: int | float, currency: str = "USD") -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, "")
    formatted = f"{amount:,.0f}"
    return f"{symbol}{formatted}" if symbol else f"{formatted} {currency}"


def percent(value: float) -> str:
    return f"{value:g}%"


def share_links(url: str, text: str, heading: str) -> Markup:
    """The guide's share links for any page (`url` absolute): other domains' pages, the job
    page among them, ask for them through the `careers_share_links` global, not the partial."""
    return Markup(  # noqa: S704 - rendered by our own autoescaping template
        render_template(
            "careers/_share.html", share_url=url, share_text=text, share_heading=heading
        )
    )
