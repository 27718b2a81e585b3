"""A text and HTML message (multipart/alternative) written as bytes, for mail sent in bulk.

The standard library's `email` package parses and refolds every header through its header
registry and generator: 5 to 10 ms of CPU per message, more than everything else a job alert
digest costs. The messages we send in bulk are simple (ASCII addresses, a handful of headers, two
UTF-8 parts), so this writes their few lines of MIME directly; `email` still reads them (tests,
every mail client). Anything outside that shape returns None and goes through `email` instead.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable

# RFC 5322 2.1.1: a line is at most 998 characters, not counting the CRLF.
MAX_LINE = 998


def header_line(name: str, value: str) -> bytes | None:
    """`Name: value` with its CRLF; non-ASCII text as RFC 2047 encoded words. None when the
    value cannot go into a header as it is (a line break, or an ASCII line too long)."""
    if "\r" in value or "\n" in value:
        return None
    if value.isascii():
        if len(name) + 2 + len(value) > MAX_LINE:
            return None
        return f"{name}: {value}\r\n".encode("ascii")
    return f"{name}: {encoded_words(value)}\r\n".encode("ascii")


# RFC 2047: a line holding encoded words is at most 76 characters. 36 bytes of UTF-8 are 48 of
# base64, 60 with the markers: room for a header name of up to 14 characters on the first line.
WORD_BYTES = 36


def encoded_words(value: str) -> str:
    """RFC 2047 base64 encoded words of at most WORD_BYTES bytes of UTF-8, never splitting a
    character, one per folded line."""
    data = value.encode("utf-8")
    words, start = [], 0
    while True:
        end = min(start + WORD_BYTES, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a character: back up
            end -= 1
        words.append(data[start:end])
        start = end
        if start >= len(data):
            break
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words)


def _part(subtype: str, body: str) -> bytes:
    lines = body.encode("utf-8").splitlines()
    payload = b"\r\n".join(lines) + b"\r\n"
    if max(map(len, lines), default=0) <= MAX_LINE:
        encoding = "7bit" if payload.isascii() else "8bit"
    else:
        encoding = "base64"
        payload = base64.encodebytes(payload).replace(b"\n", b"\r\n")
    head = f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: {encoding}'
    return head.encode("ascii") + b"\r\n\r\n" + payload


def alternative(headers: Iterable[tuple[str, str]], text: str, html: str) -> bytes | None:
    """The whole message as SMTP DATA (CRLF line ends), or None when it needs `email`."""
    lines = []
    for name, value in headers:
        line = header_line(name, value)
        if line is None:
            return None
        lines.append(line)
    parts = [_part("plain", text), _part("html", html)]
    boundary = f"=_{secrets.token_hex(16)}".encode("ascii")
    while any(boundary in part for part in parts):  # practically never: 128 random bits
        boundary = f"=_{secrets.token_hex(16)}".encode("ascii")
    lines.append(b"MIME-Version: 1.0\r\n")
    lines.append(b'Content-Type: multipart/alternative; boundary="' + boundary + b'"\r\n\r\n')
    delimiter = b"\r\n--" + boundary + b"\r\n"
    lines.append(b"--" + boundary + b"\r\n" + delimiter.join(parts))
    lines.append(b"\r\n--" + boundary + b"--\r\n")
    return b"".join(lines)
