"""Reading an uploaded resume into a draft its owner reviews before anything is saved.

(JSON Resume files only in this first version; PDF and DOCX readers follow.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath

from portal.resumes import schema

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportRefused(Exception):
    """The file cannot be imported; str(error) is a sentence to show the person."""


@dataclass(frozen=True)
class ImportDraft:
    resume: dict
    notes: list[str]
    source: str


def read_upload(filename: str, content: bytes) -> ImportDraft:
    if len(content) > MAX_UPLOAD_BYTES:
        raise ImportRefused(f"The file is over {MAX_UPLOAD_BYTES // 2**20} MB; the limit is 5 MB.")
    if PurePath(filename).suffix.lower() != ".json":
        raise ImportRefused("Import a JSON Resume file (.json).")
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ImportRefused("This file is not valid JSON.") from None
    problems = schema.problems(document)
    if problems:
        raise ImportRefused("This is not a valid JSON Resume: " + "; ".join(problems[:3]))
    return ImportDraft(document, [], "json")
