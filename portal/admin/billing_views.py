"""Plans, house ads and the Stripe webhook events received."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from portal.admin import audit, bp, events, plans
from portal.admin.forms import ActionForm, AdForm, PlanForm
from portal.billing.models import HouseAd, Plan, WebhookFailure
from portal.billing.plans import Entitlement
from portal.extensions import db


def form_posted() -> bool:
    return request.method == "POST"


def _plan(plan_id: int) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        abort(404)
    return plan


def _plan_snapshot(plan: Plan) -> dict:
    return {"active": plan.active, **plan.document}


@bp.get("/plans")
def plan_list():
    return render_template("admin/plans.html", plans=plans.all_plans(), form=ActionForm())


@bp.route("/plans/<int:plan_id>", methods=["GET", "POST"])
def plan_edit(plan_id: int):
    plan = _plan(plan_id)
    form = PlanForm(
        data=None
        if form_posted()
        else {
            "name": plan.name,
            "price": f"{plan.price_cents / 100:.2f}",
            "tagline": plan.document.get("tagline", ""),
            "features": "\n".join(plan.document.get("features", [])),
            "entitlements": plan.document.get("entitlements", []),
        }
    )
    form.entitlements.choices = [SelectChoice(item.value) for item in Entitlement]
    error = None
    if form.validate_on_submit():
        before = _plan_snapshot(plan)
        changes = {
            "name": form.name.data,
            "price_cents": plans.price_cents(form.price.data),
            "tagline": form.tagline.data,
            "features": [line.strip() for line in form.features.data.splitlines() if line.strip()],
            "entitlements": form.entitlements.data,
        }
        try:
            outcome = plans.edit_plan(plan, changes)
        except plans.PlanEditError as problem:
            db.session.rollback()
            error = str(problem)
        else:
            audit.record("plan.edit", f"plan {plan.key}", before, _plan_snapshot(plan))
            db.session.commit()
            plans.after_commit()
            stripe = f" Stripe price: {outcome}." if outcome else ""
            flash(f"Saved {plan.name}.{stripe}", "success")
            return redirect(url_for("admin.plan_list"), 303)
    status = 422 if (error or form.errors) else 200
    return render_template("admin/plan_edit.html", plan=plan, form=form, error=error), status


@bp.post("/plans/<int:plan_id>/retire")
def plan_retire(plan_id: int):
    return _set_plan_active(_plan(plan_id), False)


@bp.post("/plans/<int:plan_id>/activate")
def plan_activate(plan_id: int):
    return _set_plan_active(_plan(plan_id), True)


def _set_plan_active(plan: Plan, active: bool):
    if not ActionForm().validate_on_submit():
        abort(400)
    was = plan.active
    try:
        plans.set_plan_active(plan, active)
    except plans.PlanEditError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.plan_list"), 303)
    if was != active:
        audit.record(
            "plan.activate" if active else "plan.retire",
            f"plan {plan.key}",
            {"active": was},
            {"active": active},
        )
        db.session.commit()
        plans.after_commit()
    flash(f"{plan.name} is {'offered' if active else 'retired'}.", "success")
    return redirect(url_for("admin.plan_list"), 303)


@bp.get("/ads")
def ad_list():
    return render_template("admin/ads.html", ads=plans.all_ads())


def ad_form_data(ad: HouseAd) -> dict:
    """The stored ad as the form shows it: run dates are ISO strings in the document."""
    dates = {
        name: dt.date.fromisoformat(ad.document[name]) if ad.document.get(name) else None
        for name in ("starts_on", "ends_on")
    }
    return {**ad.document, **dates, "active": ad.active}


@bp.route("/ads/<int:ad_id>", methods=["GET", "POST"])
def ad_edit(ad_id: int):
    ad = db.session.get(HouseAd, ad_id)
    if ad is None:
        abort(404)
    form = AdForm(data=None if form_posted() else ad_form_data(ad))
    error = None
    if form.validate_on_submit():
        before = {"active": ad.active, **ad.document}
        try:
            plans.edit_ad(
                ad,
                {
                    "headline": form.headline.data,
                    "body": form.body.data,
                    "link_url": form.link_url.data.strip(),
                    "link_text": form.link_text.data,
                    "audience": form.audience.data.strip(),
                    "active": form.active.data,
                    "starts_on": form.starts_on.data,
                    "ends_on": form.ends_on.data,
                },
            )
        except plans.PlanEditError as problem:
            db.session.rollback()
            error = str(problem)
        else:
            audit.record("ad.edit", f"ad {ad.key}", before, {"active": ad.active, **ad.document})
            db.session.commit()
            plans.after_commit()
            flash("Ad saved.", "success")
            return redirect(url_for("admin.ad_list"), 303)
    status = 422 if (error or form.errors) else 200
    return render_template("admin/ad_edit.html", ad=ad, form=form, error=error), status


@bp.get("/billing/events")
def billing_events():
    return render_template(
        "admin/billing_events.html",
        events=events.handled_events(),
        failures=events.open_failures(),
        form=ActionForm(),
    )


@bp.post("/billing/failures/<int:failure_id>/reprocess")
def billing_reprocess(failure_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    failure = db.session.get(WebhookFailure, failure_id)
    if failure is None:
        abort(404)
    target = f"stripe event {failure.stripe_event_id}"
    try:
        outcome = events.reprocess(failure)
    except events.ReprocessFailed as error:
        audit.record("billing.reprocess", target, None, {"result": "failed", "error": str(error)})
        db.session.commit()
        flash(f"It failed again: {error}", "error")
    else:
        audit.record("billing.reprocess", target, None, {"result": outcome})
        db.session.commit()
        flash(f"Reprocessed {failure.type}: {outcome}.", "success")
    return redirect(url_for("admin.billing_events"), 303)
