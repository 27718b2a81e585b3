"""Digest messages: what a batch renders, the parts every digest of one search shares made once.

Every digest of one search and window says the same thing but for three fields: the reader's
name, the alert's name and its unsubscribe link. So the templates are rendered once per search,
window and frequency with a stand-in for each field (a mail merge), and each digest is that text
with the fields filled in: string joins instead of three template renders per message.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app
from markupsafe import Markup, escape

from portal.alerts.matching import Matches
from portal.alerts.models import Frequency
from portal.alerts.tokens import UnsubscribeSigner
from portal.mail import Composer, Outgoing
from portal.urls import absolute_url

if TYPE_CHECKING:
    from portal.alerts.due import DueAlert

# Stand-ins for the fields: the private use area's first character around a random word, made
# anew for each batch. No template or filter changes them, HTML escaping leaves them as they
# are, and no posting can hold one by chance or on purpose (its text may hold the character).
MARK = "\ue000"
FIELDS = ("name", "user_name", "unsubscribe_url")


class StandIns:
    """One batch's stand-ins, and the pattern that finds them in a rendered text."""

    def __init__(self) -> None:
        nonce = secrets.token_hex(8)
        self.by_field = {field: f"{MARK}{nonce}-{field}{MARK}" for field in FIELDS}
        self.field_of = {stand_in: field for field, stand_in in self.by_field.items()}
        self.pattern = re.compile("(" + "|".join(map(re.escape, self.field_of)) + ")")

    def alert(self, frequency: Frequency) -> StandInAlert:
        return StandInAlert(frequency, self.by_field["name"], self.by_field["user_name"])


@dataclass(frozen=True)
class StandInAlert:
    """What the digest templates read of an alert, with stand-ins for the per-person fields."""

    frequency: Frequency
    name: str
    user_name: str


class Merge:
    """A rendered text with holes, filled per message."""

    def __init__(self, rendered: str, stand_ins: StandIns) -> None:
        split = stand_ins.pattern.split(rendered)
        self.pieces = split[0::2]  # the text between the fields
        self.fields = [stand_ins.field_of[hole] for hole in split[1::2]]  # the field at each hole

    def fill(self, values: dict[str, str]) -> str:
        parts = [self.pieces[0]]
        for field, piece in zip(self.fields, self.pieces[1:], strict=True):
            parts.append(values[field])
            parts.append(piece)
        return "".join(parts)


class DigestWriter:
    """Digest messages for one batch. The links shared by every digest are made once, the job
    list once per search and window, and the rest once per search, window and frequency."""

    def __init__(self) -> None:
        self.composer = Composer("job_digest")
        self.signer = UnsubscribeSigner(current_app.config["SECRET_KEY"])
        self.manage_url = absolute_url("alerts.index")
        # The unsubscribe link differs only by its token, which is URL-safe as it is.
        marker = "TOKEN"
        self.unsubscribe_url = absolute_url("alerts.unsubscribe", token=marker).rpartition(marker)
        self.stand_ins = StandIns()
        # Keyed by identity, holding the Matches itself so that its id is not reused.
        self._merges: dict[tuple[int, Frequency], tuple[Matches, tuple[Merge, ...]]] = {}

    def write(self, alert: DueAlert, matches: Matches, window_end: dt.datetime) -> Outgoing:
        """The digest of `alert` for the window ending at `window_end`. Its Message-ID names the
        alert and the window: a digest sent again (a run killed between the mail server's
        answer and the mark, portal/alerts/ledger.py) is the same message, and mail services
        that keep one message per Message-ID show it once."""
        before, _, after = self.unsubscribe_url
        unsubscribe_url = before + self.signer.token(alert.id, alert.user_id) + after
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        plain = {
            "name": alert.name,
            "user_name": alert.user_name,
            "unsubscribe_url": unsubscribe_url,
        }
        html = {field: str(escape(value)) for field, value in plain.items()}
        subject, text, body = self._merged(matches, alert.frequency)
        return self.composer.message(
            alert.email,
            subject.fill(plain),
            text.fill(plain),
            body.fill(html),
            extra_headers=headers,
            message_id=f"alert-{alert.id}.{window_end:%Y%m%dT%H%M%S}",
        )

    def _merged(self, matches: Matches, frequency: Frequency) -> tuple[Merge, ...]:
        key = (id(matches), frequency)
        if key not in self._merges:
            stand_ins = self.stand_ins
            rendered = self.composer.render(
                alert=stand_ins.alert(frequency),
                matches=matches,
                jobs_text=self.composer.fragment("jobs.txt", matches=matches),
                jobs_html=Markup(self.composer.fragment("jobs.html", matches=matches)),  # noqa: S704
                manage_url=self.manage_url,
                unsubscribe_url=stand_ins.by_field["unsubscribe_url"],
            )
            self._merges[key] = (matches, tuple(Merge(part, stand_ins) for part in rendered))
        return self._merges[key][1]
