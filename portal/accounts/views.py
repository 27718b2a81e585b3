"""Getting in and out: register, confirm an address, sign in and out, reset a password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from portal.accounts import services, sessions, throttle
from portal.accounts.blueprint import bp
from portal.accounts.forms import (
    EmailOnlyForm,
    RegisterForm,
    ResetPasswordForm,
    SignInForm,
)
from portal.accounts.redirects import safe_next_path
from portal.accounts.services import AccountError, LinkError

REGISTERED = "accounts.registered"


@bp.route("/register", methods=["GET", "POST"])
@throttle.limit_registration
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            outcome = services.register(
                form.email.data, form.name.data, form.password.data, form.time_zone.data
            )
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            # Post/redirect/get: reloading the next page must not register again.
            session[REGISTERED] = {"email": outcome.email, "mail_sent": outcome.mail_sent}
            return redirect(url_for("accounts.registered"), 303)
    return render_template("accounts/register.html", form=form)


@bp.get("/register/sent")
def registered():
    outcome = session.get(REGISTERED)
    if not isinstance(outcome, dict):
        return redirect(url_for("accounts.register"))
    return render_template(
        "accounts/registered.html",
        email=outcome.get("email", ""),
        mail_sent=outcome.get("mail_sent", False),
        form=EmailOnlyForm(email=outcome.get("email", "")),
    )


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    try:
        user = services.confirm_email(token)
    except LinkError as error:
        return render_template("accounts/link_problem.html", error=error, kind="confirm"), 400
    flash(f"Thank you: {user.email} is confirmed.", "success")
    return redirect(
        url_for("accounts.account" if current_user.is_authenticated else "accounts.login")
    )


@bp.route("/confirm/resend", methods=["GET", "POST"])
@throttle.limit_mail_form
def resend_confirmation():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        email = services.resend_confirmation(form.email.data)
        flash(
            f"If {email} belongs to an account that still needs confirming, a new "
            "link is on its way. It works for 7 days.",
            "info",
        )
        return redirect(url_for("accounts.login"), 303)
    return render_template("accounts/resend_confirmation.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_path = safe_next_path(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("accounts.account"))
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        # Counted before the password is checked: raises TooManyAttempts (a 429 page).
        attempt = throttle.count_sign_in_attempt(form.email.data)
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except AccountError as problem:
            error = str(problem)
        else:
            attempt.succeeded()
            sessions.sign_in(user, remember=form.remember.data)
            if not user.email_confirmed:
                flash(
                    "Please confirm your email address: follow the link we sent you. Your "
                    "account page can send it again.",
                    "info",
                )
            return redirect(next_path or url_for("accounts.account"), 303)
    return render_template("accounts/login.html", form=form, error=error)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # Ends every session of the account, including remember-me cookies elsewhere: a copied
        # cookie is worth nothing after sign-out.
        services.end_all_sessions(current_user._get_current_object())
        sessions.sign_out()
        flash("You have signed out.", "success")
    return redirect(url_for("site.home"), 303)


@bp.route("/reset-password", methods=["GET", "POST"])
@throttle.limit_mail_form
def request_password_reset():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        email = services.request_password_reset(form.email.data)
        return render_template("accounts/reset_sent.html", email=email)
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = services.user_for_reset_token(token)
    except LinkError as error:
        return render_template("accounts/link_problem.html", error=error, kind="reset"), 400
    form = ResetPasswordForm()
    form.account_email, form.account_name = user.email, user.name
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except LinkError as error:
            return render_template("accounts/link_problem.html", error=error, kind="reset"), 400
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            flash("Your password is changed. Please sign in with it.", "success")
            return redirect(url_for("accounts.login"), 303)
    return render_template("accounts/reset_form.html", form=form)
