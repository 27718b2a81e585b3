"""The careers plugin's Alembic branch (label "careers"), for a host's own migration environment:
add `VERSIONS` to its version_locations (see examples/host_app/README.md)."""

from pathlib import Path

VERSIONS = str(Path(__file__).parent / "versions")
