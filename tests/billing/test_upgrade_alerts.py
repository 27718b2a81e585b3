"""Upgrading through checkout makes the alerts that were weekly only because of Free daily, and
the welcome page says so; an alert the member chose to get weekly stays weekly."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.alerts.models import Frequency, JobAlert
from portal.extensions import db
from tests.accounts.helpers import submit, text
from tests.alerts.conftest import end_plus, grant_plus
from tests.billing.test_demo import demo_upgrade


def alerts_of(user) -> dict[str, JobAlert]:
    db.session.expire_all()
    rows = db.session.scalars(sa.select(JobAlert).where(JobAlert.user_id == user.id))
    return {alert.name: alert for alert in rows}


def create_alert(client, name: str, q: str) -> None:
    response = submit(client, "/alerts/new", {"name": name, "q": q}, form_page="/jobs/")
    assert response.status_code == 303


def test_upgrading_makes_weekly_by_plan_alerts_daily_and_keeps_a_chosen_weekly(client, member):
    # Once on Plus, Ada chose weekly for one alert; then she went back to Free.
    grant_plus(member)
    create_alert(client, "Chosen weekly", "coordinator")
    chosen = alerts_of(member)["Chosen weekly"]
    edit = f"/alerts/{chosen.id}/edit"
    saved = submit(client, edit, {"name": "Chosen weekly", "frequency": "weekly", "weekday": "2"})
    assert saved.status_code == 303
    end_plus(member)
    # On Free, weekly is all there is.
    create_alert(client, "Nurse jobs", "nurse")
    assert alerts_of(member)["Nurse jobs"].frequency == Frequency.WEEKLY

    welcome = demo_upgrade(client)

    alerts = alerts_of(member)
    assert alerts["Nurse jobs"].frequency == Frequency.DAILY
    assert alerts["Chosen weekly"].frequency == Frequency.WEEKLY
    # The sender finds the daily alert tomorrow at 08:00, not on next Monday.
    assert alerts["Nurse jobs"].next_due_at.date().isoformat() == "2026-12-01"
    assert "Your job alerts now come daily: “Nurse jobs”." in welcome
    assert "“Chosen weekly” stays weekly, as you chose." in welcome
    listing = text(client.get("/alerts"))
    # Each alert's name, its search in words, then how often it comes.
    assert re.search(r"Nurse jobs Words [^©]{0,150}? Daily at 08:00", listing)
    assert re.search(r"Chosen weekly Words [^©]{0,150}? Weekly, on Wednesdays", listing)


def test_the_welcome_page_says_nothing_of_alerts_to_someone_without_any(client, member):
    welcome = demo_upgrade(client)
    assert "Welcome to Plus" in welcome
    assert "alerts now come daily" not in welcome
