"""Reading pages and sending forms the way a browser does."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

from tests.careers.source_text import visible_text
from tests.conftest import csrf_token


def text(response) -> str:
    """The page as a reader sees it, whitespace collapsed."""
    return " ".join(visible_text(response.get_data(as_text=True)).split())


def field_error(response, field_id: str) -> str:
    """The error shown next to a field (empty when there is none)."""
    html = response.get_data(as_text=True)
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', html)
    return unescape(match.group(1)) if match else ""


def submit(client, url: str, data: dict, *, form_page: str | None = None, **kwargs):
    """POST a form with the CSRF token its page carries."""
    token = csrf_token(client, form_page or url)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def path_of(url: str) -> str:
    """The path and query of a link in a mail, for the test client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def flip_signature(token: str) -> str:
    """Change the first character of the signature (the last characters of a base64 signature
    may only carry padding bits, so changing one of those can leave it the same)."""
    payload, _, signature = token.rpartition(".")
    first = "B" if signature[0] == "A" else "A"
    return f"{payload}.{first}{signature[1:]}"
