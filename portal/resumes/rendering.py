"""The resume as others see it, and as a PDF drawn by WeasyPrint from the same markup.

A PDF takes WeasyPrint a tenth of a second or more, so each process keeps the last PDFs it drew,
keyed by a digest of exactly what is drawn (the document as shown, anonymised or not) and the
paper: a changed resume is drawn again, an unchanged one never. Keying by content rather than by
row id and version means a deleted resume's PDF can never be served for a new resume that got
its id back.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from functools import cache
from importlib import resources
from typing import Any

from flask import render_template
from markupsafe import Markup

from portal.resumes.anonymity import anonymised
from portal.resumes.models import PaperSize, Resume

PDF_CACHE_SIZE = 64

_pdfs: OrderedDict[tuple, bytes] = OrderedDict()
_pdfs_lock = threading.Lock()


def shown_document(resume: Resume, *, to_owner: bool = False) -> dict[str, Any]:
    """The document as a visitor sees it: anonymised in anonymous mode, except to its owner."""
    if resume.anonymous and not to_owner:
        return anonymised(resume.document)
    return resume.document


@cache
def _stylesheet() -> Markup:
    css = resources.files("portal.resumes").joinpath("static").joinpath("resume.css")
    return Markup(css.read_text("utf-8"))  # noqa: S704 - our own stylesheet, not user input


def print_html(document: dict[str, Any], paper: PaperSize) -> str:
    return render_template(
        "resumes/print.html", doc=document, paper=paper.value, stylesheet=_stylesheet()
    )


def pdf_bytes(resume: Resume, paper: PaperSize, *, to_owner: bool = False) -> bytes:
    """The resume as a PDF, drawn once per content and paper in this process."""
    document = shown_document(resume, to_owner=to_owner)
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False).encode()
    key = (hashlib.sha256(canonical).digest(), paper)
    with _pdfs_lock:
        if (found := _pdfs.get(key)) is not None:
            _pdfs.move_to_end(key)
            return found
    html = print_html(document, paper)
    pdf = draw_pdf(html)
    with _pdfs_lock:
        _pdfs[key] = pdf
        while len(_pdfs) > PDF_CACHE_SIZE:
            _pdfs.popitem(last=False)
    return pdf


def draw_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and its fonts, which costs start-up time that only
    # the PDF route needs.
    from weasyprint import HTML

    # No base URL and a fetcher that refuses everything: a resume can name images and links,
    # and the server must not fetch what a user wrote (SSRF); the PDF needs nothing outside.
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"resources are not fetched for resumes: {url[:80]}")
