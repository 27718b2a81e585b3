"""Resume import: a JSON Resume file, a PDF or a DOCX read into a draft the person reviews before
anything is saved. Pure: it reads bytes and writes nothing, so a refused file leaves no trace.

The view calls `read_upload(filename, content)` and shows `ImportRefused`'s sentence on refusal,
or the draft and its notes otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from jsonschema import Draft7Validator, FormatChecker

from . import schema
from .reading import ImportRefused
from .reading.docx_reader import read_docx
from .reading.json_reader import read_json
from .reading.pdf_reader import read_pdf
from .reading.text_parser import parse

__all__ = ["MAX_UPLOAD_BYTES", "ImportDraft", "ImportRefused", "read_upload"]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# More text than any resume: a long CV runs to 20,000 characters. Also keeps the draft under
# the schema module's size limit.
MAX_TEXT_CHARS = 60_000
ACCEPTED = "We can import a JSON Resume file (.json), a PDF (.pdf) or a Word document (.docx)"


@dataclass(frozen=True)
class ImportDraft:
    """A resume read from a file, for the person to review: it passes `schema.problems`."""

    resume: dict
    notes: list[str] = field(default_factory=list)
    source: str = "json"  # "json", "pdf" or "docx"


def read_upload(filename: str, content: bytes) -> ImportDraft:
    """The draft read from an uploaded file, or ImportRefused with a sentence saying why not."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            f"The file is {len(content) / 1024 / 1024:.1f} MB; "
            f"the limit is {MAX_UPLOAD_BYTES // 1024 // 1024} MB."
        )
    if not content.strip():
        raise ImportRefused("The file is empty.")
    kind = _kind_by_name(filename)
    _check_contents(kind, content)
    if kind == "json":
        resume, notes = read_json(content)
        return ImportDraft(resume=resume, notes=notes, source="json")
    if kind == "pdf":
        lines = read_pdf(content, MAX_TEXT_CHARS)
    else:
        lines = read_docx(content, MAX_TEXT_CHARS)
    resume, notes = parse(lines)
    return ImportDraft(resume=_within_schema(resume, notes), notes=notes, source=kind)


def _kind_by_name(filename: str) -> str:
    extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
    if extension in ("json", "pdf", "docx"):
        return extension
    if extension == "doc":
        raise ImportRefused(f"{ACCEPTED}; an old Word .doc file must be saved as .docx first.")
    shown = f"a .{extension} file" if extension else "a file without an extension"
    raise ImportRefused(f"{ACCEPTED}, not {shown}.")


# What a file really is, from its first bytes, to say so when its name claims otherwise.
_SIGNATURES = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Office file"),
    (b"PK\x03\x04", "a zip archive"),
    (b"{\\rtf", "an RTF document"),
)
_NAMES = {"pdf": "a PDF", "docx": "a Word document (.docx)", "json": "a JSON file"}


def _check_contents(kind: str, content: bytes) -> None:
    head = content[:1024]
    actual = next((what for magic, what in _SIGNATURES if head.startswith(magic)), None)
    if kind == "pdf" and b"%PDF-" in head:
        return  # the header may follow a few bytes of junk; readers allow it, and so do we
    if kind == "docx" and actual == "a zip archive":
        return  # that the zip holds word/document.xml is checked with its sizes
    if kind == "json" and actual is None:
        return  # JSON has no signature; parsing it is the check
    said = f" (it looks like {actual})" if actual else ""
    raise ImportRefused(f"This file is not {_NAMES[kind]}, whatever its name says{said}.")


def _within_schema(resume: dict, notes: list[str]) -> dict:
    """The draft with anything the schema or the size limits refuse taken out, and said."""
    for section in schema.LIST_SECTIONS:
        entries = resume.get(section)
        if isinstance(entries, list) and len(entries) > schema.MAX_ENTRIES_PER_SECTION:
            notes.append(
                f"Only the first {schema.MAX_ENTRIES_PER_SECTION} {section} entries were kept."
            )
            del entries[schema.MAX_ENTRIES_PER_SECTION :]
    _shorten(resume, notes)
    validator = Draft7Validator(schema.schema(), format_checker=FormatChecker())
    for error in sorted(
        validator.iter_errors(resume), key=lambda e: len(e.absolute_path), reverse=True
    ):
        path = list(error.absolute_path)
        if not path:
            continue
        parent = resume
        for part in path[:-1]:
            parent = parent[part]
        value = parent[path[-1]]
        if isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.remove(value)
        notes.append(f"Left out because it could not be read as a {path[-1]}: {str(value)[:60]}")
    return resume


def _shorten(value, notes: list[str]) -> None:
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in list(items):
        if isinstance(item, str) and len(item) > schema.MAX_TEXT_LENGTH:
            value[key] = item[: schema.MAX_TEXT_LENGTH - 1] + "…"
            notes.append(f"A long text was shortened to {schema.MAX_TEXT_LENGTH:,} characters.")
        else:
            _shorten(item, notes)
