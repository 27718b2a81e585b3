"""/account/tokens: a signed-in person makes personal access tokens for the API, sees each
secret once, and revokes them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal import clock
from portal.accounts.access import login_required
from portal.api import services, tokens_bp
from portal.api.forms import RevokeForm, TokenForm
from portal.api.models import Scope


def _page(form: TokenForm, issued: services.IssuedToken | None = None, status: int = 200):
    return (
        render_template(
            "api/tokens.html",
            form=form,
            revoke=RevokeForm(),
            tokens=services.live_tokens(current_user.id),
            issued=issued,
            now=clock.now(),
        ),
        status,
    )


@tokens_bp.get("/account/tokens")
@login_required
def tokens():
    return _page(TokenForm())


@tokens_bp.post("/account/tokens")
@login_required
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        issued = services.issue_token(
            current_user._get_current_object(),
            form.name.data,
            Scope(form.scope.data),
            form.expires_on.data,
        )
    except services.TokenLimitReached as error:
        form.name.errors.append(str(error))
        return _page(form, status=400)
    # Shown in this answer only (never put in the session, which is a signed, readable
    # cookie); the page is personal, so nothing keeps it (accounts.sessions).
    return _page(TokenForm(formdata=None), issued=issued)


@tokens_bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if not RevokeForm().validate_on_submit():
        abort(400)
    if not services.revoke_token(current_user.id, token_id):
        abort(404)
    flash("The token is revoked: programs using it can no longer reach your account.", "success")
    return redirect(url_for("api_tokens.tokens"), 303)
