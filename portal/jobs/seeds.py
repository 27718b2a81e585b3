"""Loading the sample job feed(s) in `seeds/jobs/*.json` through the import service."""

from __future__ import annotations

from pathlib import Path

from portal.jobs.feeds import FeedError, read_feed
from portal.jobs.importing import import_records
from portal.seeding import SeedError, SeedReport


def seed_jobs(seeds_dir: Path) -> SeedReport:
    """Import each feed inside `flask seed`'s one transaction; any bad record stops the seed."""
    report = SeedReport()
    for path in sorted((seeds_dir / "jobs").glob("*.json")):
        try:
            feed = read_feed(path)
        except FeedError as error:
            raise SeedError(str(error)) from error
        outcome = import_records(feed.records, source_file=str(path), commit=False)
        if outcome.rejections:
            problems = "\n".join(f"{path}: {r.describe()}" for r in outcome.rejections)
            raise SeedError(problems)
        report.created += outcome.created
        report.updated += outcome.updated
        report.unchanged += outcome.unchanged
        report.details.append(f"{path.name}: {outcome.summary()}")
    return report
