"""The demo provider's own pages: a local checkout and a local "customer portal". Registered only
when the demo provider is in use. What they do goes through `handle_event`, the webhook's
handler, exactly as Stripe's events would."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from portal.billing import services
from portal.billing.access import login_required, signed_in_user
from portal.billing.forms import ActionForm, DemoPortalForm
from portal.billing.providers import NotFound, current_provider
from portal.billing.providers.demo import DemoBillingProvider
from portal.billing.webhooks import handle_event

bp = Blueprint("billing_demo", __name__, url_prefix="/billing/demo")

DONE = {
    "cancel": "Your plan is set to end at the end of the period.",
    "resume": "Your plan will renew as usual.",
    "cancel_now": "Your plan has ended.",
    "fail": "The renewal payment failed (simulated).",
    "recover": "The open invoice is paid (simulated).",
}


def demo() -> DemoBillingProvider:
    return current_provider()  # type: ignore[return-value] - this blueprint exists only then


@bp.route("/checkout/<session_id>", methods=["GET", "POST"])
@login_required
def checkout(session_id: str):
    provider = demo()
    try:
        session = provider.checkout_details(session_id)
    except NotFound:
        abort(404)
    if session["user"] != str(signed_in_user().id):
        abort(404)
    if session["status"] == "complete":
        return redirect(session["success_url"])
    if session["status"] != "open":
        flash("That checkout has expired. Please start again.", "info")
        return redirect(url_for("billing.pricing"))
    form = ActionForm()
    if form.validate_on_submit():
        for event in provider.pay(session_id):
            handle_event(event)
        return redirect(session["success_url"], 303)
    return render_template(
        "billing/demo_checkout.html", session=session, form=form, notice=provider.notice
    )


@bp.route("/portal/<portal_id>", methods=["GET", "POST"])
@login_required
def portal(portal_id: str):
    provider = demo()
    try:
        details = provider.portal_details(portal_id)
    except NotFound:
        abort(404)
    own = services.customer_for_user(signed_in_user().id)
    if own is None or own.stripe_customer_id != details["customer"]:
        abort(404)
    form = DemoPortalForm()
    if form.validate_on_submit():
        subscription_id = form.subscription.data
        if subscription_id not in {sub.id for sub in details["subscriptions"]}:
            abort(404)
        steps = {
            "cancel": lambda: provider.set_cancel_at_period_end(subscription_id, True),
            "resume": lambda: provider.set_cancel_at_period_end(subscription_id, False),
            "cancel_now": lambda: provider.cancel_now(subscription_id),
            "fail": lambda: provider.fail_renewal(subscription_id),
            "recover": lambda: provider.pay_open_invoice(subscription_id),
        }
        try:
            events = steps[form.action.data]()
        except NotFound:
            flash("That subscription has already ended.", "info")
        else:
            for event in events:
                handle_event(event)
            flash(DONE[form.action.data], "success")
        return redirect(url_for("billing_demo.portal", portal_id=portal_id), 303)
    return render_template(
        "billing/demo_portal.html", portal=details, form=form, notice=provider.notice
    )
