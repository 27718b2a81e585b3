"""The search form: every filter is a query parameter, so each search has a URL to share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from portal.jobs.models import EmploymentType, Workplace
from portal.jobs.search import POSTED_WITHIN_DAYS, JobQuery, Sort
from portal.jobs.terms import printable


def _choices(*pairs: tuple[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _printable(value: Any) -> Any:
    return printable(value) if isinstance(value, str) else value


POSTED_WITHIN_LABELS = {1: "Past 24 hours", 7: "Past week", 30: "Past month"}


class JobSearchForm(FlaskForm):
    class Meta:
        # A GET search changes nothing, and its URL must work when shared: no CSRF token.
        csrf = False

    q = SearchField("Keywords", filters=[_printable])
    location = StringField(
        "Location",
        validators=[Optional(), Length(max=200)],
        filters=[_printable],
        description="A city, a state or a country, or “City, ST”.",
    )
    workplace = SelectField(
        "Workplace",
        default="",
        choices=_choices(("", "Any workplace"), *((w.value, w.label) for w in Workplace)),
    )
    employment_type = SelectField(
        "Job type",
        default="",
        choices=_choices(("", "Any job type"), *((e.value, e.label) for e in EmploymentType)),
    )
    min_salary = IntegerField(
        "Minimum yearly pay (USD)",
        validators=[Optional(), NumberRange(min=0, max=10_000_000)],
    )
    posted_within = SelectField(
        "Posted",
        default="",
        choices=_choices(
            ("", "Any time"),
            *((str(days), POSTED_WITHIN_LABELS[days]) for days in POSTED_WITHIN_DAYS),
        ),
    )
    guide = SelectField("Career", default="", choices=_choices(("", "All careers")))
    sort = SelectField(
        "Sort by",
        default="",
        choices=_choices(
            ("", "Best match"),
            (Sort.RELEVANCE.value, "Relevance"),
            (Sort.DATE.value, "Newest"),
        ),
    )

    def __init__(self, *args: Any, guides: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guide.choices = _choices(("", "All careers"), *guides)

    def clean(self, name: str) -> Any:
        """A field's value, or None when it is empty or did not validate."""
        field = self[name]
        if field.errors or field.data in (None, ""):
            return None
        return field.data

    def to_query(self, page: int = 1) -> JobQuery:
        """The search the valid fields describe; a field in error is left out, not fatal."""
        workplace = self.clean("workplace")
        employment_type = self.clean("employment_type")
        posted_within = self.clean("posted_within")
        sort = self.clean("sort")
        return JobQuery(
            text=self.clean("q") or "",
            location=self.clean("location") or "",
            workplace=Workplace(workplace) if workplace else None,
            employment_type=EmploymentType(employment_type) if employment_type else None,
            min_salary=self.clean("min_salary"),
            posted_within_days=int(posted_within) if posted_within else None,
            guide=self.clean("guide"),
            sort=Sort(sort) if sort else None,
            page=page,
        )

    def query_args(self) -> dict[str, Any]:
        """The valid, non-empty fields as query parameters (for page links and the feed)."""
        names = ("q", "location", "workplace", "employment_type", "min_salary")
        names += ("posted_within", "guide", "sort")
        return {name: value for name in names if (value := self.clean(name)) is not None}
