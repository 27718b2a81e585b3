"""Reading a feed file (JSON or RSS 2.0) into raw posting records, one dict per posting.

Validation happens later, per record, so one bad posting is reported and skipped; only a file
that cannot be read at all (not JSON, not XML, the wrong shape) stops the import.
"""

from __future__ import annotations

import json
import re

# The standard parser is safe enough here: expat refuses entity-expansion bombs (Python 3.7.1+)
# and never fetches external entities.
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Optional RSS elements for what RSS 2.0 has no element for (see README, "Job feeds").
JOBS_NS = "urn:career-portal:jobs"
DC_NS = "http://purl.org/dc/elements/1.1/"


class FeedError(ValueError):
    """The file cannot be read as a feed at all."""


@dataclass
class Feed:
    kind: str  # "json" or "rss"
    records: list[Any]  # raw records, validated one by one by the importer

    def __len__(self) -> int:
        return len(self.records)


def read_feed(path: Path, source: str | None = None) -> Feed:
    """Parse a JSON or RSS feed file; `source` overrides the feed's own source name."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FeedError(f"{path}: {error.strerror or error}") from error
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return Feed("json", list(_json_records(path, data, source)))
    if head == b"<":
        return Feed("rss", list(_rss_records(path, data, source)))
    raise FeedError(f"{path}: neither a JSON feed nor an RSS feed")


def _json_records(path: Path, data: bytes, source: str | None) -> Iterator[Any]:
    try:
        # Decimal keeps 18.35 as 18.35, so salaries convert to cents exactly.
        document = json.loads(data, parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(f"{path}: not valid JSON: {error}") from error
    defaults: dict[str, Any] = {}
    if isinstance(document, dict):
        postings = document.get("postings")
        if not isinstance(postings, list):
            raise FeedError(f"{path}: a JSON feed object needs a 'postings' list")
        defaults = {key: document[key] for key in ("source", "sample") if key in document}
    elif isinstance(document, list):
        postings = document
    else:
        raise FeedError(f"{path}: a JSON feed is a list of postings or an object with 'postings'")
    if source:
        defaults["source"] = source
    for raw in postings:
        if isinstance(raw, dict):
            merged = {**defaults, **raw}
            if source:
                merged["source"] = source
            yield merged
        else:
            yield raw


def _text(element: ET.Element | None, name: str) -> str | None:
    found = element.find(name) if element is not None else None
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _rss_date(value: str | None) -> Any:
    if value is None:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return value  # left as written: validation reports it with the record's index


def _rss_source(channel: ET.Element) -> str:
    if own := _text(channel, f"{{{JOBS_NS}}}source"):
        return own
    if link := _text(channel, "link"):
        host = urlsplit(link).hostname
        if host:
            return host.removeprefix("www.")
    title = _text(channel, "title") or "rss"
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "rss"


def _rss_records(path: Path, data: bytes, source: str | None) -> Iterator[Any]:
    try:
        root = ET.fromstring(data)  # noqa: S314 - see the import comment
    except ET.ParseError as error:
        raise FeedError(f"{path}: not well-formed XML: {error}") from error
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FeedError(f"{path}: not an RSS 2.0 feed (no <rss><channel>)")
    feed_source = source or _rss_source(channel)
    channel_title = _text(channel, "title")
    sample = (_text(channel, f"{{{JOBS_NS}}}sample") or "").lower() == "true"

    def job(item: ET.Element, name: str) -> str | None:
        return _text(item, f"{{{JOBS_NS}}}{name}")

    for item in channel.iterfind("item"):
        salary = None
        if job(item, "salaryMin") or job(item, "salaryMax"):
            salary = {
                "min": job(item, "salaryMin"),
                "max": job(item, "salaryMax"),
                "currency": job(item, "salaryCurrency") or "USD",
                "period": job(item, "salaryPeriod") or "year",
            }
        company = job(item, "company") or _text(item, f"{{{DC_NS}}}creator") or channel_title
        regions = job(item, "remoteRegions")
        record = {
            "source": feed_source,
            "external_id": _text(item, "guid") or _text(item, "link"),
            "title": _text(item, "title"),
            "company": {"name": company, "website": job(item, "companyWebsite")},
            "location": {
                "city": job(item, "city"),
                "region": job(item, "region"),
                "country": job(item, "country"),
            },
            "workplace": job(item, "workplace"),
            "remote_regions": [r.strip() for r in regions.split(",")] if regions else [],
            "employment_type": job(item, "employmentType"),
            "salary": salary,
            "description": _text(item, "description"),
            "description_format": "html",
            "posted_at": _rss_date(_text(item, "pubDate")),
            "valid_through": job(item, "validThrough"),
            "apply_url": _text(item, "link"),
            "guide": job(item, "guide"),
            "sample": sample,
        }
        # Absent optional elements take the record's defaults rather than an explicit null.
        yield {key: value for key, value in record.items() if value is not None}
