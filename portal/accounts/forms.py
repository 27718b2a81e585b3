"""Account forms. Every field validates itself and says what is wrong next to it."""

from __future__ import annotations

import unicodedata
from functools import cache

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import html_params

from portal.accounts import passwords
from portal.accounts.services import MAX_EMAIL_LENGTH, AccountError, normalize_email
from portal.accounts.timezones import grouped_time_zones, is_valid_time_zone, time_zone_names

MAX_NAME_LENGTH = 100


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ValidEmail:
    def __call__(self, form, field) -> None:
        try:
            normalize_email(field.data or "")
        except AccountError as error:
            raise ValidationError(str(error)) from error


class PrintableText:
    """No control characters (PostgreSQL refuses NUL; the rest only hide text)."""

    def __call__(self, form, field) -> None:
        if any(unicodedata.category(char) == "Cc" for char in field.data or ""):
            raise ValidationError("Use letters, numbers, spaces and punctuation only.")


class AcceptablePassword:
    """The password policy: length, not a common password, not the email or name."""

    def __call__(self, form, field) -> None:
        email = getattr(form, "email", None)
        name = getattr(form, "name", None)
        problem = passwords.password_problem(
            field.data or "",
            email=(email.data or "") if email else getattr(form, "account_email", ""),
            name=(name.data or "") if name else getattr(form, "account_name", ""),
        )
        if problem:
            raise ValidationError(problem)


class ValidTimeZone:
    def __call__(self, form, field) -> None:
        if not is_valid_time_zone(field.data or ""):
            raise ValidationError("Choose a time zone from the list.")


def email_field(label: str = "Email address") -> StringField:
    return StringField(
        label,
        filters=[strip],
        validators=[
            DataRequired("Enter your email address."),
            Length(max=MAX_EMAIL_LENGTH, message="An email address has at most 254 characters."),
            ValidEmail(),
        ],
        render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
    )


def name_field() -> StringField:
    return StringField(
        "Your name",
        filters=[strip],
        validators=[
            DataRequired("Enter your name."),
            Length(max=MAX_NAME_LENGTH, message=f"Use at most {MAX_NAME_LENGTH} characters."),
            PrintableText(),
        ],
        render_kw={"autocomplete": "name"},
    )


def new_password_field(label: str = "Password") -> PasswordField:
    return PasswordField(
        label,
        validators=[InputRequired("Choose a password."), AcceptablePassword()],
        description=f"At least {passwords.MIN_LENGTH} characters; a few unrelated words work well.",
        render_kw={"autocomplete": "new-password"},
    )


def current_password_field(label: str = "Current password") -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired("Enter your password."),
            Length(max=passwords.MAX_LENGTH, message="That password is too long."),
        ],
        render_kw={"autocomplete": "current-password"},
    )


@cache
def _time_zone_options() -> str:
    return "".join(
        f'<optgroup label="{escape(group)}">'
        + "".join(
            f'<option value="{escape(name)}">{escape(label)}</option>' for name, label in zones
        )
        + "</optgroup>"
        for group, zones in grouped_time_zones()
    )


class TimeZoneSelect:
    """The ~420 time zones rendered once: WTForms' own select widget takes about 20 ms to
    render them on every request."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        chosen = escape(field.data or "")
        options = _time_zone_options().replace(
            f'<option value="{chosen}">', f'<option selected value="{chosen}">', 1
        )
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704 - escaped above


def time_zone_field() -> SelectField:
    return SelectField(
        "Time zone",
        choices=time_zone_names,
        default="UTC",
        validate_choice=False,  # ValidTimeZone says it in words people understand
        validators=[ValidTimeZone()],
        description="Job alerts arrive at 08:00 in this time zone.",
        widget=TimeZoneSelect(),
    )


class RegisterForm(FlaskForm):
    name = name_field()
    email = email_field()
    password = new_password_field()
    # Digests come at 08:00 in this zone; site.js starts it at the browser's own zone.
    time_zone = time_zone_field()


class SignInForm(FlaskForm):
    email = StringField(
        "Email address",
        filters=[strip],
        validators=[DataRequired("Enter your email address."), Length(max=MAX_EMAIL_LENGTH)],
        render_kw={"autocomplete": "username", "inputmode": "email", "spellcheck": "false"},
    )
    password = current_password_field("Password")
    remember = BooleanField("Keep me signed in on this device")


class EmailOnlyForm(FlaskForm):
    """Asking for a reset link or a new confirmation link."""

    email = email_field()


class ResetPasswordForm(FlaskForm):
    password = new_password_field("New password")


class ProfileForm(FlaskForm):
    name = name_field()
    time_zone = time_zone_field()


class ChangeEmailForm(FlaskForm):
    email = email_field("New email address")
    password = current_password_field()


class ChangePasswordForm(FlaskForm):
    current_password = current_password_field()
    password = new_password_field("New password")


class DeleteAccountForm(FlaskForm):
    password = current_password_field("Your password")


class ActionForm(FlaskForm):
    """A button with nothing but the CSRF token (send the confirmation again, sign out)."""
