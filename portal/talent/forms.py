"""Talent forms: asking to be an employer, the resume search, contacting a candidate, replies,
reports, and a candidate's list of companies to hide from."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional

from portal.talent.messaging import MAX_BODY
from portal.talent.search import UPDATED_WITHIN


class ActionForm(FlaskForm):
    """Buttons that change something (approve, decline, share): a CSRF token and nothing else."""


class JoinForm(FlaskForm):
    company = StringField(
        "Company",
        validators=[DataRequired("Enter your company's name."), Length(max=200)],
    )
    work_email = EmailField(
        "Work email",
        description="We send a link to this address to confirm it is yours.",
        validators=[
            DataRequired("Enter your work email address."),
            Email("Enter an email address like name@company.com."),
            Length(max=254),
        ],
    )
    website = StringField(
        "Company website",
        validators=[
            DataRequired("Enter your company's website."),
            URL(require_tld=True, message="Enter the website's address, like https://example.org."),
            Length(max=500),
        ],
    )


class SearchForm(FlaskForm):
    """Read from the query string; a search changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    q = StringField("Words", validators=[Optional(), Length(max=200)])
    location = StringField(
        "Region or country",
        description="A state or region (CO), or a country code (US).",
        validators=[Optional(), Length(max=100)],
    )
    guide = SelectField("Career guide", choices=[SelectChoice("", "Any")], validators=[Optional()])
    min_years = IntegerField(
        "Years of experience, at least",
        validators=[Optional(), NumberRange(0, 50, "Between 0 and 50 years.")],
    )
    certification = StringField("Certification", validators=[Optional(), Length(max=100)])
    updated_within = SelectField(
        "Updated within",
        choices=[
            SelectChoice("", "Any time"),
            *(SelectChoice(str(days), f"{days} days") for days in UPDATED_WITHIN),
        ],
        validators=[Optional()],
    )
    page = IntegerField(validators=[Optional(), NumberRange(1, 1000)])


class ContactForm(FlaskForm):
    subject = StringField(
        "Subject", validators=[DataRequired("Give your message a subject."), Length(max=200)]
    )
    job_title = StringField(
        "The job it is about",
        validators=[DataRequired("Say which job this is about."), Length(max=200)],
    )
    posting_id = IntegerField(
        "Job number on this portal (optional)",
        description="The number in the job's address, /jobs/123.",
        validators=[Optional(), NumberRange(1, 2**31 - 1, "Enter the job's number.")],
    )
    body = TextAreaField(
        "Message",
        validators=[
            DataRequired("Write your message."),
            Length(max=MAX_BODY, message=f"At most {MAX_BODY} characters."),
        ],
    )


class ReplyForm(FlaskForm):
    body = TextAreaField(
        "Your reply",
        validators=[
            DataRequired("Write your reply."),
            Length(max=MAX_BODY, message=f"At most {MAX_BODY} characters."),
        ],
    )


class ReportForm(FlaskForm):
    reason = StringField("What is wrong with it?", validators=[Optional(), Length(max=500)])


class HideForm(FlaskForm):
    company = StringField(
        "Company name",
        validators=[DataRequired("Enter the company's name."), Length(max=200)],
    )
