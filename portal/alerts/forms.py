"""Alert forms: create one from a search, edit one, and the one-button actions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.alerts.models import Frequency
from portal.alerts.schedule import WEEKDAYS

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
    name = StringField("Alert name", validators=[DataRequired(), Length(max=100)])
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


class ActionForm(FlaskForm):
    """A button: pause, resume, delete, or the guide page's one-click alert."""
