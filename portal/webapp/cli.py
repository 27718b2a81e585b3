"""`flask webapp icons` draws the app's icons; `flask webapp vapid-keys` makes the key pair that
signs push notifications (VAPID, RFC 8292)."""

from __future__ import annotations

import base64
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

webapp_cli = AppGroup("webapp", help="The installable app: icons and push keys.")


@webapp_cli.command("icons")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Another folder.")
def icons_command(out: Path | None) -> None:
    """Draw the app icons into static/icons/ (they are committed; run after changing the design)."""
    from portal.webapp.icons import write_icons

    folder = out or Path(current_app.static_folder) / "icons"
    for path in write_icons(folder):
        click.echo(str(path))


@webapp_cli.command("vapid-keys")
def vapid_keys_command() -> None:
    """Print a new VAPID key pair as environment variables, for push notifications."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    private_key = ec.generate_private_key(ec.SECP256R1())
    private_number = private_key.private_numbers().private_value.to_bytes(32, "big")
    public_point = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    click.echo(f"VAPID_PUBLIC_KEY={_b64url(public_point)}")
    click.echo(f"VAPID_PRIVATE_KEY={_b64url(private_number)}")
    click.echo("VAPID_SUBJECT=mailto:you@example.org  # who push services may contact")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
