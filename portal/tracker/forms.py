"""Tracker forms: an apply (CSRF only), a bookmark toggle, and one application's edit form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from portal.tracker.models import NOTES_MAX, ApplicationStatus


class ApplyForm(FlaskForm):
    """Nothing to fill in: the form is the CSRF-protected click on "Apply"."""


class BookmarkForm(FlaskForm):
    # The state the button asks for ("1" bookmark, "0" remove), not a flip: sending the form
    # twice leaves it as the person last saw it.
    bookmarked = HiddenField(validators=[AnyOf(["0", "1"], message="Unknown bookmark action.")])
    next = HiddenField()


def _status(value):
    # An unknown status stays a string, so the field says "Not a valid choice" rather than
    # WTForms' "could not coerce".
    try:
        return ApplicationStatus(value)
    except ValueError:
        return value


class ApplicationForm(FlaskForm):
    status = SelectField(
        "Status",
        choices=[SelectChoice(status.value, status.label) for status in ApplicationStatus],
        coerce=_status,
    )
    next_step_on = DateField("Next step on", validators=[Optional()])
    notes = TextAreaField(
        "Notes",
        validators=[Length(max=NOTES_MAX, message=f"Notes can be at most {NOTES_MAX} characters.")],
    )
