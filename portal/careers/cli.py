"""`flask careers ...`: commands for career guides."""

from __future__ import annotations

from pathlib import Path

import click
import yaml
from flask.cli import AppGroup
from sqlalchemy import select

from portal.careers.extension import Careers
from portal.careers.extension import state as careers

careers_cli = AppGroup("careers", help="Career guides.")


@careers_cli.command("list")
def list_guides() -> None:
    """List guides with their revision and whether they are published."""
    db, Guide = careers().db, careers().models.Guide
    guides = db.session.scalars(select(Guide).order_by(Guide.slug)).all()
    for guide in guides:
        state = "published" if guide.published else "draft"
        click.echo(f"{guide.slug}\tr{guide.revision}\t{state}\t{guide.title}")
    click.echo(f"{len(guides)} guides")


@careers_cli.command("export")
@click.argument("slug")
def export_guide(slug: str) -> None:
    """Print a guide as seed YAML (the format of seeds/careers/*.yaml)."""
    db, Guide = careers().db, careers().models.Guide
    guide = db.session.scalar(select(Guide).where(Guide.slug == slug))
    if guide is None:
        raise click.ClickException(f"no guide with slug {slug!r}")
    click.echo(yaml.safe_dump(guide.document, sort_keys=False, allow_unicode=True, width=100))


@careers_cli.command("seed")
@click.option(
    "--dir",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding careers/*.yaml (default: CAREERS_SEEDS_DIR, else the shipped guides).",
)
def seed(seeds_dir: Path | None) -> None:
    """Load only the career guides' seed files; safe to run any number of times."""
    db = careers().db
    try:
        report = Careers.run_seeds(seeds_dir)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    click.echo(f"careers: {report.summary()}")
