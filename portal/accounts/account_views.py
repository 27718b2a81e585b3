"""The account pages: details, email, password, data download and deletion."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal import clock
from portal.accounts import emails, privacy, services, sessions, throttle
from portal.accounts.blueprint import bp
from portal.accounts.forms import (
    ActionForm,
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    ProfileForm,
)
from portal.accounts.services import AccountError, LinkError, WrongPassword


def _user():
    return current_user._get_current_object()


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    user = _user()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        services.update_profile(user, form.name.data, form.time_zone.data)
        flash("Your details are saved.", "success")
        return redirect(url_for("accounts.account"), 303)
    return render_template("accounts/account.html", user=user, form=form, action=ActionForm())


@bp.post("/account/confirm/resend")
@login_required
@throttle.limit_signed_in_mail
def resend_own_confirmation():
    user = _user()
    if user.email_confirmed:
        flash("Your email address is already confirmed.", "info")
    elif emails.send_confirmation(user):
        flash(f"We sent a new confirmation link to {user.email}.", "success")
    else:
        flash("We could not send the mail just now. Please try again in a few minutes.", "error")
    return redirect(url_for("accounts.account"), 303)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@throttle.limit_signed_in_mail
def change_email():
    user = _user()
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            outcome = services.request_email_change(user, form.email.data, form.password.data)
        except AccountError as error:
            field = form.password if isinstance(error, WrongPassword) else form.email
            field.errors.append(str(error))
        else:
            if outcome.mail_sent:
                flash(
                    f"We sent a link to {outcome.email}. Your address changes when you follow "
                    "it (within 24 hours).",
                    "success",
                )
            else:
                flash("We could not send the mail just now. Please try again later.", "error")
            return redirect(url_for("accounts.account"), 303)
    return render_template("accounts/change_email.html", user=user, form=form)


@bp.get("/account/email/confirm/<token>")
def confirm_email_change(token: str):
    try:
        user = services.confirm_email_change(token)
    except LinkError as error:
        return render_template("accounts/link_problem.html", error=error, kind="email"), 400
    except AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("accounts.account"), 303)
    flash(f"Your email address is now {user.email}.", "success")
    return redirect(url_for("accounts.account"), 303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    user = _user()
    form = ChangePasswordForm()
    form.account_email, form.account_name = user.email, user.name
    if form.validate_on_submit():
        try:
            services.change_password(user, form.current_password.data, form.password.data)
        except AccountError as error:
            form.current_password.errors.append(str(error))
        else:
            sessions.resume_after_token_change(user)
            flash("Your password is changed. You were signed out everywhere else.", "success")
            return redirect(url_for("accounts.account"), 303)
    return render_template("accounts/change_password.html", form=form)


@bp.get("/account/export")
@login_required
def export():
    user = _user()
    body = privacy.export_json(user)
    filename = f"career-portal-data-{clock.today().isoformat()}.json"
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.no_store = True
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            privacy.delete_account(_user(), form.password.data)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            sessions.sign_out()
            flash("Your account and its personal data are deleted.", "success")
            return redirect(url_for("site.home"), 303)
    return render_template("accounts/delete.html", form=form)
