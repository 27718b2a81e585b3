"""The token's job alerts: list, create, change, pause and resume, delete."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView

from portal.alerts import services as alerts
from portal.alerts.models import Frequency
from portal.api import presenters
from portal.api.account_views import TOKEN, paged
from portal.api.auth import personal
from portal.api.blueprints import alerts as bp
from portal.api.problems import Problem
from portal.api.schemas import (
    AlertCreateSchema,
    AlertListSchema,
    AlertSchema,
    AlertUpdateSchema,
    PageArgs,
)


def _alert(alert) -> dict[str, Any]:
    user = g.api_user
    return {
        "id": alert.id,
        "name": alert.name,
        "query": dict(alert.query or {}),
        "frequency": alert.frequency.value,
        "effectiveFrequency": alerts.effective_frequency(alert, user).value,
        "weekday": alert.weekday,
        "paused": alert.paused,
        "createdAt": alert.created_at,
        "nextDueAt": alert.next_due_at,
    }


def _own(alert_id: int):
    alert = alerts.get_alert(g.api_user.id, alert_id)
    if alert is None:
        raise Problem("not-found", "You have no alert with this id.")
    return alert


@bp.route("/me/alerts", endpoint="alerts")
class Alerts(MethodView):
    @personal
    @bp.doc(security=TOKEN)
    @bp.arguments(PageArgs, location="query", as_kwargs=True)
    @bp.response(200, AlertListSchema)
    def get(self, page: int, per_page: int):
        """Your job alerts"""
        kept = alerts.user_alerts(g.api_user.id)
        return presenters.page_links("api_alerts.alerts", {}, page, per_page, len(kept)) | {
            "alerts": [_alert(alert) for alert in paged(kept, page, per_page)]
        }

    @personal
    @bp.doc(security=TOKEN)
    @bp.arguments(AlertCreateSchema)
    @bp.response(201, AlertSchema)
    def post(self, fields: dict[str, Any]):
        """Create a job alert

        `query` takes the job search's filters. Without `frequency`, alerts are daily on plans
        that include daily alerts and weekly otherwise; asking for daily on a plan without it
        gives weekly, which becomes daily after an upgrade.
        """
        frequency = Frequency(fields["frequency"]) if "frequency" in fields else None
        try:
            alert = alerts.create_alert(
                g.api_user, fields["name"], fields["query"], frequency, fields["weekday"]
            )
        except alerts.AlertError as error:
            raise Problem("conflict", str(error)) from None
        return _alert(alert)


@bp.route("/me/alerts/<int:alert_id>", endpoint="alert")
class Alert(MethodView):
    @personal
    @bp.doc(security=TOKEN)
    @bp.response(200, AlertSchema)
    def get(self, alert_id: int):
        """One of your job alerts"""
        return _alert(_own(alert_id))

    @personal
    @bp.doc(security=TOKEN)
    @bp.arguments(AlertUpdateSchema)
    @bp.response(200, AlertSchema)
    def patch(self, fields: dict[str, Any], alert_id: int):
        """Change, pause or resume a job alert

        Send only the fields to change. `paused: true` stops the digests; `paused: false`
        starts them again from now (what arrived while paused is not sent). Daily needs a plan
        that includes it (403 `plan-required`).
        """
        alert = _own(alert_id)
        user = g.api_user
        if {"name", "frequency", "weekday"} & fields.keys():
            try:
                alerts.update_alert(
                    alert,
                    user,
                    fields.get("name", alert.name),
                    Frequency(fields.get("frequency", alert.frequency)),
                    fields.get("weekday", alert.weekday),
                )
            except alerts.AlertError as error:
                raise Problem("plan-required", str(error)) from None
        if "paused" in fields and fields["paused"] != alert.paused:
            alerts.set_paused(alert, user, fields["paused"])
        return _alert(alert)

    @personal
    @bp.doc(security=TOKEN)
    @bp.response(204)
    def delete(self, alert_id: int):
        """Delete a job alert"""
        alerts.delete_alert(_own(alert_id))
        return None
