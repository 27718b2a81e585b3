"""Alert forms: create one from a search, edit one, and the one-button actions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.alerts.models import Frequency
from portal.alerts.schedule import WEEKDAYS
from portal.jobs.models import EmploymentType, Workplace

# The search parameters an alert keeps (JobSearchForm.query_args without the page).
SEARCH_FIELDS = ("q", "location", "workplace", "employment_type", "min_salary", "guide")


class CreateAlertForm(FlaskForm):
    """Posted from the search results page with the search in hidden fields."""

    name = StringField("Alert name", validators=[DataRequired(), Length(max=100)])
    q = HiddenField(validators=[Optional(), Length(max=500)])
    location = HiddenField(validators=[Optional(), Length(max=200)])
    workplace = HiddenField(validators=[Optional(), Length(max=20)])
    employment_type = HiddenField(validators=[Optional(), Length(max=20)])
    min_salary = IntegerField(validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    guide = HiddenField(validators=[Optional(), Length(max=200)])

    def search_args(self) -> dict:
        return {
            name: self[name].data for name in SEARCH_FIELDS if self[name].data not in (None, "")
        }


class EditAlertForm(FlaskForm):
    name = StringField(
        "Alert name", validators=[DataRequired(), Length(max=100)], render_kw={"maxlength": 100}
    )
    # The search itself, as the search page's filters (the stored query keeps their names).
    q = StringField("Keywords", validators=[Optional(), Length(max=500)])
    location = StringField(
        "Location",
        validators=[Optional(), Length(max=200)],
        description="A city, a state or a country, or “City, ST”. Leave empty for anywhere.",
    )
    workplace = SelectField(
        "Workplace",
        default="",
        choices=[
            SelectChoice("", "Any workplace"),
            *(SelectChoice(w.value, w.label) for w in Workplace),
        ],
    )
    employment_type = SelectField(
        "Job type",
        default="",
        choices=[
            SelectChoice("", "Any job type"),
            *(SelectChoice(e.value, e.label) for e in EmploymentType),
        ],
    )
    min_salary = IntegerField(
        "Minimum yearly pay (USD)", validators=[Optional(), NumberRange(min=0, max=10_000_000)]
    )
    guide = SelectField("Career", default="", choices=[SelectChoice("", "All careers")])
    frequency = SelectField(
        "How often",
        choices=[
            SelectChoice(Frequency.WEEKLY.value, "Weekly"),
            SelectChoice(Frequency.DAILY.value, "Daily (Plus)"),
        ],
    )
    weekday = SelectField(
        "Day for weekly digests",
        choices=[SelectChoice(str(number), day) for number, day in enumerate(WEEKDAYS)],
        default="0",
    )

    def __init__(self, *args, guides=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.guide.choices = [SelectChoice("", "All careers"), *(SelectChoice(*g) for g in guides)]

    def search_args(self) -> dict:
        """The search as the stored query keeps it: only the filters that are set."""
        values = {name: self[name].data for name in SEARCH_FIELDS}
        return {name: value for name, value in values.items() if value not in (None, "")}


class ActionForm(FlaskForm):
    """A button: pause, resume, delete, or the guide page's one-click alert."""
