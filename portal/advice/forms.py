"""The filters of the advice page: the job search's place, workplace, job type and pay."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from portal.jobs.models import EmploymentType, Workplace
from portal.jobs.search import JobQuery


class AdviceFiltersForm(FlaskForm):
    class Meta:
        csrf = False  # a GET that changes nothing; its URL may be kept and shared

    location = StringField(
        "Location",
        validators=[Optional(), Length(max=200)],
        description="A city, a state or a country, or “City, ST”.",
    )
    workplace = SelectField(
        "Workplace",
        default="",
        choices=[SelectChoice("", "Any workplace")]
        + [SelectChoice(w.value, w.label) for w in Workplace],
    )
    employment_type = SelectField(
        "Job type",
        default="",
        choices=[SelectChoice("", "Any job type")]
        + [SelectChoice(e.value, e.label) for e in EmploymentType],
    )
    min_salary = IntegerField(
        "Minimum yearly pay (USD)", validators=[Optional(), NumberRange(min=0, max=10_000_000)]
    )

    def clean(self, name: str):
        field = self[name]
        return None if field.errors or field.data in (None, "") else field.data

    def to_query(self) -> JobQuery:
        """The filters that validated; one in error is left out (and shown as such)."""
        workplace, kind = self.clean("workplace"), self.clean("employment_type")
        return JobQuery(
            location=(self.clean("location") or "").strip(),
            workplace=Workplace(workplace) if workplace else None,
            employment_type=EmploymentType(kind) if kind else None,
            min_salary=self.clean("min_salary"),
        )
