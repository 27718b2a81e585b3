"""The mail seam: multipart messages through real SMTP, batches on one connection, the outbox
folder without a mail server, and a clear error when the server is down."""

from __future__ import annotations

import email
import email.policy
import logging

import pytest

from portal import create_app, mime
from portal.mail import (
    Composer,
    MailError,
    RawMessage,
    mail_connection,
    message_id_of,
    send_email,
)
from portal.urls import absolute_url
from tests.conftest import app_settings
from tests.smtp import free_port

CONTEXT = {
    "user": type("Person", (), {"name": "Ada <script>", "email": "ada@example.com"})(),
    "link": "https://portal.example/confirm/abc",
}


def test_send_email_delivers_a_multipart_message_and_returns_its_id(app, mailbox):
    with app.test_request_context():
        message_id = send_email("ada@example.com", "confirm_email", **CONTEXT)
    (mail,) = mailbox.wait_for(1)
    assert mail.message["Message-ID"] == message_id
    assert mail.recipients == ["ada@example.com"]
    assert mail.mail_from == "no-reply@localhost"
    assert mail.message["From"] == "Career Portal <no-reply@localhost>"
    assert mail.message["Date"]
    assert mail.subject == "Confirm your email address for Career Portal"
    assert [part.get_content_type() for part in mail.message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    # Text is text; HTML is escaped.
    assert "Hello Ada <script>," in mail.text
    assert "Hello Ada &lt;script&gt;," in mail.html
    assert mail.links() == ["https://portal.example/confirm/abc"]


def test_extra_headers_are_added(app, mailbox):
    unsubscribe = "<https://portal.example/alerts/unsubscribe/xyz>"
    with app.test_request_context():
        send_email(
            "ada@example.com",
            "confirm_email",
            extra_headers={"List-Unsubscribe": unsubscribe, "List-Unsubscribe-Post": "One-Click"},
            **CONTEXT,
        )
    (mail,) = mailbox.wait_for(1)
    assert mail.message["List-Unsubscribe"] == unsubscribe
    assert mail.message["List-Unsubscribe-Post"] == "One-Click"


def test_a_batch_shares_one_smtp_connection(app, mailbox, monkeypatch):
    import smtplib

    opened = []
    original_init = smtplib.SMTP.__init__

    def counting_init(self, *args, **kwargs):
        opened.append(args)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "__init__", counting_init)
    with app.test_request_context(), mail_connection() as connection:
        ids = {
            send_email(f"reader{n}@example.com", "confirm_email", connection=connection, **CONTEXT)
            for n in range(5)
        }
    assert len(ids) == 5
    assert len(mailbox.wait_for(5)) == 5
    assert len(opened) == 1


def test_a_batch_written_as_bytes_reads_like_any_other_message(app, mailbox):
    """Composer writes MIME itself: accents in the subject and body, and a line longer than
    SMTP allows (it goes base64), come out as they went in."""
    long_name = "Zoë " + "Ünïcode-Longname " * 80
    person = type("Person", (), {"name": long_name, "email": "zoe@example.com"})()
    with app.test_request_context(), mail_connection() as connection:
        composer = Composer("confirm_email")
        message = composer.compose(
            "zoe@example.com",
            extra_headers={"List-Unsubscribe": "<https://portal.example/unsubscribe/1>"},
            user=person,
            link=CONTEXT["link"],
        )
        connection.send(message)
    (mail,) = mailbox.wait_for(1)
    assert mail.message["Message-ID"] == message_id_of(message)
    assert mail.recipients == ["zoe@example.com"]
    assert mail.mail_from == "no-reply@localhost"
    assert mail.message["From"] == "Career Portal <no-reply@localhost>"
    assert mail.subject == "Confirm your email address for Career Portal"
    assert mail.message["List-Unsubscribe"] == "<https://portal.example/unsubscribe/1>"
    assert f"Hello {long_name}," in mail.text
    assert f"Hello {long_name}," in mail.html
    assert mail.links() == ["https://portal.example/confirm/abc"]


def test_a_server_that_is_down_raises_mail_error(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    with app.test_request_context(), pytest.raises(MailError, match=r"ada@example\.com"):
        send_email("ada@example.com", "confirm_email", **CONTEXT)


def test_without_a_mail_server_messages_go_to_the_outbox(tmp_path, database_url, caplog):
    outbox = tmp_path / "outbox"
    app = create_app(app_settings(database_url, MAIL_SERVER=None, MAIL_OUTBOX_DIR=str(outbox)))
    caplog.set_level(logging.INFO, logger="portal")
    with app.test_request_context():
        message_id = send_email("ada@example.com", "confirm_email", **CONTEXT)
    (path,) = outbox.glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Message-ID"] == message_id
    assert message["To"] == "ada@example.com"
    assert "https://portal.example/confirm/abc" in message.get_body(("plain",)).get_content()
    assert str(path) in caplog.text


def test_the_default_outbox_is_in_the_instance_folder(database_url):
    from portal.mail import MailSettings

    app = create_app(app_settings(database_url, MAIL_SERVER=None))
    assert MailSettings.of(app).outbox.parts[-2:] == ("instance", "outbox")


def test_links_in_mail_use_site_url_even_outside_a_request(app, monkeypatch):
    monkeypatch.setitem(app.config, "SITE_URL", "https://jobs.example.org")
    assert absolute_url("accounts.login") == "https://jobs.example.org/login"
    assert (
        absolute_url("accounts.confirm_email", token="t.k")
        == "https://jobs.example.org/confirm/t.k"
    )


def test_links_in_mail_need_site_url_outside_a_request(app, monkeypatch):
    monkeypatch.setitem(app.config, "SITE_URL", None)
    with pytest.raises(RuntimeError, match="SITE_URL"):
        absolute_url("accounts.login")


def test_a_batch_goes_on_when_the_server_drops_the_connection(app, mailbox):
    with app.test_request_context(), mail_connection() as connection:
        send_email("first@example.com", "confirm_email", connection=connection, **CONTEXT)
        connection._smtp.close()  # as a server does after too many messages or too long
        send_email("second@example.com", "confirm_email", connection=connection, **CONTEXT)
    assert [mail.recipients for mail in mailbox.wait_for(2)] == [
        ["first@example.com"],
        ["second@example.com"],
    ]


@pytest.fixture
def smtp_server_with_login():
    """A second test SMTP server that wants MAIL_USERNAME and MAIL_PASSWORD."""
    from aiosmtpd.smtp import AuthResult

    from tests.smtp import SMTPTestServer

    def authenticate(_server, _session, _envelope, _mechanism, credentials):
        ok = (credentials.login, credentials.password) == (b"portal", b"s3cret")
        return AuthResult(success=ok, handled=False)

    server = SMTPTestServer(authenticator=authenticate, auth_require_tls=False)
    server.start()
    yield server
    server.stop()


def test_mail_server_login(app, smtp_server_with_login, monkeypatch):
    for name, value in {
        "MAIL_PORT": smtp_server_with_login.port,
        "MAIL_USERNAME": "portal",
        "MAIL_PASSWORD": "s3cret",
    }.items():
        monkeypatch.setitem(app.config, name, value)
    with app.test_request_context():
        send_email("ada@example.com", "confirm_email", **CONTEXT)
        assert smtp_server_with_login.wait_for(1)[0].recipients == ["ada@example.com"]
        monkeypatch.setitem(app.config, "MAIL_PASSWORD", "wrong")
        with pytest.raises(MailError):
            send_email("ada@example.com", "confirm_email", **CONTEXT)


def test_lines_that_start_with_a_period_arrive_as_written(app, mailbox):
    """SMTP ends a message at a line holding one period: a message written as bytes doubles
    the period that starts a line, and the server takes it off again."""
    text = ".\n.. two\n.hidden\nlast line"
    data = mime.alternative(
        [("Subject", "Periods"), ("From", "a@localhost"), ("To", "dot@example.com")],
        text,
        "<p>ok</p>\n.",
    )
    with app.test_request_context(), mail_connection() as connection:
        connection.send(RawMessage("a@localhost", "dot@example.com", "<p@localhost>", data))
        connection.send(RawMessage("a@localhost", "dot@example.com", "<q@localhost>", data))
    first, second = mailbox.wait_for(2)
    assert first.text.replace("\r\n", "\n") == text + "\n"
    assert second.html.replace("\r\n", "\n") == "<p>ok</p>\n.\n"
