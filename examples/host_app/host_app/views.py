"""The host's own pages: its job ads, joining, signing in, and the member's page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length

from host_app import db
from host_app.models import JobAd, Member
from portal.billing import account_plan_line, can

bp = Blueprint("site", __name__)


class JoinForm(FlaskForm):
    full_name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    email_address = EmailField("Email", validators=[DataRequired(), Email()])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=8)])


class LoginForm(FlaskForm):
    email_address = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


@bp.get("/")
def home():
    ads = db.session.scalars(select(JobAd).order_by(JobAd.posted_at.desc()).limit(20))
    return render_template("home.html", ads=list(ads))


@bp.route("/join", methods=["GET", "POST"])
def join():
    form = JoinForm()
    if form.validate_on_submit():
        email = form.email_address.data.strip().lower()
        if db.session.scalar(select(Member).where(Member.email_address == email)):
            form.email_address.errors.append("That address already has an account.")
        else:
            member = Member(email_address=email, full_name=form.full_name.data)
            member.set_password(form.password.data)
            db.session.add(member)
            db.session.commit()
            login_user(member)
            return redirect(url_for("site.me"), 303)
    return render_template("form.html", form=form, title="Join Acme Jobs")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email_address.data.strip().lower()
        member = db.session.scalar(select(Member).where(Member.email_address == email))
        if member and member.check_password(form.password.data):
            login_user(member)
            target = request.args.get("next", "")
            # Only a path on this site: never an open redirect.
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("site.me")
            return redirect(target, 303)
        flash("That email and password do not match.", "error")
    return render_template("form.html", form=form, title="Sign in")


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("site.home"), 303)


@bp.get("/me")
@login_required
def me():
    return render_template(
        "me.html",
        plan_line=account_plan_line(current_user),
        ad_free=can(current_user, "ad_free"),
    )
