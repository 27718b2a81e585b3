"""Billing forms: each is a button, so most hold nothing but the CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp

DEMO_ACTIONS = ("cancel", "resume", "cancel_now", "fail", "recover")


class ActionForm(FlaskForm):
    """A button that posts (manage billing, pay in the demo checkout)."""


class CheckoutForm(FlaskForm):
    plan = HiddenField(validators=[DataRequired(), Length(max=40)])


class DemoPortalForm(FlaskForm):
    subscription = HiddenField(
        validators=[DataRequired(), Length(max=255), Regexp(r"^[A-Za-z0-9_]+$")]
    )
    action = HiddenField(validators=[AnyOf(DEMO_ACTIONS)])
