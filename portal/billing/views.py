"""Pricing, upgrading through checkout, coming back from it, and managing the plan."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for

from portal.billing import presenters
from portal.billing.access import login_required, signed_in, signed_in_user, visitor
from portal.billing.blueprint import bp
from portal.billing.catalog import catalog
from portal.billing.checkout import (
    BillingError,
    UnknownCheckout,
    finish_checkout,
    portal_url,
    start_checkout,
)
from portal.billing.entitlements import membership
from portal.billing.forms import ActionForm, CheckoutForm
from portal.billing.providers import current_provider
from portal.billing.signals import upgrade_notes
from portal.billing.state import host_url, state
from portal.urls import absolute_url

SESSION_ID = re.compile(r"^[A-Za-z0-9_]{1,255}$")


def _user():
    return signed_in_user()


@bp.get("/pricing")
def pricing():
    plans = catalog()
    member = membership(visitor())
    return render_template(
        "billing/pricing.html",
        offers=presenters.plan_offers(plans, member, signed_in()),
        membership=member,
        checkout_form=CheckoutForm(),
        action=ActionForm(),
        notice=current_provider().notice,
        canonical_url=absolute_url("billing.pricing"),
    )


@bp.post("/billing/checkout")
@login_required
def checkout():
    form = CheckoutForm()
    if not form.validate_on_submit():
        flash("Please choose a plan to upgrade to.", "error")
        return redirect(url_for("billing.pricing"), 303)
    # Stripe fills in {CHECKOUT_SESSION_ID}; url_for would escape the braces.
    success_url = absolute_url("billing.success") + "?session_id={CHECKOUT_SESSION_ID}"
    try:
        started = start_checkout(
            _user(), form.plan.data, success_url, absolute_url("billing.pricing")
        )
    except BillingError as error:
        flash(str(error), "error")
        return redirect(url_for("billing.pricing"), 303)
    if started.already_subscribed:
        flash(
            "You already have a subscription. You can manage it here, or update your card "
            "if a payment is overdue.",
            "info",
        )
        return redirect(host_url("account"), 303)
    return redirect(started.url, 303)


@bp.get("/billing/success")
@login_required
def success():
    session_id = request.args.get("session_id", "")
    if not session_id:
        return redirect(url_for("billing.pricing"))
    if not SESSION_ID.match(session_id):
        abort(404)
    user = _user()
    try:
        paid = finish_checkout(user, session_id)
    except UnknownCheckout:
        abort(404)
    except BillingError as error:
        flash(str(error), "error")
        return redirect(host_url("account"))
    member = membership(user)
    return render_template(
        "billing/success.html",
        paid=paid,
        membership=member,
        notes=upgrade_notes(user.original) if paid and member.is_paid else [],
    )


@bp.post("/billing/portal")
@login_required
def manage():
    try:
        url = portal_url(_user(), absolute_url(state().endpoints["account"]))
    except BillingError as error:
        flash(str(error), "error")
        return redirect(host_url("account"), 303)
    if url is None:
        flash("You have no paid plan to manage yet.", "info")
        return redirect(url_for("billing.pricing"), 303)
    return redirect(url, 303)
