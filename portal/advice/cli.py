"""`flask advice rank` and `flask advice fit`: advice for a JSON Resume file, from the shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from portal.advice import services
from portal.advice.presenters import report_as_json
from portal.jobs import services as jobs

advice_cli = AppGroup("advice", help="Job advice for a JSON Resume file.")


def _document(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.BadParameter(f"cannot read a JSON Resume from {path}: {error}") from error
    if not isinstance(document, dict):
        raise click.BadParameter(f"{path} holds no JSON object")
    return document


RESUME = click.option(
    "--resume",
    "resume_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON Resume file.",
)


@advice_cli.command("rank")
@RESUME
@click.option("--top", default=20, show_default=True, type=click.IntRange(1, 200))
def rank_command(resume_path: Path, top: int) -> None:
    """Print the open postings that fit best: score<TAB>posting id<TAB>title."""
    ranking = services.best_jobs(_document(resume_path), top=top)
    for job in ranking.jobs:
        click.echo(f"{job.score.value}\t{job.posting.id}\t{job.posting.title}")
    if ranking.nothing_fits_well:
        click.echo("No open posting fits this resume well.", err=True)


@advice_cli.command("fit")
@RESUME
@click.option("--job", "posting_id", required=True, type=int, help="A posting's id.")
def fit_command(resume_path: Path, posting_id: int) -> None:
    """Print how well the resume fits one posting, as JSON."""
    document = _document(resume_path)
    posting = jobs.get_posting(posting_id)
    if posting is None:
        raise click.BadParameter(f"no posting {posting_id}", param_hint="--job")
    click.echo(json.dumps(report_as_json(services.fit(document, posting)), indent=2))
