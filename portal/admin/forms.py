"""Admin forms. Every POST carries the CSRF token (Flask-WTF); the fields validate server-side."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp, ValidationError

from portal import clock


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class GuideImportForm(FlaskForm):
    file = FileField("Seed YAML file", validators=[FileRequired("Choose a YAML file.")])


class ComplimentaryForm(FlaskForm):
    until = DateField(
        "Complimentary Plus until (inclusive)",
        validators=[DataRequired("Give the last day, as YYYY-MM-DD.")],
    )

    def validate_until(self, field) -> None:
        if field.data < clock.today():
            raise ValidationError("That day has passed; give today or a later day.")


class PlanForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("A plan needs a name."), Length(max=60)])
    price = StringField(
        "Price",
        validators=[
            DataRequired("Give a price, 0 for the free plan."),
            Regexp(r"^\d{1,6}(\.\d{1,2})?$", message="Write the price like 9 or 9.99."),
        ],
    )
    tagline = StringField("Line under the price", validators=[DataRequired(), Length(max=500)])
    features = TextAreaField("Marketing lines (one a line)", validators=[DataRequired()])
    entitlements = SelectMultipleField(
        "Entitlements",
        choices=[],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validate_choice=True,
    )


class AdForm(FlaskForm):
    headline = StringField("Headline", validators=[DataRequired(), Length(max=80)])
    body = TextAreaField("Text", validators=[DataRequired(), Length(max=200)])
    link_url = StringField("Link (a path like /pricing, or https://…)", validators=[DataRequired()])
    link_text = StringField("Link text", validators=[DataRequired(), Length(max=40)])
    audience = SelectField(
        "Shown to",
        choices=[
            SelectChoice("everyone", "Everyone on the free plan"),
            SelectChoice("visitors", "Visitors who are not signed in"),
            SelectChoice("members", "Signed-in members on the free plan"),
        ],
    )
    active = BooleanField("Shown")
    starts_on = DateField("First day shown", validators=[Optional()])
    ends_on = DateField("Last day shown", validators=[Optional()])


class JobEditForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    company_name = StringField("Company", validators=[DataRequired(), Length(max=200)])
    apply_url = StringField(
        "Apply link", validators=[DataRequired(), URL(message="Give a full http(s) link.")]
    )
    valid_through = DateField("Open until", validators=[Optional()])
