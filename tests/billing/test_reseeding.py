"""`flask seed` on every `make run` must not undo what an admin changed on the site."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from portal.billing.models import HouseAd, Plan
from portal.extensions import db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_plan_edits_survive_reseeding_until_the_file_changes(runner, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    plus = db.session.scalar(select(Plan).where(Plan.key == "plus"))
    plus.name = "Plus (edited in the admin)"
    db.session.commit()

    result = runner.invoke(args=["seed", "--dir", str(seeds)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Plan.name).where(Plan.key == "plus")) == (
        "Plus (edited in the admin)"
    )

    plans = seeds / "plans.yaml"
    plans.write_text(
        plans.read_text(encoding="utf-8").replace("name: Plus", "name: Plus+"), "utf-8"
    )
    result = runner.invoke(args=["seed", "--dir", str(seeds)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Plan.name).where(Plan.key == "plus")) == "Plus+"


def test_an_ad_made_in_the_admin_is_not_switched_off_by_reseeding(runner):
    db.session.add(HouseAd(key="admin-made", active=True, position=9, document={"any": "thing"}))
    db.session.commit()
    result = runner.invoke(args=["seed", "--dir", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(HouseAd.active).where(HouseAd.key == "admin-made")) is True
