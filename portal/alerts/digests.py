"""Digest messages: what a batch renders, the parts every digest of one search shares made once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from markupsafe import Markup

from portal.alerts.matching import Matches
from portal.alerts.tokens import UnsubscribeSigner
from portal.mail import Composer, Outgoing, absolute_url

if TYPE_CHECKING:
    from portal.alerts.sending import DueAlert


class DigestWriter:
    """Digest messages for one batch. The links shared by every digest are made once, and the
    job list once per search and window (every digest of that search lists the same jobs)."""

    def __init__(self) -> None:
        self.composer = Composer("job_digest")
        self.signer = UnsubscribeSigner(current_app.config["SECRET_KEY"])
        self.manage_url = absolute_url("alerts.index")
        # The unsubscribe link differs only by its token, which is URL-safe as it is.
        marker = "TOKEN"
        self.unsubscribe_url = absolute_url("alerts.unsubscribe", token=marker).rpartition(marker)
        self._job_lists: dict[int, tuple[Matches, str, Markup]] = {}

    def job_list(self, matches: Matches) -> tuple[str, Markup]:
        # Keyed by identity, holding the Matches itself so that its id is not reused.
        if id(matches) not in self._job_lists:
            text = self.composer.fragment("jobs.txt", matches=matches)
            html = Markup(self.composer.fragment("jobs.html", matches=matches))  # noqa: S704
            self._job_lists[id(matches)] = (matches, text, html)
        _, text, html = self._job_lists[id(matches)]
        return text, html

    def write(self, alert: DueAlert, matches: Matches) -> Outgoing:
        before, _, after = self.unsubscribe_url
        unsubscribe_url = before + self.signer.token(alert.id, alert.user_id) + after
        jobs_text, jobs_html = self.job_list(matches)
        return self.composer.compose(
            alert.email,
            extra_headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            alert=alert,
            matches=matches,
            jobs_text=jobs_text,
            jobs_html=jobs_html,
            manage_url=self.manage_url,
            unsubscribe_url=unsubscribe_url,
        )
