"""A person's own data: download it all, or delete the account and its personal data."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from flask import current_app

from portal.accounts import passwords
from portal.accounts.models import User
from portal.accounts.services import AccountError
from portal.accounts.signals import account_deleting, data_exporters
from portal.extensions import db

log = logging.getLogger(__name__)


def export_json(user: User) -> str:
    """`export_data` as the JSON document the person downloads."""
    return json.dumps(export_data(user), indent=2, ensure_ascii=False, default=_json_value)


def _json_value(value: Any) -> Any:
    # Exporters hand over datetimes as they are, and this is the one place they are written:
    # every time in the file reads the same way, UTC with a Z (naive ones are UTC, as stored).
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def export_data(user: User) -> dict[str, Any]:
    """Everything we hold about the person, as JSON-able data (datetimes as they are; see
    `export_json`); other domains add their part through `register_data_exporter`."""
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "name": user.name,
            "role": str(user.role),
            "time_zone": user.time_zone,
            "email_confirmed_at": user.email_confirmed_at,
            "created_at": user.created_at,
            "last_signed_in_at": user.last_signed_in_at,
        }
    }
    for name, exporter in data_exporters().items():
        data[name] = exporter(user)
    return data


def delete_account(user: User, password: str) -> None:
    """Remove the account after checking its password. Receivers of `account_deleting` run in
    the same transaction; if one fails, nothing is deleted."""
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError("That password is not right, so your account was not deleted.")
    try:
        account_deleting.send(current_app._get_current_object(), user=user)
        db.session.delete(user)
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        log.exception("Deleting account %s failed", user.id)
        raise AccountError(
            "We could not delete your account just now. Nothing was removed; please try again "
            "later or contact us."
        ) from error
