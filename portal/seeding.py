"""`flask seed`: load every domain's seed files in one transaction.

Domains register a seeder with `register_seeder`; each seeder validates its files and upserts them,
returning counts. Nothing is committed unless every seeder succeeds, so a broken file leaves the
database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.extensions import db


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


class SeedError(click.ClickException):
    """A seed file is malformed; the message names the file, the line and the field."""


Seeder = Callable[[Path], SeedReport]


def register_seeder(app: Flask, name: str, seeder: Seeder) -> None:
    app.extensions.setdefault("portal.seeders", {})[name] = seeder


def run_seeders(seeds_dir: Path) -> dict[str, SeedReport]:
    """Run every registered seeder inside one transaction; roll back everything on any error."""
    seeders: dict[str, Seeder] = current_app.extensions.get("portal.seeders", {})
    reports: dict[str, SeedReport] = {}
    try:
        for name, seeder in seeders.items():
            reports[name] = seeder(seeds_dir)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return reports


@click.command("seed")
@click.option(
    "--dir",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of seed files (default: SEEDS_DIR, the project's seeds/).",
)
@with_appcontext
def seed_command(seeds_dir: Path | None) -> None:
    """Load the seed files (career guides and more). Safe to run any number of times."""
    seeds_dir = seeds_dir or Path(current_app.config["SEEDS_DIR"])
    if not seeds_dir.is_dir():
        raise SeedError(f"{seeds_dir}: no such folder of seed files")
    reports = run_seeders(seeds_dir)
    for name, report in reports.items():
        for line in report.details:
            click.echo(f"  {name}: {line}")
        click.echo(f"{name}: {report.summary()}")
    total = SeedReport(
        created=sum(r.created for r in reports.values()),
        updated=sum(r.updated for r in reports.values()),
        unchanged=sum(r.unchanged for r in reports.values()),
    )
    click.echo(f"Seeded: {total.summary()}")
