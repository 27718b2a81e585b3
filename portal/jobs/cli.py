"""`flask jobs ...`: importing job feeds."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.jobs.feeds import FeedError, read_feed
from portal.jobs.importing import BATCH_SIZE, import_records

jobs_cli = AppGroup("jobs", help="Job postings.")


@jobs_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", help="Source name for every posting (default: the feed's own).")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=BATCH_SIZE,
    show_default=True,
    help="Postings per transaction.",
)
def import_command(path: Path, source: str | None, batch_size: int) -> None:
    """Load a JSON or RSS 2.0 job feed: upsert by (source, external id), expire old postings.

    Safe to run again: an unchanged posting is left as it is. A bad record is reported and
    skipped; each batch is one transaction.
    """
    try:
        feed = read_feed(path, source)
    except FeedError as error:
        raise click.ClickException(str(error)) from error
    with click.progressbar(length=len(feed), label=f"Importing {path.name}") as bar:
        report = import_records(
            feed.records, source_file=str(path), batch_size=batch_size, progress=bar.update
        )
    for rejection in report.rejections:
        click.echo(f"rejected {rejection.describe()}")
    click.echo(report.summary())
