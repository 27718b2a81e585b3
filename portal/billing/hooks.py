"""What billing adds to other pages without them importing it: the ad slot, the plan line of an
account page, the failed-payment banner, and `billing_entitled(name)` for templates."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from markupsafe import Markup

from portal import clock
from portal.billing import presenters
from portal.billing.access import signed_in, visitor
from portal.billing.ads import choose_ad
from portal.billing.catalog import catalog
from portal.billing.entitlements import entitlements, membership
from portal.billing.forms import ActionForm
from portal.billing.plans import Entitlement
from portal.billing.state import host_url


def ad_slot(slot: str) -> Markup:
    """The house-ad slot for the current visitor, or nothing when their plan is ad-free.
    Render it outside any cached part of a page: it depends on who is looking."""
    if Entitlement.AD_FREE in entitlements(visitor()):
        return Markup("")
    ad = choose_ad(slot, signed_in(), request.path, clock.today())
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
    if not signed_in():
        return Markup("")
    member = membership(visitor())
    if not member.payment_failed:
        return Markup("")
    return Markup(  # noqa: S704
        render_template("billing/_payment_failed.html", membership=member, action=ActionForm())
    )


def entitled(name: str) -> bool:
    """For templates: may the current visitor use `name`?"""
    return name in entitlements(visitor())


def register(app: Flask) -> None:
    """Template globals and filters, all prefixed so none replaces a host's own."""
    app.add_template_global(ad_slot, "billing_ad_slot")
    app.add_template_global(billing_banner, "billing_banner")
    app.add_template_global(entitled, "billing_entitled")
    app.add_template_global(visitor, "billing_visitor")
    app.add_template_global(host_url, "billing_url")
    app.add_template_filter(presenters.local_date, "billing_date")
