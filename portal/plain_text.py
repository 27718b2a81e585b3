"""People's own words as we keep them: plain text, one kind of line end, nothing invisible.

Messages between members, consultants and employers are stored as plain text and always shown
escaped. Before they are kept, they lose the characters a reader cannot see but that change what
they read or break what shows them: control characters (all but tab and line feed), zero-width
characters, bidirectional overrides (which can make text read backwards), the byte-order mark
and the Unicode line and paragraph separators. Line breaks become "\\n"; the text is put in NFC,
so the same words compare equal however they were typed.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def clean_text(text: str | None, limit: int | None = None) -> str:
    """`text` as we keep it, trimmed, and cut to `limit` characters when one is given."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    cleaned = INVISIBLE.sub("", text).strip()
    return cleaned if limit is None else cleaned[:limit]
