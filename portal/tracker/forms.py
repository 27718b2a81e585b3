"""Tracker forms: an apply (CSRF only), a bookmark toggle, and one application's edit form."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

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


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _web_address(form, field) -> None:
    # Only http(s): the tracker shows this as a link, and a javascript: link is an attack.
    if field.data and (urlsplit(field.data).scheme not in ("http", "https") or " " in field.data):
        raise ValidationError("Enter a web address starting with https:// (or leave it empty).")


class OutsideApplicationForm(FlaskForm):
    """A job applied to elsewhere, added to the tracker by hand."""

    title = StringField(
        "Job title",
        filters=[_strip],
        validators=[DataRequired("Enter the job title."), Length(max=200)],
    )
    company = StringField(
        "Company",
        filters=[_strip],
        validators=[DataRequired("Enter the company or employer."), Length(max=200)],
    )
    url = URLField(
        "Link to the job (optional)",
        filters=[_strip],
        validators=[Optional(), Length(max=500), _web_address],
    )
    applied_on = DateField("Applied on", validators=[DataRequired("Enter a date.")])
    status = SelectField(
        "Status",
        choices=[SelectChoice(status.value, status.label) for status in ApplicationStatus],
        coerce=_status,
        default=ApplicationStatus.APPLIED.value,
    )
