"""Dates as resumes write them ("Jan 2020 - Present", "06/2019 - 03/2021", "2018-2020"), read
into JSON Resume's `YYYY` or `YYYY-MM`."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
# One date, most specific first. No capture groups: `parse_date` reads the matched text again.
DATE = (
    rf"(?:(?:{_MONTH_NAME})\.?,?\s+{_YEAR}"  # Jan 2020, Sept. 2019, January, 2020
    rf"|(?:0?[1-9]|1[0-2])/(?:[0-3]?\d/)?{_YEAR}"  # 06/2019, 6/15/2019
    rf"|{_YEAR}-(?:0[1-9]|1[0-2])(?:-[0-3]\d)?(?!\d)"  # 2019-06, 2019-06-15
    rf"|{_YEAR})"  # 2019
)
PRESENT = r"(?:present|current|now|today|ongoing|date)"
_DASH = r"\s*(?:-|\u2013|\u2014|~|\bto\b|\buntil\b|\bthrough\b)\s*"
_RANGE = re.compile(rf"(?<![\w/])({DATE}){_DASH}({DATE}|{PRESENT})(?![\w/])", re.IGNORECASE)
_SINGLE = re.compile(rf"(?<![\w/-])({DATE})(?![\w/])", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    start: str
    end: str | None  # None: still there ("Present"), or a single date
    span: tuple[int, int]  # where in the line, so the rest of the line can be read


def parse_date(text: str) -> str:
    """One matched date as `YYYY` or `YYYY-MM` (days are dropped: resumes rarely mean them)."""
    text = text.strip().lower().replace(".", "").replace(",", "")
    if "/" in text:
        parts = text.split("/")
        return f"{parts[-1]}-{int(parts[0]):02d}"
    if "-" in text:
        return text[:7]
    words = text.split()
    if len(words) == 2:
        return f"{words[1]}-{_MONTHS[words[0]]:02d}"
    return text


def find_range(line: str) -> Found | None:
    """The first "start - end" in the line (any dash, "to", "until")."""
    match = _RANGE.search(line)
    if not match:
        return None
    end = match.group(2)
    is_present = re.fullmatch(PRESENT, end, re.IGNORECASE) is not None
    return Found(parse_date(match.group(1)), None if is_present else parse_date(end), match.span())


def find_date(line: str) -> Found | None:
    """A range if there is one, else the last single date in the line (a certificate's, say)."""
    found = find_range(line)
    if found:
        return found
    matches = list(_SINGLE.finditer(line))
    if not matches:
        return None
    last = matches[-1]
    return Found(parse_date(last.group(1)), None, last.span())


def strip_span(line: str, span: tuple[int, int]) -> str:
    """The line without the date, and without the separators left hanging around it."""
    rest = line[: span[0]] + " | " + line[span[1] :]
    rest = re.sub(r"[\s(\[]*\|[\s)\]]*", " | ", rest)
    return rest.strip(" |,·•\u2013\u2014-()[]")
