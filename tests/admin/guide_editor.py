"""The admin's guide editor read as a browser reads it: the values its form would send. Used by
the editor's tests and by benchmarks/fleet.py, which edits the guide through a running server."""

from __future__ import annotations

from html.parser import HTMLParser


class _EditorFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and "guide-editor" in (attributes.get("class") or ""):
            self.in_form = True
        elif self.in_form and tag == "input" and attributes.get("type") not in ("submit", "file"):
            self.fields[attributes["name"]] = attributes.get("value") or ""
        elif self.in_form and tag == "textarea":
            self._textarea = attributes["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.in_form = False


def editor_fields(page: str) -> dict[str, str]:
    """The editor form's fields in `page` (HTML) and their values, buttons left out."""
    parser = _EditorFields()
    parser.feed(page)
    # A textarea's first newline is not part of its value.
    return {k: v[1:] if v.startswith("\n") else v for k, v in parser.fields.items()}
