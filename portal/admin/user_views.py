"""Users: search, one account's plan and billing, and the admin's changes to it."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts import services as accounts
from portal.accounts.models import Role, User
from portal.admin import USER_FACTS_KEY, audit, bp, users
from portal.admin.consultant_views import consultant_panel
from portal.admin.forms import ActionForm, ComplimentaryForm
from portal.billing import services as billing
from portal.billing.catalog import catalog
from portal.billing.entitlements import membership
from portal.extensions import db
from portal.resumes import services as resumes
from portal.resumes import sharing as resume_sharing


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _back(user: User):
    return redirect(url_for("admin.user_detail", user_id=user.id), 303)


@bp.get("/users")
def user_list():
    text = request.args.get("q", "")[:200]
    return render_template("admin/users.html", users=users.search(text), q=text)


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int, comp_form: ComplimentaryForm | None = None):
    user = _user(user_id)
    subscriptions, customer = billing.billing_records(user.id)
    customer_url = (
        users.stripe_customer_url(
            customer.stripe_customer_id, current_app.config.get("STRIPE_SECRET_KEY")
        )
        if customer and customer.stripe_customer_id
        else None
    )
    return render_template(
        "admin/user_detail.html",
        user=user,
        membership=membership(user),
        subscriptions=subscriptions,
        customer=customer,
        customer_url=customer_url,
        form=ActionForm(),
        comp_form=comp_form or ComplimentaryForm(),
        resume_address=resumes.custom_address_of(user.id),
        consultant=consultant_panel(user.id),
        facts={
            label: compute(user.id)
            for label, compute in current_app.extensions[USER_FACTS_KEY].items()
        },
    ), (422 if comp_form is not None else 200)


def _checked() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.post("/users/<int:user_id>/complimentary")
def user_grant(user_id: int):
    user = _user(user_id)
    form = ComplimentaryForm()
    if not form.validate_on_submit():
        return user_detail(user_id, comp_form=form)
    paid = catalog().paid_plans
    if not paid:
        flash("There is no paid plan to give.", "error")
        return _back(user)
    plan = paid[-1]
    _, customer = billing.billing_records(user.id)
    before = (
        {"plan": customer.complimentary_plan, "until": str(customer.complimentary_until)}
        if customer and customer.complimentary_until
        else None
    )
    billing.grant_complimentary(user.id, plan.key, form.until.data)
    audit.record(
        "user.grant_complimentary",
        f"user {user.email}",
        before,
        {"plan": plan.key, "until": form.until.data.isoformat()},
    )
    db.session.commit()
    flash(
        f"{user.email} has complimentary {plan.name} until {form.until.data:%d %B %Y}.", "success"
    )
    return _back(user)


@bp.post("/users/<int:user_id>/complimentary/remove")
def user_revoke(user_id: int):
    user = _user(user_id)
    _checked()
    _, customer = billing.billing_records(user.id)
    if customer and customer.complimentary_until:
        before = {"plan": customer.complimentary_plan, "until": str(customer.complimentary_until)}
        billing.revoke_complimentary(user.id)
        audit.record("user.revoke_complimentary", f"user {user.email}", before, None)
        db.session.commit()
        flash("Complimentary access removed.", "success")
    else:
        flash("This account has no complimentary access.", "info")
    return _back(user)


@bp.post("/users/<int:user_id>/deactivate")
def user_deactivate(user_id: int):
    return _set_active(_user(user_id), False)


@bp.post("/users/<int:user_id>/activate")
def user_activate(user_id: int):
    return _set_active(_user(user_id), True)


def _set_active(user: User, active: bool):
    _checked()
    try:
        if not active:
            users.check_deactivation(current_user, user)
    except users.RefusedChange as error:
        flash(str(error), "error")
        return _back(user)
    if user.is_active != active:
        audit.record(
            "user.activate" if active else "user.deactivate",
            f"user {user.email}",
            {"active": user.is_active},
            {"active": active},
        )
        accounts.set_active(user, active)  # commits, with the audit entry
    flash(
        "Account reactivated." if active else "Account deactivated; its sessions ended.", "success"
    )
    return _back(user)


@bp.post("/users/<int:user_id>/admin")
def user_make_admin(user_id: int):
    return _set_role(_user(user_id), Role.ADMIN)


@bp.post("/users/<int:user_id>/admin/remove")
def user_remove_admin(user_id: int):
    return _set_role(_user(user_id), Role.USER)


def _set_role(user: User, role: Role):
    _checked()
    before = str(user.role)
    try:
        users.set_role(current_user, user, role)
    except users.RefusedChange as error:
        flash(str(error), "error")
        return _back(user)
    if before != str(role):
        audit.record("user.role", f"user {user.email}", {"role": before}, {"role": str(role)})
        db.session.commit()
    flash(
        f"{user.email} is {'an admin' if role == Role.ADMIN else 'no longer an admin'}.", "success"
    )
    return _back(user)


@bp.post("/users/<int:user_id>/resume-address/remove")
def user_take_resume_address(user_id: int):
    """Take away a custom resume address that impersonates someone: it stops answering (410)
    and nobody can choose it again; the resume keeps its generated address."""
    user = _user(user_id)
    _checked()
    slug = resumes.custom_address_of(user.id)
    if slug is None or resume_sharing.take_away(slug) is None:
        flash("This account has no custom resume address.", "info")
        return _back(user)
    audit.record("resume.take_address", f"user {user.email}", {"address": f"/r/{slug}"}, None)
    db.session.commit()
    flash(f"/r/{slug} is taken away and reserved for nobody.", "success")
    return _back(user)
