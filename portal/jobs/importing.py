"""The import service: upsert postings from feed records in batches, expire the stale, keep a log.

`flask jobs import`, the seeder and the benchmark all come through `import_records`. Each batch
(portal.jobs.batches) is one transaction and costs a fixed number of statements (one lookup, then
bulk writes of the new and changed postings), whatever its size. On PostgreSQL, a run that
commits is written on POSTGRESQL_WRITERS connections at once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import false, select, update

from portal import clock
from portal.careers.models import Guide
from portal.extensions import db
from portal.jobs.batches import (
    PreparedBatch,
    Preparer,
    Rejection,
    prepared_batches,
    write_batch,
    write_in_parallel,
)
from portal.jobs.feeds import read_feed
from portal.jobs.models import ImportStatus, JobImportRun, JobPosting

BATCH_SIZE = 1000
# A run keeps at most this many rejections with their reasons; the count is always exact.
MAX_KEPT = 1000
# Connections writing batches at once on PostgreSQL. One connection spends about 500 us of the
# server's time per posting; two keep a 2-core server busy (1,462/s with one, see the README).
POSTGRESQL_WRITERS = 2


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
    so a crash keeps whole batches only: those before it and none of the batch it hit (with
    parallel writers, perhaps also some after it, written beside it; see
    `batches.write_in_parallel`). Without it (the seeder), everything stays in the caller's
    transaction.
    """
    now = now or clock.now()
    report = ImportReport()
    run = JobImportRun(source_file=source_file, status=ImportStatus.RUNNING, started_at=now)
    db.session.add(run)
    _end_transaction(commit)
    report.run_id = run.id

    def stored(batch: PreparedBatch, counts: Counter[str]) -> None:
        # Counted once the batch is safely stored, so a failed run's log tells the truth.
        for name, value in counts.items():
            setattr(report, name, getattr(report, name) + value)
        if progress:
            progress(batch.size)

    def rejected(batch: PreparedBatch) -> PreparedBatch:
        report.rejections += batch.rejections
        return batch

    try:
        guide_ids = {slug: id_ for slug, id_ in db.session.execute(select(Guide.slug, Guide.id))}
        batches = map(rejected, prepared_batches(records, batch_size, Preparer(guide_ids, now)))
        if writers := _parallel_writers(commit):
            _end_transaction(commit)  # no transaction stays open while the writers work
            write_in_parallel(batches, db.engine, now, writers, stored)
        else:
            for batch in batches:
                counts = write_batch(batch, now, db.session)
                _end_transaction(commit)
                stored(batch, counts)
        report.expired += expire_postings(now)
        _record(run, report, ImportStatus.FINISHED, finished_at=clock.now())
        _end_transaction(commit)
    except BaseException as error:
        if commit:
            # Only the batch in flight is lost; the log row says how far the run got.
            db.session.rollback()
            run = db.session.get_one(JobImportRun, report.run_id)
            _record(run, report, ImportStatus.FAILED, finished_at=clock.now(), error=repr(error))
            db.session.commit()
        raise
    return report


def expire_postings(now: dt.datetime) -> int:
    """Mark open postings whose valid-through has passed as expired; returns how many."""
    result = db.session.execute(
        update(JobPosting)
        .where(JobPosting.expired == false(), JobPosting.valid_through < now)
        .values(expired=True, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _parallel_writers(commit: bool) -> int:
    """How many connections write batches at once; 0 to write them all on the session.

    Only for a run that commits each batch on PostgreSQL, and only when the session is bound to
    the engine: writers take connections of their own from it, outside the session's
    transaction, so a session bound to one connection (a caller's transaction, as in the test
    suite) keeps every write on that connection. SQLite allows one writer at a time anyway.
    """
    bind = db.session.get_bind()
    if commit and isinstance(bind, sa.Engine) and bind.dialect.name == "postgresql":
        return POSTGRESQL_WRITERS
    return 0


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
