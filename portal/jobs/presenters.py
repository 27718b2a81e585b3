"""How a posting's facts read on a page: pay, place, slug."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

from portal.jobs.models import JobPosting, SalaryPeriod
from portal.jobs.text import slugify

EN_DASH = "\N{EN DASH}"
SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£"}
PERIOD_WORDS = {
    SalaryPeriod.HOUR: "an hour",
    SalaryPeriod.DAY: "a day",
    SalaryPeriod.WEEK: "a week",
    SalaryPeriod.MONTH: "a month",
    SalaryPeriod.YEAR: "a year",
}


def money_cents(cents: int, currency: str) -> str:
    """12345 USD is '$123.45'; whole amounts drop the cents ('$38,000')."""
    amount = f"{cents / 100:,.2f}".removesuffix(".00")
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"


def salary_label(posting: JobPosting) -> str | None:
    """'$18.50-$23 an hour' (en dash), 'From $40,000 a year', or None when no pay is given."""
    low, high = posting.salary_min_cents, posting.salary_max_cents
    currency, period = posting.salary_currency, posting.salary_period
    if not currency or not period or (low is None and high is None):
        return None
    per = PERIOD_WORDS[period]
    if low is not None and high is not None and low != high:
        return f"{money_cents(low, currency)}{EN_DASH}{money_cents(high, currency)} {per}"
    if low is not None and high is None:
        return f"From {money_cents(low, currency)} {per}"
    if low is None and high is not None:
        return f"Up to {money_cents(high, currency)} {per}"
    return f"{money_cents(low, currency)} {per}"


def slug_for(title: str, city: str | None) -> str:
    """The readable part of a job's URL: its title and city."""
    return slugify(f"{title} {city or ''}")


def posting_slug(posting: JobPosting) -> str:
    return slug_for(posting.title, posting.city)


def rfc822(moment: dt.datetime) -> str:
    """An RSS date; stored times are UTC."""
    return format_datetime(moment.replace(tzinfo=dt.UTC))
