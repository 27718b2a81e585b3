"""Consultant forms: every POST carries the CSRF token (Flask-WTF); fields validate here."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.consultant.business_hours import DAY_NAMES
from portal.consultant.models import MESSAGE_MAX, NOTE_MAX, TOPIC_MAX


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class StartForm(FlaskForm):
    topic = StringField(
        "Topic",
        validators=[
            DataRequired("Give your question a topic."),
            Length(max=TOPIC_MAX, message=f"A topic can be at most {TOPIC_MAX} characters."),
        ],
    )
    message = TextAreaField(
        "Message",
        validators=[
            DataRequired("Write your message."),
            Length(max=MESSAGE_MAX, message=f"A message can be at most {MESSAGE_MAX} characters."),
        ],
    )


class ReplyForm(FlaskForm):
    message = TextAreaField(
        "Your message",
        validators=[
            DataRequired("Write your message."),
            Length(max=MESSAGE_MAX, message=f"A message can be at most {MESSAGE_MAX} characters."),
        ],
    )


class NoteForm(FlaskForm):
    note = TextAreaField(
        "Private note (the member never sees it)",
        validators=[
            DataRequired("Write a note."),
            Length(max=NOTE_MAX, message=f"A note can be at most {NOTE_MAX} characters."),
        ],
    )


class SharingForm(FlaskForm):
    share_resume = BooleanField("Share my resume with my consultant")
    share_bookmarks = BooleanField("Share my bookmarks with my consultant")


class SlotForm(FlaskForm):
    # The slot's start in UTC (ISO 8601), as offered; the service checks it is still free.
    start = HiddenField(validators=[DataRequired("Choose a time.")])

    def validate_start(self, field) -> None:
        try:
            moment = dt.datetime.fromisoformat(field.data)
        except (TypeError, ValueError):
            raise ValidationError("Choose one of the times offered.") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        self.moment = moment


def _parse_week(text: str) -> list[tuple[int, dt.time, dt.time]]:
    """Lines like "mon 09:00-12:00" (half hours only) as (weekday, starts, ends)."""
    windows = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        day, _, hours = line.partition(" ")
        try:
            weekday = DAY_NAMES.index(day.strip().lower()[:3])
            starts, ends = (dt.time.fromisoformat(part.strip()) for part in hours.split("-"))
        except ValueError:
            raise ValidationError(
                f"Line {number}: write a day and hours, like “mon 09:00-12:00”."
            ) from None
        if ends <= starts:
            raise ValidationError(f"Line {number}: the hours must end after they start.")
        if any(t.minute not in (0, 30) or t.second for t in (starts, ends)):
            raise ValidationError(f"Line {number}: hours start and end on the hour or half hour.")
        windows.append((weekday, starts, ends))
    return windows


def _parse_days_off(text: str) -> list[dt.date]:
    days = []
    for part in text.replace(",", " ").split():
        try:
            days.append(dt.date.fromisoformat(part))
        except ValueError:
            raise ValidationError(f"“{part}” is not a date like 2026-12-24.") from None
    return days


class AvailabilityForm(FlaskForm):
    week = TextAreaField(
        "Weekly hours, one line each (on your own clock)",
        description="For example “mon 09:00-12:00” and “thu 13:00-17:30”.",
        validators=[Length(max=2000)],
    )
    days_off = TextAreaField(
        "Days off",
        description="Dates like 2026-12-24, separated by spaces or commas.",
        validators=[Length(max=4000)],
    )

    def validate_week(self, field) -> None:
        self.windows = _parse_week(field.data or "")

    def validate_days_off(self, field) -> None:
        self.dates_off = _parse_days_off(field.data or "")
