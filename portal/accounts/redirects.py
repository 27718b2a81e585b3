"""Where a `next` parameter may send someone after signing in: only to a path on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 2000


def safe_next_path(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None.

    Refuses `//evil.example` and `https:evil` (another site), any backslash (browsers read
    `/\\evil` as `//evil`), and control characters or spaces (browsers drop tabs and newlines, so
    `/\\t/evil` would become `//evil`).
    """
    if not target or len(target) > MAX_LENGTH:
        return None
    if any(char <= " " or char == "\x7f" or char == "\\" for char in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
