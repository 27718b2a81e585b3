"""The import service: upsert postings from feed records in batches, expire the stale, keep a log.

`flask jobs import`, the seeder and the benchmark all come through `import_records`. Each batch
is one transaction and costs a fixed number of statements (one lookup, one bulk insert, one bulk
update), whatever its size.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, false, insert, select, tuple_, update

from portal.careers.models import Guide, utcnow
from portal.extensions import db
from portal.jobs.feeds import read_feed
from portal.jobs.guides import guide_slug_for_title
from portal.jobs.models import ImportStatus, JobImportRun, JobPosting
from portal.jobs.records import PostingRecord, posting_values

BATCH_SIZE = 1000
# A run keeps at most this many rejections with their reasons; the count is always exact.
MAX_KEPT = 1000


@dataclass(frozen=True)
class Rejection:
    index: int  # 0-based position of the record in the feed
    reason: str
    external_id: str | None = None

    def describe(self) -> str:
        which = f" (external_id {self.external_id!r})" if self.external_id else ""
        return f"index {self.index}{which}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    expired: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    run_id: int | None = None

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"expired {self.expired}, rejected {self.rejected}"
        )


def import_feed(path: Path, *, source: str | None = None, **options: Any) -> ImportReport:
    """Read a JSON or RSS feed file and import it (see `import_records` for the options)."""
    feed = read_feed(path, source)
    return import_records(feed.records, source_file=str(path), **options)


def import_records(
    records: Sequence[Any],
    *,
    source_file: str,
    commit: bool = True,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    now: dt.datetime | None = None,
) -> ImportReport:
    """Upsert raw feed records by (source, external_id).

    With `commit` (the CLI), the run's log row and then each batch are committed on their own,
    so a crash keeps the batches before it and none of the batch it hit. Without it (the
    seeder), everything stays in the caller's transaction.
    """
    now = now or utcnow()
    report = ImportReport()
    run = JobImportRun(source_file=source_file, status=ImportStatus.RUNNING, started_at=now)
    db.session.add(run)
    _end_transaction(commit)
    report.run_id = run.id
    try:
        guide_ids = {slug: id_ for slug, id_ in db.session.execute(select(Guide.slug, Guide.id))}
        seen: dict[tuple[str, str], int] = {}
        for batch in _batches(enumerate(records), batch_size):
            counts = _import_batch(batch, guide_ids, seen, now, report)
            _end_transaction(commit)
            # Counted once the batch is safely stored, so a failed run's log tells the truth.
            for name, value in counts.items():
                setattr(report, name, getattr(report, name) + value)
            if progress:
                progress(len(batch))
        report.expired += expire_postings(now)
        _record(run, report, ImportStatus.FINISHED, finished_at=utcnow())
        _end_transaction(commit)
    except BaseException as error:
        if commit:
            # Only the batch in flight is lost; the log row says how far the run got.
            db.session.rollback()
            run = db.session.get_one(JobImportRun, report.run_id)
            _record(run, report, ImportStatus.FAILED, finished_at=utcnow(), error=repr(error))
            db.session.commit()
        raise
    return report


def expire_postings(now: dt.datetime) -> int:
    """Mark open postings whose valid-through has passed as expired; returns how many."""
    result = db.session.execute(
        update(JobPosting)
        .where(JobPosting.expired == false(), JobPosting.valid_through < now)
        .values(expired=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _batches(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _end_transaction(commit: bool) -> None:
    if commit:
        db.session.commit()
    else:
        db.session.flush()


def _record(run: JobImportRun, report: ImportReport, status: ImportStatus, **values) -> None:
    run.status = status
    run.created, run.updated = report.created, report.updated
    run.unchanged, run.expired = report.unchanged, report.expired
    run.rejected = report.rejected
    run.rejections = [
        {"index": r.index, "external_id": r.external_id, "reason": r.reason}
        for r in report.rejections[:MAX_KEPT]
    ]
    for name, value in values.items():
        setattr(run, name, value)


def _validate(
    batch: Iterable[tuple[int, Any]],
    guide_ids: dict[str, int],
    seen: dict[tuple[str, str], int],
    report: ImportReport,
) -> list[tuple[PostingRecord, int | None]]:
    valid = []
    for index, raw in batch:
        try:
            record = PostingRecord.model_validate(raw)
        except ValidationError as error:
            external_id = raw.get("external_id") if isinstance(raw, dict) else None
            report.rejections.append(
                Rejection(index, _reasons(error), str(external_id) if external_id else None)
            )
            continue
        key = (record.source, record.external_id)
        if key in seen:
            reason = f"duplicate of index {seen[key]} (same source and external_id)"
            report.rejections.append(Rejection(index, reason, record.external_id))
            continue
        seen[key] = index
        slug = record.guide or guide_slug_for_title(record.title)
        if record.guide and slug not in guide_ids:
            reason = f"guide: no career guide with slug {record.guide!r}"
            report.rejections.append(Rejection(index, reason, record.external_id))
            continue
        valid.append((record, guide_ids.get(slug) if slug else None))
    return valid


def _import_batch(
    batch: Sequence[tuple[int, Any]],
    guide_ids: dict[str, int],
    seen: dict[tuple[str, str], int],
    now: dt.datetime,
    report: ImportReport,
) -> Counter[str]:
    """Write one batch; returns its counts (created, updated, unchanged, expired)."""
    counts: Counter[str] = Counter()
    valid = _validate(batch, guide_ids, seen, report)
    if not valid:
        return counts
    keys = [(record.source, record.external_id) for record, _ in valid]
    existing = {
        (source, external_id): (posting_id, digest, expired)
        for posting_id, source, external_id, digest, expired in db.session.execute(
            select(
                JobPosting.id,
                JobPosting.source,
                JobPosting.external_id,
                JobPosting.content_hash,
                JobPosting.expired,
            ).where(tuple_(JobPosting.source, JobPosting.external_id).in_(keys))
        )
    }
    to_insert, to_update = [], []
    for (record, guide_id), key in zip(valid, keys, strict=True):
        # The guide is part of the digest, so re-mapping a title to a new guide updates the row.
        digest = record.digest(guide_id)
        found = existing.get(key)
        if found and found[1] == digest:
            counts["unchanged"] += 1
            continue
        values = posting_values(record, digest, guide_id, now)
        if found:
            values["posting_id"] = found[0]
            to_update.append(values)
            counts["updated"] += 1
            counts["expired"] += values["expired"] and not found[2]
        else:
            values["received_at"] = now
            to_insert.append(values)
            counts["created"] += 1
            counts["expired"] += values["expired"]
    # Core statements run as one executemany each; the ORM's bulk paths cost about 60% more.
    table = JobPosting.__table__
    if to_insert:
        db.session.execute(insert(table), to_insert)
    if to_update:
        columns = {name: bindparam(name) for name in to_update[0] if name != "posting_id"}
        statement = update(table).where(table.c.id == bindparam("posting_id")).values(columns)
        db.session.execute(statement, to_update)
    return counts


def _reasons(error: ValidationError) -> str:
    problems = []
    for problem in error.errors(include_url=False):
        where = ".".join(str(part) for part in problem["loc"]) or "record"
        problems.append(f"{where}: {problem['msg']}")
    return "; ".join(problems)
