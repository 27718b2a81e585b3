"""`flask careers ...`: commands for career guides."""

from __future__ import annotations

import click
import yaml
from flask.cli import AppGroup
from sqlalchemy import select

from portal.careers.models import Guide
from portal.extensions import db

careers_cli = AppGroup("careers", help="Career guides.")


@careers_cli.command("list")
def list_guides() -> None:
    """List guides with their revision and whether they are published."""
    guides = db.session.scalars(select(Guide).order_by(Guide.slug)).all()
    for guide in guides:
        state = "published" if guide.published else "draft"
        click.echo(f"{guide.slug}\tr{guide.revision}\t{state}\t{guide.title}")
    click.echo(f"{len(guides)} guides")


@careers_cli.command("export")
@click.argument("slug")
def export_guide(slug: str) -> None:
    """Print a guide as seed YAML (the format of seeds/careers/*.yaml)."""
    guide = db.session.scalar(select(Guide).where(Guide.slug == slug))
    if guide is None:
        raise click.ClickException(f"no guide with slug {slug!r}")
    click.echo(yaml.safe_dump(guide.document, sort_keys=False, allow_unicode=True, width=100))
