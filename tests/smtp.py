"""A real SMTP server for tests (aiosmtpd on 127.0.0.1), keeping every message it receives."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller

URL = re.compile(r"https?://[^\s<>\"']+")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()

    def links(self) -> list[str]:
        """The links in the plain-text part, in order."""
        return URL.findall(self.text)

    def link(self, containing: str) -> str:
        matches = [url for url in self.links() if containing in url]
        assert matches, f"no link containing {containing!r} in:\n{self.text}"
        return matches[0]


class _Collector:
    def __init__(self, server: SMTPTestServer) -> None:
        self.server = server

    async def handle_DATA(self, _server, _session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.server._received(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SMTPTestServer:
    def __init__(self, **smtp_options) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.messages: list[ReceivedMail] = []
        self._changed = threading.Condition()
        self._controller = Controller(
            _Collector(self), hostname=self.host, port=self.port, **smtp_options
        )

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def _received(self, mail: ReceivedMail) -> None:
        with self._changed:
            self.messages.append(mail)
            self._changed.notify_all()

    def clear(self) -> None:
        with self._changed:
            self.messages.clear()

    def wait_for(self, count: int = 1, timeout: float = 10) -> list[ReceivedMail]:
        """Block until `count` messages arrived (mail sent in the background comes later)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"expected {count} messages, got {len(self.messages)}"
                self._changed.wait(remaining)
            return list(self.messages)

    def to(self, address: str) -> list[ReceivedMail]:
        return [mail for mail in self.messages if address in mail.recipients]

    def last_to(self, address: str) -> ReceivedMail:
        received = self.to(address)
        assert received, (
            f"no mail to {address}; got mail to {[m.recipients for m in self.messages]}"
        )
        return received[-1]


class SilentSMTPServer:
    """A mail server that accepts connections and never says a word: smtplib waits for its
    greeting until MAIL_TIMEOUT. `stop()` hangs up on every connection."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self._listener = socket.create_server((self.host, 0))
        self.port = self._listener.getsockname()[1]
        self._listener.settimeout(0.05)
        self.connections: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections.append(connection)

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._listener.close()
        for connection in self.connections:
            connection.close()
