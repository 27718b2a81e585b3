"""A PDF's text, in reading order, as logical lines: pypdf's layout mode keeps list markers in
place and indents the wrapped lines of a bullet, and long lines that wrap are joined again."""

from __future__ import annotations

import io
import logging
import re
import warnings

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from . import ImportRefused, clean_text
from .dates import find_date, find_range
from .entries import bullet_text
from .text_parser import section_of

# pypdf reports damage it works around through warnings and its logger; a damaged upload is
# refused or read, and neither is an error in our logs.
logging.getLogger("pypdf").setLevel(logging.ERROR)

MAX_PAGES = 20
FULL = 0.85  # a line this close to the widest (in characters) may wrap onto the next

_DAMAGED = "This PDF is damaged or incomplete, so we cannot read it. Save it again and retry."


def read_pdf(content: bytes, max_chars: int) -> list[str]:
    """The PDF's lines, or ImportRefused (encrypted, too long, no text, damaged)."""
    with warnings.catch_warnings():  # see the logger above
        warnings.simplefilter("ignore")
        try:
            return _read(content, max_chars)
        except ImportRefused:
            raise
        except (FileNotDecryptedError, DependencyError):
            raise ImportRefused(_LOCKED) from None
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                RecursionError, ZeroDivisionError, OSError):  # fmt: skip
            # pypdf meets hostile or broken files with many kinds of errors; each is a refusal.
            raise ImportRefused(_DAMAGED) from None


_LOCKED = (
    "This PDF is protected with a password, so we cannot read it. "
    "Save a copy without the password and upload that."
)


def _read(content: bytes, max_chars: int) -> list[str]:
    if b"%%EOF" not in content[-2048:]:
        # Cut off in transfer: pypdf would rebuild what it can and read a part as the whole.
        raise ImportRefused(_DAMAGED)
    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        # Only a PDF that opens without a password is read ("no copying" owner locks).
        raise ImportRefused(_LOCKED)
    pages = len(reader.pages)
    if pages > MAX_PAGES:
        raise ImportRefused(
            f"This PDF has {pages} pages; a resume we import has at most {MAX_PAGES}."
        )
    raw: list[str] = []
    total = 0
    for page in reader.pages:
        text = clean_text(page.extract_text(extraction_mode="layout") or "")
        total += len(text)
        if total > max_chars:
            raise ImportRefused(
                f"This PDF has more text than a resume (over {max_chars:,} characters)."
            )
        raw.extend(text.split("\n"))
        raw.append("")
    if sum(len(line.strip()) for line in raw) < 20:
        raise ImportRefused(
            "This PDF has no text we can read; it may be a scan or a picture of a resume. "
            "Upload the PDF your editor saves (or a DOCX) instead."
        )
    return join_wrapped(raw)


def join_wrapped(raw: list[str]) -> list[str]:
    """Lines as laid out on the page joined back into the lines the author wrote."""
    widths = sorted(len(line.rstrip()) for line in raw if line.strip())
    wide = widths[int(len(widths) * 0.95)] if widths else 0
    lines: list[str] = []
    previous_raw = ""
    bullet_indent = None
    for line in raw:
        text = line.strip()
        indent = len(line) - len(line.lstrip())
        joinable = bool(lines and lines[-1] and text)
        joinable = joinable and bullet_text(text) is None and section_of(text) is None
        continues_bullet = bullet_indent is not None and indent > bullet_indent
        if joinable and (continues_bullet or _wrapped(previous_raw, text, wide)):
            lines[-1] = _join(lines[-1], text)
        else:
            lines.append(text)
            bullet_indent = indent if bullet_text(text) is not None else None
        previous_raw = line if text else ""
    return lines


def _wrapped(previous: str, text: str, wide: int) -> bool:
    """Whether `text` carries on the line above: the line above is full (the next word would not
    have fitted) and does not end as an item does (a date, a full stop) before a capital."""
    previous = previous.rstrip()
    if not previous or len(previous) + 1 + len(text.split()[0]) < FULL * wide:
        return False
    if not text[0].isupper():
        return True
    return not (re.search(r"[.!?:]$", previous) or find_range(previous) or find_date(previous[-8:]))


def _join(left: str, right: str) -> str:
    if re.search(r"(?:://|/|\w-)$", left):  # a broken address or a word cut at its hyphen
        return left + right
    return f"{left} {right}"
