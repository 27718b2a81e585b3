"""A Word file's text: its paragraphs and tables in document order, list paragraphs marked as
bullets. The zip is measured before anything is unpacked."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import ImportRefused, clean_text

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 1000
_DAMAGED = "This Word file is damaged or not a .docx document, so we cannot read it."


def check_zip(content: bytes) -> None:
    """Refuse a zip bomb from what the zip declares, before anything is unpacked.

    The declared sizes bind: Python's zipfile stops a member at its declared size and checks
    its CRC, so a member cannot unpack to more than it says."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ImportRefused(_DAMAGED) from None
    if len(members) > MAX_ENTRIES:
        raise ImportRefused(f"This Word file holds {len(members):,} parts; that is not a resume.")
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if unpacked > MAX_UNCOMPRESSED or (unpacked > 1024 * 1024 and unpacked > MAX_RATIO * packed):
        raise ImportRefused(
            f"This Word file would unpack to {unpacked / 1024 / 1024:.0f} MB, "
            "far more than a resume; we do not open it."
        )
    if "word/document.xml" not in {member.filename for member in members}:
        raise ImportRefused("This file is not a Word document (.docx), whatever its name says.")


def read_docx(content: bytes, max_chars: int) -> list[str]:
    """The document's lines, or ImportRefused."""
    check_zip(content)
    try:
        document = Document(io.BytesIO(content))
        lines = list(_lines(document))
    except ImportRefused:
        raise
    except Exception:  # python-docx and lxml raise many kinds of error on broken files
        raise ImportRefused(_DAMAGED) from None
    if sum(len(line) for line in lines) > max_chars:
        raise ImportRefused(
            f"This Word file has more text than a resume (over {max_chars:,} characters)."
        )
    if sum(len(line.strip()) for line in lines) < 20:
        raise ImportRefused("This Word file has no text we can read.")
    return lines


def _lines(document):
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield _paragraph_line(block)
        elif isinstance(block, Table):
            yield from _table_lines(block)


def _paragraph_line(paragraph: Paragraph) -> str:
    text = clean_text(paragraph.text).replace("\n", " ").strip()
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if text and (numbered or style.startswith("List")):
        return f"• {text}"
    return text


def _table_lines(table: Table):
    """Each cell's paragraphs once (merged cells repeat), row by row, then a blank line."""
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            for paragraph in cell.paragraphs:
                yield _paragraph_line(paragraph)
    yield ""
