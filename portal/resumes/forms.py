"""The editor's forms: one built per resume section from `sections.py`, and the settings."""

from __future__ import annotations

import re
from functools import cache

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.resumes.models import PaperSize, Visibility
from portal.resumes.sections import BASICS, SECTIONS, Field

DATE = re.compile(r"^[12][0-9]{3}(-[01][0-9](-[0-3][0-9])?)?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _date(_form, field) -> None:
    if field.data and not DATE.match(field.data.strip()):
        raise ValidationError("Write the date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2021-06.")


def _web_address(_form, field) -> None:
    if field.data and not re.match(r"^https?://[^\s/]+\.[^\s]+$", field.data.strip()):
        raise ValidationError("Give a full web address starting with https://.")


def _email(_form, field) -> None:
    if field.data and not EMAIL.match(field.data.strip()):
        raise ValidationError("Give an email address like name@example.com.")


def form_name(field: Field) -> str:
    return field.key.replace(".", "_")


def _wtforms_field(field: Field):
    validators = [DataRequired(f"Give the {field.label.lower()}.")] if field.required else []
    validators.append(Optional() if not field.required else Length(max=5000))
    if field.kind == "date":
        validators.append(_date)
    elif field.kind == "url":
        validators.append(_web_address)
    elif field.kind == "email":
        validators.append(_email)
    validators.append(Length(max=5000, message="At most 5,000 characters."))
    kind = TextAreaField if field.kind in ("long", "lines") else StringField
    return kind(field.label, validators=validators, description=field.hint)


def _form_class(name: str, fields: tuple[Field, ...]) -> type[FlaskForm]:
    attributes = {form_name(field): _wtforms_field(field) for field in fields}
    return type(name, (FlaskForm,), attributes)


@cache
def entry_form_class(section: str) -> type[FlaskForm]:
    return _form_class(f"{section.title()}EntryForm", SECTIONS[section].fields)


@cache
def basics_form_class() -> type[FlaskForm]:
    return _form_class("BasicsForm", BASICS)


def form_data(form: FlaskForm, fields: tuple[Field, ...]) -> dict[str, str]:
    """The form's values under the JSON Resume keys."""
    return {field.key: form[form_name(field)].data or "" for field in fields}


def prefill(fields: tuple[Field, ...], values: dict[str, str]) -> dict[str, str]:
    return {form_name(field): values.get(field.key, "") for field in fields}


class SharingForm(FlaskForm):
    visibility = RadioField(
        "Who can see it",
        choices=[SelectChoice(v.value, v.label) for v in Visibility],
        default=Visibility.PRIVATE.value,
    )
    indexable = BooleanField("Let search engines show it (public resumes only)")
    anonymous = BooleanField(
        "Anonymous: hide my name, contact details, city and current employer's name"
    )
    paper_size = SelectField(
        "Paper for the PDF",
        choices=[
            SelectChoice("", "Automatic, from my time zone"),
            *(SelectChoice(p.value, p.label) for p in PaperSize),
        ],
        default="",
    )


class CustomUrlForm(FlaskForm):
    slug = StringField(
        "Your address",
        validators=[DataRequired("Choose an address."), Length(max=80)],
        description="3 to 40 lowercase letters, digits and hyphens.",
    )


class ImportForm(FlaskForm):
    file = FileField(
        "A JSON Resume file, a PDF or a Word document (.docx), up to 5 MB",
        validators=[FileRequired("Choose a file to import.")],
    )


class ActionForm(FlaskForm):
    """Buttons that change something (move, remove, accept): a CSRF token and nothing else."""
