"""The dashboard and the audit log."""

from __future__ import annotations

from flask import render_template, request

from portal.admin import audit, bp, diffs, metrics
from portal.admin.charts import chart


@bp.get("/")
def dashboard():
    return render_template(
        "admin/dashboard.html",
        figures=metrics.figures(),
        charts=[chart(series) for series in metrics.weekly_series()],
        others=metrics.other_metrics(),
    )


@bp.get("/audit")
def audit_log():
    """Read-only: the log has no route that changes or removes an entry."""
    action = request.args.get("action", "").strip()[:60]
    entries = [
        (entry, diffs.entry_changes(entry.before, entry.after)) for entry in audit.entries(action)
    ]
    return render_template("admin/audit.html", entries=entries, action=action)
