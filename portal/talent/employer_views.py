"""Asking to be an employer: the request form, and the link that confirms the work email."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts import tokens
from portal.accounts.access import login_required
from portal.background_mail import send_email_in_background
from portal.extensions import db
from portal.talent import bp, employers
from portal.talent.forms import JoinForm


@bp.route("/employers/join", methods=["GET", "POST"])
@login_required
def join():
    membership = employers.membership_of(current_user.id)
    form = JoinForm()
    if membership is not None and not form.is_submitted():
        form = JoinForm(
            data={
                "company": membership.company.name,
                "work_email": membership.work_email,
                "website": membership.company.website,
            }
        )
    if form.validate_on_submit():
        try:
            membership = employers.ask_to_join(
                current_user,
                form.company.data.strip(),
                form.work_email.data.strip().lower(),
                form.website.data.strip(),
            )
        except employers.EmployerError as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            return redirect(url_for("talent.join"), 303)
        link = employers.confirmation_link(membership)
        db.session.commit()
        sent = send_email_in_background(
            membership.work_email,
            "talent_work_email",
            patience=current_app.config.get("MAIL_WAIT_SECONDS", 0),
            company=membership.company.name,
            link=link,
        )
        if sent:
            flash(f"We sent a link to {membership.work_email}. Open it to confirm.", "success")
        else:
            flash("We could not send the confirmation mail. Please try again later.", "error")
        return redirect(url_for("talent.join"), 303)
    return render_template("talent/join.html", form=form, membership=membership), (
        422 if form.errors else 200
    )


@bp.get("/employers/confirm/<token>")
def confirm_work_email(token: str):
    try:
        membership = employers.confirm_work_email(token)
    except tokens.TokenError as error:
        message = "This link has expired." if error.expired else "This link is not valid."
        return render_template("talent/confirm_failed.html", message=message), 400
    except employers.EmployerError as refusal:
        return render_template("talent/confirm_failed.html", message=str(refusal)), 400
    db.session.commit()
    flash(
        f"{membership.work_email} is confirmed. An admin will look at your request soon.",
        "success",
    )
    target = "talent.join" if current_user.is_authenticated else "accounts.login"
    return redirect(url_for(target), 303)
