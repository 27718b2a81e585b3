"""Loading career guides from `seeds/careers/*.yaml`."""

from __future__ import annotations

from pathlib import Path

from portal.careers.schema import GuideDocument
from portal.careers.services import seed_guide
from portal.seedfiles import load_seed_file
from portal.seeding import SeedError, SeedReport


def seed_guides(seeds_dir: Path) -> SeedReport:
    """Validate every guide file first, then upsert them by slug."""
    paths = sorted((seeds_dir / "careers").glob("*.yaml"))
    documents = [(path, load_seed_file(path, GuideDocument)) for path in paths]
    seen: dict[str, Path] = {}
    for path, document in documents:
        if document.slug in seen:
            raise SeedError(
                f"{path}: slug: {document.slug!r} is also used by {seen[document.slug]}"
            )
        seen[document.slug] = path

    report = SeedReport()
    for path, document in documents:
        outcome = seed_guide(document)
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.details.append(f"{path.name}: {outcome}")
    return report
