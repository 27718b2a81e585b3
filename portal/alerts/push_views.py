"""Turning push notifications on and off: the page's script posts a browser's subscription
(JSON, with the page's CSRF token in X-CSRFToken); a plain form turns them off everywhere."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from portal.alerts import push
from portal.alerts.blueprint import bp
from portal.alerts.forms import ActionForm


def _push_set_up() -> None:
    if push.vapid() is None:
        abort(404)


@bp.post("/push/subscribe")
@login_required
def push_subscribe():
    _push_set_up()
    data = request.get_json(silent=True)
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, dict):
        return jsonify(error="Send the browser's subscription as JSON."), 400
    try:
        push.subscribe(current_user.id, data.get("endpoint"), keys.get("p256dh"), keys.get("auth"))
    except push.SubscriptionError as error:
        return jsonify(error=str(error)), 400
    return jsonify(devices=push.device_count(current_user.id)), 201


@bp.post("/push/unsubscribe")
@login_required
def push_unsubscribe():
    """This browser (JSON with its endpoint, from the script), or every browser (the form)."""
    _push_set_up()
    if request.is_json:
        data = request.get_json(silent=True)
        endpoint = data.get("endpoint") if isinstance(data, dict) else None
        if not isinstance(endpoint, str):
            return jsonify(error="Send the endpoint to forget."), 400
        push.unsubscribe(current_user.id, endpoint)
        return jsonify(devices=push.device_count(current_user.id))
    if ActionForm().validate_on_submit():
        push.unsubscribe(current_user.id)
        flash("Notifications are off on all your devices.", "success")
    return redirect(url_for("alerts.index"), 303)


def push_panel() -> Markup:
    """The /alerts section that turns notifications on (nothing when push is not set up)."""
    keys = push.vapid()
    if keys is None or not current_user.is_authenticated:
        return Markup("")
    html = render_template(
        "alerts/_push.html",
        public_key=keys.public_key,
        devices=push.device_count(current_user.id),
        form=ActionForm(),
    )
    return Markup(html)  # noqa: S704 - an autoescaped template's output
