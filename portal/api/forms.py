"""The tokens page's forms: make a token, revoke one (CSRF only)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal import clock
from portal.api.models import Scope


class TokenForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired(message="Give the token a name."), Length(max=100)],
        description="What uses it, so you know which to revoke (“Phone app”, “My script”).",
    )
    scope = RadioField(
        "Access",
        choices=[SelectChoice(scope.value, scope.label) for scope in Scope],
        default=Scope.READ.value,
    )
    expires_on = DateField(
        "Expires on",
        validators=[Optional()],
        description="Optional. The token stops working at the end of this day (UTC).",
    )

    def validate_expires_on(self, field: DateField) -> None:
        if field.data is not None and field.data < clock.today():
            raise ValidationError("Choose today or a later day.")


class RevokeForm(FlaskForm):
    """Nothing to fill in: the CSRF-protected click on "Revoke"."""
