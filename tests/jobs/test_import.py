"""`flask jobs import`: JSON and RSS feeds, upserts, expiry, rejected records, idempotence."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from portal.careers.models import Guide
from portal.extensions import db
from portal.jobs.models import (
    EmploymentType,
    ImportStatus,
    JobImportRun,
    JobPosting,
    SalaryPeriod,
    Workplace,
)
from tests.jobs.factories import add_postings, day, import_postings, record

SUMMARY = re.compile(
    r"created (\d+), updated (\d+), unchanged (\d+), expired (\d+), rejected (\d+)"
)


def summary(output: str) -> tuple[int, ...]:
    match = SUMMARY.search(output)
    assert match, output
    return tuple(int(n) for n in match.groups())


def write_feed(tmp_path: Path, postings: list, **feed) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"source": "acme-feed", **feed, "postings": postings}))
    return path


def posting(external_id: str, source: str = "acme-feed") -> JobPosting | None:
    return db.session.scalar(
        select(JobPosting).where(JobPosting.source == source, JobPosting.external_id == external_id)
    )


def snapshot() -> list[tuple]:
    return [
        tuple(row)
        for row in db.session.execute(select(JobPosting.__table__).order_by(JobPosting.id))
    ]


def test_json_feed_creates_postings_with_every_field(runner, tmp_path):
    raw = record(
        external_id="a-1",
        title="Psychiatric Technician",
        workplace="Remote",
        remote_regions=["us", "CA"],
        employment_type="PER_DIEM",
        salary={"min": "18.35", "max": 22.5, "currency": "usd", "period": "Hour"},
        description="## Duties\n\nKeep **everyone** safe.\n\n<script>alert(1)</script>",
        valid_through=day(30),
    )
    del raw["source"]
    path = write_feed(tmp_path, [raw])

    result = runner.invoke(args=["jobs", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert summary(result.output) == (1, 0, 0, 0, 0)
    job = posting("a-1")
    assert job.title == "Psychiatric Technician"
    assert job.company_name == "Testing Health"
    assert (job.city, job.region, job.country) == ("Denver", "CO", "US")
    assert job.workplace is Workplace.REMOTE
    assert job.remote_regions == ["US", "CA"]
    assert job.employment_type is EmploymentType.PER_DIEM
    assert (job.salary_min_cents, job.salary_max_cents) == (1835, 2250)
    assert (job.salary_currency, job.salary_period) == ("USD", SalaryPeriod.HOUR)
    assert job.annual_salary_cents == 2250 * 2080
    assert "<h2>Duties</h2>" in job.description_html
    assert "<strong>everyone</strong>" in job.description_html
    assert "script" not in job.description_html
    assert job.description_text == "Duties Keep everyone safe."
    assert job.received_at is not None and not job.expired
    guide_id = db.session.scalar(select(Guide.id).where(Guide.slug == "mental-health-technician"))
    assert job.guide_id == guide_id  # by the title rules


@pytest.mark.parametrize(
    ("title", "mapped"),
    [
        ("Behavioral Health Technician - Nights", True),
        ("Mental Health Worker II", True),
        ("Psych Tech (PRN)", True),
        ("Psychiatric Nursing Assistant", True),
        ("MHT - Adolescent Unit", True),
        ("Registered Nurse, Psychiatry", False),
        ("Software Technician", False),
    ],
)
def test_titles_map_to_the_mental_health_technician_guide(title, mapped):
    (job,) = add_postings(record(title=title))
    assert (job.guide_id is not None) is mapped


def test_a_feed_may_name_the_guide(runner):
    (job,) = add_postings(record(title="Residential Counselor", guide="mental-health-technician"))
    assert job.guide_id is not None


def test_rss_feed(runner, tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:job="urn:career-portal:jobs" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Cedar Hospital careers</title>
    <link>https://www.cedar-hospital.example.org/careers</link>
    <description>Open roles</description>
    <item>
      <title>Behavioral Health Technician</title>
      <link>https://cedar-hospital.example.org/jobs/77</link>
      <guid isPermaLink="false">cedar-77</guid>
      <pubDate>Mon, 23 Nov 2026 09:30:00 -0500</pubDate>
      <description>&lt;p&gt;Join our &lt;b&gt;crisis&lt;/b&gt; team.&lt;/p&gt;</description>
      <dc:creator>Cedar Hospital</dc:creator>
      <job:city>Omaha</job:city><job:region>NE</job:region><job:country>US</job:country>
      <job:employmentType>part-time</job:employmentType>
      <job:salaryMin>19</job:salaryMin><job:salaryMax>23</job:salaryMax>
      <job:salaryPeriod>hour</job:salaryPeriod>
    </item>
    <item>
      <title>Unit Clerk</title>
      <link>https://cedar-hospital.example.org/jobs/78</link>
      <pubDate>not a date</pubDate>
      <description>Front desk.</description>
    </item>
  </channel>
</rss>
""",
        encoding="utf-8",
    )
    result = runner.invoke(args=["jobs", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert summary(result.output) == (1, 0, 0, 0, 1)
    assert "rejected index 1 (external_id 'https://cedar-hospital.example.org/jobs/78')" in (
        result.output
    )
    assert "posted_at" in result.output
    job = posting("cedar-77", source="cedar-hospital.example.org")
    assert job.company_name == "Cedar Hospital"
    assert job.posted_at.isoformat() == "2026-11-23T14:30:00"  # stored in UTC
    assert job.description_html == "<p>Join our <b>crisis</b> team.</p>"
    assert (job.city, job.employment_type, job.salary_min_cents) == ("Omaha", "part-time", 1900)
    assert job.apply_url == "https://cedar-hospital.example.org/jobs/77"


def test_upsert_updates_changed_postings_and_keeps_received_at(runner, tmp_path):
    first = record(external_id="u-1", title="Night Aide")
    second = record(external_id="u-2")
    import_postings(first, second)
    received = posting("u-1", "test-feed").received_at

    report = import_postings({**first, "title": "Night Aide (Weekends)"}, second)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    job = posting("u-1", "test-feed")
    assert job.title == "Night Aide (Weekends)"
    assert job.received_at == received
    assert db.session.scalar(select(func.count()).where(JobPosting.source == "test-feed")) == 2


def test_importing_the_same_feed_twice_changes_nothing(runner, tmp_path):
    postings = [record(external_id=f"i-{n}") for n in range(5)]
    postings.append(record(external_id="i-old", posted_at=day(-60), valid_through=day(-30)))
    postings.append({"external_id": "broken"})
    path = write_feed(tmp_path, postings)
    first = runner.invoke(args=["jobs", "import", str(path)])
    assert summary(first.output) == (6, 0, 0, 1, 1)
    before = snapshot()

    again = runner.invoke(args=["jobs", "import", str(path)])

    assert again.exit_code == 0, again.output
    assert summary(again.output) == (0, 0, 6, 0, 1)
    assert snapshot() == before


def test_postings_past_valid_through_are_expired(runner):
    (job,) = add_postings(record(valid_through=day(2)))
    assert not job.expired

    # A later run sweeps it, even if the feed no longer has it.
    report = import_postings(record(), now=job.valid_through + dt.timedelta(days=1))

    assert report.expired == 1
    db.session.refresh(job)
    assert job.expired
    assert not job.is_open()


def test_bad_records_are_reported_with_index_and_reason_and_skipped(runner, tmp_path):
    postings = [
        record(external_id="ok-1"),
        record(
            external_id="bad-1", salary={"min": 30, "max": 20, "currency": "USD", "period": "hour"}
        ),
        record(external_id="bad-2", apply_url="javascript:alert(1)"),
        "not an object",
        record(external_id="bad-3", guide="no-such-guide"),
        record(external_id="ok-1"),
        record(external_id="bad-4", workplace="on the moon"),
        record(external_id="ok-2"),
    ]
    result = runner.invoke(args=["jobs", "import", str(write_feed(tmp_path, postings))])

    assert result.exit_code == 0, result.output
    assert summary(result.output) == (2, 0, 0, 0, 6)
    lines = [line for line in result.output.splitlines() if line.startswith("rejected")]
    assert [int(re.search(r"index (\d+)", line).group(1)) for line in lines] == [1, 2, 3, 4, 5, 6]
    assert "salary min is above salary max" in lines[0]
    assert "apply_url" in lines[1]
    assert "guide: no career guide with slug 'no-such-guide'" in lines[3]
    assert "duplicate of index 0" in lines[4]
    assert "workplace" in lines[5]
    assert posting("ok-1", "test-feed") and posting("ok-2", "test-feed")
    assert posting("bad-1", "test-feed") is None


def test_each_run_is_recorded(runner, tmp_path):
    path = write_feed(tmp_path, [record(external_id="r-1"), {"title": "no id"}])
    runner.invoke(args=["jobs", "import", str(path)])

    run = db.session.scalar(select(JobImportRun).order_by(JobImportRun.id.desc()))
    assert run.source_file == str(path)
    assert run.status is ImportStatus.FINISHED
    assert run.finished_at >= run.started_at
    assert (run.created, run.updated, run.unchanged, run.expired, run.rejected) == (1, 0, 0, 0, 1)
    assert run.rejections[0]["index"] == 1
    assert "external_id" in run.rejections[0]["reason"]


def test_a_crash_mid_run_keeps_whole_batches_only(app):
    """One writer (the session's connection, as in every import here, and on SQLite) commits
    batches in feed order: exactly those before the crash are kept. PostgreSQL's parallel
    writers are tested committing for real in test_import_committed.py."""
    postings = [record(external_id=f"crash-{n}") for n in range(6)]
    inserts = []

    def fail_on_second_batch(_conn, _cursor, statement, *_args):
        if statement.startswith("INSERT INTO job_postings "):
            inserts.append(statement)
            if len(inserts) == 2:
                raise RuntimeError("disk full")

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", fail_on_second_batch)
    try:
        with pytest.raises(Exception, match="disk full"):
            import_postings(*postings, batch_size=2)
    finally:
        sa.event.remove(engine, "before_cursor_execute", fail_on_second_batch)

    stored = db.session.scalars(
        select(JobPosting.external_id).where(JobPosting.external_id.like("crash-%"))
    ).all()
    assert sorted(stored) == ["crash-0", "crash-1"]
    run = db.session.scalar(select(JobImportRun).order_by(JobImportRun.id.desc()))
    assert run.status is ImportStatus.FAILED
    assert run.created == 2
    assert "disk full" in run.error


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"postings": 3}', "needs a 'postings' list"),
        ("<html><body>hi</body></html>", "not an RSS 2.0 feed"),
        ("<rss><channel>", "not well-formed XML"),
        ("hello", "neither a JSON feed nor an RSS feed"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_clear_message(runner, tmp_path, content, message):
    path = tmp_path / "feed.txt"
    path.write_text(content)
    result = runner.invoke(args=["jobs", "import", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_seeded_sample_feed_is_marked_as_sample_data(runner):
    samples = db.session.scalars(select(JobPosting).where(JobPosting.source == "sample-feed")).all()
    assert 35 <= len(samples) <= 45
    assert all(job.sample for job in samples)
    assert sum(job.guide_id is not None for job in samples) >= 20
    assert len({job.company_name for job in samples}) >= 8
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "jobs: created 0, updated 0, unchanged 40" in result.output
