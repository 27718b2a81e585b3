"""`flask seed`: idempotent, updates on edit, refuses a broken file without touching anything."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.careers.models import Guide, GuideRevision
from portal.extensions import db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def guide_file(seeds_dir: Path) -> Path:
    return seeds_dir / "careers" / "mental-health-technician.yaml"


def snapshot() -> list[tuple]:
    guides = db.session.execute(select(Guide.slug, Guide.revision, Guide.document)).all()
    revisions = db.session.scalar(select(func.count()).select_from(GuideRevision))
    return [*guides, revisions]


def test_seeding_twice_changes_nothing(runner, seeds_copy):
    before = snapshot()
    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])
    assert result.exit_code == 0, result.output
    assert "careers: created 0, updated 0, unchanged 1" in result.output
    # Other domains seed too; nothing anywhere is created or updated.
    assert re.search(r"Seeded: created 0, updated 0, unchanged \d+$", result.output.rstrip())
    assert snapshot() == before


def test_editing_the_yaml_and_reseeding_updates_the_page(runner, client, seeds_copy):
    path = guide_file(seeds_copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("- Empathy and patience", "- Empathy, patience and good humour", 1),
        encoding="utf-8",
    )
    assert "good humour" not in client.get("/careers/mental-health-technician").text

    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])

    assert result.exit_code == 0, result.output
    assert "updated 1" in result.output
    assert (
        "Empathy, patience and good humour" in client.get("/careers/mental-health-technician").text
    )
    guide = db.session.scalar(select(Guide))
    assert guide.revision == 2


def test_a_new_guide_file_creates_a_guide(runner, client, seeds_copy):
    text = guide_file(seeds_copy).read_text(encoding="utf-8")
    (seeds_copy / "careers" / "psychiatric-aide.yaml").write_text(
        text.replace("slug: mental-health-technician", "slug: psychiatric-aide").replace(
            "title: Mental Health Technician", "title: Psychiatric Aide"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])
    assert "careers: created 1, updated 0, unchanged 1" in result.output
    assert client.get("/careers/psychiatric-aide").status_code == 200


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (
            ("growth_rate_percent: 12", "growth_rate_percent: twelve"),
            ": headline.growth_rate_percent:",
        ),
        (("  currency: USD", "  currency: dollars"), ": salary.currency:"),
        (("\nfaq:", "\nfaq: 3\nfaqs:"), "faqs: Extra inputs are not permitted"),
        (("slug: mental-health-technician", "slug: Not A Slug"), ": slug:"),
        (("title: Mental Health Technician", "title: [unclosed"), "invalid YAML"),
    ],
)
def test_a_broken_seed_file_is_named_and_changes_nothing(runner, seeds_copy, breakage, expected):
    path = guide_file(seeds_copy)
    old, new = breakage
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # A second, valid edit in another file must not be written either: one transaction.
    other = seeds_copy / "careers" / "zz-other.yaml"
    other.write_text(text.replace("slug: mental-health-technician", "slug: other-guide"), "utf-8")
    before = snapshot()

    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])

    assert result.exit_code != 0
    assert str(path) in result.output
    assert expected in result.output
    assert snapshot() == before


def test_the_error_names_the_line_of_the_bad_field(runner, seeds_copy):
    path = guide_file(seeds_copy)
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "median_salary: 38500" in line)
    lines[number - 1] = lines[number - 1].replace("38500", "-5")
    path.write_text("\n".join(lines), encoding="utf-8")

    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])

    assert f"{path}:{number}: headline.median_salary:" in result.output


def test_a_missing_seeds_folder_is_an_error(runner, tmp_path):
    result = runner.invoke(args=["seed", "--dir", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "no such folder" in result.output


def test_reseeding_keeps_edits_made_since_unless_the_file_changed(runner, client, seeds_copy):
    from portal.careers.services import save_guide

    guide = db.session.scalar(select(Guide))
    edited = guide.content.model_copy(update={"summary": "Edited by an admin on the site."})
    save_guide(edited)
    db.session.commit()

    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])
    assert "careers: created 0, updated 0, unchanged 1" in result.output
    assert "Edited by an admin on the site." in client.get("/careers/mental-health-technician").text

    # The file itself changes: now it wins, as a person editing the YAML expects.
    path = guide_file(seeds_copy)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "- Active listening", "- Active, patient listening"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(args=["seed", "--dir", str(seeds_copy)])
    assert "careers: created 0, updated 1, unchanged 0" in result.output
    page = client.get("/careers/mental-health-technician").text
    assert "Active, patient listening" in page
    assert "Edited by an admin on the site." not in page
