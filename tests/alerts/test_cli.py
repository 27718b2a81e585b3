"""`flask alerts send`: progress, the summary line, --dry-run and --now."""

from __future__ import annotations

from tests.alerts.conftest import make_alert, received


def test_send_prints_a_summary_and_dry_run_lists_what_would_go(runner, make_user, mailbox):
    user = make_user("cli@example.com")
    make_alert(user, {"q": "nurse"}, created="2026-12-01 09:00", name="Nights")
    received("2026-12-02 10:00", title="Night Nurse A")

    result = runner.invoke(args=["alerts", "send", "--dry-run", "--now", "2026-12-07T08:00:00Z"])
    assert result.exit_code == 0, result.output
    assert "cli@example.com: 'Nights': 1 new job\n" in result.output
    assert "Dry run (nothing sent): due 1, would send 1, empty 0\n" in result.output
    assert "sent 1" not in result.output
    assert mailbox.messages == []

    result = runner.invoke(args=["alerts", "send", "--now", "2026-12-07T03:00:00-05:00"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("due 1, sent 1, empty 0, failed 0")
    assert len(mailbox.to("cli@example.com")) == 1

    result = runner.invoke(args=["alerts", "send", "--now", "2026-12-07T08:00:00Z"])
    assert result.output.strip().endswith("due 0, sent 0, empty 0, failed 0")


def test_a_bad_now_is_a_clear_message(runner):
    result = runner.invoke(args=["alerts", "send", "--now", "next tuesday"])
    assert result.exit_code == 2
    assert "'next tuesday' is not an ISO 8601 time" in result.output


def test_dry_run_counts_jobs_in_the_plural(runner, make_user, mailbox):
    user = make_user("plural@example.com")
    make_alert(user, {"q": "nurse"}, created="2026-12-01 09:00", name="Nights")
    received("2026-12-02 10:00", title="Night Nurse A")
    received("2026-12-03 10:00", title="Night Nurse B")
    result = runner.invoke(args=["alerts", "send", "--dry-run", "--now", "2026-12-07T08:00:00Z"])
    assert "plural@example.com: 'Nights': 2 new jobs\n" in result.output
