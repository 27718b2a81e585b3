"""Alert pages: the list, creating one from a search or a guide, edit, pause, delete, and the
one-click unsubscribe link from a digest (no sign-in: the link's signature is the proof)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.alerts import services
from portal.alerts.blueprint import bp
from portal.alerts.forms import ActionForm, CreateAlertForm, EditAlertForm
from portal.alerts.models import Frequency, JobAlert
from portal.alerts.schedule import WEEKDAYS, local_label
from portal.alerts.services import AlertError
from portal.alerts.tokens import read_unsubscribe_token
from portal.alerts.wording import describe_search
from portal.careers import services as careers
from portal.extensions import csrf, db


def _user():
    return current_user._get_current_object()


def _own_alert(alert_id: int) -> JobAlert:
    return services.get_alert(current_user.id, alert_id) or abort(404)


def _guide_choices() -> list[tuple[str, str]]:
    return [(guide.slug, guide.title) for guide in careers.published_guides()]


@bp.get("")
@login_required
def index():
    user = _user()
    alerts = services.user_alerts(user.id)
    guide_titles = dict(_guide_choices()) if alerts else {}
    rows = [
        (
            alert,
            services.effective_frequency(alert, user),
            local_label(services.next_due(alert, user), user.time_zone),
        )
        for alert in alerts
    ]
    downgraded = any(a.frequency == Frequency.DAILY and f != a.frequency for a, f, _ in rows)
    return render_template(
        "alerts/index.html",
        rows=rows,
        searches={alert.id: describe_search(alert.query, guide_titles) for alert in alerts},
        action=ActionForm(),
        downgraded=downgraded,
        can_daily=user.can(services.DAILY),
        weekdays=WEEKDAYS,
    )


@bp.post("/new")
@login_required
def create():
    form = CreateAlertForm()
    if not form.validate_on_submit():
        flash("Please give the alert a name (at most 100 characters).", "error")
        return redirect(url_for("jobs.search", **form.search_args()), 303)
    try:
        services.create_alert(_user(), form.name.data, form.search_args())
    except AlertError as error:
        flash(str(error), "error")
        return redirect(url_for("alerts.index"), 303)
    flash(f"Alert “{form.name.data.strip()}” created.", "success")
    return redirect(url_for("alerts.index"), 303)


@bp.post("/guide/<slug>")
@login_required
def create_for_guide(slug: str):
    form = ActionForm()
    guide = next((g for g in careers.published_guides() if g.slug == slug), None)
    if guide is None or not form.validate_on_submit():
        abort(404 if guide is None else 400)
    # A second click (or a form sent twice) finds the alert the first one made.
    existing = services.guide_alert(current_user.id, slug)
    if existing is not None:
        flash(f"You already get new {guide.title} jobs by email: “{existing.name}”.", "info")
        return redirect(url_for("alerts.edit", alert_id=existing.id), 303)
    try:
        services.create_alert(_user(), f"{guide.title} jobs", services.guide_query(slug))
    except AlertError as error:
        flash(str(error), "error")
        return redirect(url_for("alerts.index"), 303)
    flash(f"We will email you new {guide.title} jobs.", "success")
    return redirect(url_for("alerts.index"), 303)


@bp.route("/<int:alert_id>/edit", methods=["GET", "POST"])
@login_required
def edit(alert_id: int):
    alert = _own_alert(alert_id)
    user = _user()
    can_daily = user.can(services.DAILY)
    form = EditAlertForm(
        obj=None,
        data={
            **alert.query,
            "name": alert.name,
            # What the alert comes as now: a daily alert after a downgrade is weekly on Free.
            "frequency": services.effective_frequency(alert, user).value,
            "weekday": str(alert.weekday),
        },
        guides=_guide_choices(),
    )
    if not can_daily:
        form.frequency.choices = [
            (Frequency.WEEKLY.value, "Weekly"),
            (Frequency.DAILY.value, "Daily (Plus only)"),
        ]
    plus_only = False
    if form.validate_on_submit():
        try:
            services.update_alert(
                alert,
                user,
                form.name.data,
                Frequency(form.frequency.data),
                int(form.weekday.data),
                # The page always sends the search's fields; a form without them (an older
                # page, a script) changes only what it sent.
                form.search_args() if "q" in request.form else None,
            )
        except AlertError:
            # Shown once, beside the choice, with the way to get it (not a bare 400).
            plus_only = True
        else:
            flash("Alert saved.", "success")
            return redirect(url_for("alerts.index"), 303)
    return render_template(
        "alerts/edit.html", form=form, alert=alert, can_daily=can_daily, plus_only=plus_only
    ), (400 if form.errors else 200)


@bp.post("/<int:alert_id>/pause")
@login_required
def pause(alert_id: int):
    alert = _own_alert(alert_id)
    if ActionForm().validate_on_submit():
        services.set_paused(alert, _user(), not alert.paused)
        flash("Alert paused." if alert.paused else "Alert resumed.", "success")
    return redirect(url_for("alerts.index"), 303)


@bp.route("/<int:alert_id>/delete", methods=["GET", "POST"])
@login_required
def delete(alert_id: int):
    """GET asks to confirm (the list's Delete is a link here, so it works without script);
    POST deletes."""
    alert = _own_alert(alert_id)
    form = ActionForm()
    if request.method == "GET":
        terms = describe_search(alert.query, dict(_guide_choices()))
        return render_template("alerts/delete.html", alert=alert, form=form, terms=terms)
    if form.validate_on_submit():
        name = alert.name
        services.delete_alert(alert)
        flash(f"Alert “{name}” deleted.", "success")
    return redirect(url_for("alerts.index"), 303)


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here with no cookies and no form
# token, so this view is exempt from CSRF; the signed token in the URL is the authority.
@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    ids = read_unsubscribe_token(token)
    if ids is None:
        return render_template("alerts/unsubscribe.html", state="invalid"), 400
    alert = db.session.get(JobAlert, ids[0])
    if alert is None or alert.user_id != ids[1]:
        return render_template("alerts/unsubscribe.html", state="done")
    if request.method == "GET":
        # Link scanners follow GET links: only a POST (the button, or the mail client) acts.
        return render_template("alerts/unsubscribe.html", state="confirm", alert=alert)
    name = alert.name
    services.delete_alert(alert)
    return render_template("alerts/unsubscribe.html", state="unsubscribed", name=name)
