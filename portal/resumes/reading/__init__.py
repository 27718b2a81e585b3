"""Readers that turn an uploaded resume file into a draft: JSON Resume as it is, PDF and DOCX
through their text. `portal.resumes.importing.read_upload` is the one entry point."""

from __future__ import annotations

import re
import unicodedata


class ImportRefused(Exception):
    """The file cannot be imported; str(error) is a sentence to show the person."""


# C0 and C1 controls other than tab and newline, and the invisible characters that hide or
# reorder text on the page (zero-width space, word joiners, direction overrides and isolates).
# Joiners and direction marks that scripts and emoji need stay. NUL especially: PostgreSQL
# refuses it in text and JSON.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060-\u2069\ufeff]")


def strip_invisible(text: str) -> str:
    """The text without control or invisible characters, and otherwise exactly as it was."""
    return _INVISIBLE.sub("", text)


def clean_text(text: str) -> str:
    """Untrusted text from a file as plain text: NFC, no invisible characters, plain spaces."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    return strip_invisible(text).replace("\t", "   ")
