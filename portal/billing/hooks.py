"""What billing adds to other domains' pages without them importing it: the ad slot, the plan
line on /account, the failed-payment banner, and `user.can(...)`."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from portal import clock
from portal.billing import presenters
from portal.billing.ads import choose_ad
from portal.billing.catalog import catalog
from portal.billing.entitlements import (
    entitlements,
    entitlements_by_user_id,
    holders_of,
    membership,
)
from portal.billing.forms import ActionForm
from portal.billing.plans import Entitlement


def ad_slot(slot: str) -> Markup:
    """The house-ad slot for the current visitor, or nothing when their plan is ad-free.
    Render it outside any cached part of a page: it depends on who is looking."""
    if Entitlement.AD_FREE in entitlements(current_user):
        return Markup("")
    signed_in = bool(current_user.is_authenticated)
    ad = choose_ad(slot, signed_in, request.path, clock.today())
    if ad is None:
        return Markup("")
    # Straight from the template, without Flask's context processors: the ad needs none of
    # them, and this runs on every page a visitor opens.
    template = current_app.jinja_env.get_template("billing/_ad_slot.html")
    return Markup(template.render(slot=slot, ad=ad))  # noqa: S704


def account_plan_line(user) -> Markup:
    """The plan line of /account: the plan, when it renews or ends, what cancelling changes."""
    plans = catalog()
    member = membership(user)
    return Markup(  # noqa: S704 - rendered by our own autoescaping template
        render_template(
            "billing/_account_plan.html",
            user=user,
            membership=member,
            free_plan=plans.free_plan,
            changes=presenters.changes_when_plan_ends(plans, member),
            action=ActionForm(),
        )
    )


def billing_banner() -> Markup:
    """A banner on every page while a failed renewal is in its grace period."""
    if not current_user.is_authenticated:
        return Markup("")
    member = membership(current_user)
    if not member.payment_failed:
        return Markup("")
    return Markup(  # noqa: S704
        render_template("billing/_payment_failed.html", membership=member, action=ActionForm())
    )


def entitled(name: str) -> bool:
    """For templates: may the current visitor use `name`?"""
    return name in entitlements(current_user)


def register(app: Flask) -> None:
    app.extensions["portal.entitlements"] = entitlements
    app.extensions["portal.entitlements_by_user_id"] = entitlements_by_user_id
    app.extensions["portal.entitlement_holders"] = holders_of
    app.extensions["portal.plan_label"] = account_plan_line
    app.jinja_env.globals.update(ad_slot=ad_slot, billing_banner=billing_banner, entitled=entitled)
    app.add_template_filter(presenters.local_date, "billing_date")
