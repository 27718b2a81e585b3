"""One batch of an import: prepared (validated, rendered) in a worker thread, then written.

Preparing is pure Python; writing is mostly the database's work (full-text indexing above all),
during which Python's sqlite3 and psycopg release the GIL. So while one batch is written, the
next is prepared beside it. On PostgreSQL, when the import commits for real, batches are also
written on several connections at once (see `write_in_parallel`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import sqlalchemy as sa
from psycopg import sql
from pydantic import ValidationError
from sqlalchemy import Table, and_, bindparam, insert, or_, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from portal.jobs.guides import guide_slug_for_title
from portal.jobs.models import JobPosting
from portal.jobs.records import PostingRecord, posting_values

Key = tuple[str, str]  # (source, external_id)


@dataclass(frozen=True)
class Rejection:
    index: int  # 0-based position of the record in the feed
    reason: str
    external_id: str | None = None

    def describe(self) -> str:
        which = f" (external_id {self.external_id!r})" if self.external_id else ""
        return f"index {self.index}{which}: {self.reason}"


@dataclass
class PreparedBatch:
    size: int
    rejections: list[Rejection] = field(default_factory=list)
    # (key, content digest, column values) for each valid record.
    postings: list[tuple[Key, str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class Preparer:
    """Validates records and renders their rows; remembers keys to refuse duplicates."""

    guide_ids: dict[str, int]
    now: dt.datetime
    seen: dict[Key, int] = field(default_factory=dict)

    def __call__(self, batch: list[tuple[int, Any]]) -> PreparedBatch:
        prepared = PreparedBatch(size=len(batch))
        for index, raw in batch:
            try:
                record = PostingRecord.model_validate(raw)
            except ValidationError as error:
                external_id = raw.get("external_id") if isinstance(raw, dict) else None
                prepared.rejections.append(
                    Rejection(index, _reasons(error), str(external_id) if external_id else None)
                )
                continue
            if reason := self._refusal(index, record):
                prepared.rejections.append(Rejection(index, reason, record.external_id))
                continue
            slug = record.guide or guide_slug_for_title(record.title)
            guide_id = self.guide_ids.get(slug) if slug else None
            # The guide is part of the digest: re-mapping a title to a guide updates the row.
            digest = record.digest(guide_id)
            values = posting_values(record, digest, guide_id, self.now)
            prepared.postings.append(((record.source, record.external_id), digest, values))
        return prepared

    def _refusal(self, index: int, record: PostingRecord) -> str | None:
        key = (record.source, record.external_id)
        if key in self.seen:
            return f"duplicate of index {self.seen[key]} (same source and external_id)"
        self.seen[key] = index
        if record.guide and record.guide not in self.guide_ids:
            return f"guide: no career guide with slug {record.guide!r}"
        return None


def prepared_batches(
    records: Iterable[Any], size: int, prepare: Callable[[list], PreparedBatch]
) -> Iterator[PreparedBatch]:
    """Batches in order, each prepared in a worker thread while the caller writes the last."""
    batches = _chunks(enumerate(records), size)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobs-import") as worker:
        pending = None
        for batch in batches:
            following = worker.submit(prepare, batch)
            if pending is not None:
                yield pending.result()
            pending = following
        if pending is not None:
            yield pending.result()


def write_in_parallel(
    batches: Iterable[PreparedBatch],
    engine: sa.Engine,
    now: dt.datetime,
    writers: int,
    stored: Callable[[PreparedBatch, Counter[str]], None],
) -> None:
    """Write batches on `writers` connections at once, each batch in a transaction of its own.

    For PostgreSQL, where the server spends about 500 us inserting a posting (the generated
    search vector and its GIN index above all), so one connection cannot pass 2,000 postings/s:
    two connections keep both of the server's cores busy. Batches of one run never share a key
    (the Preparer refuses duplicates), so they cannot wait on each other's rows.

    `stored(batch, counts)` is called in the caller's thread once a batch is committed. Batches
    commit in whatever order they finish, so when one fails, the others in flight still finish
    (each commits whole or rolls back), are counted if stored, and then the first error is
    raised; no batch is started after it. What a failed run leaves is therefore whole batches
    only: all those before the failed one, none of it, and perhaps some after it (those written
    beside it before it failed).
    """
    running: set[Future] = set()

    def settle(how: str) -> None:
        done, _ = wait(running, return_when=how)
        running.difference_update(done)
        failures = [future.exception() for future in done if future.exception()]
        for future in done:
            if not future.exception():
                stored(*future.result())
        if failures:
            raise failures[0]

    with ThreadPoolExecutor(max_workers=writers, thread_name_prefix="jobs-write") as pool:
        try:
            for batch in batches:
                if len(running) >= writers:
                    settle(FIRST_COMPLETED)
                running.add(pool.submit(_write_committed, engine, batch, now))
            settle(ALL_COMPLETED)
        except BaseException:
            # The batches in flight end first, so the run's log counts every batch stored.
            done, _ = wait(running)
            for future in done:
                if not future.exception():
                    stored(*future.result())
            raise


def _write_committed(
    engine: sa.Engine, batch: PreparedBatch, now: dt.datetime
) -> tuple[PreparedBatch, Counter[str]]:
    with Session(engine) as session, session.begin():
        counts = write_batch(batch, now, session)
    return batch, counts


def write_batch(batch: PreparedBatch, now: dt.datetime, session: Session) -> Counter[str]:
    """Insert new postings and update changed ones; returns created/updated/unchanged/expired.

    A fixed number of statements whatever the batch size: one lookup, then the writes. All in
    `session`'s transaction; the caller ends it.
    """
    counts: Counter[str] = Counter()
    if not batch.postings:
        return counts
    dialect = session.get_bind().dialect.name
    existing = {
        (source, external_id): (posting_id, digest, expired)
        for posting_id, source, external_id, digest, expired in session.execute(
            select(
                JobPosting.id,
                JobPosting.source,
                JobPosting.external_id,
                JobPosting.content_hash,
                JobPosting.expired,
            ).where(_keys_condition([key for key, _, _ in batch.postings], dialect))
        )
    }
    to_insert, to_update = [], []
    for key, digest, values in batch.postings:
        found = existing.get(key)
        if found and found[1] == digest:
            counts["unchanged"] += 1
        elif found:
            to_update.append((found[0], values))
            counts["updated"] += 1
            counts["expired"] += values["expired"] and not found[2]
        else:
            to_insert.append({**values, "received_at": now})
            counts["created"] += 1
            counts["expired"] += values["expired"]
    if dialect == "sqlite":
        rows = to_insert + [{**values, "received_at": now} for _, values in to_update]
        _write_sqlite(session, rows)
    else:
        changed = [{**values, "posting_id": id_} for id_, values in to_update]
        _write_postgresql(session, to_insert, changed)
    return counts


def _write_sqlite(session: Session, rows: list[dict[str, Any]]) -> None:
    """New and changed rows in multi-row upserts of up to 1,000 rows each.

    Not one statement per row: a statement whose trigger writes to the FTS5 table opens a
    savepoint on it, and FTS5's xSavepoint writes its pending index data out to disk (see
    fts5_main.c), so row by row the full-text index costs about four times as much. RETURNING is
    what turns on SQLAlchemy's multi-row form ("insertmanyvalues") for executemany.
    """
    if not rows:
        return
    table = JobPosting.__table__
    statement = sqlite.insert(table)
    kept = {"received_at", "source", "external_id"}  # a changed posting keeps when it arrived
    changes = {name: statement.excluded[name] for name in rows[0] if name not in kept}
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.source, table.c.external_id], set_=changes
    ).returning(table.c.id)
    session.execute(statement, rows)


def _write_postgresql(
    session: Session, to_insert: list[dict[str, Any]], to_update: list[dict[str, Any]]
) -> None:
    """New rows through COPY (see _copy_rows); changed rows in one UPDATE, row by row in
    psycopg's pipelined executemany; both inside the batch's transaction.

    COPY, not an INSERT per row: each INSERT is a message to build in Python and a statement to
    start on the server, which cost as much as the row itself. Not multi-row statements either:
    psycopg spends longer parsing a statement with 28,000 parameters than sending the rows. Not
    an upsert: PostgreSQL would compute the generated search vector of a changed posting twice,
    for the refused insert and for the update.
    """
    table = JobPosting.__table__
    if to_insert:
        _copy_rows(session, table, to_insert)
    if to_update:
        columns = {name: bindparam(name) for name in to_update[0] if name != "posting_id"}
        statement = update(table).where(table.c.id == bindparam("posting_id")).values(columns)
        session.execute(statement, to_update)


def _copy_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows into `table` through a COPY into a temporary table, all in the session's
    transaction.

    The rows reach `table` in one INSERT ... SELECT, a statement like any other the session
    runs (and sees). Values go through each column type's bind processing first (JSON into
    psycopg's Json), as they would in an INSERT; psycopg then writes them in COPY's text format
    (https://www.psycopg.org/psycopg3/docs/basic/copy.html). The temporary table lives for the
    batch only: dropped at its end, and rolled back with it.
    """
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    types = [table.c[name].type.dialect_impl(dialect) for name in names]
    processors = [type_.bind_processor(dialect) for type_ in types]
    staging = sa.table(f"{table.name}_staging", *(sa.column(name) for name in names))
    listed = sql.SQL(", ").join(map(sql.Identifier, names))
    create = sql.SQL("CREATE TEMPORARY TABLE {} AS SELECT {} FROM {} WITH NO DATA").format(
        sql.Identifier(staging.name), listed, sql.Identifier(table.name)
    )
    copy_in = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(staging.name), listed)
    cursor = connection.connection.driver_connection.cursor()
    with cursor:
        cursor.execute(create)
        with cursor.copy(copy_in) as copy:
            for row in rows:
                copy.write_row(
                    [
                        process(row[name]) if process else row[name]
                        for name, process in zip(names, processors, strict=True)
                    ]
                )
        connection.execute(insert(table).from_select(names, sa.select(staging)))
        cursor.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(staging.name)))


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _keys_condition(keys: list[Key], dialect: str):
    """(source, external_id) IN keys, written so both databases use the unique index.

    A row-value IN ((s, e), ...) makes SQLite scan the whole index for every batch. PostgreSQL
    gets the ids as one array parameter: a thousand parameters, one per id, cost SQLAlchemy and
    psycopg more time to render and convert than the database takes to look them up.
    """
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, external_id in keys:
        by_source[source].append(external_id)
    if dialect == "postgresql":
        return or_(
            *(
                and_(
                    JobPosting.source == source,
                    JobPosting.external_id == sa.any_(sa.literal(ids, ARRAY(sa.String))),
                )
                for source, ids in by_source.items()
            )
        )
    return or_(
        *(
            and_(JobPosting.source == source, JobPosting.external_id.in_(external_ids))
            for source, external_ids in by_source.items()
        )
    )


def _reasons(error: ValidationError) -> str:
    problems = []
    for problem in error.errors(include_url=False):
        where = ".".join(str(part) for part in problem["loc"]) or "record"
        problems.append(f"{where}: {problem['msg']}")
    return "; ".join(problems)
