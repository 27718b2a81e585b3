"""The one way the portal sends mail: `send_email(to, template, **context)`.

Each message is three templates in `templates/email/<template>/`: `subject.txt`, `body.txt` and
`body.html`, sent as one multipart/alternative message. With `MAIL_SERVER` set, mail goes out by
SMTP; without it, each message is written as an `.eml` file to `instance/outbox/` (or
`MAIL_OUTBOX_DIR`) and its path logged, so a developer's machine needs no mail server.

Sending many messages (alert digests) reuses one connection:

    with mail_connection() as connection:
        for user in users:
            send_email(user.email, "digest", connection=connection,
                       extra_headers={"List-Unsubscribe": f"<{unsubscribe_url}>"}, user=user)

A batch renders many messages of one kind: `Composer(template)` looks its templates up once and
writes each message as bytes (`portal.mime`), far cheaper than EmailMessage:

    composer = Composer("job_digest")
    with mail_connection() as connection:
        for alert in alerts:
            message = composer.compose(alert.email, extra_headers=..., alert=alert)
            connection.send(message)

Mail that a request sends goes through `portal.background_mail`, so no request waits on the
mail server.

Plain smtplib and EmailMessage: the standard library does all we need, and a batch sender wants
control over the connection that mail extensions hide.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Protocol

from flask import Flask, current_app, render_template

from portal import clock, mime


class MailError(Exception):
    """The message could not be handed to the mail server (it is down, refused it, ...)."""


@dataclass(frozen=True)
class MailSettings:
    server: str | None
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    timeout: int
    outbox: Path
    logger: logging.Logger
    # Without a mail server, mail written to the outbox is routine on a developer's machine and
    # a warning anywhere else: it reaches nobody.
    outbox_log_level: int

    @classmethod
    def of(cls, app: Flask) -> MailSettings:
        config = app.config
        outbox = config.get("MAIL_OUTBOX_DIR") or Path(app.instance_path) / "outbox"
        return cls(
            server=config.get("MAIL_SERVER"),
            port=int(config.get("MAIL_PORT") or 25),
            username=config.get("MAIL_USERNAME"),
            password=config.get("MAIL_PASSWORD"),
            use_tls=bool(config.get("MAIL_USE_TLS")),
            timeout=int(config.get("MAIL_TIMEOUT") or 10),
            outbox=Path(outbox),
            logger=app.logger,
            outbox_log_level=logging.INFO if app.debug or app.testing else logging.WARNING,
        )


@dataclass(frozen=True)
class RawMessage:
    """A message already written as SMTP DATA, with its envelope."""

    sender: str  # the envelope sender's address
    to: str
    message_id: str
    data: bytes


Outgoing = EmailMessage | RawMessage


class Connection(Protocol):
    def send(self, message: Outgoing) -> None: ...

    def close(self) -> None: ...


class SMTPConnection:
    """One SMTP session, opened on the first message and reused for the next ones."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        settings = self.settings
        smtp = smtplib.SMTP(settings.server or "", settings.port, timeout=settings.timeout)
        try:
            if settings.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: Outgoing) -> None:
        try:
            if self._smtp is None:
                self._smtp = self._open()
            try:
                self._hand_over(self._smtp, message)
            except smtplib.SMTPServerDisconnected:
                # Servers drop connections that stay open long or carry many messages: reconnect
                # once and go on with the batch.
                self._smtp = self._open()
                self._hand_over(self._smtp, message)
        except (OSError, smtplib.SMTPException) as error:
            to = message.to if isinstance(message, RawMessage) else message["To"]
            raise MailError(f"could not send mail to {to}: {error}") from error

    @staticmethod
    def _hand_over(smtp: smtplib.SMTP, message: Outgoing) -> None:
        if isinstance(message, EmailMessage):
            smtp.send_message(message)
            return
        smtp.ehlo_or_helo_if_needed()
        _send_raw(smtp, message)

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


def _send_raw(smtp: smtplib.SMTP, message: RawMessage) -> None:
    """One SMTP transaction for a message written as DATA already, as smtplib's `sendmail` runs
    it but for what a RawMessage makes needless: re-parsing two bare addresses and rewriting
    every line end (its data has CRLF ends only). Half the CPU of `sendmail` per message; its
    replies raise the same errors."""
    options = ""
    if smtp.has_extn("size"):
        options += f" SIZE={len(message.data)}"
    if smtp.has_extn("8bitmime") and not message.data.isascii():
        options += " BODY=8BITMIME"
    code, reply = smtp.docmd("MAIL", f"FROM:<{message.sender}>{options}")
    if code != 250:
        _give_up(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, message.sender)
    code, reply = smtp.docmd("RCPT", f"TO:<{message.to}>")
    if code not in (250, 251):
        _give_up(smtp, code)
        raise smtplib.SMTPRecipientsRefused({message.to: (code, reply)})
    code, reply = smtp.docmd("DATA")
    if code != 354:
        _give_up(smtp, code)
        raise smtplib.SMTPDataError(code, reply)
    # RFC 5321 4.5.2: a line that starts with a period gets one more.
    data = message.data.replace(b"\r\n.", b"\r\n..")
    if data.startswith(b"."):
        data = b"." + data
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    smtp.send(data + b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        _give_up(smtp, code)
        raise smtplib.SMTPDataError(code, reply)


def _give_up(smtp: smtplib.SMTP, code: int) -> None:
    """After a refusal: a server that is closing (421) is left; otherwise the transaction is
    reset, so the connection can carry the next message."""
    if code == 421:
        smtp.close()
        return
    with suppress(smtplib.SMTPServerDisconnected):
        smtp.rset()


class OutboxConnection:
    """Writes each message as an .eml file instead of sending it."""

    def __init__(self, settings: MailSettings) -> None:
        self.outbox = settings.outbox
        self.logger = settings.logger
        self.log_level = settings.outbox_log_level

    def send(self, message: Outgoing) -> None:
        stamp = clock.now_utc().strftime("%Y%m%dT%H%M%S")
        path = self.outbox / f"{stamp}-{secrets.token_hex(4)}.eml"
        raw = isinstance(message, RawMessage)
        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
            path.write_bytes(message.data if raw else message.as_bytes())
        except OSError as error:
            raise MailError(f"could not write {path}: {error}") from error
        self.logger.log(
            self.log_level,
            "No MAIL_SERVER: mail to %s (%s) written to %s",
            message.to if raw else message["To"],
            message.message_id if raw else message["Subject"],
            path,
        )

    def close(self) -> None:
        pass


def open_connection(settings: MailSettings) -> Connection:
    return SMTPConnection(settings) if settings.server else OutboxConnection(settings)


@contextmanager
def mail_connection() -> Iterator[Connection]:
    """One connection for a batch of `send_email(..., connection=...)` calls."""
    connection = open_connection(MailSettings.of(current_app))
    try:
        yield connection
    finally:
        connection.close()


def _sender() -> str:
    configured = current_app.config.get("MAIL_DEFAULT_SENDER") or "no-reply@localhost"
    name, address = parseaddr(configured)
    return formataddr((name or current_app.config.get("SITE_NAME", ""), address))


def build_message(
    to: str, template: str, *, extra_headers: Mapping[str, str] | None = None, **context: Any
) -> EmailMessage:
    """Render `templates/email/<template>/` into a multipart text and HTML message."""
    context.setdefault("site_name", current_app.config.get("SITE_NAME", ""))
    folder = f"email/{template}"
    subject = render_template(f"{folder}/subject.txt", **context)
    text = render_template(f"{folder}/body.txt", **context)
    html = render_template(f"{folder}/body.html", **context)
    sender = _sender()
    return _email_message(
        to, sender, subject, text, html, _headers(to, sender, subject, extra_headers)
    )


def _headers(
    to: str,
    sender: str,
    subject: str,
    extra_headers: Mapping[str, str] | None,
    domain: str | None = None,
    message_id: str | None = None,
) -> list[tuple[str, str]]:
    """`domain` (for the Message-ID) is the sender's; a batch passes it, worked out once.
    `message_id`: the left part of a Message-ID that names what the message is (the same
    message sent again gets the same one); a random one otherwise."""
    domain = domain or _domain_of(sender)
    named = f"<{message_id}@{domain or 'localhost'}>" if message_id else None
    headers = [
        ("Subject", " ".join(subject.split())),
        ("From", sender),
        ("To", to),
        ("Date", format_datetime(clock.now_utc())),
        ("Message-ID", named or make_msgid(domain=domain)),
    ]
    return headers + list((extra_headers or {}).items())


def _domain_of(sender: str) -> str | None:
    return parseaddr(sender)[1].rpartition("@")[2] or None


def _email_message(to, sender, subject, text, html, headers) -> EmailMessage:
    """`headers`: from `_headers`."""
    message = EmailMessage()
    for name, value in headers:
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


class Composer:
    """Many messages of one kind (a batch of digests): the templates and the sender are looked
    up once, and each message is rendered with only the context it is given (no request,
    session or context processors) and written as bytes."""

    def __init__(self, template: str) -> None:
        environment = current_app.jinja_env
        folder = f"email/{template}"
        self.subject, self.text, self.html = (
            environment.get_template(f"{folder}/{name}")
            for name in ("subject.txt", "body.txt", "body.html")
        )
        self.environment = environment
        self.folder = folder
        self.sender = _sender()
        self.envelope_sender = parseaddr(self.sender)[1]
        self.domain = _domain_of(self.sender)
        self.site_name = current_app.config.get("SITE_NAME", "")

    def fragment(self, name: str, **context: Any) -> str:
        """Another template of the folder rendered on its own: a part many messages share."""
        return self.environment.get_template(f"{self.folder}/{name}").render(context)

    def compose(
        self, to: str, *, extra_headers: Mapping[str, str] | None = None, **context: Any
    ) -> Outgoing:
        subject, text, html = self.render(**context)
        return self.message(to, subject, text, html, extra_headers=extra_headers)

    def render(self, **context: Any) -> tuple[str, str, str]:
        """The subject, text and HTML, rendered but not made into a message."""
        context.setdefault("site_name", self.site_name)
        return tuple(part.render(context) for part in (self.subject, self.text, self.html))

    def message(
        self,
        to: str,
        subject: str,
        text: str,
        html: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        message_id: str | None = None,
    ) -> Outgoing:
        """A message of parts rendered already (`message_id`: see `_headers`)."""
        headers = _headers(to, self.sender, subject, extra_headers, self.domain, message_id)
        data = mime.alternative(headers, text, html) if to.isascii() else None
        if data is None:  # an international address or an odd header: the email package
            return _email_message(to, self.sender, subject, text, html, headers)
        message_id = next(value for name, value in headers if name == "Message-ID")
        return RawMessage(self.envelope_sender, to, message_id, data)


def message_id_of(message: Outgoing) -> str:
    return message.message_id if isinstance(message, RawMessage) else str(message["Message-ID"])


def send_email(
    to: str,
    template: str,
    *,
    connection: Connection | None = None,
    extra_headers: Mapping[str, str] | None = None,
    **context: Any,
) -> str:
    """Send one message now and return its Message-ID; raises MailError when it cannot."""
    message = build_message(to, template, extra_headers=extra_headers, **context)
    if connection is not None:
        connection.send(message)
    else:
        with mail_connection() as own_connection:
            own_connection.send(message)
    return str(message["Message-ID"])
