"""The shared source text of the Mental Health Technician guide, repaired and split into the
paragraphs and list items that must all appear on the rendered page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

# A verbatim copy of shared/seeds/mental-health-technician-guide.txt, mis-decoded characters and
# all, so the check runs wherever the repository is cloned.
SOURCE = Path(__file__).resolve().parent / "data" / "mental-health-technician-guide.txt"

# Everything from this line on is site chrome of the page the text was copied from: the share
# widget, the Jobicy+ pricing block (plan data for billing) and account navigation.
END_OF_GUIDE = "Share career guide"


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1253 (bytes 1253 leaves undefined were read as Windows-1252)."""

    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        try:
            raw = b"".join(_byte(char) for char in run)
            return raw.decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return run

    return re.sub(r"[^\x00-\x7f]+", fix, text)


def _byte(char: str) -> bytes:
    try:
        return char.encode("cp1253")
    except UnicodeEncodeError:
        return char.encode("cp1252")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def guide_lines(source: Path = SOURCE) -> list[str]:
    """Every non-empty line of the guide (paragraphs, list items, labels), bullets stripped."""
    text = repair_mojibake(source.read_text(encoding="utf-8"))
    lines = []
    for line in text.splitlines():
        line = normalise(line.lstrip().removeprefix("•"))
        if line == END_OF_GUIDE:
            break
        if line:
            lines.append(line)
    return lines


class _TextExtractor(HTMLParser):
    """Visible text of a page: what a reader sees, without scripts, styles or the head."""

    SKIP = {"script", "style", "head", "title", "template"}
    BLOCK = {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "dt",
        "dd",
        "div",
        "section",
        "summary",
        "td",
        "th",
        "br",
        "figcaption",
        "text",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    return normalise("".join(parser.parts))
