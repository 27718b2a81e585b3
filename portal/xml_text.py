"""Text that XML 1.0 can carry.

XML 1.0 allows tab, line feed, carriage return and the characters from U+0020 up, less the
surrogates and U+FFFE/U+FFFF (https://www.w3.org/TR/xml/#charsets). Any other character, even
escaped, makes a document not well-formed, and a feed reader drops the whole feed. So such
characters are removed from what postings bring in, and from every XML document we send.
"""

from __future__ import annotations

import re
from typing import Any

NOT_IN_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids; a vertical tab or form feed (a line
    break in some word processors) becomes a space, so the words on either side stay apart."""
    return NOT_IN_XML.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    return " " if match.group() in "\x0b\x0c" else ""


def xml_safe_value(value: Any) -> Any:
    """A string, or the strings in a list or dict, without what XML 1.0 forbids; anything else
    as it is."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [xml_safe_value(item) for item in value]
    if isinstance(value, dict):
        return {key: xml_safe_value(item) for key, item in value.items()}
    return value
