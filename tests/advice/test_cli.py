"""`flask advice rank` and `flask advice fit` for a JSON Resume file."""

from __future__ import annotations

import json

from tests.advice.conftest import RESUMES_DATA
from tests.advice.test_pages import CPT_POSTING
from tests.jobs.factories import add_postings, record

MHT_FILE = str(RESUMES_DATA / "mht.resume.json")


def test_rank_prints_score_id_and_title_best_first(runner):
    (cpt,) = add_postings(record(**CPT_POSTING))

    result = runner.invoke(args=["advice", "rank", "--resume", MHT_FILE, "--top", "5"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 3 and row[0].isdigit() and row[1].isdigit() for row in rows)
    scores = [int(row[0]) for row in rows]
    assert scores == sorted(scores, reverse=True)
    everything = runner.invoke(args=["advice", "rank", "--resume", MHT_FILE, "--top", "200"])
    assert str(cpt.id) in [line.split("\t")[1] for line in everything.stdout.splitlines()]


def test_fit_prints_the_fit_as_json(runner):
    (cpt,) = add_postings(record(**CPT_POSTING))

    result = runner.invoke(args=["advice", "fit", "--resume", MHT_FILE, "--job", str(cpt.id)])

    assert result.exit_code == 0, result.output
    fit = json.loads(result.stdout)
    assert fit["posting"] == {"id": cpt.id, "title": "Psychiatric Technician"}
    assert 0 <= fit["score"] <= 100
    present = {item["name"]: item for item in fit["present"]}
    assert present["CPR / BLS"]["resume_line"] == "Basic Life Support (BLS)"
    missing = {item["name"]: item for item in fit["missing"]}
    cpt_note = missing["Certified Psychiatric Technician (CPT)"]["guide"][0]
    assert cpt_note["guide"] == "mental-health-technician"
    assert fit["salary"]["level"] == "senior"


def test_bad_input_is_refused_with_a_message(runner, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    result = runner.invoke(args=["advice", "rank", "--resume", str(broken)])
    assert result.exit_code == 2
    assert "cannot read a JSON Resume" in result.output

    result = runner.invoke(args=["advice", "fit", "--resume", MHT_FILE, "--job", "999999"])
    assert result.exit_code == 2
    assert "no posting 999999" in result.output
